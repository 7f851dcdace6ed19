package cn.shuangkong.inspection;

import cn.shuangkong.shared.PlatformTime;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * 排查周期: "every N units" turned into calendar periods in Beijing time. Periods are aligned to the calendar (days
 * start at midnight, shifts at 0/8/16 o'clock, weeks on Monday, months on the 1st, quarters in January/April/...), so
 * that every instance of the platform computes the same period starts and a database constraint can keep one task
 * per period.
 */
public record Cycle(BigDecimal every, Unit unit) {

    /** The units a 排查周期 is given in. */
    public enum Unit {
        HOUR("小时"), SHIFT("班"), DAY("天"), WEEK("周"), MONTH("月"), QUARTER("季度"), YEAR("年");
        public final String label;
        Unit(String label) { this.label = label; }
    }

    public Cycle {
        if (every == null || every.signum() <= 0) throw new IllegalArgumentException("周期必须大于0");
    }

    public String label() {
        return "每" + every.stripTrailingZeros().toPlainString() + unit.label;
    }

    /** The start of the period that contains {@code at}. */
    public Instant periodStart(Instant at) {
        ZonedDateTime t = at.atZone(PlatformTime.zone());
        return switch (unit) {
            case HOUR, SHIFT, DAY -> {
                long minutes = lengthMinutes();
                ZonedDateTime midnight = t.truncatedTo(ChronoUnit.DAYS);
                if (1440 % minutes == 0) {
                    long since = Duration.between(midnight, t).toMinutes();
                    yield midnight.plusMinutes(since - since % minutes).toInstant();
                }
                // Longer than a day (every 2 days, say): count whole periods from a fixed Monday.
                ZonedDateTime anchor = LocalDate.of(2024, 1, 1).atStartOfDay(PlatformTime.zone());
                long since = Duration.between(anchor, t).toMinutes();
                yield anchor.plusMinutes(Math.floorDiv(since, minutes) * minutes).toInstant();
            }
            case WEEK -> {
                LocalDate monday = t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                long weeks = ChronoUnit.WEEKS.between(LocalDate.of(2024, 1, 1), monday);
                yield monday.minusWeeks(Math.floorMod(weeks, whole())).atStartOfDay(PlatformTime.zone()).toInstant();
            }
            case MONTH, QUARTER, YEAR -> {
                int months = whole() * (unit == Unit.MONTH ? 1 : unit == Unit.QUARTER ? 3 : 12);
                int index = t.getYear() * 12 + t.getMonthValue() - 1;
                int start = index - Math.floorMod(index, months);
                yield LocalDateTime.of(start / 12, start % 12 + 1, 1, 0, 0).atZone(PlatformTime.zone()).toInstant();
            }
        };
    }

    /** The start of the period after the one starting at {@code start}. */
    public Instant next(Instant start) {
        ZonedDateTime t = start.atZone(PlatformTime.zone());
        return switch (unit) {
            case HOUR, SHIFT, DAY -> t.plusMinutes(lengthMinutes()).toInstant();
            case WEEK -> t.plusWeeks(whole()).toInstant();
            case MONTH -> t.plusMonths(whole()).toInstant();
            case QUARTER -> t.plusMonths(3L * whole()).toInstant();
            case YEAR -> t.plusYears(whole()).toInstant();
        };
    }

    /** Every period start from the period containing {@code from} up to and including the one containing {@code to}. */
    public List<Instant> periodStarts(Instant from, Instant to) {
        List<Instant> starts = new ArrayList<>();
        for (Instant s = periodStart(from); !s.isAfter(to); s = next(s)) {
            starts.add(s);
        }
        return starts;
    }

    private long lengthMinutes() {
        long unitMinutes = switch (unit) {
            case HOUR -> 60;
            case SHIFT -> 480;
            default -> 1440;
        };
        return Math.max(1, every.multiply(BigDecimal.valueOf(unitMinutes)).longValue());
    }

    private int whole() {
        return Math.max(1, every.intValue());
    }
}
