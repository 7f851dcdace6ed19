package cn.shuangkong.monitoring.internal;

import cn.shuangkong.monitoring.AlarmLevel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * When a reading raises, upgrades or ends an excursion. A value at or beyond a limit starts an excursion; it becomes an
 * alarm once it has stayed beyond for the debounce window (a single spike does not alarm), and it ends only when the
 * value is back inside the limit by the deadband (hysteresis: a value hovering at the limit does not flap).
 * Pure: no database, no clock, so it is tested on its own.
 */
public record AlarmRule(BigDecimal lowLow, BigDecimal low, BigDecimal high, BigDecimal highHigh, BigDecimal deadband, int debounceSeconds) {

    /** What to do with the reading. */
    public enum Action { NONE, PENDING, RAISE, UPGRADE, RETURN }

    /** The outcome, with the pending excursion to keep on the point (null when none). */
    public record Decision(Action action, AlarmLevel level, BigDecimal threshold, AlarmLevel pendingLevel, Instant pendingSince) { }

    /**
     * @param active       the level of the open, not yet returned alarm of this point, or null
     * @param pendingLevel an excursion waiting out the debounce window, or null
     */
    public Decision next(AlarmLevel active, AlarmLevel pendingLevel, Instant pendingSince, BigDecimal value, Instant at) {
        AlarmLevel raw = classify(value);
        if (active != null) {
            if (back(active, value)) return new Decision(Action.RETURN, active, null, null, null);
            if (raw != null && severer(raw, active)) return new Decision(Action.UPGRADE, raw, limit(raw), null, null);
            return new Decision(Action.NONE, active, null, null, null);
        }
        if (raw == null) return new Decision(Action.NONE, null, null, null, null);
        AlarmLevel level = raw;
        Instant since = at;
        if (pendingLevel != null && sameSide(pendingLevel, raw) && pendingSince != null && !pendingSince.isAfter(at)) {
            since = pendingSince;
            if (severer(pendingLevel, raw)) level = pendingLevel;
        }
        if (Duration.between(since, at).compareTo(Duration.ofSeconds(debounceSeconds)) >= 0) {
            return new Decision(Action.RAISE, level, limit(level), null, null);
        }
        return new Decision(Action.PENDING, level, limit(level), level, since);
    }

    AlarmLevel classify(BigDecimal v) {
        if (highHigh != null && v.compareTo(highHigh) >= 0) return AlarmLevel.HIGH_HIGH;
        if (high != null && v.compareTo(high) >= 0) return AlarmLevel.HIGH;
        if (lowLow != null && v.compareTo(lowLow) <= 0) return AlarmLevel.LOW_LOW;
        if (low != null && v.compareTo(low) <= 0) return AlarmLevel.LOW;
        return null;
    }

    BigDecimal limit(AlarmLevel level) {
        return switch (level) {
            case HIGH_HIGH -> highHigh;
            case HIGH -> high;
            case LOW -> low;
            case LOW_LOW -> lowLow;
            case OFFLINE -> null;
        };
    }

    /** Back inside: below the first high limit minus the deadband, or above the first low limit plus it. */
    private boolean back(AlarmLevel active, BigDecimal v) {
        BigDecimal band = deadband == null ? BigDecimal.ZERO : deadband;
        if (highSide(active)) {
            BigDecimal first = high != null ? high : highHigh;
            return v.compareTo(first.subtract(band)) < 0;
        }
        BigDecimal first = low != null ? low : lowLow;
        return v.compareTo(first.add(band)) > 0;
    }

    /** A high or high-high excursion; a low one and 离线 are not. */
    static boolean highSide(AlarmLevel level) {
        return level == AlarmLevel.HIGH_HIGH || level == AlarmLevel.HIGH;
    }

    /** The second limit on the same side: high-high over high, low-low under low. */
    static boolean severer(AlarmLevel level, AlarmLevel other) {
        return (level == AlarmLevel.HIGH_HIGH && other == AlarmLevel.HIGH) || (level == AlarmLevel.LOW_LOW && other == AlarmLevel.LOW);
    }

    /** Both excursions beyond limits on the same side (离线 is on neither). */
    static boolean sameSide(AlarmLevel level, AlarmLevel other) {
        return other != AlarmLevel.OFFLINE && level != AlarmLevel.OFFLINE && highSide(level) == highSide(other);
    }
}
