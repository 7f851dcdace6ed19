package cn.shuangkong.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmarks only: the CPU-seconds a started platform has used so far, from /proc — its JVM by thread kind (main, the
 * C2 and C1 compilers, GC, the rest), the processes it waited for (initdb, pg_ctl) and the PostgreSQL server under its
 * data directory (postmaster, exited backends included). A start on two cores is CPU-bound (ADR 0053): its seconds move
 * with the machine's load, its CPU-seconds much less, so {@code ./bench startup} prints both.
 */
final class StartCpu {

    private static final double HZ = 100; // USER_HZ, the unit of utime and stime in /proc/*/stat on Linux

    /** CPU-seconds by kind at one moment. */
    record Sample(Map<String, Double> seconds) {
        double get(String kind) {
            return seconds.getOrDefault(kind, 0.0);
        }
    }

    private StartCpu() {
    }

    static Sample of(ProcessHandle jvm, String dataDirectory) {
        Map<String, Double> s = new HashMap<>();
        Path proc = Path.of("/proc/" + jvm.pid());
        long[] process = stat(proc);
        s.put("JVM", (process[0] + process[1]) / HZ); // a process's own times include its threads that have ended
        s.put("children", (process[2] + process[3]) / HZ); // initdb and pg_ctl, which the JVM waited for
        try (var tasks = Files.list(proc.resolve("task"))) {
            tasks.forEach(task -> {
                long[] t = stat(task);
                s.merge(kind(comm(task)), (t[0] + t[1]) / HZ, Double::sum);
            });
        } catch (IOException | RuntimeException ended) {
            // the JVM has gone: nothing more to count
        }
        if (dataDirectory != null) {
            String pg = Path.of(dataDirectory).toAbsolutePath().resolve("pg").toString();
            ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(pg)).orElse(false))
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                    .forEach(postmaster -> {
                        long[] m = stat(Path.of("/proc/" + postmaster.pid()));
                        s.merge("PostgreSQL", (m[0] + m[1] + m[2] + m[3]) / HZ, Double::sum); // + backends that ended
                        postmaster.children().forEach(b -> {
                            long[] t = stat(Path.of("/proc/" + b.pid()));
                            s.merge("PostgreSQL", (t[0] + t[1]) / HZ, Double::sum);
                        });
                    });
        }
        return new Sample(s);
    }

    /** "JVM 17.4 / 27.7 (main 6.2 / 8.3, C2 …), initdb and pg_ctl 0.5, PostgreSQL 0.7 / 2.2". */
    static String describe(Sample atPort, Sample atReady) {
        var out = new StringBuilder(pair("JVM", atPort, atReady)).append(" (");
        String sep = "";
        for (String kind : new String[] {"main", "C2", "C1", "GC", "other threads"}) {
            out.append(sep).append(pair(kind, atPort, atReady));
            sep = ", ";
        }
        out.append(String.format(Locale.ROOT, "), initdb and pg_ctl %.1f", atReady.get("children")));
        if (atReady.get("PostgreSQL") > 0) out.append(", ").append(pair("PostgreSQL", atPort, atReady));
        return out.toString();
    }

    private static String pair(String kind, Sample a, Sample b) {
        return String.format(Locale.ROOT, "%s %.1f / %.1f", kind, a == null ? Double.NaN : a.get(kind), b.get(kind));
    }

    private static String kind(String comm) {
        if (comm.equals("java")) return "main"; // the launcher's main thread keeps the process's name
        if (comm.startsWith("C2 Compiler")) return "C2";
        if (comm.startsWith("C1 Compiler")) return "C1";
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) return "GC";
        return "other threads";
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** utime, stime, cutime, cstime (fields 14–17 of stat), in ticks; zeros when the process or thread has ended. */
    private static long[] stat(Path proc) {
        try {
            String s = Files.readString(proc.resolve("stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return new long[4];
        }
    }
}
