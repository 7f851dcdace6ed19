package cn.shuangkong.bulletin.internal;

import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.HazardStatistics;
import cn.shuangkong.inspection.TaskStatistics;
import cn.shuangkong.monitoring.AlarmStatistics;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.quality.QualityHistory;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.risk.RiskLevelHistory;
import cn.shuangkong.shared.Jurisdiction;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Counts a quarter of an area through the owning modules' APIs (no SQL over their tables here): each module answers
 * for its own records by the same rules its own pages and the 驾驶舱 use, so the 通报 and the dashboard agree.
 */
@Component
public class BulletinFacts {

    private static final DateTimeFormatter AS_OF = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final HazardStatistics hazards;
    private final TaskStatistics tasks;
    private final RiskLevelHistory risks;
    private final AlarmStatistics alarms;
    private final QualityHistory quality;
    private final Enterprises enterprises;
    private final Clock clock;

    public BulletinFacts(HazardStatistics hazards, TaskStatistics tasks, RiskLevelHistory risks, AlarmStatistics alarms,
                  QualityHistory quality, Enterprises enterprises, Clock clock) {
        this.hazards = hazards;
        this.tasks = tasks;
        this.risks = risks;
        this.alarms = alarms;
        this.quality = quality;
        this.enterprises = enterprises;
        this.clock = clock;
    }

    /** The quarter counted up to its end, or up to now while it runs. */
    public BulletinFigures of(Jurisdiction area, Quarter quarter) {
        ZoneId zone = clock.getZone();
        Instant from = quarter.start(zone);
        Instant now = clock.instant();
        // a quarter still running is counted up to and including now (the bounds are half-open, as the months' are)
        Instant to = quarter.end(zone).isAfter(now) ? now.plusMillis(1) : quarter.end(zone);

        Map<Long, RiskLevelHistory.PointLevel> before = risks.at(area, from);
        Map<Long, RiskLevelHistory.PointLevel> after = risks.at(area, to);
        Set<Long> reassessed = risks.reassessed(area, from, to);
        Map<Long, String> names = new java.util.HashMap<>();
        java.util.function.LongFunction<String> nameOf = id -> names.computeIfAbsent(id,
                e -> enterprises.findUnscoped(e).map(x -> x.name()).orElse("企业 #" + e));
        List<BulletinFigures.RiskChange> added = new ArrayList<>();
        List<BulletinFigures.RiskChange> kept = new ArrayList<>();
        List<BulletinFigures.RiskChange> removed = new ArrayList<>();
        for (var p : after.values()) {
            if (p.level() != 1) continue;
            var was = before.get(p.pointId());
            if (was == null || was.level() != 1) added.add(change(p, p.riskLevel().label, nameOf));
            else if (reassessed.contains(p.pointId())) kept.add(change(p, p.riskLevel().label, nameOf));
        }
        for (var p : before.values()) {
            if (p.level() != 1) continue;
            var now_ = after.get(p.pointId());
            if (now_ == null || now_.level() != 1) {
                removed.add(change(p, now_ == null ? "已删除或未定级" : RiskLevel.of(now_.level()).label, nameOf));
            }
        }
        long major = after.values().stream().filter(p -> p.level() == 1).count();

        var hazardRows = hazards.between(area, from, to).stream()
                .map(r -> new BulletinFigures.HazardRow(r.source().label(), r.level().label(), r.level() == HazardLevel.MAJOR,
                        r.registered(), r.closed(), r.overdue()))
                .toList();
        var alarmRows = alarms.between(area, from, to).stream()
                .map(r -> new BulletinFigures.AlarmRow(r.level().label(), r.raised(), r.openAtEnd())).toList();
        var counts = tasks.between(area, from, to);

        // 零报告: expected to inspect (tasks came due) and reported not one hazard in the quarter, as the 驾驶舱 counts it
        Set<Long> silent = new HashSet<>(tasks.enterprisesWithTasksDue(area, from, to));
        silent.removeAll(hazards.reportingEnterprises(area, from, to));
        List<BulletinFigures.Named> zero = silent.stream()
                .map(id -> new BulletinFigures.Named(id, nameOf.apply(id)))
                .sorted(Comparator.comparing(BulletinFigures.Named::name)).toList();

        var qualityRows = quality.between(area, from, to).stream()
                .map(r -> new BulletinFigures.QualityRow(r.ruleName(), r.openAtEnd(), r.enterprises(), r.found())).toList();

        return new BulletinFigures(AS_OF.format(to.minusMillis(1).atZone(zone)), major, added, kept, removed, hazardRows, alarmRows,
                counts.done(), counts.missed(), zero, qualityRows);
    }

    private static BulletinFigures.RiskChange change(RiskLevelHistory.PointLevel p, String level,
                                                     java.util.function.LongFunction<String> enterpriseName) {
        return new BulletinFigures.RiskChange(p.pointId(), p.code(), p.name(), enterpriseName.apply(p.enterpriseId()), level);
    }
}
