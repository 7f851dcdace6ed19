package cn.shuangkong.monitoring.internal;

import cn.shuangkong.monitoring.AlarmLevel;
import cn.shuangkong.monitoring.AlarmRaised;
import cn.shuangkong.monitoring.Alarms.Alarm;
import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The writes of an alarm's excursion, by the ingestion worker and the monitoring sweeps: raised when a reading leaves its
 * limits (or a point goes silent), upgraded when it goes further, its peak followed, ended when the readings come back
 * (or the point reports again), escalated when nobody acknowledges in time. People's handling of an alarm is
 * {@code Alarms}'; nothing outside monitoring writes an alarm.
 */
@Service
public class Excursions {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MonitoringProperties properties;

    Excursions(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, MonitoringProperties properties) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * The threshold alarm of each point among {@code pointIds} whose excursion is still going on. An alarm whose readings
     * came back is over even if nobody has cleared it yet: the next excursion is a new alarm, not a continuation.
     */
    Map<Long, Alarm> openThresholdAlarms(java.util.Collection<Long> pointIds) {
        return jdbc.sql(AlarmRows.SELECT + " where a.point_id = any(:ids) and a.state <> 'CLEARED' and a.level <> 'OFFLINE' and a.returned_at is null")
                .param("ids", pointIds.toArray(Long[]::new)).query(AlarmRows.MAPPER).stream()
                .collect(java.util.stream.Collectors.toMap(Alarm::pointId, a -> a));
    }

    /**
     * Opens an alarm for a new excursion; called inside the ingestion transaction. An earlier alarm of the point that
     * came back but is not cleared yet stays as it is: reopening it would shade both excursions and the normal readings
     * between them as one alarm. Returns the alarm as written, without reading it back (one statement fewer per alarm
     * on the ingestion worker, ADR 0045).
     */
    Alarm raise(MonitoringPoints.Point p, AlarmLevel level, BigDecimal value, BigDecimal threshold, Instant at) {
        long id = jdbc.sql("""
                insert into alarm (enterprise_id, point_id, risk_point_id, level, state, value, threshold, peak, raised_at)
                values (:e, :p, :r, :l, 'ACTIVE', :v, :th, :v, :t) returning id
                """).param("e", p.enterpriseId()).param("p", p.id()).param("r", p.riskPointId()).param("l", level.name())
                .param("v", value).param("th", threshold).param("t", Timestamp.from(at)).query(Long.class).single();
        String title = p.name() + " " + level.label + (value == null ? "" : " " + AlarmRows.plain(value) + " " + p.unit())
                + (threshold == null ? "" : "（阈值 " + AlarmRows.plain(threshold) + " " + p.unit() + "）");
        events.publishEvent(new StateChanged("触发报警", "alarm", String.valueOf(id), title,
                p.enterpriseId(), p.regionCode())); // read with the point: no statement of its own on the ingestion worker
        events.publishEvent(new AlarmRaised(id, p.enterpriseId(), p.riskPointId(), level.label, title, "/monitoring/alarms/" + id, at));
        return new Alarm(id, p.enterpriseId(), p.id(), p.riskPointId(), level.name(), "ACTIVE", value, threshold, value, at, null, null,
                null, null, null, null, null, null, p.code(), p.name(), p.unit(), p.enterpriseName(), p.riskPointName());
    }

    void upgrade(Alarm a, AlarmLevel level, BigDecimal value, BigDecimal threshold) {
        jdbc.sql("update alarm set level = :l, threshold = :th, peak = :v where id = :id")
                .param("l", level.name()).param("th", threshold).param("v", value).param("id", a.id()).update();
        events.publishEvent(new StateChanged("报警升级", "alarm", String.valueOf(a.id()),
                a.levelLabel() + " → " + level.label + " " + AlarmRows.plain(value), a.enterpriseId(), AlarmRows.regionOf(jdbc, a.enterpriseId())));
    }

