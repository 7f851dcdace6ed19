package cn.shuangkong.bulletin.internal;

import cn.shuangkong.shared.DomainException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** A calendar quarter; its bounds are midnight in the platform's zone (a quarter is the regulator's, not the server's). */
public record Quarter(int year, int quarter) implements Comparable<Quarter> {

    private static final String[] NUMERALS = {"一", "二", "三", "四"};

    public Quarter {
        if (quarter < 1 || quarter > 4 || year < 2000 || year > 2100) throw DomainException.invalid("quarter", "季度不正确");
    }

    /** "2026-4" as the pages send it; anything else is refused in words. */
    public static Quarter parse(String text) {
        var m = text == null ? null : java.util.regex.Pattern.compile("(\\d{4})-([1-4])").matcher(text.strip());
        if (m == null || !m.matches()) throw DomainException.invalid("period", "请选择季度");
        return new Quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public static Quarter containing(LocalDate day) {
        return new Quarter(day.getYear(), (day.getMonthValue() - 1) / 3 + 1);
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
    }

    public LocalDate lastDay() {
        return next().firstDay().minusDays(1);
    }

    public Instant start(ZoneId zone) {
        return firstDay().atStartOfDay(zone).toInstant();
    }

    public Instant end(ZoneId zone) {
        return next().start(zone);
    }

    public Quarter previous() {
        return quarter == 1 ? new Quarter(year - 1, 4) : new Quarter(year, quarter - 1);
    }

    public Quarter next() {
        return quarter == 4 ? new Quarter(year + 1, 1) : new Quarter(year, quarter + 1);
    }

    /** 2026年第四季度 */
    public String label() {
        return year + "年第" + NUMERALS[quarter - 1] + "季度";
    }

    @Override
    public int compareTo(Quarter o) {
        return year != o.year ? Integer.compare(year, o.year) : Integer.compare(quarter, o.quarter);
    }
}
