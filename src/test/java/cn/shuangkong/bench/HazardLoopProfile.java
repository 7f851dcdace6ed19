package cn.shuangkong.bench;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/**
 * {@code ./mvnw -Pbench test -Dtest=HazardLoopProfile}: where one hazard's four API calls spend their time and which
 * statements they run, on the demo city as it is (no scaling), for looking into rather than for a figure. Besides the
 * wall-clock time of each call (which moves with the machine's load) it prints CPU time per call — the request threads,
 * the whole JVM (the test's HTTP client included) and the database backends — which does not. With
 * {@code -Dbench.profile.hazards=400 -Dbench.profile.jfr=/tmp/h.jfr} the warm round is longer and recorded by JFR
 * (profile settings), for {@code jfr print --events jdk.ExecutionSample}.
 */
@Tag("benchmark")
@Import(StatementCounter.class)
class HazardLoopProfile extends PlatformTest {

    @Test
    void one_hazard_through_the_loop_call_by_call() throws Exception {
        Api manager = loggedIn("ent_chem"), worker = loggedIn("worker_chem");
        String deadline = LocalDate.now(clock).plusDays(7).toString();
        long g0 = System.nanoTime();
        for (int i = 0; i < 50; i++) manager.get("/api/v1/me");
        long g1 = System.nanoTime();
        for (int i = 0; i < 50; i++) manager.post("/api/v1/hazards", "{\"source\":\"SELF_CHECK\"}");
        long g2 = System.nanoTime();
        System.out.printf("%n=== GET /api/v1/me %.1f ms; a POST refused at once (400) %.1f ms ===%n", (g1 - g0) / 50e6, (g2 - g1) / 50e6);
        int n = Integer.getInteger("bench.profile.hazards", 60);
        String jfr = System.getProperty("bench.profile.jfr");
        long[] nanos = new long[4], cpu = new long[4];
        long allocated0 = 0;
        long jvm0 = 0, db0 = 0;
        Map<Long, Map.Entry<String, Long>> threads0 = Map.of();
        jdk.jfr.Recording recording = null;
        for (int round = 0; round < 2; round++) { // the first round warms up
            findRequestThreads();
            if (round == 1) {
                StatementCounter.bySql.clear();
                Arrays.fill(nanos, 0);
                Arrays.fill(cpu, 0);
                if (jfr != null) {
                    recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                    recording.start();
                }
                threads0 = threadCpu();
                jvm0 = jvmCpu();
                allocated0 = serverAllocated();
                db0 = databaseCpu();
            }
            for (int i = 0; i < n; i++) {
                long c0 = serverCpu(), t0 = System.nanoTime();
                var created = manager.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                        "title", "剖析隐患 " + round + "-" + i, "description", "剖析", "location", "罐区")));
                long id = created.json().get("id").asLong();
                long c1 = serverCpu(), t1 = System.nanoTime();
                manager.post("/api/v1/hazards/" + id + "/assign", Api.json(Map.of("responsible", "worker_chem", "measures", "更换", "deadline", deadline)));
                long c2 = serverCpu(), t2 = System.nanoTime();
                byte[] b = cn.shuangkong.hazard.Photos.tiny((long) round << 32 | i);
                worker.post("/api/v1/hazards/" + id + "/complete", Api.json(Map.of("note", "已整改", "photo", java.util.Base64.getEncoder().encodeToString(b))));
                long c3 = serverCpu(), t3 = System.nanoTime();
                var accepted = manager.post("/api/v1/hazards/" + id + "/accept", Api.json(Map.of("passed", true, "opinion", "合格")));
                if (accepted.status() != 200) throw new IllegalStateException(accepted.body());
                long c4 = serverCpu(), t4 = System.nanoTime();
                nanos[0] += t1 - t0; nanos[1] += t2 - t1; nanos[2] += t3 - t2; nanos[3] += t4 - t3;
                cpu[0] += c1 - c0; cpu[1] += c2 - c1; cpu[2] += c3 - c2; cpu[3] += c4 - c3;
            }
        }
        double jvm = (jvmCpu() - jvm0) / 1e6 / n, db = (databaseCpu() - db0) / 1e6 / n;
        String byThread = threadCpuPerHazard(threads0, threadCpu(), n);
        double allocatedPerCall = (serverAllocated() - allocated0) / 1024.0 / (4.0 * n);
        if (recording != null) {
            recording.stop();
            recording.dump(Path.of(jfr));
            recording.close();
        }
        System.out.printf("%n=== one hazard's calls, mean of %d: register %.1f ms, assign %.1f ms, complete %.1f ms, accept %.1f ms (load %s) ===%n",
                n, nanos[0] / 1e6 / n, nanos[1] / 1e6 / n, nanos[2] / 1e6 / n, nanos[3] / 1e6 / n, load());
        System.out.printf("=== CPU of the request threads per call: register %.2f ms, assign %.2f ms, complete %.2f ms, accept %.2f ms ===%n",
                cpu[0] / 1e6 / n, cpu[1] / 1e6 / n, cpu[2] / 1e6 / n, cpu[3] / 1e6 / n);
        System.out.printf("=== CPU per hazard (4 calls): request threads %.2f ms, whole JVM (client and background included) %.2f ms, database backends %.2f ms ===%n",
                Arrays.stream(cpu).sum() / 1e6 / n, jvm, db);
        System.out.printf("=== allocated by the request threads per call (does not move with the load): %.0f KB ===%n", allocatedPerCall);
        System.out.printf("=== CPU per hazard by thread (the loop's client is main and HttpClient-N-*) ===%n%s", byThread);
        System.out.print(StatementCounter.top(40, n));
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long[] requestThreads = new long[0];

    /**
     * CPU time so far of every thread of this process, the JVM's own (compilers, GC, VM thread) included, by its name
     * with the digits folded (pool threads together) — from /proc, as ThreadMXBean sees only Java threads.
     */
    private static Map<Long, Map.Entry<String, Long>> threadCpu() {
        Map<Long, Map.Entry<String, Long>> cpu = new java.util.HashMap<>();
        long tick = 10_000_000L; // USER_HZ 100: /proc counts CPU in 10 ms ticks
        try (var tasks = java.nio.file.Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    cpu.put(Long.parseLong(task.getFileName().toString()), Map.entry(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick));
                } catch (java.io.IOException | RuntimeException ended) {
                    // the thread ended while listed
                }
            }
        } catch (java.io.IOException notLinux) {
            return Map.of();
        }
        return cpu;
    }

    /** The CPU each group of threads spent between two {@link #threadCpu()} snapshots, most first, per hazard. */
    private static String threadCpuPerHazard(Map<Long, Map.Entry<String, Long>> before, Map<Long, Map.Entry<String, Long>> after, int n) {
        Map<String, Long> byName = new java.util.TreeMap<>();
        after.forEach((id, now) -> byName.merge(now.getKey(), now.getValue() - (before.containsKey(id) ? before.get(id).getValue() : 0), Long::sum));
        var out = new StringBuilder();
        byName.entrySet().stream().filter(e -> e.getValue() > n * 20_000L).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("    %6.2f ms  %s%n", e.getValue() / 1e6 / n, e.getKey())));
        return out.toString();
    }

    /** CPU time of the web server's request threads so far (pooled threads: the sum only grows within a round). */
    private long serverCpu() {
        long sum = 0;
        for (long id : requestThreads) sum += Math.max(0, THREADS.getThreadCpuTime(id));
        return sum;
    }

    /** Bytes allocated so far by the request threads: unlike CPU time, it does not move with the machine's load. */
    private long serverAllocated() {
        long sum = 0;
        for (long bytes : ((com.sun.management.ThreadMXBean) THREADS).getThreadAllocatedBytes(requestThreads)) sum += Math.max(0, bytes);
        return sum;
    }

    /** The request threads as they are now (Tomcat keeps its spare threads, so once per round is enough). */
    private void findRequestThreads() {
        requestThreads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("http-nio-"))
                .mapToLong(Thread::getId).toArray();
    }

    private static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the database backends now connected (the pools keep theirs open through the loop). */
    private long databaseCpu() {
        List<Long> pids = jdbc.sql("select pid from pg_stat_activity where backend_type = 'client backend'").query(Long.class).list();
        return pids.stream().flatMap(pid -> ProcessHandle.of(pid).stream())
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException notLinux) {
            return "?";
        }
    }
}
