package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.monitoring.internal.AlarmRule;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Hysteresis and debounce of one point: high 8.5, high-high 9.0, low 1.0, deadband 0.2, debounce 10 s. */
class AlarmRuleTest {

    private final AlarmRule rule = new AlarmRule(new BigDecimal("0.5"), new BigDecimal("1.0"), new BigDecimal("8.5"),
            new BigDecimal("9.0"), new BigDecimal("0.2"), 10);
    private final Instant t0 = Instant.parse("2026-11-23T00:00:00Z");

    private AlarmRule.Decision at(AlarmLevel active, AlarmRule.Decision before, String value, int second) {
        return rule.next(active, before == null ? null : before.pendingLevel(), before == null ? null : before.pendingSince(),
                new BigDecimal(value), t0.plusSeconds(second));
    }

    @Test
    void a_single_spike_past_the_limit_does_not_alarm() {
        var spike = at(null, null, "8.7", 0);
        assertThat(spike.action()).isEqualTo(AlarmRule.Action.PENDING);
        var back = at(null, spike, "8.0", 5);
        assertThat(back.action()).isEqualTo(AlarmRule.Action.NONE);
        assertThat(back.pendingLevel()).isNull();
        var again = at(null, back, "8.7", 12); // the window starts over
        assertThat(again.action()).isEqualTo(AlarmRule.Action.PENDING);
    }

    @Test
    void a_value_beyond_the_limit_for_the_debounce_window_raises_the_alarm() {
        var first = at(null, null, "8.6", 0);
        var still = at(null, first, "8.7", 9);
        assertThat(still.action()).isEqualTo(AlarmRule.Action.PENDING);
        var raised = at(null, still, "8.6", 10);
        assertThat(raised.action()).isEqualTo(AlarmRule.Action.RAISE);
        assertThat(raised.level()).isEqualTo(AlarmLevel.HIGH);
        assertThat(raised.threshold()).isEqualByComparingTo("8.5");
    }

    @Test
    void the_severest_level_seen_during_the_window_is_raised() {
        var first = at(null, null, "9.2", 0);
        var raised = at(null, at(null, first, "8.8", 5), "8.7", 10);
        assertThat(raised.level()).isEqualTo(AlarmLevel.HIGH_HIGH);
    }

    @Test
    void an_active_alarm_ends_only_below_the_limit_minus_the_deadband() {
        assertThat(at(AlarmLevel.HIGH, null, "8.4", 0).action()).isEqualTo(AlarmRule.Action.NONE);   // hovering under 8.5
        assertThat(at(AlarmLevel.HIGH, null, "8.3", 0).action()).isEqualTo(AlarmRule.Action.NONE);   // exactly 8.5 − 0.2
        assertThat(at(AlarmLevel.HIGH, null, "8.29", 0).action()).isEqualTo(AlarmRule.Action.RETURN);
        assertThat(at(AlarmLevel.LOW, null, "1.1", 0).action()).isEqualTo(AlarmRule.Action.NONE);
        assertThat(at(AlarmLevel.LOW, null, "1.21", 0).action()).isEqualTo(AlarmRule.Action.RETURN);
    }

    @Test
    void a_high_alarm_climbing_past_high_high_is_upgraded_at_once() {
        var up = at(AlarmLevel.HIGH, null, "9.0", 0);
        assertThat(up.action()).isEqualTo(AlarmRule.Action.UPGRADE);
        assertThat(up.level()).isEqualTo(AlarmLevel.HIGH_HIGH);
        assertThat(at(AlarmLevel.HIGH_HIGH, null, "8.6", 1).action()).isEqualTo(AlarmRule.Action.NONE);
    }

    @Test
    void low_side_limits_mirror_the_high_side_and_no_debounce_raises_at_once() {
        var immediate = new AlarmRule(null, new BigDecimal("0.2"), new BigDecimal("1.5"), null, BigDecimal.ZERO, 0);
        var d = immediate.next(null, null, null, new BigDecimal("0.2"), t0);
        assertThat(d.action()).isEqualTo(AlarmRule.Action.RAISE);
        assertThat(d.level()).isEqualTo(AlarmLevel.LOW);
        assertThat(immediate.next(null, null, null, new BigDecimal("0.21"), t0).action()).isEqualTo(AlarmRule.Action.NONE);
    }
}
