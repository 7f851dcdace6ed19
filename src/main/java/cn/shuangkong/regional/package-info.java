/**
 * 区域风险: public-area risks (人员密集场所, 城市运行, 燃气管网, ...) that regulators register and assess with the
 * enterprises' methods, and the town's major-risk register 一镇一册 (PDF and Excel). Its API is this package: {@link
 * cn.shuangkong.regional.RegionalRisks} and {@link cn.shuangkong.regional.RegionalFacts}; the town book is in {@code
 * internal}.
 */
package cn.shuangkong.regional;
