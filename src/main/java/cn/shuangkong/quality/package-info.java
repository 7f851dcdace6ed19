/**
 * 数据质量: the platform checks its own data. Rules kept as rows of {@code quality_rule} (name, how to fix, weight) find
 * in each enterprise's register, hazards and inspections what makes no sense or is missing (辨识不全、措施不具体、排查不精准),
 * after changes and nightly; each enterprise gets a score (100 minus its weighted findings) that regulators rank by town
 * and that can feed the enterprise rating. Reads other modules only through their APIs. Its API is this package:
 * {@link cn.shuangkong.quality.QualityScores} and {@link cn.shuangkong.quality.QualityHistory}; the rules and checks
 * are in {@code internal}.
 */
package cn.shuangkong.quality;
