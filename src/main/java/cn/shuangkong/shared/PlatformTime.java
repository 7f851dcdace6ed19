package cn.shuangkong.shared;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The platform's "now", "today" and zone as SQL parameters, all from the one injected {@link Clock} (zone
 * {@code shuangkong.time-zone}), so that no query asks the database server for its own {@code now()} or
 * {@code current_date}: a moved test clock, a server in another zone and the pages then all agree.
 */
public final class PlatformTime {

    static volatile Clock installed; // package-private: a test of the zone setting puts back the one it found

    private PlatformTime() {
    }

    /** The clock's instant, as a {@code timestamptz} parameter. */
    public static Timestamp now(Clock clock) {
        return Timestamp.from(clock.instant());
    }

    /** Today in the platform's zone. */
    public static LocalDate today(Clock clock) {
        return LocalDate.now(clock);
    }

    /** The platform's zone id, for {@code at time zone :zone}. */
    public static String zone(Clock clock) {
        return clock.getZone().getId();
    }

    /**
     * Now for code that has no clock of its own to hand (a record's {@code updated_at} stamp in a plain repository):
     * the application's clock, installed at start-up by {@code TimeConfig}.
     */
    public static Timestamp now() {
        return now(installed());
    }

    /**
     * Today for value objects that cannot hold a clock, such as a {@link Jurisdiction} built once at login but read
     * across midnight: the application's clock, installed at start-up by {@code TimeConfig}.
     */
    public static LocalDate today() {
        return today(installed());
    }

    /** The platform's zone; Asia/Shanghai before start-up (plain unit tests of calendar rules). */
    public static ZoneId zone() {
        Clock c = installed;
        return c == null ? ZoneId.of(TimeConfig.DEFAULT_ZONE) : c.getZone();
    }

    private static Clock installed() {
        return Objects.requireNonNull(installed, "PlatformTime: the clock is not installed yet");
    }

    static void install(Clock clock) {
        installed = clock;
    }
}
