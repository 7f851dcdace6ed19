package cn.shuangkong.bench;

import cn.shuangkong.inspection.internal.InspectionScheduler;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code ./bench hazard}: the demo city scaled ×100 (every enterprise copied 99 times with its posts, employees, risk
 * points and control measures), then two figures, each beside plain SQL doing the same writes in the same run:
 * inspection tasks generated per second for one day of schedules, and hazards taken from registration to 销号 per
 * second through the HTTP API. Prints figures; asserts nothing about speed.
 */
@Tag("benchmark")
@TestPropertySource(properties = "shuangkong.inspection.first-run-after=PT1000H") // the background run must not take a share
@Import(StatementCounter.class)
class HazardBenchmark extends PlatformTest {

    static final int COPIES = 99;
    static final int HAZARDS = 200;
    static final int WARM_UP = 40;
    static final int CLIENTS = 8;

    @Autowired
    InspectionScheduler scheduler;

    @Autowired
    JdbcTemplate template;

    HazardLoop loop;

    @Test
    void tasks_generated_and_hazards_closed_per_second_beside_plain_sql() {
        loop = new HazardLoop(jdbc, superuser(), template, clock);
        loop.scaleDemo(COPIES);
        long enterprises = count("enterprise"), points = count("risk_point"), measures = count("control_measure");
        System.out.printf("%n=== ./bench hazard — demo ×%d: %d enterprises, %d risk points, %d control measures ===%n",
                COPIES + 1, enterprises, points, measures);
        generation();
        closedLoop();
    }

    /** One day of schedules: every measure created a day ago, no tasks yet; one scheduler run creates them all. */
    private void generation() {
        jdbc.sql("delete from inspection_task t where not exists (select 1 from inspection_answer a where a.task_id = t.id)").update();
        jdbc.sql("update control_measure set created_at = :t").param("t", Timestamp.from(clock.instant().minusSeconds(86_400))).update();
        long t0 = System.nanoTime();
        int generated = scheduler.runOnce().generated();
        double schedulerSeconds = (System.nanoTime() - t0) / 1e9;

        // The same rows written by plain SQL: batched multi-row INSERTs of exactly what the scheduler created.
        List<Object[]> rows = template.query("""
                select enterprise_id, risk_point_id, measure_id, period_start, due_at, status from inspection_task t
                 where not exists (select 1 from inspection_answer a where a.task_id = t.id)""",
                (rs, i) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getTimestamp(4), rs.getTimestamp(5), rs.getString(6)});
        jdbc.sql("delete from inspection_task t where not exists (select 1 from inspection_answer a where a.task_id = t.id)").update();
        long t1 = System.nanoTime();
        template.batchUpdate("""
                insert into inspection_task (enterprise_id, risk_point_id, measure_id, period_start, due_at, status)
                values (?, ?, ?, ?, ?, ?)""", rows, 1000, (ps, r) -> {
            for (int i = 0; i < r.length; i++) ps.setObject(i + 1, r[i]);
        });
        double sqlSeconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf("Inspection tasks, one day of schedules: %d tasks%n", generated);
        System.out.printf("  InspectionScheduler.runOnce (set-based, periods + outages + once-per-period key): %8.0f tasks/s (%.2f s)%n",
                generated / schedulerSeconds, schedulerSeconds);
        System.out.printf("  plain SQL, the same rows as batched INSERTs (1000 a batch):                    %8.0f tasks/s (%.2f s)%n",
                rows.size() / sqlSeconds, sqlSeconds);
    }

    /**
     * Registration → 限期整改 → 整改完成 (with an after-photo) → 验收 → 销号, over HTTP as another system would: warmed up
     * first, then one client, then {@link #CLIENTS} clients at once, each beside plain SQL doing the same writes with as
     * many connections. The statements the platform runs per API call are counted at its connection pool.
     */
    private void closedLoop() {
        long chem = enterpriseIdOf("ent_chem");
        List<Api[]> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) clients.add(new Api[] {loggedIn("ent_chem"), loggedIn("worker_chem")});
        String deadline = LocalDate.now(clock).plusDays(7).toString();
        loop.apiLoop(clients.subList(0, 1), WARM_UP, "warm");
        loop.sqlLoop(chem, 1, WARM_UP, deadline, "warm");

        System.out.printf("Hazards from registration to 销号 (register, assign, complete with photo, accept), warm (%d first): %d hazards a run%n",
                WARM_UP, HAZARDS);
        long statements0 = StatementCounter.statements.get(), commits0 = StatementCounter.commits.get();
        StatementCounter.bySql.clear();
        double oneApi = loop.apiLoop(clients.subList(0, 1), HAZARDS, "one");
        double perCall = (StatementCounter.statements.get() - statements0) / (HAZARDS * 4.0);
        double commitsPerCall = (StatementCounter.commits.get() - commits0) / (HAZARDS * 4.0);
        String top = StatementCounter.top(25, HAZARDS);
        double oneSql = loop.sqlLoop(chem, 1, HAZARDS, deadline, "one");
        System.out.printf("  statements per API call (at the pool, background work included): %.1f, commits per call: %.1f%n", perCall, commitsPerCall);
        System.out.printf("  the most frequent statements, per hazard (4 calls):%n%s", top);
        System.out.printf("  1 client:  HTTP API %7.1f hazards/s   plain SQL (5 statements, 5 commits each) %7.1f hazards/s   ratio %.3f%n",
                oneApi, oneSql, oneApi / oneSql);
        double manySql = loop.sqlLoop(chem, CLIENTS, HAZARDS, deadline, "many");
        try {
            double manyApi = loop.apiLoop(clients, HAZARDS, "many");
            System.out.printf("  %d clients: HTTP API %7.1f hazards/s   plain SQL (%d connections)               %7.1f hazards/s   ratio %.3f%n%n",
                    CLIENTS, manyApi, CLIENTS, manySql, manyApi / manySql);
        } catch (RuntimeException failed) {
            System.out.printf("  %d clients: HTTP API failed (%s)   plain SQL (%d connections) %7.1f hazards/s%n%n",
                    CLIENTS, failed.getMessage(), CLIENTS, manySql);
        }
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
