package cn.shuangkong.bench;

import cn.shuangkong.hazard.internal.HazardDeadlines;
import cn.shuangkong.inspection.internal.InspectionScheduler;
import cn.shuangkong.monitoring.internal.Excursions;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * What three writes of many rows cost in statements, counted at the pool (counts, not times: they do not move with the
 * machine's load): a patrol whose every answer is abnormal (one hazard each, its risk point flagged), the hazard
 * deadline sweep escalating late hazards, and the alarm sweep escalating unacknowledged alarms. Statements on
 * {@code hazard} and {@code risk_point} each run those tables' read-model statement triggers once.
 * {@code ./mvnw -o -Pbench test -Dtest=SweepWritesProfile}.
 */
@Tag("benchmark")
@Import(StatementCounter.class)
class SweepWritesProfile extends PlatformTest {

    /** Writes by the text they contain (a statement's first 120 characters, whitespace folded). */
    private static final List<String> WRITES = List.of("insert into hazard (", "update hazard ", "update risk_point ",
            "insert into notice ", "update alarm ");

    @Autowired private InspectionScheduler scheduler;
    @Autowired private HazardDeadlines deadlines;
    @Autowired private Excursions excursions;

    @Test
    void statements_of_writes_of_many_rows() {
        System.out.printf("%nSWEEP WRITES PROFILE (load %s)%n", load());
        patrolAllAbnormal();
        deadlineSweep(6);
        alarmSweep(6);
    }

    private void patrolAllAbnormal() {
        scheduler.runOnce();
        Api worker = loggedIn("worker_chem");
        Map<Long, List<Long>> byPoint = new LinkedHashMap<>();
        for (JsonNode t : worker.get("/api/v1/inspection/tasks/mine").json()) {
            byPoint.computeIfAbsent(t.get("riskPointId").asLong(), p -> new ArrayList<>()).add(t.get("id").asLong());
        }
        var point = byPoint.entrySet().stream().max((a, b) -> a.getValue().size() - b.getValue().size()).orElseThrow();
        var answers = point.getValue().stream()
                .map(id -> Map.<String, Object>of("taskId", id, "result", "ABNORMAL", "note", "阀门渗漏，需更换密封")).toList();
        long before = start();
        var r = worker.post("/api/v1/inspection/records", Api.json(Map.of("riskPointId", point.getKey(), "answers", answers)));
        if (r.status() != 201) throw new IllegalStateException(r.body());
        report("patrol of " + answers.size() + " abnormal answers", before);
    }

    private void deadlineSweep(int hazards) {
        Api chem = loggedIn("ent_chem");
        LocalDate due = LocalDate.now(clock).plusDays(1);
        for (int i = 0; i < hazards; i++) {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                    "title", "逾期批量检验 " + i + " " + System.nanoTime(), "description", "扶梯踏板松动", "location", "罐区"));
            long id = chem.post("/api/v1/hazards", Api.json(body)).json().get("id").asLong();
            var plan = Map.of("responsible", "worker_chem", "measures", "更换踏板", "deadline", due.toString(), "contingencyPlan", "设警戒");
            var assigned = chem.post("/api/v1/hazards/" + id + "/assign", Api.json(plan));
            if (assigned.status() != 200) throw new IllegalStateException(assigned.body());
        }
        Instant was = clock.instant();
        try {
            clock.advance(Duration.ofDays(3));
            long before = start();
            var sweep = deadlines.sweep();
            report("deadline sweep escalating " + sweep.escalated() + " (reminding " + sweep.reminded() + ")", before);
        } finally {
            clock.set(was);
        }
    }

    private void alarmSweep(int count) {
        List<Map<String, Object>> points = jdbc.sql("""
                select p.id, p.enterprise_id from monitoring_point p
                 where not exists (select 1 from alarm a where a.point_id = p.id and a.state <> 'CLEARED') order by p.id limit :n""")
                .param("n", count).query().listOfRows();
        Timestamp raised = Timestamp.from(clock.instant().minus(Duration.ofHours(1)));
        for (var p : points) {
            jdbc.sql("""
                    insert into alarm (enterprise_id, point_id, level, state, value, threshold, peak, raised_at)
                    values (:e, :p, 'HIGH', 'ACTIVE', 9, 8, 9, :t)""")
                    .param("e", p.get("enterprise_id")).param("p", p.get("id")).param("t", raised).update();
        }
        long before = start();
        int escalated = excursions.escalate();
        report("alarm sweep escalating " + escalated, before);
    }

    private static long start() {
        StatementCounter.bySql.clear();
        return StatementCounter.statements.get();
    }

    private static void report(String what, long before) {
        long all = StatementCounter.statements.get() - before;
        var out = new StringBuilder();
        for (String w : WRITES) {
            long n = StatementCounter.bySql.entrySet().stream().filter(e -> e.getKey().contains(w)).mapToLong(e -> e.getValue().sum()).sum();
            if (n > 0) out.append(String.format("  %s: %d", w.replace(" (", "").strip(), n));
        }
        System.out.printf("  %-48s %4d statements in all;%s%n", what, all, out);
        System.out.print(StatementCounter.top(14, 1)); // what "in all" is made of, background work it caused included
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
