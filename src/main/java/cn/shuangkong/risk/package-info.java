/**
 * 安全风险分级管控: the risk register (风险点 → 风险事件 → 管控措施), assessment by LEC/LS/MES with three-person
 * sign-off, the 重大风险清单 for regulators and the register as Excel. Its API is this package: the register as others
 * read it ({@link cn.shuangkong.risk.RiskPoints}, {@link cn.shuangkong.risk.RiskFacts}, levels, filings, the daily
 * commitment) and the ports other modules implement ({@link cn.shuangkong.risk.ContractorsOnSite},
 * {@link cn.shuangkong.risk.SpecialWorkToday}, {@link cn.shuangkong.risk.OpenHazardTitles}); the rest is in {@code internal}.
 */
package cn.shuangkong.risk;
