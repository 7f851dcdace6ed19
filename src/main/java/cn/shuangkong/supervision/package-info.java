/**
 * 政府监管: the enterprise's overall risk rating (企业整体风险等级) and its explanation, differentiated supervision
 * (yearly enforcement plans, 双随机 draws, enforcement inspections whose findings become hazards, numbered 指令书 and
 * 复查意见书, 网格巡查) and credit (黑名单 with a second person's approval, 约谈 and 通报). Other modules read ratings
 * through {@link cn.shuangkong.supervision.EnterpriseRatings}.
 */
package cn.shuangkong.supervision;
