package cn.shuangkong.alerting.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Each configured rule has exactly one check behind it, so the engine never runs a rule twice or finds nothing by silence. */
class RuleCheckTest extends PlatformTest {

    @Autowired
    AlertRules rules;

    @Autowired
    List<RuleCheck> checks;

    @Test
    void every_rule_but_the_sensor_alarm_is_handled_by_exactly_one_check() {
        // sensor alerts are raised and cleared by the engine itself, from monitoring's alarms (ADR 0051)
        var configured = rules.all().stream().filter(r -> !r.category().equals("SENSOR")).toList();
        assertThat(configured).isNotEmpty();
        for (var rule : configured) {
            assertThat(checks.stream().filter(c -> c.handles(rule)))
                    .as("the checks that handle %s", rule.code()).hasSize(1);
        }
    }
}
