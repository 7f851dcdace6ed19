package cn.shuangkong.bench;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/**
 * {@code ./mvnw -Pbench test -Dtest=HazardLoopProfile}: where one hazard's four API calls spend their time and which
 * statements they run, on the demo city as it is (no scaling), for looking into rather than for a figure.
 */
@Tag("benchmark")
@Import(StatementCounter.class)
class HazardLoopProfile extends PlatformTest {

    @Test
    void one_hazard_through_the_loop_call_by_call() {
        Api manager = loggedIn("ent_chem"), worker = loggedIn("worker_chem");
        String deadline = LocalDate.now(clock).plusDays(7).toString();
        long g0 = System.nanoTime();
        for (int i = 0; i < 50; i++) manager.get("/api/v1/me");
        long g1 = System.nanoTime();
        for (int i = 0; i < 50; i++) manager.post("/api/v1/hazards", "{\"source\":\"SELF_CHECK\"}");
        long g2 = System.nanoTime();
        System.out.printf("%n=== GET /api/v1/me %.1f ms; a POST refused at once (400) %.1f ms ===%n", (g1 - g0) / 50e6, (g2 - g1) / 50e6);
        long[] nanos = new long[4];
        int n = 60;
        for (int round = 0; round < 2; round++) { // the first round warms up
            StatementCounter.bySql.clear();
            java.util.Arrays.fill(nanos, 0);
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                var created = manager.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                        "title", "剖析隐患 " + round + "-" + i, "description", "剖析", "location", "罐区")));
                long id = created.json().get("id").asLong();
                long t1 = System.nanoTime();
                manager.post("/api/v1/hazards/" + id + "/assign", Api.json(Map.of("responsible", "worker_chem", "measures", "更换", "deadline", deadline)));
                long t2 = System.nanoTime();
                byte[] b = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', (byte) round, 0, (byte) (i >> 8), (byte) i};
                worker.post("/api/v1/hazards/" + id + "/complete", Api.json(Map.of("note", "已整改", "photo", java.util.Base64.getEncoder().encodeToString(b))));
                long t3 = System.nanoTime();
                var accepted = manager.post("/api/v1/hazards/" + id + "/accept", Api.json(Map.of("passed", true, "opinion", "合格")));
                if (accepted.status() != 200) throw new IllegalStateException(accepted.body());
                long t4 = System.nanoTime();
                nanos[0] += t1 - t0; nanos[1] += t2 - t1; nanos[2] += t3 - t2; nanos[3] += t4 - t3;
            }
        }
        System.out.printf("%n=== one hazard's calls, mean of %d: register %.1f ms, assign %.1f ms, complete %.1f ms, accept %.1f ms ===%n",
                n, nanos[0] / 1e6 / n, nanos[1] / 1e6 / n, nanos[2] / 1e6 / n, nanos[3] / 1e6 / n);
        System.out.print(StatementCounter.top(40, n));
    }
}
