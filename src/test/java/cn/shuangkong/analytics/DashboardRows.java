package cn.shuangkong.analytics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Rows a dashboard test creates for itself: an enterprise with a risk point, hazards and inspection tasks. */
public final class DashboardRows {

    private final JdbcClient jdbc;

    public DashboardRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long enterprise(String town, String name) {
        String code = ("91321282" + UUID.randomUUID().toString().replace("-", "").toUpperCase()).substring(0, 18);
        long id = jdbc.sql("""
                insert into enterprise (name, credit_code, industry_code, region_code, longitude, latitude)
                values (:n, :c, 'C3441', :r, 120.15, 32.13) returning id
                """).param("n", name).param("c", code).param("r", town).query(Long.class).single();
        jdbc.sql("insert into org_unit (enterprise_id, name, tier) values (:e, :n, 'COMPANY')").param("e", id).param("n", name).update();
        jdbc.sql("insert into employee (enterprise_id, name) values (:e, '测试员')").param("e", id).update();
        return id;
    }

    public long riskPoint(long enterprise, String name, Integer level) {
        return jdbc.sql("""
                insert into risk_point (enterprise_id, code, name, kind, org_unit_id, level)
                values (:e, :c, :n, 'AREA', (select id from org_unit where enterprise_id = :e limit 1), :l) returning id
                """).param("e", enterprise).param("c", "T-" + UUID.randomUUID().toString().substring(0, 8)).param("n", name)
                .param("l", level).query(Long.class).single();
    }

    /**
     * A hazard as the register holds it. Its deadline agrees with {@code overdue}: the day it was found when overdue,
     * ten years on when not, so that what works overdue out from the deadline (the bulletin) and what reads the stored
     * mark (the 驾驶舱) say the same about it at any clock a test sets.
     */
    public long hazard(long enterprise, String title, boolean major, String state, boolean overdue, Instant foundAt) {
        return jdbc.sql("""
                insert into hazard (enterprise_id, source, level, major_reason, type, title, description, location, found_by,
                                    found_at, state, overdue, deadline, created_at, updated_at, closed_at)
                values (:e, 'SELF_CHECK', :lv, :why, 'UNSAFE_CONDITION', :t, '测试', '现场', 'test', :at, :s, :od,
                        case when :od then cast(:at as date) else cast(:at as date) + 3650 end, :at, :at, :closed) returning id
                """).param("e", enterprise).param("lv", major ? "MAJOR" : "GENERAL").param("why", major ? "测试判定" : null)
                .param("t", title).param("at", Timestamp.from(foundAt)).param("s", state).param("od", overdue)
                .param("closed", state.equals("CLOSED") ? Timestamp.from(foundAt) : null, java.sql.Types.TIMESTAMP)
                .query(Long.class).single();
    }

    /**
     * An inspection task of the point that came due at {@code dueAt} with the given status. Its measure is made "in the
     * future", so that the inspection scheduler, running in the background while a test moves the clock by days, adds
     * no tasks of its own to those the test counts.
     */
    public void task(long enterprise, long point, Instant dueAt, String status) {
        long measure = jdbc.sql("""
                insert into control_measure (risk_point_id, type, description, responsible_unit_id, responsible_employee_id,
                                             check_content, check_cycle, check_cycle_unit, created_at)
                values (:p, 'MANAGEMENT', '测试措施', (select id from org_unit where enterprise_id = :e limit 1),
                        (select id from employee where enterprise_id = :e limit 1), '检查', 1, 'DAY', now() + interval '100 years') returning id
                """).param("p", point).param("e", enterprise).query(Long.class).single();
        jdbc.sql("""
                insert into inspection_task (enterprise_id, risk_point_id, measure_id, period_start, due_at, status)
                values (:e, :p, :m, :start, :due, :s)
                """).param("e", enterprise).param("p", point).param("m", measure)
                .param("start", Timestamp.from(dueAt.minusSeconds(86400))).param("due", Timestamp.from(dueAt))
                .param("s", status).update();
    }

    /** A hazard a lower platform reported for the enterprise (as the exchange stores it), open, of 隐患级别 {@code level}. */
    public void receivedHazard(long enterprise, Instant foundAt, java.time.ZoneId zone, String level) {
        long sender = jdbc.sql("""
                insert into exchange_sender (name, key_hash, region_code, created_by, created_at)
                values ('驾驶舱测试下级平台', :k, '321282', 'test', now()) returning id
                """).param("k", UUID.randomUUID().toString()).query(Long.class).single();
        String found = java.time.LocalDateTime.ofInstant(foundAt, zone).withNano(0).toString().replace('T', ' ');
        jdbc.sql("""
                insert into exchange_received (uuid, sender_id, entity, tyshxydm, enterprise_id, payload, payload_hash,
                                               received_at, updated_at)
                values (:u, :s, 'hazard', (select credit_code from enterprise where id = :e), :e,
                        cast(:p as jsonb), 'test', now(), now())
                """).param("u", UUID.randomUUID().toString()).param("s", sender).param("e", enterprise)
                .param("p", "{\"registTime\": \"" + found + "\", \"dangerState\": \"0\", \"dangerLevel\": \"" + level + "\"}")
                .update();
    }
}
