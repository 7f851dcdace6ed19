package cn.shuangkong.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.shared.OtherInstance;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import com.sun.management.OperatingSystemMXBean;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./bench scaleout}: {@link HazardBenchmark}'s loop with {@link HazardBenchmark#CLIENTS} clients — registration to
 * 销号 over HTTP on the demo city ×100 — against one instance and against two instances on the one PostgreSQL, beside
 * plain SQL doing the same writes in the same run. With two, every client's requests go round-robin to both, as a load
 * balancer sends them: a token made on one is used on the other, and each step reads what the other committed. The
 * second instance runs in this JVM (as in {@code TwoInstancesTest}): on one machine both share its cores anyway, and
 * its statements are counted at its own pool too. Then checks that every hazard was closed exactly once (no step lost,
 * none applied twice) and that the audit chain verifies. Prints figures; asserts nothing about speed.
 */
@Tag("benchmark")
@TestPropertySource(properties = "shuangkong.inspection.first-run-after=PT1000H") // as HazardBenchmark: one context for ./bench
@Import(StatementCounter.class)
class ScaleOutBenchmark extends PlatformTest {

    static final int ROUNDS = 2; // an even number: as many rounds in each order

    @Autowired
    JdbcTemplate template;

    @Autowired
    EmbeddedPostgres postgres;

