package cn.shuangkong.bench;

import cn.shuangkong.inspection.internal.InspectionScheduler;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
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
 * What one patrol submission costs in statements on {@code inspection_task} (each runs its read models' statement
 * triggers once), in one run: {@code ./mvnw -o -Pbench test -Dtest=InspectionSubmitProfile}. Counts, not times, so the
 * figure does not move with the machine's load.
 */
@Tag("benchmark")
@Import(StatementCounter.class)
class InspectionSubmitProfile extends PlatformTest {

    @Autowired private InspectionScheduler scheduler;

    @Test
    void statements_of_a_patrol_submission() {
        scheduler.runOnce();
        Api worker = loggedIn("worker_chem");
        Map<Long, List<Long>> byPoint = new LinkedHashMap<>();
        for (JsonNode t : worker.get("/api/v1/inspection/tasks/mine").json()) {
            byPoint.computeIfAbsent(t.get("riskPointId").asLong(), p -> new ArrayList<>()).add(t.get("id").asLong());
        }
        if (byPoint.isEmpty()) throw new IllegalStateException("worker_chem has no open tasks");
        System.out.printf("%nINSPECTION SUBMIT PROFILE (load %s)%n", load());
        int n = 0;
        for (var point : byPoint.entrySet()) {
            var answers = point.getValue().stream().map(id -> Map.<String, Object>of("taskId", id, "result", "NORMAL")).toList();
            StatementCounter.bySql.clear();
            long before = StatementCounter.statements.get();
            var response = worker.post("/api/v1/inspection/records", Api.json(Map.of("riskPointId", point.getKey(), "answers", answers)));
            long all = StatementCounter.statements.get() - before;
            if (response.status() != 201) throw new IllegalStateException(response.body());
            long taskUpdates = StatementCounter.bySql.entrySet().stream().filter(e -> e.getKey().startsWith("update inspection_task"))
                    .mapToLong(e -> e.getValue().sum()).sum();
            System.out.printf("  patrol of %2d items: %2d update(s) of inspection_task (= trigger chain runs), %3d statements in all%n",
                    answers.size(), taskUpdates, all);
            if (++n == 5) break;
        }
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
