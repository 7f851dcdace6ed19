package cn.shuangkong.shared;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Typed values from the strings of a page form. Blank is "not given" (null), for the service to refuse beside its
 * field with the rest; an unreadable value is refused at once, beside its field, so that the form comes back with
 * everything typed.
 */
public final class FormValues {

    private FormValues() {
    }

    public static LocalDate date(String raw, String field, String label) {
        if (raw == null || raw.isBlank()) return null;
        LocalDate day;
        try {
            day = LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw DomainException.invalid(field, label + "不是有效的日期（格式如 2026-12-06）");
        }
        if (!PlausibleDates.plausible(day)) throw DomainException.invalid(field, label + PlausibleDates.REFUSED);
        return day;
    }

    public static <E extends Enum<E>> E choice(Class<E> type, String raw, String field, String label) {
        if (raw == null || raw.isBlank()) return null;
        try {
            return Enum.valueOf(type, raw.strip());
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(field, "请从列表中选择" + label);
        }
    }

    public static Integer integer(String raw, String field, String label) {
        if (raw == null || raw.isBlank()) return null;
        try {
            return Integer.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            throw DomainException.invalid(field, label + "须为整数");
        }
    }

    public static BigDecimal decimal(String raw, String field, String message) {
        if (raw == null || raw.isBlank()) return null;
        try {
            return new BigDecimal(raw.strip());
        } catch (NumberFormatException e) {
            throw DomainException.invalid(field, message);
        }
    }

    /** An id chosen from a list on the page; anything else is refused as not chosen from it. */
    public static Long id(String raw, String field, String message) {
        if (raw == null || raw.isBlank()) return null;
        try {
            return Long.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            throw DomainException.invalid(field, message);
        }
    }
}