    /** Whether a reading goes further out than the excursion's peak so far, on the excursion's side. */
    static boolean beyond(AlarmLevel active, BigDecimal value, BigDecimal peak) {
        return peak == null || (AlarmRule.highSide(active) ? value.compareTo(peak) > 0 : value.compareTo(peak) < 0);
    }

    /** The new peaks of a batch's excursions (alarm id → peak), in one statement. */
    void peaks(Map<Long, BigDecimal> peaks) {
        if (peaks.isEmpty()) return;
        jdbc.sql("update alarm a set peak = u.v from unnest(:ids::bigint[], :v::numeric[]) as u(id, v) where a.id = u.id")
                .param("ids", peaks.keySet().toArray(Long[]::new))
                .param("v", peaks.values().stream().map(BigDecimal::toPlainString).toArray(String[]::new)).update();
    }

    void returned(Alarm a, Instant at) {
        jdbc.sql("update alarm set returned_at = :t where id = :id and returned_at is null")
                .param("t", Timestamp.from(at)).param("id", a.id()).update();
    }

    /** Escalates every alarm still unacknowledged after the configured time, once. Returns how many. */
    @Transactional
    public int escalate() {
        Instant now = clock.instant();
        List<Alarm> due = jdbc.sql(AlarmRows.SELECT + " where a.state = 'ACTIVE' and a.escalated_at is null and a.raised_at <= :limit for update of a skip locked")
                .param("limit", Timestamp.from(now.minus(properties.escalateAfter()))).query(Alarm.class).list();
        if (due.isEmpty()) return 0;
        // One statement for the sweep and each enterprise's region read once, not a round trip each per alarm; every
        // alarm keeps its own audit record.
        jdbc.sql("update alarm set escalated_at = :t where id = any(:ids)").param("t", Timestamp.from(now))
                .param("ids", due.stream().map(Alarm::id).toArray(Long[]::new)).update();
        Map<Long, String> regions = new HashMap<>();
        for (Alarm a : due) {
            events.publishEvent(new StateChanged("报警超时未确认，已升级", "alarm", String.valueOf(a.id()),
                    a.title() + "：" + properties.escalateAfter().toMinutes() + " 分钟内无人确认，升级至企业主要负责人和属地监管部门",
                    a.enterpriseId(), regions.computeIfAbsent(a.enterpriseId(), e -> AlarmRows.regionOf(jdbc, e))));
        }
        return due.size();
    }

    /** Marks offline every point silent for N of its reporting intervals, and raises its 离线 alarm. Returns how many. */
    @Transactional
    public int markOffline() {
        Instant now = clock.instant();
        List<MonitoringPoints.Point> silent = jdbc.sql(MonitoringPoints.SELECT + """
                 where p.online and p.disabled_at is null and coalesce(p.last_at, p.created_at) + make_interval(secs => p.interval_seconds * :n) < :now
                 for update of p skip locked
                """).param("n", properties.offlineAfterIntervals()).param("now", Timestamp.from(now))
                .query(MonitoringPoints.Point.class).list();
        for (var p : silent) {
            jdbc.sql("update monitoring_point set online = false where id = :id").param("id", p.id()).update();
            raise(p, AlarmLevel.OFFLINE, null, null, now); // a point that went silent again is a new outage, not the old one
        }
        return silent.size();
    }

    /** A reading from an offline point brings it back online and ends its 离线 alarm. */
    void backOnline(java.util.Collection<Long> pointIds, Instant at) {
        if (pointIds.isEmpty()) return;
        Long[] ids = pointIds.toArray(Long[]::new);
        jdbc.sql("update monitoring_point set online = true where id = any(:ids) and not online").param("ids", ids).update();
        jdbc.sql("update alarm set returned_at = :t where point_id = any(:ids) and level = 'OFFLINE' and state <> 'CLEARED' and returned_at is null")
                .param("t", Timestamp.from(at)).param("ids", ids).update();
    }
}
