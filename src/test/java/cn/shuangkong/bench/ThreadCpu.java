package cn.shuangkong.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmarks only: CPU time and context switches per thread of this JVM (from /proc, so the JVM's own GC and
 * compiler threads count too) and of the PostgreSQL server it started, between two moments. CPU-seconds do not move
 * with the machine's load the way a rate does, so a phase's "µs of CPU per reading, by thread" says where a bound is
 * even on a shared machine. Threads are folded into kinds (the five gateways' Paho threads read as one line; a
 * thread keeps the first 15 characters of its name, as Linux does). The read and write system calls per reading
 * (/proc/…/io: a socket read or write, an eventfd wake-up) are counts the load does not move either (ADR 0058), and so
 * are the bytes each kind of Java thread allocated (ADR 0065).
 */
final class ThreadCpu {

    private static final long HZ = 100; // USER_HZ, the unit of utime and stime in /proc/*/stat on Linux

    /** The PostgreSQL server whose processes count too: its data directory ({@code show data_directory}). */
    static volatile String dataDirectory;
    /** Server processes (by pid) that count as a kind of their own: the benchmark's own backends, not the platform's. */
    static final Map<Long, String> backends = new java.util.concurrent.ConcurrentHashMap<>();
    /** Other processes on the machine that count, each a kind of its own (all its threads): the forked gateways (ADR 0070). */
    static final Map<Long, String> processes = new java.util.concurrent.ConcurrentHashMap<>();

    /** Per kind: CPU ticks, of which in the kernel, context switches (voluntary + involuntary), read and write system calls. */
    private final Map<String, long[]> kinds;

    private ThreadCpu(Map<String, long[]> kinds) {
        this.kinds = kinds;
    }

