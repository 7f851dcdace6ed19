package cn.shuangkong.risk.internal;

import cn.shuangkong.organization.OrgStructure;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code shuangkong.risk}: the assessment methods' scales and thresholds and the rule that defaults a
 * control measure's 管控层级 from the risk level. They are configuration because regions publish different variants.
 *
 * @param methods      by method code (LEC, LS, MES)
 * @param controlTiers 管控层级 by grade 1-4
 */
@ConfigurationProperties("shuangkong.risk")
public record RiskProperties(Map<String, MethodConfig> methods, Map<Integer, OrgStructure.Tier> controlTiers) {

    /**
     * One product-of-factors method.
     *
     * @param thresholds lowest score of grades 1-3, from grade 1 down; a score below all of them is grade 4
     */
    public record MethodConfig(String name, String formula, List<FactorConfig> factors, List<Threshold> thresholds) { }

    /** A factor and its scale. */
    public record FactorConfig(String key, String label, List<OptionConfig> values) { }

    /** One scale value and its meaning. */
    public record OptionConfig(BigDecimal value, String meaning) { }

    /** A grade starts at {@code min}; {@code inclusive} says whether a score equal to min belongs to it. */
    public record Threshold(int grade, BigDecimal min, boolean inclusive) { }
}
