package cn.shuangkong.monitoring;

import cn.shuangkong.monitoring.internal.AlarmRecords;
import cn.shuangkong.monitoring.internal.AlarmRows;
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
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 报警 as people read and handle them: listed, acknowledged and cleared by the enterprise, turned into a hazard. The
 * ingestion worker and the sweeps write them ({@code internal.Excursions}: raised, upgraded, back inside the limits,
 * escalated when nobody acknowledges in time, 离线). One alarm is one excursion: once the readings are back inside the limits (beyond
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

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final HazardRegister hazards;
    private final AlarmRecords records;

    Alarms(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, HazardRegister hazards, AlarmRecords records) {
        this.records = records;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.hazards = hazards;
    }

    public PageResult<Alarm> search(Jurisdiction scope, Query q, PageResult.Request page) {
        var params = new java.util.HashMap<String, Object>();
        String where = where(scope, q, params);
        long total = jdbc.sql("select count(*) from alarm a join (" + OrganizationFacts.enterprises() + ") e on e.id = a.enterprise_id" + where).params(params)
                .query(Long.class).single();
        List<Alarm> items = jdbc.sql(AlarmRows.SELECT + where + " order by (a.state = 'CLEARED'), a.raised_at desc limit :lim offset :off")
                .params(params).param("lim", page.size()).param("off", page.offset()).query(Alarm.class).list();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    /** The same filters read as a mirror reads them: in (updated_at, id) order, after a cursor (ADR 0027). */
    public Window.Slice<Alarm> changes(Jurisdiction scope, Query q, Window window) {
        var params = new java.util.HashMap<String, Object>(window.params());
        String where = where(scope, q, params) + window.where("a");
        return window.slice(jdbc.sql(window.select(AlarmRows.SELECT, "a") + where + window.orderAndLimit("a")).params(params)
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

    /**
     * The alarms not yet cleared within a scope, the latest first: what a live panel (the duty-room screen) shows, in
     * each alarm's current state.
     */
    public List<Alarm> live(Jurisdiction scope, int limit) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(AlarmRows.SELECT + " where a.state <> 'CLEARED' and " + f.sql() + " order by a.raised_at desc, a.id desc limit :lim")
                .params(f.params()).param("lim", limit).query(Alarm.class).list();
    }

    /** Of the given alarms, those already cleared: what the alert centre re-checks its sensor alerts against. */
    public List<Alarm> clearedAmong(java.util.Collection<Long> alarmIds) {
        if (alarmIds.isEmpty()) return List.of();
        return jdbc.sql(AlarmRows.SELECT + " where a.id = any(:ids) and a.state = 'CLEARED'").param("ids", alarmIds.toArray(Long[]::new))
                .query(Alarm.class).list();
    }

    @Transactional
    public Alarm acknowledge(Actor me, long id, String note) {
        Alarm a = lockForHandling(me, id);
        if (!"ACTIVE".equals(a.state())) throw DomainException.conflict("报警已" + a.stateLabel() + "，无需再确认");
        jdbc.sql("update alarm set state = 'ACKNOWLEDGED', acknowledged_at = :t, acknowledged_by = :u, note = coalesce(:n, note) where id = :id")
                .param("t", Timestamp.from(clock.instant())).param("u", me.username()).param("n", blankToNull(note)).param("id", id).update();
        events.publishEvent(new StateChanged("确认报警", "alarm", String.valueOf(id), a.title() + (blankToNull(note) == null ? "" : "：" + note.strip()),
                a.enterpriseId(), AlarmRows.regionOf(jdbc, a.enterpriseId())));
        return records.find(Jurisdiction.platform(), id).orElseThrow();
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
                a.enterpriseId(), AlarmRows.regionOf(jdbc, a.enterpriseId())));
        events.publishEvent(new AlarmCleared(id, a.enterpriseId(), now, me.username()));
        return records.find(Jurisdiction.platform(), id).orElseThrow();
    }

    /** Opens a hazard (source 在线监测) at the alarm's risk point; a second call answers the same hazard. */
    @Transactional
    public long openHazard(Actor me, long id) {
        Alarm a = lockForHandling(me, id);
        if (a.hazardId() != null) return a.hazardId();
        var report = new HazardReport(HazardSource.MONITORING, HazardType.UNSAFE_CONDITION, a.riskPointId(), a.title(),
                "在线监测报警 #" + a.id() + "：" + a.title() + "，峰值 " + AlarmRows.plain(a.peak()) + " " + a.unit() + "，"
                        + "发生于 " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(clock.getZone()).format(a.raisedAt()),
                a.pointName() + "（位号 " + a.pointCode() + "）", a.raisedAt(), "alarm-" + a.id());
        long hazardId = hazards.register(me, a.enterpriseId(), report, HazardRegister.GradingInput.general(), null).hazard().id();
        jdbc.sql("update alarm set hazard_id = :h where id = :id").param("h", hazardId).param("id", id).update();
        return hazardId;
    }

    private Alarm lockForHandling(Actor me, long id) {
        if (!me.can("monitoring:alarm:handle")) throw new DomainException(HttpStatus.FORBIDDEN, "您没有处置报警的权限", null);
        jdbc.sql("select id from alarm where id = :id for update").param("id", id).query(Long.class).optional();
        Alarm a = records.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("报警"));
        if (me.enterpriseId() != null && me.enterpriseId() != a.enterpriseId()) throw DomainException.notFound("报警");
        return a;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
