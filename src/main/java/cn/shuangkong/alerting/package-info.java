/**
 * 预警与运行效果评估: configurable rules over the platform's data (overdue hazards, 零报告, uncontrolled red risks, low
 * task completion, unfiled registers, missing 承诺公告, sensor alarms, 走过场 inspections and 职业健康's 缺上岗前检查 / 逾期 /
 * 须调离) raise alerts into the regulators' alert centre and the enterprise's inbox; {@link cn.shuangkong.alerting.internal.OperationEvaluation} scores
 * enterprises and 包保 persons. An alert whose condition has cleared closes itself (自动解除). Reads other modules' data
 * only through what they publish — their {@code *Facts} relations and Java APIs, and {@link cn.shuangkong.access.PermissionHolders}
 * for whom to tell (ADR 0041); reacts to {@link cn.shuangkong.monitoring.AlarmRaised} and {@link
 * cn.shuangkong.monitoring.AlarmCleared}. No other module uses it: everything is in {@code internal} (the demo loader
 * uses it as the named interface {@code management}).
 */
package cn.shuangkong.alerting;
