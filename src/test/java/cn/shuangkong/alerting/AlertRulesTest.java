package cn.shuangkong.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.alerting.internal.AlertEngine;
import cn.shuangkong.monitoring.AlarmRaised;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/** Every everyday rule: fires when it should, stays quiet when it should not, and never raises the same alert twice. */
class AlertRulesTest extends PlatformTest {

    @Autowired
    AlertEngine engine;

    @Autowired
    ApplicationEventPublisher events;

    private Instant now() {
        return clock.instant();
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    @Test
    void an_overdue_major_hazard_raises_one_alert_however_often_the_rules_run_and_one_in_time_raises_none() {
        Site late = Site.in(jdbc, Site.XINQIAO), inTime = Site.in(jdbc, Site.XINQIAO);
        long id = late.hazard("MAJOR", "RECTIFYING", now().minus(Duration.ofDays(20)), today().minusDays(1));
        inTime.hazard("MAJOR", "RECTIFYING", now().minus(Duration.ofDays(20)), today());
        engine.runAll();
        engine.runAll();
        assertThat(late.open("MAJOR_HAZARD_OVERDUE")).isEqualTo(1);
        assertThat(late.evidence("MAJOR_HAZARD_OVERDUE")).contains("重大隐患 #" + id).contains("已逾期 1 天");
        assertThat(inTime.open("MAJOR_HAZARD_OVERDUE")).as("the deadline day itself is in time").isZero();
        assertThat(late.open("HAZARD_OVERDUE")).as("a major hazard is not also a general one").isZero();
    }

    @Test
    void an_overdue_general_hazard_raises_an_alert_but_a_rectified_one_does_not() {
        Site site = Site.in(jdbc, Site.XINQIAO), done = Site.in(jdbc, Site.XINQIAO);
        site.hazard("GENERAL", "RECTIFYING", now().minus(Duration.ofDays(10)), today().minusDays(3));
        done.hazard("GENERAL", "RECTIFIED", now().minus(Duration.ofDays(10)), today().minusDays(3));
        engine.runAll();
        engine.runAll();
        assertThat(site.open("HAZARD_OVERDUE")).isEqualTo(1);
        assertThat(done.open("HAZARD_OVERDUE")).isZero();
    }

    @Test
    void tasks_due_without_any_hazard_in_thirty_days_is_a_zero_report_but_one_hazard_found_is_not() {
        Site silent = Site.in(jdbc, Site.XINQIAO), reporting = Site.in(jdbc, Site.XINQIAO);
        for (Site s : new Site[] {silent, reporting}) {
            long p = s.point("仓库", 3);
            long m = s.measure(p);
            for (int d = 1; d <= 3; d++) s.task(p, m, now().minus(Duration.ofDays(d)), true);
        }
        silent.hazard("GENERAL", "CLOSED", now().minus(Duration.ofDays(45)), null); // found before the window
        reporting.hazard("GENERAL", "CLOSED", now().minus(Duration.ofDays(5)), null);
        engine.runAll();
        engine.runAll();
        assertThat(silent.open("ZERO_REPORT")).isEqualTo(1);
        assertThat(silent.evidence("ZERO_REPORT")).contains("应排查任务 3 项").contains("期间登记隐患 0 条");
        assertThat(reporting.open("ZERO_REPORT")).isZero();
    }

    @Test
    void a_red_risk_without_measures_or_with_a_failed_one_raises_an_alert_and_a_controlled_one_does_not() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        long bare = site.point("液氨储罐", 1);
        long failed = site.point("氯化釜", 1);
        site.measure(failed);
        jdbc.sql("update risk_point set reassessment_reason = '管控措施失效：联锁未投用（排查异常，隐患 #1）', reassessment_flagged_at = now() where id = :p")
                .param("p", failed).update();
        long controlled = site.point("罐区", 1);
        site.measure(controlled);
        engine.runAll();
        engine.runAll();
        assertThat(site.open("RED_RISK_UNCONTROLLED")).isEqualTo(2);
        assertThat(jdbc.sql("select subject_key from alert where enterprise_id = :e and rule_code = 'RED_RISK_UNCONTROLLED' order by subject_key")
                .param("e", site.enterpriseId).query(String.class).list())
                .hasSize(2).anyMatch(k -> k.startsWith("risk_point:" + bare + ":")).anyMatch(k -> k.startsWith("risk_point:" + failed + ":"))
                .noneMatch(k -> k.startsWith("risk_point:" + controlled + ":"));
    }

