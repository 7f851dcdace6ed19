package cn.shuangkong.permit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.permit.internal.PermitKind;
import cn.shuangkong.permit.internal.PermitRules.Approver;
import cn.shuangkong.permit.internal.PermitRules.GasKind;
import cn.shuangkong.permit.internal.PermitRules.LelClass;
import cn.shuangkong.permit.internal.PermitRules;
import cn.shuangkong.permit.internal.PermitSettings;
import cn.shuangkong.permit.internal.SafetyMeasures;
import cn.shuangkong.permit.internal.WorkCalendar;
import cn.shuangkong.shared.DomainException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The GB 30871-2022 rules as pure functions: levels and 升级管理, validity, gas judgement, approvers, the calendar. */
class PermitRulesTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    final PermitRules rules = new PermitRules(PermitSettings.defaults(), WorkCalendar.load("classpath:permit/work-calendar.tsv"));

    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant();
    }

    PermitRules.Levelled hotWork(String level, String from, String to, Boolean insideDike) {
        return rules.level(PermitKind.HOT_WORK, level, null, null, insideDike, at(from), at(to), ZONE);
    }

    @Test
    void hot_work_on_a_working_day_by_daylight_keeps_its_level() {
        // 2026-12-08 is a Tuesday
        var l = hotWork("二级", "2026-12-08T08:00", "2026-12-08T17:00", null);
        assertThat(l.level()).isEqualTo("二级");
        assertThat(l.reason()).isNull();
    }

    @Test
    void hot_work_touching_a_rest_day_a_holiday_or_the_night_is_raised_one_level() {
        var saturday = hotWork("一级", "2026-12-12T09:00", "2026-12-12T15:00", null);
        assertThat(saturday.level()).isEqualTo("特级");
        assertThat(saturday.reason()).contains("公休日（12月12日）");
        var holiday = hotWork("二级", "2026-10-01T09:00", "2026-10-01T15:00", null);
        assertThat(holiday.level()).isEqualTo("一级");
        assertThat(holiday.reason()).contains("国庆节");
        var night = hotWork("二级", "2026-12-08T18:00", "2026-12-08T20:30", null);
        assertThat(night.level()).isEqualTo("一级");
        assertThat(night.reason()).contains("夜间（20:00～06:00）");
        var earlyMorning = hotWork("二级", "2026-12-08T05:30", "2026-12-08T09:00", null);
        assertThat(earlyMorning.level()).as("before 06:00 is night").isEqualTo("一级");
        var spanningDays = hotWork("二级", "2026-12-07T09:00", "2026-12-09T09:00", null);
        assertThat(spanningDays.level()).as("a 48 h window spans two nights").isEqualTo("一级");
        assertThat(hotWork("特级", "2026-12-12T09:00", "2026-12-12T15:00", null).level()).as("nothing above 特级").isEqualTo("特级");
        assertThat(hotWork("二级", "2026-12-08T06:00", "2026-12-08T20:00", null).level()).as("06:00 to 20:00 touches no night")
                .isEqualTo("二级");
    }

    @Test
    void a_tiaoxiu_saturday_is_a_working_day_and_a_weekday_holiday_is_not() {
        WorkCalendar c = WorkCalendar.load("classpath:permit/work-calendar.tsv");
        assertThat(c.dayOff(LocalDate.parse("2026-02-28"))).as("春节调休 上班").isEmpty();
        assertThat(c.dayOff(LocalDate.parse("2026-02-16"))).contains("春节");
        assertThat(c.dayOff(LocalDate.parse("2026-12-13"))).contains("公休日");
        assertThat(c.dayOff(LocalDate.parse("2026-12-09"))).isEmpty();
        assertThat(hotWork("二级", "2026-02-28T09:00", "2026-02-28T15:00", null).level()).isEqualTo("二级");
    }

    @Test
    void hot_work_inside_a_major_hazard_tank_farm_dike_is_special() {
        var inside = hotWork("二级", "2026-12-08T09:00", "2026-12-08T15:00", true);
        assertThat(inside.level()).isEqualTo("特级");
        assertThat(inside.reason()).contains("防火堤内", "5.1.2");
        assertThat(hotWork("二级", "2026-12-08T09:00", "2026-12-08T15:00", false).level()).isEqualTo("二级");
        assertThatThrownBy(() -> hotWork("三级", "2026-12-08T09:00", "2026-12-08T15:00", null))
                .isInstanceOf(DomainException.class).hasMessageContaining("特级、一级或二级");
    }

    @Test
    void work_at_height_is_graded_by_height_and_lifting_by_load() {
        assertThat(level(PermitKind.HEIGHT, "2", null)).isEqualTo("I级");
        assertThat(level(PermitKind.HEIGHT, "5", null)).isEqualTo("I级");
        assertThat(level(PermitKind.HEIGHT, "5.1", null)).isEqualTo("II级");
        assertThat(level(PermitKind.HEIGHT, "30", null)).isEqualTo("III级");
        assertThat(level(PermitKind.HEIGHT, "30.5", null)).isEqualTo("IV级");
        assertThatThrownBy(() -> level(PermitKind.HEIGHT, "1.8", null)).hasMessageContaining("不足 2 米");
        assertThat(level(PermitKind.LIFTING, null, "100.5")).isEqualTo("一级");
        assertThat(level(PermitKind.LIFTING, null, "100")).isEqualTo("二级");
        assertThat(level(PermitKind.LIFTING, null, "40")).isEqualTo("二级");
        assertThat(level(PermitKind.LIFTING, null, "39.9")).isEqualTo("三级");
        assertThat(level(PermitKind.CONFINED_SPACE, null, null)).isNull();
    }

    private String level(PermitKind kind, String height, String load) {
        return rules.level(kind, null, height == null ? null : new BigDecimal(height), load == null ? null : new BigDecimal(load),
                null, at("2026-12-08T09:00"), at("2026-12-08T15:00"), ZONE).level();
    }

    @Test
    void hot_work_is_valid_for_eight_hours_at_special_and_first_level_and_seventy_two_at_second() {
        assertThat(rules.validityLimit(PermitKind.HOT_WORK, "特级")).isEqualTo(Duration.ofHours(8));
        assertThat(rules.validityLimit(PermitKind.HOT_WORK, "一级")).isEqualTo(Duration.ofHours(8));
        assertThat(rules.validityLimit(PermitKind.HOT_WORK, "二级")).isEqualTo(Duration.ofHours(72));
    }

    @Test
    void combustible_gas_passes_by_its_lower_explosive_limit_and_oxygen_within_its_range() {
        assertThat(judge(GasKind.COMBUSTIBLE, LelClass.HIGH, "0.5").passed()).isTrue();
        assertThat(judge(GasKind.COMBUSTIBLE, LelClass.HIGH, "0.51").passed()).isFalse();
        assertThat(judge(GasKind.COMBUSTIBLE, LelClass.LOW, "0.2").passed()).isTrue();
        assertThat(judge(GasKind.COMBUSTIBLE, LelClass.LOW, "0.3").passed()).isFalse();
        assertThat(judge(GasKind.COMBUSTIBLE, LelClass.LOW, "0.3").verdict()).contains("0.3% > 0.2%", "爆炸下限<4%");
        assertThat(judge(GasKind.OXYGEN, null, "19.5").passed()).isTrue();
        assertThat(judge(GasKind.OXYGEN, null, "19.4").passed()).isFalse();
        assertThat(judge(GasKind.OXYGEN, null, "21.0").passed()).isTrue();
        assertThat(judge(GasKind.OXYGEN, null, "22").passed()).isFalse();
        assertThat(rules.judge(GasKind.OXYGEN, null, new BigDecimal("22"), null, true).passed()).as("富氧环境 ≤ 23.5 %").isTrue();
        assertThat(rules.judge(GasKind.OXYGEN, null, new BigDecimal("23.6"), null, true).passed()).isFalse();
        assertThat(rules.judge(GasKind.TOXIC, null, new BigDecimal("9"), new BigDecimal("10"), false).passed()).isTrue();
        assertThat(rules.judge(GasKind.TOXIC, null, new BigDecimal("11"), new BigDecimal("10"), false).passed()).isFalse();
    }

    private PermitRules.Judged judge(GasKind kind, LelClass lel, String value) {
        return rules.judge(kind, lel, new BigDecimal(value), null, false);
    }

    @Test
    void the_kind_and_level_decide_who_approves_and_which_kinds_need_an_analysis() {
        assertThat(rules.approver(PermitKind.HOT_WORK, "特级")).isEqualTo(Approver.TOP);
        assertThat(rules.approver(PermitKind.HOT_WORK, "一级")).isEqualTo(Approver.SAFETY);
        assertThat(rules.approver(PermitKind.HOT_WORK, "二级")).isEqualTo(Approver.UNIT);
        assertThat(rules.approver(PermitKind.LIFTING, "一级")).isEqualTo(Approver.TOP);
        assertThat(rules.approver(PermitKind.CONFINED_SPACE, null)).isEqualTo(Approver.UNIT);
        assertThat(rules.needsAnalysis(PermitKind.HOT_WORK, null)).isTrue();
        assertThat(rules.needsAnalysis(PermitKind.CONFINED_SPACE, null)).isTrue();
        assertThat(rules.needsAnalysis(PermitKind.BLIND_PLATE, true)).isTrue();
        assertThat(rules.needsAnalysis(PermitKind.BLIND_PLATE, false)).isFalse();
        assertThat(rules.needsAnalysis(PermitKind.HEIGHT, null)).isFalse();
        var noBlindPlateAnalysis = new PermitRules(withoutBlindPlateAnalysis(), WorkCalendar.load("classpath:permit/work-calendar.tsv"));
        assertThat(noBlindPlateAnalysis.needsAnalysis(PermitKind.BLIND_PLATE, true)).as("configurable").isFalse();
    }

    private static PermitSettings withoutBlindPlateAnalysis() {
        var d = PermitSettings.defaults();
        return new PermitSettings(d.analysisValidity(), d.interruptionLimit(), d.oxygenMin(), d.oxygenMax(), d.oxygenMaxEnriched(),
                d.combustibleHighLel(), d.combustibleLowLel(), d.nightStart(), d.nightEnd(), d.hotWorkTopValidity(),
                d.hotWorkSecondValidity(), d.otherValidity(), false, d.calendar());
    }

    @Test
    void every_kind_has_its_checklist_from_the_one_file() {
        SafetyMeasures m = new SafetyMeasures();
        for (PermitKind k : PermitKind.values()) assertThat(m.of(k)).as(k.label).isNotEmpty();
        assertThat(m.find(PermitKind.HOT_WORK, "DH14").orElseThrow().text()).contains("摄录设备");
    }
}