    static ThreadCpu now() {
        Map<String, long[]> t = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + ProcessHandle.current().pid() + "/task"))) {
            tasks.forEach(task -> add(t, kind(comm(task)), task));
        } catch (IOException | RuntimeException e) {
            return new ThreadCpu(Map.of());
        }
        // bytes allocated, per kind of Java thread (the JVM counts them exactly: a figure the load does not move, ADR 0065)
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long bytes = threads.getThreadAllocatedBytes(thread.getId());
            String name = thread.getName();
            if (bytes > 0) t.merge(kind(name.length() > 15 ? name.substring(0, 15) : name), new long[] {0, 0, 0, 0, 0, bytes}, ThreadCpu::sum);
        }
        processes.forEach((pid, kind) -> add(t, kind, Path.of("/proc/" + pid)));
        // the server is started through pg_ctl, so it is not this JVM's child: found by its data directory
        String dir = dataDirectory;
        if (dir != null) ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(dir)).orElse(false))
                .forEach(postmaster -> {
                    add(t, "PostgreSQL (all its processes)", Path.of("/proc/" + postmaster.pid()));
                    postmaster.descendants().forEach(p -> add(t, backends.getOrDefault(p.pid(), "PostgreSQL (all its processes)"),
                            Path.of("/proc/" + p.pid())));
                });
        return new ThreadCpu(t);
    }

    /** The same with the CPU of threads that ended before this moment (their /proc entry is gone), counted by themselves. */
    ThreadCpu plus(String kind, long nanos) {
        Map<String, long[]> t = new HashMap<>(kinds);
        t.merge(kind, new long[] {nanos * HZ / 1_000_000_000L, 0, 0, 0, 0, 0}, ThreadCpu::sum);
        return new ThreadCpu(t);
    }

    /**
     * Per kind, CPU µs (of it in the kernel) and context switches per {@code per} (e.g. per reading) since
     * {@code before}, largest first; kinds under 1 % of the total left out.
     */
    String since(ThreadCpu before, long per) {
        Map<String, long[]> diff = new HashMap<>();
        kinds.forEach((k, v) -> {
            long[] b = before.kinds.getOrDefault(k, new long[6]);
            diff.put(k, new long[] {v[0] - b[0], v[1] - b[1], v[2] - b[2], v[3] - b[3], v[4] - b[4], v[5] - b[5]});
        });
        long[] all = diff.values().stream().reduce(new long[6], ThreadCpu::sum);
        var out = new StringBuilder(String.format(Locale.ROOT, "    %7s  %7s  %9s  %6s  %6s  %8s%n", "CPU µs", "kernel", "switches", "reads", "writes",
                "alloc B"));
        out.append(line("all (" + String.format(Locale.ROOT, "%.2f CPU-s", all[0] / (double) HZ) + ")", all, per));
        // the platform's own path, without the JIT, GC and load generator it shares the JVM with (ADR 0065)
        long[] platform = diff.entrySet().stream().filter(e -> platform(e.getKey())).map(Map.Entry::getValue).reduce(new long[6], ThreadCpu::sum);
        out.append(line("the platform's path: broker, ingestion, PostgreSQL", platform, per));
        // everything but the benchmark's own threads — what the platform would carry with its gateways on devices of
        // their own (ADR 0070); gateways in this JVM leave their garbage in its GC line and their code in its JIT's
        long[] platformOnly = diff.entrySet().stream().filter(e -> !benchmarks(e.getKey())).map(Map.Entry::getValue).reduce(new long[6], ThreadCpu::sum);
        out.append(line("all but the benchmark's (gateways, schedule, watcher)", platformOnly, per));
        diff.entrySet().stream().filter(e -> e.getValue()[0] * 100 >= all[0] && e.getValue()[0] > 0)
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> out.append(line(e.getKey(), e.getValue(), per)));
        return out.toString();
    }

    private static boolean platform(String kind) {
        return kind.startsWith("Moquette") || kind.equals("monitoring-inge") || kind.equals("PostgreSQL (all its processes)");
    }

    /** The load generator and the benchmark's own threads and backends; "java" is the main thread, which plays a burst's schedule. */
    private static boolean benchmarks(String kind) {
        return kind.startsWith("Paho") || kind.startsWith("lean gateways") || kind.startsWith("bench") || kind.equals("java")
                || kind.startsWith("PostgreSQL backend of the bench");
    }

    private static String line(String kind, long[] v, long per) {
        return String.format(Locale.ROOT, "    %7.1f  %7.1f  %9.2f  %6.2f  %6.2f  %8.0f  %s%n", v[0] * 1e6 / HZ / per, v[1] * 1e6 / HZ / per,
                v[2] / (double) per, v[3] / (double) per, v[4] / (double) per, v[5] / (double) per, kind);
    }

    private static long[] sum(long[] a, long[] b) {
        return new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4], a[5] + b[5]};
    }

    private static void add(Map<String, long[]> t, String kind, Path proc) {
        t.merge(kind, read(proc), ThreadCpu::sum);
    }

    /** The thread's name as Linux keeps it. */
    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String kind(String comm) {
        if (comm.startsWith("MQTT Rec")) return "Paho receivers (gateways)";
        if (comm.startsWith("MQTT Snd")) return "Paho senders (gateways)";
        if (comm.startsWith("MQTT Call")) return "Paho callbacks (gateways)";
        if (comm.startsWith("MQTT Ping")) return "Paho pingers";
        if (comm.startsWith("lean-gateway-ac")) return "lean gateways' PUBACK readers";
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) return "GC";
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) return "JIT compilers";
        if (comm.startsWith("nioEventLoopGro") || comm.startsWith("epollEventLoop")) return "Moquette Netty I/O threads";
        if (comm.startsWith("Session Executo")) return "Moquette session loops";
        if (comm.equals("pool-4-thread-1")) return "Moquette intercept thread (pool-4-thread-1)";
        return comm;
    }

    /**
     * utime + stime, stime (fields 14 and 15 of stat), the context switches (status) and the read and write system
     * calls (io: syscr, syscw) of a process or thread.
     */
    private static long[] read(Path proc) {
        try {
            String s = Files.readString(proc.resolve("stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            long switches = 0;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.contains("ctxt_switches:")) switches += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
            long reads = 0, writes = 0;
            for (String line : Files.readAllLines(proc.resolve("io"))) {
                if (line.startsWith("syscr:")) reads = Long.parseLong(line.substring(6).strip());
                if (line.startsWith("syscw:")) writes = Long.parseLong(line.substring(6).strip());
            }
            return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[12]), switches, reads, writes, 0};
        } catch (IOException | RuntimeException e) {
            return new long[6]; // ended between the listing and the read
        }
    }
}
