package cn.shuangkong.monitoring;

import cn.shuangkong.monitoring.internal.MonitoringPoints;
import cn.shuangkong.monitoring.internal.MonitoringProperties;
import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.Window;
import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 报警: raised by the ingestion worker (or the offline sweep), acknowledged and cleared by the enterprise, escalated
 * when nobody acknowledges in time. One alarm is one excursion: once the readings are back inside the limits (beyond
 * the deadband) the excursion has ended, and a later one is a new alarm. Raising publishes {@link AlarmRaised} and
 * clearing {@link AlarmCleared} for the regulators' alert centre; while an alarm is open its risk point is 失控
 * (view {@code risk_point_dynamic_state}).
 */
@Service
public class Alarms {

    /** The alarm's place in its life. */
    public enum State {
        ACTIVE("未确认"), ACKNOWLEDGED("已确认"), CLEARED("已消除");
        public final String label;
        State(String label) { this.label = label; }
        public String label() { return label; }
    }

    /** One alarm as lists and the alarm page show it. */
    public record Alarm(long id, long enterpriseId, long pointId, Long riskPointId, String level, String state, BigDecimal value,
                        BigDecimal threshold, BigDecimal peak, Instant raisedAt, Instant returnedAt, Instant acknowledgedAt,
                        String acknowledgedBy, Instant clearedAt, String clearedBy, Instant escalatedAt, Long hazardId, String note,
                        String pointCode, String pointName, String unit, String enterpriseName, String riskPointName) {
        public String levelLabel() {
            return AlarmLevel.valueOf(level).label;
        }

        public String stateLabel() {
            return State.valueOf(state).label;
        }

        public String title() {
            String v = value == null ? "" : " " + value.stripTrailingZeros().toPlainString() + " " + unit;
            String t = threshold == null ? "" : "（阈值 " + threshold.stripTrailingZeros().toPlainString() + " " + unit + "）";
            return pointName + " " + levelLabel() + v + t;
        }

        public boolean open() {
            return !"CLEARED".equals(state);
        }

        /** The state as live panels name it: an unacknowledged alarm is still 报警中. */
        public String liveStateLabel() {
            return "ACTIVE".equals(state) ? "报警中" : stateLabel();
        }
    }

    /** List filters. */
    public record Query(String state, Long enterpriseId) { }

    private static final String SELECT = """
            select a.*, p.code as point_code, p.name as point_name, p.unit, e.name as enterprise_name, rp.name as risk_point_name
              from alarm a join monitoring_point p on p.id = a.point_id join (%s) e on e.id = a.enterprise_id
              left join (%s) rp on rp.id = a.risk_point_id
            """.formatted(OrganizationFacts.enterprises(), RiskFacts.points());

    /** Built once: a mapper per call introspects the record each time, which showed on the ingestion path (once per batch). */
    private static final org.springframework.jdbc.core.DataClassRowMapper<Alarm> ALARM_ROWS =
            new org.springframework.jdbc.core.DataClassRowMapper<>(Alarm.class);

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MonitoringProperties properties;
    private final HazardRegister hazards;

