package cn.shuangkong.risk;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The result of applying an assessment method to checked inputs: the score and the level it maps to.
 *
 * @param inputs the factor values as given, keyed by lower-case factor name
 */
public record Evaluation(String method, Map<String, BigDecimal> inputs, BigDecimal score, RiskLevel level) {

    public int grade() {
        return level.grade;
    }
}
