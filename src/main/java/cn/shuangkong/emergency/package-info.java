/**
 * 应急管理: emergency plans (综合预案 / 专项预案 / 现场处置方案) with versions and linked risk points, drills with evaluation
 * and follow-up actions, rescue teams, experts, equipment and materials with expiry reminders, the resources nearest a
 * risk point (one click from an alarm), and 相邻单位告知 of level 1-2 risks to neighbouring enterprises. Reads the risk
 * register through {@code risk}'s API; every list is scoped by {@link cn.shuangkong.shared.Jurisdiction}. No other
 * module uses it: everything is in {@code internal} (the demo loader uses it as the named interface {@code
 * management}).
 */
package cn.shuangkong.emergency;
