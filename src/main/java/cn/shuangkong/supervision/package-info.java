/**
 * 政府监管: the enterprise's overall risk rating (企业整体风险等级) and its explanation, differentiated supervision
 * (yearly enforcement plans, 双随机 draws, enforcement inspections whose findings become hazards, numbered 指令书 and
 * 复查意见书, 网格巡查) and credit (黑名单 with a second person's approval, 约谈 and 通报). Its API is this package:
 * other modules read ratings through {@link cn.shuangkong.supervision.RatingFacts} and enforcement findings (for
 * referrals) through {@link cn.shuangkong.supervision.EnforcementInspections}; ratings, plans, draws, credit and
 * patrols are in {@code internal}.
 */
package cn.shuangkong.supervision;
