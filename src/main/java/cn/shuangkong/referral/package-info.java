/**
 * 横向联通 between departments: 隐患抄告 (a hazard, an enforcement finding or a public report referred to the department
 * whose remit it is) and 治理反馈 (that department's answer), each step audited and seen by the two departments only.
 * Other modules read overdue and answered referrals through {@link cn.shuangkong.referral.Referrals}. Its API is
 * {@link cn.shuangkong.referral.Referrals}; the rest is in {@code internal}.
 */
package cn.shuangkong.referral;
