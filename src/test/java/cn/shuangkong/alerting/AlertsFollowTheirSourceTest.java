package cn.shuangkong.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.alerting.internal.AlertEngine;
import cn.shuangkong.alerting.internal.Alerts;
import cn.shuangkong.risk.RiskFilings;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.Sensors;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every rule's alert follows what it is about: once the condition has cleared, the next run (or, for a sensor alarm, its
 * clearing) closes the alert as 自动解除, with the time and the fact that cleared it, audited.
 */
class AlertsFollowTheirSourceTest extends PlatformTest {

    @Autowired AlertEngine engine;
    @Autowired RiskFilings filings;

    private record Row(long id, String status, boolean autoResolved, String closedBy, Instant closedAt, String closingNote) { }

    private Row latest(Site site, String rule) {
        return jdbc.sql("""
                select id, status, auto_resolved, closed_by, closed_at, closing_note from alert
                 where enterprise_id = :e and rule_code = :r order by id desc limit 1""")
                .param("e", site.enterpriseId).param("r", rule).query(Row.class).single();
    }

    /** The site's alert for the rule closed itself now, saying what cleared it; the step is on its timeline and audited. */
    private Row assertAutoResolved(Site site, String rule, String... fact) {
        Row a = latest(site, rule);
        assertThat(a.status()).isEqualTo("CLOSED");
        assertThat(a.autoResolved()).isTrue();
        assertThat(a.closedBy()).isEqualTo("system");
        assertThat(Duration.between(a.closedAt(), clock.instant()).abs()).as("closed now").isLessThan(Duration.ofMillis(1));
        assertThat(a.closingNote()).startsWith("自动解除：").contains(fact);
        assertThat(jdbc.sql("select count(*) from alert_action where alert_id = :a and action = 'AUTO_RESOLVED'").param("a", a.id())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_record where entity_type = 'alert' and entity_id = :id and action = '自动解除预警'")
                .param("id", String.valueOf(a.id())).query(Long.class).single()).isEqualTo(1);
        assertThat(site.open(rule)).isZero();
        return a;
    }

    private Instant now() {
        return clock.instant();
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    @Test
    void an_overdue_hazard_alert_closes_itself_once_the_hazard_is_rectified() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        long hazard = site.hazard("GENERAL", "RECTIFYING", now().minus(Duration.ofDays(10)), today().minusDays(2));
        engine.runAll();
        assertThat(site.open("HAZARD_OVERDUE")).isEqualTo(1);
        jdbc.sql("update hazard set state = 'RECTIFIED', rectified_at = :t where id = :h")
                .param("t", Timestamp.from(now())).param("h", hazard).update();
        engine.runAll();
        assertAutoResolved(site, "HAZARD_OVERDUE", "隐患已于 " + Alerts.format(now()) + " 整改完成", "整改完成待验收");
    }

