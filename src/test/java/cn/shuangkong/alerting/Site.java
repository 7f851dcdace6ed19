package cn.shuangkong.alerting;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A fresh enterprise of the tests' own, written straight into the tables the rules read (as the other modules would
 * have written them), so that each test knows exactly what is there. 新桥镇 by default.
 */
class Site {

    static final String XINQIAO = "321282100";
    static final String BINJIANG = "321282401";

    final JdbcClient jdbc;
    final long enterpriseId;
    final long unitId;
    final long employeeId;

    Site(JdbcClient jdbc, String name, String regionCode) {
        this.jdbc = jdbc;
        String credit = ("91T" + UUID.randomUUID().toString().replace("-", "").toUpperCase()).substring(0, 18);
        enterpriseId = jdbc.sql("""
                insert into enterprise (name, credit_code, industry_code, region_code, status) values (:n, :c, 'C3311', :r, 'OPERATING')
                returning id""").param("n", name + "-" + credit.substring(3, 9)).param("c", credit).param("r", regionCode)
                .query(Long.class).single();
        unitId = jdbc.sql("insert into org_unit (enterprise_id, name, tier) values (:e, '公司', 'COMPANY') returning id")
                .param("e", enterpriseId).query(Long.class).single();
        employeeId = jdbc.sql("insert into employee (enterprise_id, name) values (:e, '测试员') returning id")
                .param("e", enterpriseId).query(Long.class).single();
    }

    /** An existing enterprise (its first org unit and employee). */
    Site(JdbcClient jdbc, long enterpriseId) {
        this.jdbc = jdbc;
        this.enterpriseId = enterpriseId;
        unitId = jdbc.sql("select id from org_unit where enterprise_id = :e order by id limit 1").param("e", enterpriseId).query(Long.class).single();
        employeeId = jdbc.sql("select id from employee where enterprise_id = :e order by id limit 1").param("e", enterpriseId).query(Long.class).single();
    }

    static Site in(JdbcClient jdbc, String regionCode) {
        return new Site(jdbc, "预警测试企业", regionCode);
    }

    long point(String name, Integer level) {
        return jdbc.sql("""
                insert into risk_point (enterprise_id, code, name, kind, org_unit_id, level) values (:e, :c, :n, 'AREA', :u, :l)
                returning id""").param("e", enterpriseId).param("c", "P" + UUID.randomUUID().toString().substring(0, 8))
                .param("n", name).param("u", unitId).param("l", level).query(Long.class).single();
    }

    /**
     * A daily measure; created "in the future", so that the inspection scheduler leaves its tasks to the test. On a
     * point with events (an existing enterprise's) it controls the first, as every measure the platform makes controls
     * one: the enterprise's register still exports and imports (RegisterRoundTripTest).
     */
    long measure(long pointId) {
        long id = jdbc.sql("""
                insert into control_measure (risk_point_id, type, description, responsible_unit_id, responsible_employee_id,
                                             check_content, check_cycle, check_cycle_unit, created_at)
                values (:p, 'MANAGEMENT', '巡检', :u, :emp, '检查现场', 1, 'DAY', now() + interval '100 years') returning id
                """).param("p", pointId).param("u", unitId).param("emp", employeeId).query(Long.class).single();
        jdbc.sql("""
                insert into control_measure_event (measure_id, event_id)
                select :m, id from risk_event where risk_point_id = :p order by id limit 1
                """).param("m", id).param("p", pointId).update();
        return id;
    }

    /** A task of the measure whose window ended at {@code due}; DONE or OVERDUE. */
    long task(long pointId, long measureId, Instant due, boolean done) {
        return jdbc.sql("""
                insert into inspection_task (enterprise_id, risk_point_id, measure_id, period_start, due_at, status, done_at)
                values (:e, :p, :m, :start, :due, :s, :done) returning id
                """).param("e", enterpriseId).param("p", pointId).param("m", measureId)
                .param("start", Timestamp.from(due.minusSeconds(86_400))).param("due", Timestamp.from(due))
                .param("s", done ? "DONE" : "OVERDUE").param("done", done ? Timestamp.from(due.minusSeconds(3600)) : null)
                .query(Long.class).single();
    }

