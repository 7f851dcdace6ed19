package cn.shuangkong.risk.internal;

import cn.shuangkong.risk.AssessmentMethods;
import cn.shuangkong.risk.Evaluation;
import cn.shuangkong.risk.RiskLevel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A risk assessment method (LEC, LS, MES, ...): names its factors with their allowed values and turns checked inputs
 * into a score and a level. New methods implement this interface and register in {@link AssessmentMethods}.
 */
public interface AssessmentMethod {

    /** Short code used in the API, e.g. "LEC". */
    String code();

    /** Chinese name, e.g. 作业条件危险性分析法. */
    String name();

    /** Formula for people, e.g. "D = L × E × C". */
    String formula();

    /** The factors in display order. */
    List<Factor> factors();

    /** Checks every factor against its scale and evaluates; a bad value is a DomainException naming the field. */
    Evaluation evaluate(Map<String, BigDecimal> inputs);

    /** The level a score falls into under the configured thresholds. */
    RiskLevel levelOf(BigDecimal score);

    /**
     * One input of a method.
     *
     * @param key    lower-case key used in JSON and forms, e.g. "l"
     * @param label  e.g. "L 事故发生的可能性"
     * @param values the allowed values, highest first
     */
    record Factor(String key, String label, List<Option> values) { }

    /** One allowed value of a factor with its meaning from the method's table. */
    record Option(BigDecimal value, String meaning) {
        public String display() {
            return value.stripTrailingZeros().toPlainString();
        }
    }
}