    @Test
    void task_completion_below_the_configured_threshold_raises_an_alert_and_the_threshold_is_configuration() {
        Site half = Site.in(jdbc, Site.XINQIAO), most = Site.in(jdbc, Site.XINQIAO);
        long p1 = half.point("车间", 3), m1 = half.measure(p1);
        long p2 = most.point("车间", 3), m2 = most.measure(p2);
        for (int d = 1; d <= 10; d++) {
            half.task(p1, m1, now().minus(Duration.ofDays(d)), d <= 5);
            most.task(p2, m2, now().minus(Duration.ofDays(d)), d <= 9);
        }
        Api admin = loggedIn("admin");
        assertThat(admin.put("/api/v1/alert-rules/TASK_COMPLETION_LOW", "{\"threshold\":40}").status()).isEqualTo(200);
        try {
            engine.runAll();
            assertThat(half.open("TASK_COMPLETION_LOW")).as("50% is not below 40%").isZero();
            admin.put("/api/v1/alert-rules/TASK_COMPLETION_LOW", "{\"threshold\":80}");
            engine.runAll();
            engine.runAll();
            assertThat(half.open("TASK_COMPLETION_LOW")).isEqualTo(1);
            assertThat(half.evidence("TASK_COMPLETION_LOW")).contains("完成率 50.0%");
            assertThat(most.open("TASK_COMPLETION_LOW")).isZero();
        } finally {
            admin.put("/api/v1/alert-rules/TASK_COMPLETION_LOW", "{\"threshold\":80}");
        }
        for (String[] bad : new String[][] {{"COMMITMENT_MISSING", "99"}, {"COMMITMENT_MISSING", "10.5"}, {"TASK_COMPLETION_LOW", "101"},
                {"ZERO_REPORT", "1.5"}}) { // a threshold its unit cannot hold: the rule would read 启用 and never raise, or read another
            var r = admin.put("/api/v1/alert-rules/" + bad[0], "{\"enabled\":true,\"threshold\":" + bad[1] + "}");
            assertThat(r.status()).as(bad[0] + " " + bad[1] + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().get("errors").has("threshold")).isTrue();
        }
        assertThat(jdbc.sql("select threshold from alert_rule where code = 'COMMITMENT_MISSING'").query(java.math.BigDecimal.class).single())
                .isLessThanOrEqualTo(java.math.BigDecimal.valueOf(23));
        var refused = loggedIn("gov_city").put("/api/v1/alert-rules/TASK_COMPLETION_LOW", "{\"threshold\":1}");
        assertThat(refused.status()).as("regulators run rules but do not configure them").isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from audit_record where action = '配置预警规则' and entity_id = 'TASK_COMPLETION_LOW'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void an_unfiled_register_raises_an_alert_and_a_changed_register_raises_another() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        site.point("配电房", 4);
        engine.runAll();
        engine.runAll();
        assertThat(site.open("REGISTER_NOT_FILED")).isEqualTo(1);
        assertThat(site.evidence("REGISTER_NOT_FILED")).contains("风险清单从未备案");
        Site empty = Site.in(jdbc, Site.XINQIAO);
        engine.runAll();
        assertThat(empty.open("REGISTER_NOT_FILED")).as("no register yet, nothing to file").isZero();
    }

