/**
 * 隐患排查: inspection tasks generated from the control measures' cycles (排查周期), done on a phone at the risk point,
 * recorded immutably; an 异常 answer opens a hazard. Reads the risk register's tables, reports into {@code hazard}.
 */
package cn.shuangkong.inspection;
