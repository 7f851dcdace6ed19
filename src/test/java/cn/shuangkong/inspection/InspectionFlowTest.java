package cn.shuangkong.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.inspection.internal.InspectionScheduler;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;

class InspectionFlowTest extends PlatformTest {

    @Autowired
    InspectionScheduler scheduler;

    @Autowired
    Inspections inspections;

    @Autowired
    cn.shuangkong.risk.internal.RiskRegistry registry;

    @Autowired
    cn.shuangkong.organization.OrgStructure structure;

    /** A fresh enterprise's pump room with one daily check held by its inspector; today's task of it is open. */
    private record Round(cn.shuangkong.support.TestActor inspector, long point, long task) { }

    private Round round() {
        var site = cn.shuangkong.support.FreshEnterprise.create(jdbc, "并发排查测试");
        var platform = cn.shuangkong.shared.Jurisdiction.platform();
        long employee = structure.addEmployee(site.id(), null, "巡检工", null, "巡检工");
        long point = registry.createPoint(platform, site.id(), new cn.shuangkong.risk.internal.RiskDrafts.PointDraft("FXD-001", "泵房",
                "AREA", site.unitId(), null, null, false, null)).id();
        long event = registry.addEvent(platform, point, new cn.shuangkong.risk.internal.RiskDrafts.EventDraft("机封泄漏着火",
                "机械密封失效，物料泄漏遇点火源", "2203", List.of("08"), "火灾"));
        long measure = registry.addMeasure(platform, point, new cn.shuangkong.risk.internal.RiskDrafts.MeasureDraft("MANAGEMENT",
                "每日检查泵机械密封", null, site.unitId(), employee, "机械密封无泄漏", java.math.BigDecimal.ONE, "DAY", List.of(event)));
        scheduler.runOnce();
        long task = jdbc.sql("select id from inspection_task where measure_id = :m and status = 'PENDING'").param("m", measure)
                .query(Long.class).single();
        return new Round(new cn.shuangkong.support.TestActor(site.id(), employee, java.util.Set.of("inspection:task:do")), point, task);
    }

    private static Inspections.Submission normal(Round r, String clientKey) {
        return new Inspections.Submission(r.point(), null, List.of(new Inspections.Answer(r.task(), Inspections.Result.NORMAL,
                null, null, null)), null, null, clientKey);
    }

    /**
     * A phone that resends its submission while the first is still being saved (a slow network): both once found no
     * record of the client key and both inserted one; the second broke the key's unique index, a raw conflict instead of
     * the first's record. Submissions at one risk point now take turns: every resend answers the one record.
     */
    @Test
    void a_submission_resent_at_the_same_moment_is_recorded_once() throws Exception {
        Round r = round();
        var outcomes = cn.shuangkong.support.AtOnce.run(6, i -> inspections.submit(r.inspector(), normal(r, "phone-resend-1")));
        assertThat(outcomes).hasSize(6).allSatisfy(o -> assertThat(o.failure()).as("every resend answered").isNull());
        assertThat(outcomes.stream().filter(o -> o.value().created())).as("one of them records").hasSize(1);
        assertThat(outcomes).extracting(o -> o.value().recordId()).containsOnly(outcomes.get(0).value().recordId());
        assertThat(jdbc.sql("select count(*) from inspection_record where enterprise_id = :e").param("e", r.inspector().enterprise())
                .query(Long.class).single()).isEqualTo(1);
    }

    /**
     * Two phones answering the same task at once (two inspectors of one post): the second once broke the one answer per
     * task index (a raw conflict); it now waits, finds the task done, and is told so in words.
     */
    @Test
    void two_submissions_of_one_task_at_the_same_moment_record_it_once_and_tell_the_other_it_is_done() throws Exception {
        Round r = round();
        var outcomes = cn.shuangkong.support.AtOnce.run(4, i -> inspections.submit(r.inspector(), normal(r, "phone-" + i)));
        assertThat(outcomes).hasSize(4);
        assertThat(outcomes.stream().filter(o -> o.succeeded())).as("one records the task").hasSize(1);
        assertThat(outcomes.stream().filter(o -> !o.succeeded())).allSatisfy(o -> {
            assertThat(o.failure()).isInstanceOf(cn.shuangkong.shared.DomainException.class);
            assertThat(((cn.shuangkong.shared.DomainException) o.failure()).status().value()).isEqualTo(400);
            assertThat(o.failure().getMessage()).contains("可能已完成");
        });
        assertThat(jdbc.sql("select count(*) from inspection_answer where task_id = :t").param("t", r.task()).query(Long.class).single())
                .isEqualTo(1);
    }

    private long duplicates() {
        return jdbc.sql("select count(*) from (select 1 from inspection_task group by measure_id, period_start having count(*) > 1) d")
                .query(Long.class).single();
    }

