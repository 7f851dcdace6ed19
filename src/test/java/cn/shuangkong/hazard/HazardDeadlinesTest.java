package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.hazard.internal.HazardDeadlines;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Deadlines driven by the application clock: a reminder before, 逾期 and escalation after, each exactly once. */
class HazardDeadlinesTest extends PlatformTest {

    @Autowired
    HazardDeadlines deadlines;

    private Instant start;

    @BeforeEach
    void remember() {
        start = clock.instant();
    }

    @AfterEach
    void restore() {
        clock.set(start); // other tests share the clock
    }

    long assigned(String title, LocalDate deadline, boolean major) {
        Api chem = loggedIn("ent_chem");
        var body = HazardApiTest.report("SELF_CHECK", title);
        if (major) body.put("majorReason", "涉及重大危险源罐区，可能导致火灾爆炸");
        if (major) body.put("level", "MAJOR");
        var created = chem.post("/api/v1/hazards", Api.json(body));
        long id = created.json().get("id").asLong();
        var r = chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem", deadline)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return id;
    }

    long notices(long hazardId, String username, String kind) {
        return jdbc.sql("select count(*) from notice where hazard_id = :h and username = :u and kind = :k")
                .param("h", hazardId).param("u", username).param("k", kind).query(Long.class).single();
    }

    @Test
    void a_hazard_past_its_deadline_is_marked_overdue_and_escalated_once_however_often_the_job_runs() {
        LocalDate today = LocalDate.now(clock);
        long id = assigned("储罐呼吸阀堵塞", today.plusDays(1), true);
        assertThat(notices(id, "worker_chem", "ASSIGNED")).isEqualTo(1);

        deadlines.sweep();
        assertThat(notices(id, "worker_chem", "DUE_SOON")).as("reminded ahead of the deadline").isEqualTo(1);
        assertThat(overdue(id)).isFalse();

        clock.advance(Duration.ofDays(1));
        deadlines.sweep();
        assertThat(overdue(id)).as("the deadline day itself is still in time").isFalse();

        clock.advance(Duration.ofDays(1));
        deadlines.sweep();
        deadlines.sweep();
        assertThat(overdue(id)).isTrue();
        assertThat(notices(id, "worker_chem", "OVERDUE")).isEqualTo(1);
        assertThat(notices(id, "ent_chem", "ESCALATED")).isEqualTo(1);
        assertThat(notices(id, "gov_city", "ESCALATED")).as("a 重大隐患 escalates to the regulators").isEqualTo(1);
        assertThat(notices(id, "worker_chem", "DUE_SOON")).as("no second reminder").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_record where entity_type = 'hazard' and entity_id = :id and action = '逾期升级'")
                .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);

        var overdueList = loggedIn("ent_chem").get("/api/v1/hazards?overdue=true&size=200").json();
        assertThat(HazardApiTest.ids(overdueList)).contains(id);
    }

    @Test
    void two_instances_sweeping_at_the_same_moment_escalate_a_late_hazard_once() throws Exception {
        LocalDate today = LocalDate.now(clock);
        long id = assigned("泄压阀排放口朝向通道", today, false);
        clock.advance(Duration.ofDays(2));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.Callable<HazardDeadlines.Sweep> sweep = () -> {
                start.await();
                return deadlines.sweep();
            };
            var a = pool.submit(sweep);
            var b = pool.submit(sweep);
            start.countDown();
            a.get();
            b.get();
        } finally {
            pool.shutdown();
        }
        assertThat(overdue(id)).isTrue();
        assertThat(notices(id, "worker_chem", "OVERDUE")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_record where entity_type = 'hazard' and entity_id = :id and action = '逾期升级'")
                .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void an_approved_extension_lifts_overdue() {
        LocalDate today = LocalDate.now(clock);
        long id = assigned("围堰排水阀常开", today, false);
        clock.advance(Duration.ofDays(2));
        deadlines.sweep();
        assertThat(overdue(id)).isTrue();
        loggedIn("worker_chem").post("/api/v1/hazards/" + id + "/extension",
                Api.json(Map.of("deadline", today.plusDays(10).toString(), "reason", "阀门备件未到")));
        loggedIn("ent_chem").post("/api/v1/hazards/" + id + "/extension/decision", "{\"approved\":true}");
        assertThat(overdue(id)).isFalse();
    }

    @Test
    void a_mark_made_while_the_clock_was_ahead_is_lifted_once_the_clock_is_right_again() {
        LocalDate today = LocalDate.now(clock);
        long id = assigned("静电接地线断开", today.plusDays(1), false);
        clock.advance(Duration.ofDays(3)); // the server's clock runs ahead …
        deadlines.sweep();
        assertThat(overdue(id)).isTrue();
        clock.set(start); // … and is corrected
        deadlines.sweep();
        assertThat(overdue(id)).as("its deadline is tomorrow: not 逾期").isFalse();
        assertThat(HazardApiTest.ids(loggedIn("ent_chem").get("/api/v1/hazards?overdue=true&size=200").json())).doesNotContain(id);
        assertThat(jdbc.sql("select summary from audit_record where entity_type = 'hazard' and entity_id = :id and action = '撤销逾期'")
                .param("id", String.valueOf(id)).query(String.class).list()).singleElement().asString().contains("整改期限 " + today.plusDays(1));
    }

    private boolean overdue(long id) {
        return jdbc.sql("select overdue from hazard where id = :id").param("id", id).query(Boolean.class).single();
    }
}