    @Value("${shuangkong.data-dir}")
    Path dataDir;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void hazards_closed_per_second_by_one_and_by_two_instances_beside_plain_sql() throws Exception {
        System.out.printf("%n=== ./bench scaleout — demo ×%d, %d clients, %d hazards a run, on %d cores (load %s) ===%n",
                HazardBenchmark.COPIES + 1, HazardBenchmark.CLIENTS, HazardBenchmark.HAZARDS,
                Runtime.getRuntime().availableProcessors(), load());
        long t0 = System.nanoTime();
        // Started before the demo is scaled: the demo's 数据质量 pass on every start (DemoQuality) checks 64 enterprises, not 6,400.
        try (var second = OtherInstance.start(postgres, dataDir, Map.of("shuangkong.inspection.first-run-after", "PT1000H"),
                StatementCounter.class)) {
            System.out.printf("second instance on the same PostgreSQL started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            var loop = new HazardLoop(jdbc, superuser(), template, clock);
            loop.scaleDemo(HazardBenchmark.COPIES);
            HazardLoop.freshConnections(second.context().getBean("dataSource", javax.sql.DataSource.class));
            String first = "http://localhost:" + port;
            List<Api[]> one = clients(first);
            List<Api[]> two = clients(first, second.base());
            long chem = enterpriseIdOf("ent_chem");
            String deadline = LocalDate.now(clock).plusDays(7).toString();
            loop.apiLoop(two, HazardBenchmark.WARM_UP * 2, "scale-warm-"); // both instances warm
            loop.sqlLoop(chem, HazardBenchmark.CLIENTS, HazardBenchmark.WARM_UP, deadline, "scale-warm-");

            System.out.println("""
                    Hazards from registration to 销号 (4 calls each), the same 8 clients against 1 and against 2 instances \
                    (round-robin per request), beside 8 plain-SQL connections.
                    Both instances share this machine's cores and one PostgreSQL on them: two cannot be faster than one here \
                    (CPU bound); the figure shows that the scale-out path works and what it costs.""");
            List<Run> runs = new ArrayList<>();
            // The cluster's jobs run once per period whatever the number of instances: held off, they neither compete nor count.
            try (var held = ScheduledJobs.holdOff(jdbc, context, "ScaleOutBenchmark")) {
                for (int round = 1; round <= ROUNDS; round++) {
                    int r = round;
                    runs.add(measure("plain SQL, 8 connections", "scale-sql-" + r + "-", 0,
                            () -> loop.sqlLoop(chem, HazardBenchmark.CLIENTS, HazardBenchmark.HAZARDS, deadline, "scale-sql-" + r + "-")));
                    // 1 then 2 in odd rounds, 2 then 1 in even ones: neither gains from running later (a warmer JIT, a quieter moment).
                    for (int instances : r % 2 == 1 ? new int[] {1, 2} : new int[] {2, 1}) {
                        String run = "scale-" + instances + "-" + r + "-";
                        runs.add(measure(instances == 1 ? "HTTP API, 1 instance " : "HTTP API, 2 instances", "bench-" + run, instances,
                                () -> loop.apiLoop(instances == 1 ? one : two, HazardBenchmark.HAZARDS, run)));
                    }
                }
            }
            summary(runs);
            checkNothingLostOrDoubled(runs, Api.at(second.base()).login("admin", "Demo@2026"));
        }
    }

    /** What one run did: its rate, and its costs that do not move with the machine's load. */
    record Run(String name, String keys, int instances, double perSecond, double statementsPerCall, double commitsPerCall,
               double appCpuMs, double databaseCpuMs, String load, Map<String, Long> statements) { }

    private Run measure(String name, String keys, int instances, java.util.function.DoubleSupplier loop) {
        String loadBefore = load();
        long statements = StatementCounter.statements.get(), commits = StatementCounter.commits.get();
        long app = appCpuNanos(), database = databaseCpuNanos();
        StatementCounter.bySql.clear();
        double perSecond = loop.getAsDouble();
        Map<String, Long> byStatement = new java.util.HashMap<>();
        StatementCounter.bySql.forEach((sql, n) -> byStatement.put(sql, n.sum()));
        double hazards = HazardBenchmark.HAZARDS, calls = hazards * 4;
        var run = new Run(name, keys, instances, perSecond,
                instances == 0 ? Double.NaN : (StatementCounter.statements.get() - statements) / calls,
                instances == 0 ? Double.NaN : (StatementCounter.commits.get() - commits) / calls,
                (appCpuNanos() - app) / hazards / 1e6, (databaseCpuNanos() - database) / hazards / 1e6, loadBefore + " → " + load(),
                byStatement);
        System.out.printf("  %s %7.1f hazards/s   CPU per hazard: this JVM %5.2f ms, PostgreSQL %5.2f ms%s   (load %s)%n",
                name, perSecond, run.appCpuMs(), run.databaseCpuMs(),
                instances == 0 ? "" : String.format("   %.1f statements, %.1f commits per call", run.statementsPerCall(), run.commitsPerCall()),
                run.load());
        return run;
    }

    private static void summary(List<Run> runs) {
        double sql = best(runs, 0), one = best(runs, 1), two = best(runs, 2);
        System.out.printf("""
                Best of %d rounds: plain SQL %.1f, 1 instance %.1f (ratio %.3f), 2 instances %.1f hazards/s (ratio %.3f); \
                2 instances ÷ 1 instance = %.2f
                CPU per hazard (mean), this JVM + PostgreSQL: 1 instance %.2f + %.2f ms, 2 instances %.2f + %.2f ms
                %n""", ROUNDS, sql, one, one / sql, two, two / sql, two / one,
                mean(runs, 1, Run::appCpuMs), mean(runs, 1, Run::databaseCpuMs), mean(runs, 2, Run::appCpuMs), mean(runs, 2, Run::databaseCpuMs));
        System.out.printf("Statements per hazard that differ between 1 and 2 instances (mean of the runs, 1 → 2):%n%s%n", differences(runs));
    }

    /** What a second instance adds or saves, statement by statement: the ones whose count per hazard moved by 0.05 or more. */
    private static String differences(List<Run> runs) {
        Map<String, Double> one = perHazard(runs, 1), two = perHazard(runs, 2);
        var all = new java.util.TreeSet<>(one.keySet());
        all.addAll(two.keySet());
        var out = new StringBuilder();
        all.stream().filter(sql -> Math.abs(two.getOrDefault(sql, 0.0) - one.getOrDefault(sql, 0.0)) >= 0.05)
                .sorted(java.util.Comparator.comparingDouble(sql -> -Math.abs(two.getOrDefault(sql, 0.0) - one.getOrDefault(sql, 0.0))))
                .limit(12).forEach(sql -> out.append(String.format("    %5.2f → %5.2f  %s%n", one.getOrDefault(sql, 0.0), two.getOrDefault(sql, 0.0), sql)));
        return out.isEmpty() ? "    (none)\n" : out.toString();
    }

    private static Map<String, Double> perHazard(List<Run> runs, int instances) {
        List<Run> these = runs.stream().filter(r -> r.instances() == instances).toList();
        Map<String, Double> per = new java.util.HashMap<>();
        these.forEach(r -> r.statements().forEach((sql, n) -> per.merge(sql, n / (double) HazardBenchmark.HAZARDS / these.size(), Double::sum)));
        return per;
    }

    private static double best(List<Run> runs, int instances) {
        return runs.stream().filter(r -> r.instances() == instances).mapToDouble(Run::perSecond).max().orElseThrow();
    }

    private static double mean(List<Run> runs, int instances, java.util.function.ToDoubleFunction<Run> f) {
        return runs.stream().filter(r -> r.instances() == instances).mapToDouble(f).average().orElseThrow();
    }

    /**
     * Every hazard of every API run is there once, 销号'd, with one 登记隐患 and one 验收 record in the audit trail;
     * and the chain verifies (asked of the second instance: the records of both are one chain).
     */
    private void checkNothingLostOrDoubled(List<Run> runs, Api admin) {
        List<Run> api = runs.stream().filter(r -> r.instances() > 0).toList();
        assertThat(api).isNotEmpty();
        for (Run run : api) {
            var row = jdbc.sql("""
                    select count(*) as hazards, count(distinct h.client_key) as keys,
                           count(*) filter (where h.state = 'CLOSED') as closed,
                           count(*) filter (where (select count(*) from audit_record a where a.entity_type = 'hazard'
                                   and a.entity_id = h.id::text and a.action = '登记隐患') = 1
                               and (select count(*) from audit_record a where a.entity_type = 'hazard'
                                   and a.entity_id = h.id::text and a.action = '验收') = 1) as audited_once
                      from hazard h where h.client_key like :keys""").param("keys", run.keys() + "%").query().singleRow();
            assertThat(row).as(run.name()).containsEntry("hazards", (long) HazardBenchmark.HAZARDS)
                    .containsEntry("keys", (long) HazardBenchmark.HAZARDS).containsEntry("closed", (long) HazardBenchmark.HAZARDS)
                    .containsEntry("audited_once", (long) HazardBenchmark.HAZARDS);
        }
        var verified = admin.get("/api/v1/audit/verify");
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        JsonNode chain = verified.json();
        System.out.printf("Checked: each of the %d hazards of the API runs stored once, 销号 once, one 登记隐患 and one 验收 audit record; "
                + "audit chain %s (%d records)%n%n", api.size() * HazardBenchmark.HAZARDS,
                chain.get("intact").asBoolean() ? "verifies" : "BROKEN " + chain.get("findings"), chain.get("checked").asLong());
        assertThat(chain.get("intact").asBoolean()).as(chain.toString()).isTrue();
    }

    /** A manager and a worker of the chemical works per client, each behind a round-robin balancer over {@code bases}. */
    private static List<Api[]> clients(String... bases) {
        List<Api[]> clients = new ArrayList<>();
        for (int c = 0; c < HazardBenchmark.CLIENTS; c++) {
            clients.add(new Api[] {Api.across(bases).login("ent_chem", "Demo@2026"), Api.across(bases).login("worker_chem", "Demo@2026")});
        }
        return clients;
    }

    private static long appCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The embedded PostgreSQL's processes (postmaster and its backends, which the pools keep open) in CPU time. */
    private long databaseCpuNanos() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0).trim());
            return ProcessHandle.of(pid).stream().flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                    .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        } catch (java.io.IOException | RuntimeException unreadable) {
            return 0;
        }
    }

    private static String load() {
        try {
            String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return avg[0] + " / " + avg[1] + " / " + avg[2];
        } catch (java.io.IOException notLinux) {
            return "?";
        }
    }
}
