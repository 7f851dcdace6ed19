package cn.shuangkong.bulletin.internal;

import java.util.List;

/**
 * The figures of one quarter in one area, as the owning modules counted them when the 通报 was drafted; kept with the
 * 通报 (labels included) so that a signed 通报 says tomorrow what it said when it was signed.
 *
 * @param asOf the moment counted up to: the quarter's end, or the drafting time for a quarter still running
 */
public record BulletinFigures(String asOf, long majorRisks, List<RiskChange> added, List<RiskChange> reassessed,
                              List<RiskChange> removed, List<HazardRow> hazards, List<AlarmRow> alarms, long tasksDone,
                              long tasksMissed, List<Named> zeroReport, List<QualityRow> quality) {

    /** A 重大风险 point that entered, stayed re-assessed, or left the list; {@code level} is its level at the quarter's end. */
    public record RiskChange(long pointId, String code, String name, String enterprise, String level) { }

    /** Hazards of one source and level: registered and closed in the quarter, overdue at its end. */
    public record HazardRow(String source, String level, boolean major, long registered, long closed, long overdue) { }

    /** Sensor alarms of one level: raised in the quarter, not cleared at its end. */
    public record AlarmRow(String level, long raised, long open) { }

    /** An enterprise named in a list (零报告). */
    public record Named(long id, String name) { }

    /** 数据质量 findings of one rule: open at the quarter's end (in how many enterprises), found in the quarter. */
    public record QualityRow(String rule, long open, long enterprises, long found) { }

    public long hazardsRegistered() {
        return hazards.stream().mapToLong(HazardRow::registered).sum();
    }

    public long majorHazardsRegistered() {
        return hazards.stream().filter(HazardRow::major).mapToLong(HazardRow::registered).sum();
    }

    public long hazardsClosed() {
        return hazards.stream().mapToLong(HazardRow::closed).sum();
    }

    public long hazardsOverdue() {
        return hazards.stream().mapToLong(HazardRow::overdue).sum();
    }

    public long majorHazardsOverdue() {
        return hazards.stream().filter(HazardRow::major).mapToLong(HazardRow::overdue).sum();
    }

    public long alarmsRaised() {
        return alarms.stream().mapToLong(AlarmRow::raised).sum();
    }

    public long alarmsOpen() {
        return alarms.stream().mapToLong(AlarmRow::open).sum();
    }

    public long qualityOpen() {
        return quality.stream().mapToLong(QualityRow::open).sum();
    }

    /** 排查完成率 in per cent (one decimal), null when no task came due. */
    public Double completionRate() {
        return tasksDone + tasksMissed == 0 ? null : Math.round(tasksDone * 1000.0 / (tasksDone + tasksMissed)) / 10.0;
    }

    /** Registered hazards by source (both levels together), for the chart: source → count, in the table's order. */
    public java.util.Map<String, Long> registeredBySource() {
        var out = new java.util.LinkedHashMap<String, Long>();
        for (HazardRow r : hazards) out.merge(r.source(), r.registered(), Long::sum);
        return out;
    }
}