    @Test
    void two_instances_generating_at_the_same_moment_create_each_period_once() throws Exception {
        Callable<InspectionScheduler.Run> instance = scheduler::runOnce;
        var pool = Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(instance);
            var b = pool.submit(instance);
            a.get();
            b.get();
        } finally {
            pool.shutdown();
        }
        long tasks = jdbc.sql("select count(*) from inspection_task").query(Long.class).single();
        assertThat(tasks).isPositive();
        assertThat(duplicates()).isZero();
        assertThat(scheduler.runOnce().generated()).isZero(); // a third run in the same period finds nothing to do
    }

    @Test
    void after_downtime_the_missed_periods_are_caught_up_without_duplicates_and_the_unfinished_ones_are_overdue() {
        scheduler.runOnce();
        long measureId = jdbc.sql("""
                select m.id from control_measure m where m.check_cycle_unit = 'DAY' and m.check_cycle = 1 order by m.id limit 1
                """).query(Long.class).single();
        // Another test may have moved the shared clock ahead and back: the periods generated then are already there, so
        // the downtime starts after the measure's latest period.
        Instant latest = jdbc.sql("select max(period_start) from inspection_task where measure_id = :m")
                .param("m", measureId).query(Timestamp.class).single().toInstant();
        if (latest.isAfter(clock.instant())) {
            clock.set(latest.plus(Duration.ofHours(1)));
            scheduler.runOnce();
        }
        long before = jdbc.sql("select count(*) from inspection_task where measure_id = :m").param("m", measureId).query(Long.class).single();
        Timestamp lastBefore = jdbc.sql("select max(period_start) from inspection_task where measure_id = :m")
                .param("m", measureId).query(Timestamp.class).single();
        clock.advance(Duration.ofDays(3));
        scheduler.runOnce(); // or the scheduler's own run, if it came first at the moved clock: the tasks are the same
        long after = jdbc.sql("select count(*) from inspection_task where measure_id = :m").param("m", measureId).query(Long.class).single();
        assertThat(after - before).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from inspection_task where measure_id = :m and period_start > :p and status = 'OVERDUE'")
                .param("m", measureId).param("p", lastBefore).query(Long.class).single())
                .as("the two missed days whose windows closed in the downtime").isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from inspection_task where measure_id = :m and status = 'PENDING' and due_at <= :now")
                .param("m", measureId).param("now", Timestamp.from(clock.instant())).query(Long.class).single())
                .as("no closed window left pending").isZero();
        assertThat(duplicates()).isZero();
        assertThat(jdbc.sql("select count(*) from inspection_task where measure_id = :m and status = 'PENDING'")
                .param("m", measureId).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_worker_answers_todays_tasks_and_an_abnormal_answer_opens_a_hazard_at_the_risk_point() {
        scheduler.runOnce();
        Api worker = loggedIn("worker_chem");
        JsonNode mine = worker.get("/api/v1/inspection/tasks/mine").json();
        assertThat(mine.size()).as("worker_chem has open tasks from the tank farm's measures").isPositive();
        long point = mine.get(0).get("riskPointId").asLong();
        List<Map<String, Object>> answers = new ArrayList<>();
        long abnormalTask = -1;
        for (JsonNode t : mine) {
            if (t.get("riskPointId").asLong() != point) continue;
            boolean first = abnormalTask < 0;
            if (first) abnormalTask = t.get("id").asLong();
            answers.add(first ? Map.of("taskId", t.get("id").asLong(), "result", "ABNORMAL", "note", "呼吸阀阻火器锈蚀，开启不灵活")
                    : Map.of("taskId", t.get("id").asLong(), "result", "NORMAL"));
        }
        String body = Api.json(Map.of("riskPointId", point, "answers", answers, "clientKey", "tablet-20261123-001"));
        var response = worker.post("/api/v1/inspection/records", body);
        assertThat(response.status()).isEqualTo(201);
        long hazard = response.json().get("hazardIds").get(0).asLong();
        var h = jdbc.sql("select source, risk_point_id, description from hazard where id = :h").param("h", hazard)
                .query((rs, i) -> List.of(rs.getString(1), rs.getLong(2), rs.getString(3))).single();
        assertThat(h.get(0)).isEqualTo("SELF_CHECK");
        assertThat(h.get(1)).isEqualTo(point);
        assertThat((String) h.get(2)).contains("呼吸阀阻火器锈蚀");
        assertThat(jdbc.sql("select reassessment_reason from risk_point where id = :p").param("p", point).query(String.class).single())
                .as("a failed control measure flags its risk point for re-assessment").startsWith("管控措施失效");

        // The tablet retries the same submission: recorded once.
        var retry = worker.post("/api/v1/inspection/records", body);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("recordId").asLong()).isEqualTo(response.json().get("recordId").asLong());
        long finalAbnormal = abnormalTask;
        assertThat(jdbc.sql("select status from inspection_task where id = :t").param("t", finalAbnormal).query(String.class).single())
                .isEqualTo("DONE");
        // every task answered (marked in one statement) is done by this record, at its submission
        List<Long> answered = answers.stream().map(a -> (Long) a.get("taskId")).toList();
        assertThat(answered).hasSizeGreaterThan(1);
        assertThat(jdbc.sql("""
                select count(*) from inspection_task t join inspection_record r on r.id = t.record_id
                 where t.id = any(:t) and t.status = 'DONE' and t.done_at = r.submitted_at and r.id = :r""")
                .param("t", answered.toArray(Long[]::new)).param("r", response.json().get("recordId").asLong())
                .query(Long.class).single()).isEqualTo(answered.size());
        assertThatThrownBy(() -> jdbc.sql("update inspection_record set inspector = 'someone_else'").update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("cannot be changed");
    }

    @Test
    void an_abnormal_answer_without_a_description_is_refused_and_nothing_is_recorded() {
        scheduler.runOnce();
        Api worker = loggedIn("worker_chem");
        JsonNode mine = worker.get("/api/v1/inspection/tasks/mine").json();
        JsonNode task = mine.get(0);
        long records = jdbc.sql("select count(*) from inspection_record").query(Long.class).single();
        var response = worker.post("/api/v1/inspection/records", Api.json(Map.of("riskPointId", task.get("riskPointId").asLong(),
                "answers", List.of(Map.of("taskId", task.get("id").asLong(), "result", "ABNORMAL")))));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("异常须写明发现的问题");
        assertThat(jdbc.sql("select count(*) from inspection_record").query(Long.class).single()).isEqualTo(records);
    }

    @Test
    void another_enterprise_cannot_inspect_or_see_the_tasks() {
        scheduler.runOnce();
        long chemPoint = jdbc.sql("select p.id from risk_point p join user_account u on u.enterprise_id = p.enterprise_id where u.username = 'ent_chem' limit 1")
                .query(Long.class).single();
        var response = loggedIn("ent_mech").post("/api/v1/inspection/records",
                Api.json(Map.of("riskPointId", chemPoint, "answers", List.of())));
        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void an_outage_suspends_the_risk_points_tasks_and_they_count_neither_done_nor_overdue() {
        scheduler.runOnce();
        LocalDate today = LocalDate.now(clock);
        String inWindow = """
                 and period_start < ((cast(:b as date) + 1)::timestamp at time zone 'Asia/Shanghai')
                 and due_at > (cast(:a as date)::timestamp at time zone 'Asia/Shanghai')""";
        // A point with a task to do and none done in the outage's days: a check made before the outage was recorded
        // stays done (other tests inspect the demo's points today), and the test is about what the outage suspends.
        long point = jdbc.sql("""
                select t.risk_point_id from inspection_task t where t.status = 'PENDING'
                   and not exists (select 1 from inspection_task d where d.risk_point_id = t.risk_point_id and d.status = 'DONE'""" + inWindow + """
                ) order by t.id desc limit 1""").param("a", today.minusDays(1)).param("b", today.plusDays(2)).query(Long.class).single();
        long enterprise = jdbc.sql("select enterprise_id from risk_point where id = :p").param("p", point).query(Long.class).single();
        // The scope is the service's: another enterprise's manager gets a 404 and suspends nothing.
        assertThatThrownBy(() -> scheduler.recordOutage(new ChecklistTest.Manager(enterprise + 1_000_000), point,
                today.minusDays(1), today.plusDays(2), "储罐清罐检修")).isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        assertThat(jdbc.sql("select count(*) from inspection_task where risk_point_id = :p and status = 'PENDING'" + inWindow).param("p", point)
                .param("a", today.minusDays(1)).param("b", today.plusDays(2)).query(Long.class).single()).isPositive();
        scheduler.recordOutage(new ChecklistTest.Manager(enterprise), point, today.minusDays(1), today.plusDays(2), "储罐清罐检修");
        assertThat(jdbc.sql("select count(*) from inspection_task where risk_point_id = :p and status = 'PENDING'" + inWindow).param("p", point)
                .param("a", today.minusDays(1)).param("b", today.plusDays(2)).query(Long.class).single()).isZero();
        clock.advance(Duration.ofDays(1));
        scheduler.runOnce();
        assertThat(jdbc.sql("select id || ' ' || status || ' ' || period_start || ' → ' || due_at from inspection_task"
                        + " where risk_point_id = :p and status <> 'SUSPENDED'" + inWindow)
                .param("p", point).param("a", today.minusDays(1)).param("b", today.plusDays(2)).query(String.class).list()).isEmpty();
    }

    @Test
    void a_task_marked_overdue_while_the_clock_was_ahead_is_to_do_again_once_the_clock_is_right() {
        scheduler.runOnce();
        Instant now = clock.instant();
        var open = jdbc.sql("select id, due_at from inspection_task where status = 'PENDING' and period_start <= :t and due_at > :t order by due_at limit 1")
                .param("t", Timestamp.from(now)).query((rs, i) -> new Object[] {rs.getLong(1), rs.getTimestamp(2).toInstant()}).single();
        long task = (Long) open[0];
        clock.set(((Instant) open[1]).plusSeconds(60)); // the server's clock runs ahead past the window …
        scheduler.runOnce();
        assertThat(status(task)).isEqualTo("OVERDUE");
        clock.set(now); // … and is corrected: the window is open again
        scheduler.runOnce();
        assertThat(status(task)).as("a check that can still be made is not 逾期").isEqualTo("PENDING");
    }

    private String status(long task) {
        return jdbc.sql("select status from inspection_task where id = :id").param("id", task).query(String.class).single();
    }
}