    @Test
    void a_missing_daily_commitment_raises_an_alert_after_the_deadline_hour_and_a_published_one_does_not() {
        Site missing = Site.in(jdbc, Site.XINQIAO), published = Site.in(jdbc, Site.XINQIAO);
        missing.point("罐区", 2);
        published.point("罐区", 2);
        Instant start = now();
        try {
            // forward to 11:00 tomorrow, Beijing time: past the 10:00 deadline
            var tomorrow = today().plusDays(1).atTime(11, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
            clock.advance(Duration.between(now(), tomorrow));
            jdbc.sql("""
                    insert into daily_commitment (enterprise_id, day, unit_states, contractors, judgement, signed_by, signer_name, signed_at)
                    values (:e, :d, '[]'::jsonb, 0, '正常', 'x', '张三', now())""").param("e", published.enterpriseId).param("d", today()).update();
            engine.runAll();
            engine.runAll();
            assertThat(missing.open("COMMITMENT_MISSING")).isEqualTo(1);
            assertThat(published.open("COMMITMENT_MISSING")).isZero();
        } finally {
            clock.set(start); // the clock is shared by every test class
        }
    }

    @Test
    void a_sensor_alarm_from_monitoring_becomes_one_alert() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        long alarmId = 9_000_000 + site.enterpriseId;
        var alarm = new AlarmRaised(alarmId, site.enterpriseId, null, "高高报", "1#储罐 液位 高高报 9.6 m (阈值 9.0 m)",
                "/monitoring/alarms/" + alarmId, now());
        events.publishEvent(alarm);
        events.publishEvent(alarm);
        OwedAlarmAlerts.awaitMade(jdbc, alarmId);
        assertThat(site.open("SENSOR_ALARM")).isEqualTo(1);
        assertThat(site.evidence("SENSOR_ALARM")).contains("高高报");
    }

    @Test
    void closing_an_alert_needs_a_note_and_only_a_regulator_closes_it_every_step_audited() {
        long chem = enterpriseIdOf("ent_chem");
        Site site = new Site(jdbc, "预警关闭测试", Site.BINJIANG);
        site.hazard("GENERAL", "RECTIFYING", now().minus(Duration.ofDays(9)), today().minusDays(2));
        engine.runAll();
        long id = jdbc.sql("select id from alert where enterprise_id = :e and rule_code = 'HAZARD_OVERDUE'")
                .param("e", site.enterpriseId).query(Long.class).single();
        Api city = loggedIn("gov_city");
        assertThat(city.post("/api/v1/alerts/" + id + "/acknowledge", "").status()).isEqualTo(200);
        var noNote = city.post("/api/v1/alerts/" + id + "/close", "{\"note\":\"  \"}");
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(noNote.contentType()).contains("problem+json");
        assertThat(noNote.json().get("errors").get("note").asString()).contains("关闭预警须填写关闭说明");
        assertThat(city.post("/api/v1/alerts/" + id + "/close", "").status()).as("no body at all").isEqualTo(400);
        var closed = city.post("/api/v1/alerts/" + id + "/close", Api.json(Map.of("note", "已约谈企业负责人，隐患已于当日整改完毕")));
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.json().get("status").asString()).isEqualTo("CLOSED");
        assertThat(city.post("/api/v1/alerts/" + id + "/handle", "{\"note\":\"再写一条\"}").status()).as("closed is final").isEqualTo(409);
        engine.runAll();
        assertThat(site.open("HAZARD_OVERDUE")).as("what a regulator closed with a note does not come back by itself").isZero();
        assertThat(jdbc.sql("select string_agg(action, ',' order by id) from audit_record where entity_type = 'alert' and entity_id = :id")
                .param("id", String.valueOf(id)).query(String.class).single()).isEqualTo("触发预警,确认预警,关闭预警");

