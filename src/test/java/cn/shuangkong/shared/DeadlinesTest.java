package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** A deadline at midnight reads as the end of the day before: "截止 12-07 24:00", not a day later than meant. */
class DeadlinesTest {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private final Deadlines deadlines = new Deadlines(Clock.system(BEIJING));

    private static Instant beijing(int month, int day, int hour, int minute) {
        return ZonedDateTime.of(2026, month, day, hour, minute, 0, 0, BEIJING).toInstant();
    }

    @Test
    void aDeadlineAtMidnightIsTheDayBeforeAt24() {
        assertThat(deadlines.format(beijing(12, 8, 0, 0))).isEqualTo("12-07 24:00");
        assertThat(deadlines.lastDay(beijing(12, 8, 0, 0))).isEqualTo(LocalDate.of(2026, 12, 7));
        // across a year's end the day before is in the old year
        assertThat(deadlines.format(beijing(1, 1, 0, 0))).isEqualTo("12-31 24:00");
    }

    @Test
    void anyOtherMomentIsShownAsItIs() {
        assertThat(deadlines.format(beijing(12, 8, 0, 1))).isEqualTo("12-08 00:01");
        assertThat(deadlines.format(beijing(12, 7, 16, 30))).isEqualTo("12-07 16:30");
        assertThat(deadlines.lastDay(beijing(12, 7, 16, 30))).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(deadlines.format(null)).isEmpty();
    }

    @Test
    void aPatternOfItsOwnKeepsItsWordsAndReads24AtMidnight() {
        assertThat(deadlines.format(beijing(1, 1, 0, 0), "yyyy年M月d日 HH时mm分")).isEqualTo("2025年12月31日 24时00分");
        assertThat(deadlines.format(beijing(12, 8, 0, 0), "yyyy-MM-dd HH:mm:ss")).isEqualTo("2026-12-07 24:00:00");
        assertThat(deadlines.format(beijing(12, 7, 9, 5), "yyyy年M月d日 HH时mm分")).isEqualTo("2026年12月7日 09时05分");
        assertThat(deadlines.format(null, "yyyy-MM-dd HH:mm")).isEmpty();
    }

    @Test
    void midnightIsThePlatformsMidnightNotUtcs() {
        // 16:00 UTC is midnight in Beijing: the end of that Beijing day, whatever zone the server runs in
        assertThat(deadlines.format(Instant.parse("2026-12-07T16:00:00Z"))).isEqualTo("12-07 24:00");
        assertThat(new Deadlines(Clock.systemUTC()).format(Instant.parse("2026-12-07T16:00:00Z"))).isEqualTo("12-07 16:00");
    }
}