    Alarms(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, MonitoringProperties properties, HazardRegister hazards) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.properties = properties;
        this.hazards = hazards;
    }

    public PageResult<Alarm> search(Jurisdiction scope, Query q, PageResult.Request page) {
        var params = new java.util.HashMap<String, Object>();
        String where = where(scope, q, params);
        long total = jdbc.sql("select count(*) from alarm a join (" + OrganizationFacts.enterprises() + ") e on e.id = a.enterprise_id" + where).params(params)
                .query(Long.class).single();
        List<Alarm> items = jdbc.sql(SELECT + where + " order by (a.state = 'CLEARED'), a.raised_at desc limit :lim offset :off")
                .params(params).param("lim", page.size()).param("off", page.offset()).query(Alarm.class).list();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    /** The same filters read as a mirror reads them: in (updated_at, id) order, after a cursor (ADR 0027). */
    public Window.Slice<Alarm> changes(Jurisdiction scope, Query q, Window window) {
        var params = new java.util.HashMap<String, Object>(window.params());
        String where = where(scope, q, params) + window.where("a");
        return window.slice(jdbc.sql(window.select(SELECT, "a") + where + window.orderAndLimit("a")).params(params)
                .query(window.rows(new org.springframework.jdbc.core.SimplePropertyRowMapper<>(Alarm.class))).list());
    }

    private static String where(Jurisdiction scope, Query q, Map<String, Object> params) {
        var f = scope.enterpriseFilter("e");
        params.putAll(f.params());
        if (q.state() != null && !q.state().isBlank()) params.put("st", q.state());
        if (q.enterpriseId() != null) params.put("ent", q.enterpriseId());
        return " where " + f.sql() + (q.state() == null || q.state().isBlank() ? "" : " and a.state = :st")
                + (q.enterpriseId() == null ? "" : " and a.enterprise_id = :ent");
    }

    public Optional<Alarm> find(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where a.id = :id and " + f.sql()).param("id", id).params(f.params()).query(Alarm.class).optional();
    }

    /**
     * The alarms not yet cleared within a scope, the latest first: what a live panel (the duty-room screen) shows, in
     * each alarm's current state.
     */
    public List<Alarm> live(Jurisdiction scope, int limit) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where a.state <> 'CLEARED' and " + f.sql() + " order by a.raised_at desc, a.id desc limit :lim")
                .params(f.params()).param("lim", limit).query(Alarm.class).list();
    }

    /** Of the given alarms, those already cleared: what the alert centre re-checks its sensor alerts against. */
    public List<Alarm> clearedAmong(java.util.Collection<Long> alarmIds) {
        if (alarmIds.isEmpty()) return List.of();
        return jdbc.sql(SELECT + " where a.id = any(:ids) and a.state = 'CLEARED'").param("ids", alarmIds.toArray(Long[]::new))
                .query(Alarm.class).list();
    }

    /** Every alarm of a point that overlaps the span, oldest first: the separate excursions a chart shades. */
    public List<Alarm> ofPointBetween(long pointId, Instant from, Instant to) {
        return jdbc.sql(SELECT + """
                 where a.point_id = :p and a.level <> 'OFFLINE' and a.raised_at < :to and coalesce(a.returned_at, :to) > :from
                 order by a.raised_at, a.id""").param("p", pointId).param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to)).query(Alarm.class).list();
    }

    /**
     * The threshold alarm of each point among {@code pointIds} whose excursion is still going on. An alarm whose readings
     * came back is over even if nobody has cleared it yet: the next excursion is a new alarm, not a continuation.
     */
    public Map<Long, Alarm> openThresholdAlarms(java.util.Collection<Long> pointIds) {
        return jdbc.sql(SELECT + " where a.point_id = any(:ids) and a.state <> 'CLEARED' and a.level <> 'OFFLINE' and a.returned_at is null")
                .param("ids", pointIds.toArray(Long[]::new)).query(ALARM_ROWS).stream()
                .collect(java.util.stream.Collectors.toMap(Alarm::pointId, a -> a));
    }

    /**
     * Opens an alarm for a new excursion; called inside the ingestion transaction. An earlier alarm of the point that
     * came back but is not cleared yet stays as it is: reopening it would shade both excursions and the normal readings
     * between them as one alarm. Returns the alarm as written, without reading it back (one statement fewer per alarm
     * on the ingestion worker, ADR 0045).
     */
    public Alarm raise(MonitoringPoints.Point p, AlarmLevel level, BigDecimal value, BigDecimal threshold, Instant at) {
        long id = jdbc.sql("""
                insert into alarm (enterprise_id, point_id, risk_point_id, level, state, value, threshold, peak, raised_at)
                values (:e, :p, :r, :l, 'ACTIVE', :v, :th, :v, :t) returning id
                """).param("e", p.enterpriseId()).param("p", p.id()).param("r", p.riskPointId()).param("l", level.name())
                .param("v", value).param("th", threshold).param("t", Timestamp.from(at)).query(Long.class).single();
        String title = p.name() + " " + level.label + (value == null ? "" : " " + plain(value) + " " + p.unit())
                + (threshold == null ? "" : "（阈值 " + plain(threshold) + " " + p.unit() + "）");
        events.publishEvent(new StateChanged("触发报警", "alarm", String.valueOf(id), title,
                p.enterpriseId(), p.regionCode())); // read with the point: no statement of its own on the ingestion worker
        events.publishEvent(new AlarmRaised(id, p.enterpriseId(), p.riskPointId(), level.label, title, "/monitoring/alarms/" + id, at));
        return new Alarm(id, p.enterpriseId(), p.id(), p.riskPointId(), level.name(), "ACTIVE", value, threshold, value, at, null, null,
                null, null, null, null, null, null, p.code(), p.name(), p.unit(), p.enterpriseName(), p.riskPointName());
    }

    public void upgrade(Alarm a, AlarmLevel level, BigDecimal value, BigDecimal threshold) {
        jdbc.sql("update alarm set level = :l, threshold = :th, peak = :v where id = :id")
                .param("l", level.name()).param("th", threshold).param("v", value).param("id", a.id()).update();
        events.publishEvent(new StateChanged("报警升级", "alarm", String.valueOf(a.id()),
                a.levelLabel() + " → " + level.label + " " + plain(value), a.enterpriseId(), regionOf(a.enterpriseId())));
    }

    /** Whether a reading goes further out than the excursion's peak so far, on the excursion's side. */
    public static boolean beyond(AlarmLevel active, BigDecimal value, BigDecimal peak) {
        return peak == null || (active.highSide ? value.compareTo(peak) > 0 : value.compareTo(peak) < 0);
    }

    /** The new peaks of a batch's excursions (alarm id → peak), in one statement. */
    public void peaks(Map<Long, BigDecimal> peaks) {
        if (peaks.isEmpty()) return;
        jdbc.sql("update alarm a set peak = u.v from unnest(:ids::bigint[], :v::numeric[]) as u(id, v) where a.id = u.id")
                .param("ids", peaks.keySet().toArray(Long[]::new))
                .param("v", peaks.values().stream().map(BigDecimal::toPlainString).toArray(String[]::new)).update();
    }

    public void returned(Alarm a, Instant at) {
        jdbc.sql("update alarm set returned_at = :t where id = :id and returned_at is null")
                .param("t", Timestamp.from(at)).param("id", a.id()).update();
    }

    @Transactional
    public Alarm acknowledge(Actor me, long id, String note) {
        Alarm a = lockForHandling(me, id);
        if (!"ACTIVE".equals(a.state())) throw DomainException.conflict("报警已" + a.stateLabel() + "，无需再确认");
        jdbc.sql("update alarm set state = 'ACKNOWLEDGED', acknowledged_at = :t, acknowledged_by = :u, note = coalesce(:n, note) where id = :id")
                .param("t", Timestamp.from(clock.instant())).param("u", me.username()).param("n", blankToNull(note)).param("id", id).update();
        events.publishEvent(new StateChanged("确认报警", "alarm", String.valueOf(id), a.title() + (blankToNull(note) == null ? "" : "：" + note.strip()),
                a.enterpriseId(), regionOf(a.enterpriseId())));
        return find(Jurisdiction.platform(), id).orElseThrow();
    }

    /** Clearing needs an acknowledged alarm whose readings are back inside the limits (or the point back online). */
    @Transactional
    public Alarm clear(Actor me, long id, String note) {
        Alarm a = lockForHandling(me, id);
        if ("CLEARED".equals(a.state())) throw DomainException.conflict("报警已消除");
        if ("ACTIVE".equals(a.state())) throw DomainException.conflict("请先确认报警，再消除");
        if (a.returnedAt() == null) {
            throw DomainException.conflict("OFFLINE".equals(a.level()) ? "监测点仍离线，恢复上报后才能消除" : "读数仍超限，恢复正常后才能消除");
        }
        Instant now = clock.instant();
        jdbc.sql("update alarm set state = 'CLEARED', cleared_at = :t, cleared_by = :u, note = coalesce(:n, note) where id = :id")
                .param("t", Timestamp.from(now)).param("u", me.username()).param("n", blankToNull(note)).param("id", id).update();
        events.publishEvent(new StateChanged("消除报警", "alarm", String.valueOf(id), a.title() + (blankToNull(note) == null ? "" : "：" + note.strip()),
                a.enterpriseId(), regionOf(a.enterpriseId())));
        events.publishEvent(new AlarmCleared(id, a.enterpriseId(), now, me.username()));
        return find(Jurisdiction.platform(), id).orElseThrow();
    }

    /** Opens a hazard (source 在线监测) at the alarm's risk point; a second call answers the same hazard. */
    @Transactional
    public long openHazard(Actor me, long id) {
        Alarm a = lockForHandling(me, id);
        if (a.hazardId() != null) return a.hazardId();
        var report = new HazardReport(HazardSource.MONITORING, HazardType.UNSAFE_CONDITION, a.riskPointId(), a.title(),
                "在线监测报警 #" + a.id() + "：" + a.title() + "，峰值 " + plain(a.peak()) + " " + a.unit() + "，"
                        + "发生于 " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(clock.getZone()).format(a.raisedAt()),
                a.pointName() + "（位号 " + a.pointCode() + "）", a.raisedAt(), "alarm-" + a.id());
        long hazardId = hazards.register(me, a.enterpriseId(), report, HazardRegister.GradingInput.general(), null).hazard().id();
        jdbc.sql("update alarm set hazard_id = :h where id = :id").param("h", hazardId).param("id", id).update();
        return hazardId;
    }

    private Alarm lockForHandling(Actor me, long id) {
        if (!me.can("monitoring:alarm:handle")) throw new DomainException(HttpStatus.FORBIDDEN, "您没有处置报警的权限", null);
        jdbc.sql("select id from alarm where id = :id for update").param("id", id).query(Long.class).optional();
        Alarm a = find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("报警"));
        if (me.enterpriseId() != null && me.enterpriseId() != a.enterpriseId()) throw DomainException.notFound("报警");
        return a;
    }

    /** Escalates every alarm still unacknowledged after the configured time, once. Returns how many. */
    @Transactional
    public int escalate() {
        Instant now = clock.instant();
        List<Alarm> due = jdbc.sql(SELECT + " where a.state = 'ACTIVE' and a.escalated_at is null and a.raised_at <= :limit for update of a skip locked")
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
                    a.enterpriseId(), regions.computeIfAbsent(a.enterpriseId(), this::regionOf)));
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
    public void backOnline(java.util.Collection<Long> pointIds, Instant at) {
        if (pointIds.isEmpty()) return;
        Long[] ids = pointIds.toArray(Long[]::new);
        jdbc.sql("update monitoring_point set online = true where id = any(:ids) and not online").param("ids", ids).update();
        jdbc.sql("update alarm set returned_at = :t where point_id = any(:ids) and level = 'OFFLINE' and state <> 'CLEARED' and returned_at is null")
                .param("t", Timestamp.from(at)).param("ids", ids).update();
    }

    /** Whether the risk point is 失控 (an alarm of its monitoring points is open). */
    public boolean outOfControl(long riskPointId) {
        return jdbc.sql("select count(*) from risk_point_dynamic_state where risk_point_id = :r").param("r", riskPointId)
                .query(Long.class).single() > 0;
    }

    private String regionOf(long enterpriseId) {
        return jdbc.sql("select e.region_code from (%s) e where e.id = :e".formatted(OrganizationFacts.enterprises())).param("e", enterpriseId).query(String.class).single();
    }

    public static String plain(BigDecimal v) {
        return v == null ? "" : v.stripTrailingZeros().toPlainString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