        // the enterprise acknowledges and handles its own alerts but cannot close them
        long chemAlert = jdbc.sql("""
                insert into alert (rule_code, subject_key, enterprise_id, region_code, severity, title, evidence, raised_at, last_seen_at)
                values ('ZERO_REPORT', 'test:' || gen_random_uuid(), :e, '321282401', 'MEDIUM', '测试预警', '证据', now(), now()) returning id
                """).param("e", chem).query(Long.class).single();
        Api ent = loggedIn("ent_chem");
        assertThat(ent.post("/api/v1/alerts/" + chemAlert + "/handle", "{\"note\":\"已组织全员隐患排查\"}").status()).isEqualTo(200);
        assertThat(ent.post("/api/v1/alerts/" + chemAlert + "/close", "{\"note\":\"想关掉\"}").status()).isEqualTo(403);
        assertThat(loggedIn("ent_mech").get("/api/v1/alerts/" + chemAlert).status()).as("another enterprise's alert").isEqualTo(404);
    }

    @Test
    void gov_town_sees_only_alerts_of_xinqiao_and_both_sides_are_told() {
        Site town = Site.in(jdbc, Site.XINQIAO), binjiang = Site.in(jdbc, Site.BINJIANG);
        town.point("无措施红色风险", 1);
        binjiang.point("无措施红色风险", 1);
        engine.runAll();
        long townAlert = jdbc.sql("select id from alert where enterprise_id = :e and rule_code = 'RED_RISK_UNCONTROLLED'")
                .param("e", town.enterpriseId).query(Long.class).single();
        long binjiangAlert = jdbc.sql("select id from alert where enterprise_id = :e and rule_code = 'RED_RISK_UNCONTROLLED'")
                .param("e", binjiang.enterpriseId).query(Long.class).single();
        Api govTown = loggedIn("gov_town");
        var list = govTown.get("/api/v1/alerts?size=200&open=true").json();
        assertThat(list.get("total").asLong()).isPositive();
        list.get("items").forEach(a -> assertThat(a.get("regionCode").asString()).startsWith(Site.XINQIAO));
        assertThat(govTown.get("/api/v1/alerts/" + townAlert).status()).isEqualTo(200);
        assertThat(govTown.get("/api/v1/alerts/" + binjiangAlert).status()).isEqualTo(404);
        assertThat(govTown.post("/api/v1/alerts/" + binjiangAlert + "/close", "{\"note\":\"越权\"}").status()).isEqualTo(404);
        assertThat(loggedIn("gov_city").get("/api/v1/alerts/" + binjiangAlert).status()).isEqualTo(200);
        var notified = jdbc.sql("select username from alert_notice where alert_id = :a").param("a", townAlert).query(String.class).list();
        assertThat(notified).contains("gov_city", "gov_town");
        assertThat(jdbc.sql("select username from alert_notice where alert_id = :a").param("a", binjiangAlert).query(String.class).list())
                .contains("gov_city").doesNotContain("gov_town");
    }

    @Autowired
    cn.shuangkong.alerting.internal.Alerts alerts;

    /** An alert's detail resolves the alert in the caller's scope in the service before its timeline is read (ADR 0076). */
    @Test
    void another_enterprises_or_towns_alert_detail_is_not_found_by_the_service_itself() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        site.hazard("GENERAL", "RECTIFYING", now().minus(Duration.ofDays(9)), today().minusDays(2));
        engine.runAll();
        long id = jdbc.sql("select id from alert where enterprise_id = :e and rule_code = 'HAZARD_OVERDUE'")
                .param("e", site.enterpriseId).query(Long.class).single();
        assertThat(loggedIn("gov_city").post("/api/v1/alerts/" + id + "/acknowledge", "").status()).isEqualTo(200);

        var chem = cn.shuangkong.shared.Jurisdiction.enterprise(enterpriseIdOf("ent_chem"), "本企业");
        var binjiang = cn.shuangkong.shared.Jurisdiction.regulator(Site.BINJIANG, java.util.List.of(), "滨江新区");
        for (var other : java.util.List.of(chem, binjiang)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> alerts.detail(other, id)).isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        }
        var own = alerts.detail(cn.shuangkong.shared.Jurisdiction.enterprise(site.enterpriseId, "本企业"), id);
        assertThat(own.alert().id()).isEqualTo(id);
        assertThat(own.timeline()).as("the acknowledgement is on the timeline").isNotEmpty();
    }
}
