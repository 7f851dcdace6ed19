package cn.shuangkong.risk.internal;

import cn.shuangkong.risk.Evaluation;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.shared.DomainException;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A method whose score is the product of its factors — LEC (D = L×E×C), LS (R = L×S) and MES (R = M×E×S) are all
 * of this shape and differ only in their configured scales and thresholds, so one implementation serves all three.
 */
public final class ProductMethod implements AssessmentMethod {

    private final String code;
    private final String name;
    private final String formula;
    private final List<Factor> factors;
    private final List<RiskProperties.Threshold> thresholds;

    public ProductMethod(String code, RiskProperties.MethodConfig config) {
        this.code = code;
        this.name = config.name();
        this.formula = config.formula();
        this.factors = config.factors().stream()
                .map(f -> new Factor(f.key().toLowerCase(), f.label(), f.values().stream()
                        .map(o -> new Option(o.value(), o.meaning()))
                        .sorted(Comparator.comparing(Option::value).reversed()).toList()))
                .toList();
        this.thresholds = config.thresholds().stream()
                .sorted(Comparator.comparingInt(RiskProperties.Threshold::grade)).toList();
        if (factors.isEmpty()) throw new IllegalStateException("method " + code + " has no factors");
    }

    @Override public String code() { return code; }
    @Override public String name() { return name; }
    @Override public String formula() { return formula; }
    @Override public List<Factor> factors() { return factors; }

    @Override
    public Evaluation evaluate(Map<String, BigDecimal> inputs) {
        Map<String, BigDecimal> checked = new LinkedHashMap<>();
        BigDecimal score = BigDecimal.ONE;
        for (Factor f : factors) {
            BigDecimal v = inputs.get(f.key());
            String upper = f.key().toUpperCase();
            if (v == null) {
                throw DomainException.invalid(f.key(), code + " 法缺少因子 " + upper + "（" + f.label() + "）");
            }
            // compareTo, not equals: 3 and 3.0 are the same scale value.
            if (f.values().stream().noneMatch(o -> o.value().compareTo(v) == 0)) {
                throw DomainException.invalid(f.key(), upper + " 的取值 " + v.stripTrailingZeros().toPlainString()
                        + " 不在 " + code + " 法的分值表中，可选：" + f.values().stream().map(Option::display)
                        .collect(Collectors.joining("、")));
            }
            checked.put(f.key(), v);
            score = score.multiply(v);
        }
        // Plain form so that JSON shows 270, not 2.7E+2.
        BigDecimal plain = new BigDecimal(score.stripTrailingZeros().toPlainString());
        return new Evaluation(code, checked, plain, levelOf(plain));
    }

    @Override
    public RiskLevel levelOf(BigDecimal score) {
        for (RiskProperties.Threshold t : thresholds) {
            int c = score.compareTo(t.min());
            if (c > 0 || (c == 0 && t.inclusive())) return RiskLevel.of(t.grade());
        }
        return RiskLevel.LOW;
    }
}
