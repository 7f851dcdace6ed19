package cn.shuangkong.emergency.internal;

import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PlausibleDates;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Collects the Chinese message of every bad input of one submission, then refuses it as a whole: the caller sees all
 * fields at once and nothing is saved. Also parses the strings of a page form into typed values.
 */
public final class Fields {

    private final Map<String, String> errors = new LinkedHashMap<>();

    public static Fields check() {
        return new Fields();
    }

    /** A required or optional text, trimmed; blank becomes null. */
    public String text(String field, String value, String label, int max, boolean required) {
        String v = value == null || value.isBlank() ? null : value.strip();
        if (v == null && required) fail(field, "请填写" + label);
        else if (v != null && v.length() > max) fail(field, label + "不能超过 " + max + " 个字");
        return v;
    }

    /** One of an enum's constants by name; {@code missing} when blank, {@code invalid} when no constant has that name. */
    public <E extends Enum<E>> E choice(String field, String raw, Class<E> type, String missing, String invalid) {
        if (raw == null || raw.isBlank()) {
            fail(field, missing);
            return null;
        }
        try {
            return Enum.valueOf(type, raw.strip());
        } catch (IllegalArgumentException e) {
            fail(field, invalid);
            return null;
        }
    }

    public Fields require(Object value, String field, String message) {
        if (value == null) fail(field, message);
        return this;
    }

    public Fields rule(boolean ok, String field, String message) {
        if (!ok) fail(field, message);
        return this;
    }

    public void fail(String field, String message) {
        errors.putIfAbsent(field, message);
    }

    public boolean ok(String field) {
        return !errors.containsKey(field);
    }

    /** A date from a page form (yyyy-MM-dd); blank is null, anything else unreadable is an error. */
    public LocalDate date(String field, String raw, String label) {
        if (raw == null || raw.isBlank()) return null;
        LocalDate day;
        try {
            day = LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            fail(field, label + "不是有效的日期（格式：2026-01-31）");
            return null;
        }
        if (PlausibleDates.plausible(day)) return day;
        fail(field, label + PlausibleDates.REFUSED);
        return null;
    }

    public BigDecimal number(String field, String raw, String label) {
        if (raw == null || raw.isBlank()) return null;
        try {
            return new BigDecimal(raw.strip());
        } catch (NumberFormatException e) {
            fail(field, label + "应为数字");
            return null;
        }
    }

    public Long id(String field, String raw, String label) {
        if (raw == null || raw.isBlank()) return null;
        try {
            return Long.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            fail(field, label + "无效");
            return null;
        }
    }

    /** Refuses the submission when anything was wrong. */
    public void done() {
        if (!errors.isEmpty()) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "提交的数据有误：" + String.join("；", errors.values()), errors);
        }
    }

    /** A position on the site plan (0-1000 × 0-600) or coordinates: each given as a pair or not at all. */
    public void position(BigDecimal x, BigDecimal y, BigDecimal lon, BigDecimal lat) {
        if ((x == null) != (y == null)) fail(x == null ? "planX" : "planY", "平面图位置须同时填写横坐标和纵坐标");
        if (x != null && (x.signum() < 0 || x.compareTo(BigDecimal.valueOf(1000)) > 0)) fail("planX", "平面图横坐标应在 0～1000 之间");
        if (y != null && (y.signum() < 0 || y.compareTo(BigDecimal.valueOf(600)) > 0)) fail("planY", "平面图纵坐标应在 0～600 之间");
        if ((lon == null) != (lat == null)) fail(lon == null ? "longitude" : "latitude", "经纬度须同时填写");
        if (lon != null && (lon.compareTo(BigDecimal.valueOf(73)) < 0 || lon.compareTo(BigDecimal.valueOf(136)) > 0)) fail("longitude", "经度应在 73～136 之间（中国境内）");
        if (lat != null && (lat.compareTo(BigDecimal.valueOf(3)) < 0 || lat.compareTo(BigDecimal.valueOf(54)) > 0)) fail("latitude", "纬度应在 3～54 之间（中国境内）");
    }

    public String phone(String field, String value, String label, boolean required) {
        String v = text(field, value, label, 30, required);
        if (v != null && !v.matches("[0-9+\\-() ]{5,30}")) fail(field, label + "格式不正确（只能包含数字、空格和 - + ( )）");
        return v;
    }
}
