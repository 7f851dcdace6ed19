package cn.shuangkong.risk;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.internal.AssessmentMethod;
import cn.shuangkong.risk.internal.ProductMethod;
import cn.shuangkong.risk.internal.RiskProperties;
import cn.shuangkong.shared.DomainException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** The configured assessment methods by code, and the 管控层级 rule; the single entry point for evaluating inputs. */
@Component
@EnableConfigurationProperties(RiskProperties.class)
public class AssessmentMethods {

    private final Map<String, AssessmentMethod> methods = new LinkedHashMap<>();
    private final Map<Integer, OrgStructure.Tier> controlTiers;

    public AssessmentMethods(RiskProperties properties) {
        properties.methods().forEach((code, config) -> {
            String c = code.toUpperCase(Locale.ROOT);
            methods.put(c, new ProductMethod(c, config));
        });
        this.controlTiers = Map.copyOf(properties.controlTiers());
    }

    public Collection<AssessmentMethod> all() {
        return methods.values();
    }

    public AssessmentMethod get(String code) {
        AssessmentMethod m = code == null ? null : methods.get(code.trim().toUpperCase(Locale.ROOT));
        if (m == null) {
            throw DomainException.invalid("method", "未知的评价方法：" + (code == null || code.isBlank() ? "（未填）" : code)
                    + "，可选：" + String.join("、", methods.keySet()));
        }
        return m;
    }

    public Evaluation evaluate(String method, Map<String, BigDecimal> inputs) {
        return get(method).evaluate(inputs);
    }

    /** The 管控层级 a measure gets by default for a risk of this level; unassessed risks count as low. */
    public OrgStructure.Tier defaultTier(RiskLevel level) {
        return controlTiers.getOrDefault((level == null ? RiskLevel.LOW : level).grade, OrgStructure.Tier.POST);
    }
}
