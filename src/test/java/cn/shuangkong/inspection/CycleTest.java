package cn.shuangkong.inspection;

import cn.shuangkong.shared.PlatformTime;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class CycleTest {

    static Instant beijing(String local) {
        return LocalDateTime.parse(local).atZone(PlatformTime.zone()).toInstant();
    }

    static Cycle every(int n, Cycle.Unit unit) {
        return new Cycle(BigDecimal.valueOf(n), unit);
    }

    @Test
    void a_daily_check_runs_from_midnight_to_midnight_beijing_time() {
        var day = every(1, Cycle.Unit.DAY);
        assertThat(day.periodStart(beijing("2026-11-23T07:30"))).isEqualTo(beijing("2026-11-23T00:00"));
        assertThat(day.next(beijing("2026-11-23T00:00"))).isEqualTo(beijing("2026-11-24T00:00"));
    }

    @Test
    void shifts_start_at_zero_eight_and_sixteen_hundred() {
        var shift = every(1, Cycle.Unit.SHIFT);
        assertThat(shift.periodStart(beijing("2026-11-23T07:59"))).isEqualTo(beijing("2026-11-23T00:00"));
        assertThat(shift.periodStart(beijing("2026-11-23T08:00"))).isEqualTo(beijing("2026-11-23T08:00"));
        assertThat(shift.periodStart(beijing("2026-11-23T23:10"))).isEqualTo(beijing("2026-11-23T16:00"));
    }

    @Test
    void a_two_hourly_patrol_has_twelve_periods_a_day() {
        var patrol = every(2, Cycle.Unit.HOUR);
        assertThat(patrol.periodStarts(beijing("2026-11-23T00:00"), beijing("2026-11-23T23:59"))).hasSize(12);
        assertThat(patrol.periodStart(beijing("2026-11-23T13:15"))).isEqualTo(beijing("2026-11-23T12:00"));
    }

    @Test
    void weeks_start_on_monday_months_on_the_first_and_quarters_in_january_april_july_october() {
        assertThat(every(1, Cycle.Unit.WEEK).periodStart(beijing("2026-11-26T10:00"))).isEqualTo(beijing("2026-11-23T00:00"));
        assertThat(every(1, Cycle.Unit.MONTH).periodStart(beijing("2026-11-26T10:00"))).isEqualTo(beijing("2026-11-01T00:00"));
        assertThat(every(1, Cycle.Unit.QUARTER).periodStart(beijing("2026-11-26T10:00"))).isEqualTo(beijing("2026-10-01T00:00"));
        assertThat(every(1, Cycle.Unit.YEAR).next(beijing("2026-01-01T00:00"))).isEqualTo(beijing("2027-01-01T00:00"));
    }

    @Test
    void every_instance_computes_the_same_period_whatever_moment_inside_it_asks() {
        var cycle = every(3, Cycle.Unit.DAY);
        Instant start = cycle.periodStart(beijing("2026-11-23T05:00"));
        for (Instant t = start; t.isBefore(cycle.next(start)); t = t.plusSeconds(3600 * 7)) {
            assertThat(cycle.periodStart(t)).isEqualTo(start);
        }
    }
}
