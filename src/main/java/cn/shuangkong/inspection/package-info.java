/**
 * 隐患排查: inspection tasks generated from the control measures' cycles (排查周期), done on a phone at the risk point,
 * recorded immutably; an 异常 answer opens a hazard. Reads the risk register's tables, reports into {@code hazard}. Its
 * API is this package: the tasks, records, duty tasks, cycles and facts other modules read ({@link
 * cn.shuangkong.inspection.InspectionTasks}, {@link cn.shuangkong.inspection.InspectionFacts}, {@link
 * cn.shuangkong.inspection.Cycle}); checklists and the scheduler are in {@code internal}.
 */
package cn.shuangkong.inspection;
