package cn.shuangkong.shared;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * How a deadline reads on a page and in a message ({@code 截止 12-07 24:00}), for templates as {@code @deadlines}.
 *
 * <p>A period ends at the midnight that starts the next day, and "截止 12-08 00:00" reads as a day later than the
 * person thinks of it ("by the end of 12-07"): a deadline that falls exactly at midnight is shown as the day before at
 * 24:00, as Chinese notices write it. Only deadlines: an event at midnight (an alarm, an expiry that happened) happened
 * on the day that began.
 */
@Component("deadlines")
public class Deadlines {

    private static final String DAY_AND_TIME = "MM-dd HH:mm";

    private final ZoneId zone;

    public Deadlines(Clock clock) {
        this.zone = clock.getZone();
    }

    /** {@code MM-dd HH:mm} in the platform's zone, or the day before at {@code 24:00} at midnight; empty for none. */
    public String format(Instant due) {
        return format(due, DAY_AND_TIME);
    }

    /**
     * In the given {@link DateTimeFormatter} pattern ({@code yyyy年M月d日 HH时mm分} on a printed permit), or at midnight
     * the day before with {@code 24} for the hour and {@code 00} for the minutes and seconds; empty for none.
     */
    public String format(Instant due, String pattern) {
        if (due == null) return "";
        LocalDateTime at = LocalDateTime.ofInstant(due, zone);
        if (!atMidnight(at)) return DateTimeFormatter.ofPattern(pattern).format(at);
        // 24:00 is no time of any day: the time fields become literals, and only the date fields are formatted
        String dayAt24 = pattern.replace("HH", "'24'").replace("mm", "'00'").replace("ss", "'00'");
        return DateTimeFormatter.ofPattern(dayAt24).format(lastDay(due));
    }

    /** The last day the deadline leaves to do the work in: the day before, when it falls at midnight. */
    public LocalDate lastDay(Instant due) {
        LocalDateTime at = LocalDateTime.ofInstant(due, zone);
        return atMidnight(at) ? at.toLocalDate().minusDays(1) : at.toLocalDate();
    }

    private static boolean atMidnight(LocalDateTime at) {
        return at.toLocalTime().equals(LocalTime.MIDNIGHT);
    }
}