    @Test
    void an_overdue_major_hazard_alert_closes_itself_when_its_deadline_is_extended() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        long hazard = site.hazard("MAJOR", "RECTIFYING", now().minus(Duration.ofDays(30)), today().minusDays(1));
        engine.runAll();
        assertThat(site.open("MAJOR_HAZARD_OVERDUE")).isEqualTo(1);
        jdbc.sql("update hazard set deadline = :d where id = :h").param("d", today().plusDays(10)).param("h", hazard).update();
        engine.runAll();
        assertAutoResolved(site, "MAJOR_HAZARD_OVERDUE", "整改期限已由 " + today().minusDays(1) + " 调整为 " + today().plusDays(10));
    }

    @Test
    void a_zero_report_alert_closes_itself_when_the_enterprise_reports_a_hazard() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        long p = site.point("仓库", 3), m = site.measure(p);
        for (int d = 1; d <= 3; d++) site.task(p, m, now().minus(Duration.ofDays(d)), true);
        engine.runAll();
        assertThat(site.open("ZERO_REPORT")).isEqualTo(1);
        site.hazard("GENERAL", "REGISTERED", now(), today().plusDays(7));
        engine.runAll();
        assertAutoResolved(site, "ZERO_REPORT", "企业已于 " + Alerts.format(now()) + " 登记隐患");
    }

    @Test
    void a_red_risk_alert_closes_itself_once_measures_are_in_place_and_comes_back_when_they_are_gone() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        long point = site.point("液氨储罐", 1);
        engine.runAll();
        assertThat(site.open("RED_RISK_UNCONTROLLED")).isEqualTo(1);
        long measure = site.measure(point);
        engine.runAll();
        long first = assertAutoResolved(site, "RED_RISK_UNCONTROLLED", "已有管控措施 1 项").id();

        jdbc.sql("delete from control_measure where id = :m").param("m", measure).update();
        engine.runAll();
        assertThat(site.open("RED_RISK_UNCONTROLLED")).as("what closed itself comes back when the condition does").isEqualTo(1);
        assertThat(latest(site, "RED_RISK_UNCONTROLLED").id()).isNotEqualTo(first);
    }

    @Test
    void a_low_completion_alert_closes_itself_when_the_tasks_are_done() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        long p = site.point("车间", 3), m = site.measure(p);
        for (int d = 1; d <= 4; d++) site.task(p, m, now().minus(Duration.ofDays(d)), d <= 2);
        engine.runAll();
        assertThat(site.open("TASK_COMPLETION_LOW")).isEqualTo(1);
        jdbc.sql("update inspection_task set status = 'DONE', done_at = due_at where enterprise_id = :e").param("e", site.enterpriseId).update();
        engine.runAll();
        assertAutoResolved(site, "TASK_COMPLETION_LOW", "完成率已达 100.0%");
    }

    /** The enterprise's 主要负责人, signing its 备案. */
    private record Principal(Long enterpriseId) implements Actor {
        public String username() { return "principal_test"; }
        public String displayName() { return "钱主任"; }
        public Jurisdiction jurisdiction() { return Jurisdiction.enterprise(enterpriseId, "本企业"); }
        public Long serviceOrgId() { return null; }
        public Long employeeId() { return null; }
        public boolean can(String permission) { return true; }
    }

    @Test
    void a_register_never_filed_alert_closes_itself_once_the_register_is_filed() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        site.point("配电房", 4);
        engine.runAll();
        assertThat(site.open("REGISTER_NOT_FILED")).isEqualTo(1);
        assertThat(site.evidence("REGISTER_NOT_FILED")).contains("风险清单从未备案");
        var filing = filings.submit(new Principal(site.enterpriseId), site.enterpriseId);
        // at once, not at the next run of the rules
        assertAutoResolved(site, "REGISTER_NOT_FILED", "风险清单已于 " + Alerts.format(filing.signedAt()) + " 备案（第 1 版，钱主任 签署）");
    }

    @Test
    void a_missing_commitment_alert_closes_itself_when_that_day_is_published_late() {
        Instant start = clock.instant();
        try {
            Site site = Site.in(jdbc, Site.XINQIAO);
            site.point("罐区", 2);
            // 11:00 tomorrow, Beijing time: past the 10:00 deadline
            clock.set(today().plusDays(1).atTime(11, 0).atZone(clock.getZone()).toInstant());
            engine.runAll();
            assertThat(site.open("COMMITMENT_MISSING")).isEqualTo(1);
            clock.advance(Duration.ofMinutes(20));
            jdbc.sql("""
                    insert into daily_commitment (enterprise_id, day, unit_states, contractors, judgement, signed_by, signer_name, signed_at)
                    values (:e, :d, '[]'::jsonb, 0, '正常', 'principal_test', '钱主任', :t)""")
                    .param("e", site.enterpriseId).param("d", today()).param("t", Timestamp.from(now())).update();
            engine.runAll();
            assertAutoResolved(site, "COMMITMENT_MISSING", today() + " 的安全承诺公告已于 " + Alerts.format(now()) + " 由 钱主任 签署发布");
        } finally {
            clock.set(start);
        }
    }

    @Test
    void a_sensor_alert_closes_itself_when_its_alarm_is_cleared_and_the_screen_shows_each_alarm_as_it_stands() {
        // The screen lists the city's 20 newest alarms not yet cleared, so this test's alarm is made the newest, whatever
        // other tests (or the clock they moved) left open; the clock follows if that is later than the readings allow,
        // and the test signs in after it has moved (a day on, a token of before has expired).
        Instant start = now();
        Instant newest = jdbc.sql("""
                select max(a.raised_at) from alarm a join enterprise e on e.id = a.enterprise_id
                 where a.state <> 'CLEARED' and e.region_code like '321282%'""").query(Timestamp.class).optional()
                .map(Timestamp::toInstant).orElse(Instant.EPOCH);
        Instant t = java.util.Collections.max(List.of(start.minus(Duration.ofMinutes(10)), newest.plusSeconds(1))).truncatedTo(ChronoUnit.SECONDS);
        if (t.plusSeconds(120).isAfter(start)) clock.set(t.plusSeconds(120));
        try {
            Api chem = loggedIn("ent_chem"), city = loggedIn("gov_city");
            sensorAlertFollowsItsAlarm(chem, city, Sensors.levelOnTankFarm(chem, jdbc, 0), t);
        } finally {
            clock.set(start);
        }
    }

    private void sensorAlertFollowsItsAlarm(Api chem, Api city, Sensors level, Instant t) {
        level.read("7.90", t);
        level.read("8.90", t.plusSeconds(30));
        long alarm = jdbc.sql("select id from alarm where point_id = :p").param("p", level.pointId).query(Long.class).single();
        OwedAlarmAlerts.awaitMade(jdbc, alarm);
        long alert = jdbc.sql("select id from alert where rule_code = 'SENSOR_ALARM' and subject_key = :s and status = 'OPEN'")
                .param("s", "alarm:" + alarm).query(Long.class).single();
        assertThat(screenAlarm(city, alarm).get("stateLabel").asString()).isEqualTo("报警中");

        assertThat(chem.post("/api/v1/monitoring/alarms/" + alarm + "/acknowledge", "{}").status()).isEqualTo(200);
        assertThat(screenAlarm(city, alarm).get("stateLabel").asString()).as("the screen follows the alarm").isEqualTo("已确认");

        level.read("8.00", t.plusSeconds(90));
        var cleared = chem.post("/api/v1/monitoring/alarms/" + alarm + "/clear", "{\"note\":\"液位已恢复\"}");
        assertThat(cleared.json().get("state").asString()).isEqualTo("CLEARED");
        OwedAlarmAlerts.awaitMade(jdbc, alarm);
        Instant clearedAt = jdbc.sql("select cleared_at from alarm where id = :a").param("a", alarm).query(Timestamp.class).single().toInstant();
        Row a = jdbc.sql("select id, status, auto_resolved, closed_by, closed_at, closing_note from alert where id = :id")
                .param("id", alert).query(Row.class).single();
        assertThat(a.status()).isEqualTo("CLOSED");
        assertThat(a.autoResolved()).isTrue();
        assertThat(a.closingNote()).isEqualTo("自动解除：报警已于 " + Alerts.formatSeconds(clearedAt) + " 消除（读数于 "
                + Alerts.formatSeconds(t.plusSeconds(90)) + " 恢复正常）");
        var detail = city.get("/api/v1/alerts/" + alert).json();
        assertThat(detail.get("alert").get("autoResolved").asBoolean()).isTrue();
        assertThat(detail.get("timeline").toString()).contains("AUTO_RESOLVED");

        // The screen lists exactly the alarms the database holds as not cleared, and this one is no longer among them.
        var onScreen = new java.util.ArrayList<Long>();
        city.get("/api/v1/dashboard").json().get("alarms").forEach(s -> onScreen.add(s.get("alarmId").asLong()));
        var uncleared = jdbc.sql("""
                select a.id from alarm a join enterprise e on e.id = a.enterprise_id
                 where a.state <> 'CLEARED' and e.region_code like '321282%' order by a.raised_at desc, a.id desc limit 20
                """).query(Long.class).list();
        assertThat(onScreen).doesNotContain(alarm).isEqualTo(uncleared);
    }

    private static JsonNode screenAlarm(Api viewer, long alarmId) {
        for (JsonNode a : viewer.get("/api/v1/dashboard").json().get("alarms")) {
            if (a.get("alarmId").asLong() == alarmId) return a;
        }
        throw new AssertionError("alarm " + alarmId + " is not on the screen");
    }
}
