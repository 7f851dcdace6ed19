package cn.shuangkong.permit.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code shuangkong.permit}: the values GB 30871 tags as practice or leaves to the enterprise (the domain
 * table's [P] / [M] rows), with the standard's figures as defaults.
 *
 * @param analysisValidity        how old the last gas analysis may be when a job starts or resumes (一般不超过 30 min)
 * @param interruptionLimit       an interruption longer than this needs a fresh analysis before resuming
 * @param oxygenMin               受限空间 oxygen, lowest passing % vol
 * @param oxygenMax               受限空间 oxygen, highest passing % vol
 * @param oxygenMaxEnriched       highest passing % vol in an oxygen-enriched environment (富氧环境)
 * @param combustibleHighLel      passing % vol of a combustible gas whose LEL is ≥ 4 %
 * @param combustibleLowLel       passing % vol of a combustible gas whose LEL is < 4 %
 * @param nightStart              动火 at night (升级管理) starts at this local time …
 * @param nightEnd                … and ends at this one the next morning
 * @param hotWorkTopValidity      特级 and 一级 动火: at most this long from the window's start (不超过 8 h)
 * @param hotWorkSecondValidity   二级 动火 (不超过 72 h)
 * @param otherValidity           every other kind: the standard sets no limit, so this is the enterprise's
 * @param blindPlateNeedsAnalysis whether 盲板抽堵 on a flammable or toxic medium needs an analysis before it starts
 * @param calendar                the holidays and 调休 working days (升级管理), one file for every year
 */
@ConfigurationProperties("shuangkong.permit")
public record PermitSettings(
        @DefaultValue("30m") Duration analysisValidity,
        @DefaultValue("60m") Duration interruptionLimit,
        @DefaultValue("19.5") BigDecimal oxygenMin,
        @DefaultValue("21.0") BigDecimal oxygenMax,
        @DefaultValue("23.5") BigDecimal oxygenMaxEnriched,
        @DefaultValue("0.5") BigDecimal combustibleHighLel,
        @DefaultValue("0.2") BigDecimal combustibleLowLel,
        @DefaultValue("20:00") LocalTime nightStart,
        @DefaultValue("06:00") LocalTime nightEnd,
        @DefaultValue("8h") Duration hotWorkTopValidity,
        @DefaultValue("72h") Duration hotWorkSecondValidity,
        @DefaultValue("7d") Duration otherValidity,
        @DefaultValue("true") boolean blindPlateNeedsAnalysis,
        @DefaultValue("classpath:permit/work-calendar.tsv") String calendar) {

    /** The defaults, for rules checked without a Spring context. */
    public static PermitSettings defaults() {
        return new PermitSettings(Duration.ofMinutes(30), Duration.ofMinutes(60), new BigDecimal("19.5"), new BigDecimal("21.0"),
                new BigDecimal("23.5"), new BigDecimal("0.5"), new BigDecimal("0.2"), LocalTime.of(20, 0), LocalTime.of(6, 0),
                Duration.ofHours(8), Duration.ofHours(72), Duration.ofDays(7), true, "classpath:permit/work-calendar.tsv");
    }
}