    long hazard(String level, String state, Instant foundAt, java.time.LocalDate deadline) {
        return jdbc.sql("""
                insert into hazard (enterprise_id, source, level, major_reason, type, title, description, location, found_by,
                                    found_at, state, deadline, created_at, updated_at)
                values (:e, 'SELF_CHECK', :lv, :why, 'UNSAFE_CONDITION', :t, '测试隐患', '现场', 'tester', :f, :s, :d, :f, :f)
                returning id""").param("e", enterpriseId).param("lv", level)
                .param("why", level.equals("MAJOR") ? "测试重大隐患" : null).param("t", "测试隐患" + UUID.randomUUID().toString().substring(0, 6))
                .param("f", Timestamp.from(foundAt)).param("s", state).param("d", deadline).query(Long.class).single();
    }

    /** An inspection record with {@code answers} answered tasks (made for it), optionally checked in and located. */
    long record(long pointId, String inspector, Instant checkedIn, Instant submitted, int answers, BigDecimal lat, BigDecimal lon,
                Long photoId) {
        long measure = measure(pointId);
        long record = jdbc.sql("""
                insert into inspection_record (enterprise_id, risk_point_id, inspector, inspector_name, checked_in_at, submitted_at,
                                               latitude, longitude)
                values (:e, :p, :u, coalesce((select display_name from user_account where username = :u), '测试巡检员'), :in, :at,
                        :lat, :lon) returning id
                """).param("e", enterpriseId).param("p", pointId).param("u", inspector) // a person's name, as the pages show one
                .param("in", checkedIn == null ? null : Timestamp.from(checkedIn)).param("at", Timestamp.from(submitted))
                .param("lat", lat).param("lon", lon).query(Long.class).single();
        for (int i = 0; i < answers; i++) {
            long t = jdbc.sql("""
                    insert into inspection_task (enterprise_id, risk_point_id, measure_id, period_start, due_at, status, done_at, record_id)
                    values (:e, :p, :m, :start, :due, 'DONE', :at, :r) returning id
                    """).param("e", enterpriseId).param("p", pointId).param("m", measure)
                    .param("start", Timestamp.from(submitted.minusSeconds(86_400L * (i + 1))))
                    .param("due", Timestamp.from(submitted.plusSeconds(3600 - 86_400L * i))).param("at", Timestamp.from(submitted))
                    .param("r", record).query(Long.class).single();
            jdbc.sql("insert into inspection_answer (record_id, task_id, result, photo_id) values (:r, :t, 'NORMAL', :ph)")
                    .param("r", record).param("t", t).param("ph", i == 0 ? photoId : null).update();
        }
        return record;
    }

    long photo(String sha256) {
        return jdbc.sql("""
                insert into stored_file (sha256, content_type, size_bytes, original_name, uploaded_by, uploaded_at, content, enterprise_id, purpose)
                values (:s, 'image/jpeg', 3, 'IMG_0001.jpg', 'tester', now(), '\\x010203'::bytea, :e, 'PHOTO') returning id
                """).param("s", sha256).param("e", enterpriseId).query(Long.class).single();
    }

    /** Open alerts of this enterprise for the rule. */
    long open(String rule) {
        return jdbc.sql("select count(*) from alert where enterprise_id = :e and rule_code = :r and status <> 'CLOSED'")
                .param("e", enterpriseId).param("r", rule).query(Long.class).single();
    }

    String evidence(String rule) {
        return jdbc.sql("select string_agg(evidence, '\n') from alert where enterprise_id = :e and rule_code = :r")
                .param("e", enterpriseId).param("r", rule).query(String.class).single();
    }
}
