/**
 * 群众举报: anyone may report a hazard without an account and follow it by a tracking code; the regulators of the place
 * triage it, a handling department verifies it on site and turns it into a hazard (source 举报核查) through
 * {@link cn.shuangkong.hazard.HazardRegister}, and records the reward. Only the handling department sees who reported.
 * Its API is this package: {@link cn.shuangkong.publicreport.PublicReports}; its settings are in {@code internal}.
 */
package cn.shuangkong.publicreport;
