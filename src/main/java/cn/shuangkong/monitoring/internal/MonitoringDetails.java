package cn.shuangkong.monitoring.internal;

import cn.shuangkong.monitoring.Alarms;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The detail pages of 重大危险源 and 报警 read as one each, so that the source or the alarm is resolved in the caller's
 * scope here (ADR 0076), before the reads that take its bare id or its risk point's and monitoring point's ids.
 */
@Service
public class MonitoringDetails {

    /** A source's page: its evaluations (newest first), 包保 checks, monitoring points and whether its risk point is 失控. */
    public record SourceDetail(MajorHazardSources.Source source, List<MajorHazardSources.Evaluation> history,
                               List<GuarantorChecks.Check> checks, List<MonitoringPoints.Point> points, boolean outOfControl) { }

    /** An alarm's page: the alarm, its monitoring point and whether its risk point is 失控. */
    public record AlarmDetail(Alarms.Alarm alarm, MonitoringPoints.Point point, boolean outOfControl) { }

    /**
     * An alarm's chart: from 15 minutes before it to 15 minutes after it ended (or now), its point's readings then and
     * every excursion of the point in view, oldest first.
     */
    public record AlarmWindow(Alarms.Alarm alarm, MonitoringPoints.Point point, Instant from, Instant to,
                              List<MonitoringPoints.Sample> readings, List<Alarms.Alarm> episodes) { }

    static final Duration MARGIN = Duration.ofMinutes(15);

    private final MajorHazardSources sources;
    private final GuarantorChecks checks;
    private final MonitoringPoints points;
    private final AlarmRecords alarms;
    private final MajorHazardSign sign;

    MonitoringDetails(MajorHazardSources sources, GuarantorChecks checks, MonitoringPoints points, AlarmRecords alarms, MajorHazardSign sign) {
        this.sign = sign;
        this.sources = sources;
        this.checks = checks;
        this.points = points;
        this.alarms = alarms;
    }

    /** The page of a 重大危险源 in the caller's scope, else a 404. */
    public SourceDetail source(Jurisdiction scope, long id) {
        var s = sourceIn(scope, id);
        return new SourceDetail(s, sources.history(id), checks.ofSource(id),
                points.list(scope, s.enterpriseId()).stream().filter(p -> p.riskPointId() != null && p.riskPointId() == s.riskPointId()).toList(),
                alarms.outOfControl(s.riskPointId()));
    }

    /** The 公示牌 PDF of a 重大危险源 in the caller's scope, else a 404. */
    public byte[] sign(Jurisdiction scope, long id) {
        return sign.render(sourceIn(scope, id));
    }

    private MajorHazardSources.Source sourceIn(Jurisdiction scope, long id) {
        return sources.find(scope, id).orElseThrow(() -> DomainException.notFound("重大危险源"));
    }

    /** The page of an alarm in the caller's scope, else a 404. */
    public AlarmDetail alarm(Jurisdiction scope, long id) {
        var a = alarmIn(scope, id);
        return new AlarmDetail(a, pointOf(scope, a), a.riskPointId() != null && alarms.outOfControl(a.riskPointId()));
    }

    /** The chart of an alarm in the caller's scope, else a 404; {@code now} ends the window of an alarm still out. */
    public AlarmWindow alarmWindow(Jurisdiction scope, long id, Instant now) {
        var a = alarmIn(scope, id);
        var p = pointOf(scope, a);
        Instant to = a.returnedAt() != null ? a.returnedAt().plus(MARGIN) : now;
        Instant from = a.raisedAt().minus(MARGIN);
        return new AlarmWindow(a, p, from, to, points.readings(scope, p.id(), from, to), alarms.ofPointBetween(p.id(), from, to));
    }

    private Alarms.Alarm alarmIn(Jurisdiction scope, long id) {
        return alarms.find(scope, id).orElseThrow(() -> DomainException.notFound("报警"));
    }

    // An alarm in scope has its point in scope (both are the enterprise's); a miss would be a broken row, not a 404.
    private MonitoringPoints.Point pointOf(Jurisdiction scope, Alarms.Alarm a) {
        return points.find(scope, a.pointId()).orElseThrow();
    }
}
