package cn.shuangkong.permit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.util.StreamUtils;

/**
 * Which days are 节假日 or 公休日 for 升级管理: Saturdays and Sundays unless the State Council made them working days
 * (调休), and the listed holidays. The list is one file ({@link PermitSettings#calendar}) so that next year's notice is
 * one edit, not a release.
 */
public final class WorkCalendar {

    private final Map<LocalDate, String> holidays = new HashMap<>();
    private final Map<LocalDate, String> workdays = new HashMap<>();

    WorkCalendar(String text) {
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.strip().split("\t");
            if (f.length < 3) throw new IllegalStateException("节假日表第 " + n + " 行应为：日期<TAB>HOLIDAY|WORKDAY<TAB>名称");
            LocalDate day = LocalDate.parse(f[0]);
            switch (f[1]) {
                case "HOLIDAY" -> holidays.put(day, f[2]);
                case "WORKDAY" -> workdays.put(day, f[2]);
                default -> throw new IllegalStateException("节假日表第 " + n + " 行的类别应为 HOLIDAY 或 WORKDAY");
            }
        }
    }

    public static WorkCalendar load(String location) {
        try (var in = new DefaultResourceLoader().getResource(location).getInputStream()) {
            return new WorkCalendar(StreamUtils.copyToString(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("节假日表 " + location + " 无法读取", e);
        }
    }

    /** Why the day is no working day ("国庆节", "公休日"), or empty on a working day. */
    public Optional<String> dayOff(LocalDate day) {
        if (holidays.containsKey(day)) return Optional.of(holidays.get(day));
        if (workdays.containsKey(day)) return Optional.empty();
        DayOfWeek d = day.getDayOfWeek();
        return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY ? Optional.of("公休日") : Optional.empty();
    }
}
