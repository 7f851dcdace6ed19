/**
 * 风险动态信息通报: each quarter a draft per city and town (the levels regulators sign at) of the period's major risks,
 * hazards, overdue items, alarms, 零报告 and 数据质量 findings beside the quarter before, with figures from the owning
 * modules' APIs; the regulator writes the 研判意见 and 工作建议, signs (the PDF frozen by its hash) and publishes it to the
 * departments of the area. A correction is a new version naming the one it replaces. No other module uses it:
 * everything is in {@code internal} (the demo loader uses it as the named interface {@code management}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "季度风险研判通报")
package cn.shuangkong.bulletin;
