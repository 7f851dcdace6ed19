package cn.shuangkong.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Benchmarks only: Paho gateways in a JVM process of their own (ADR 0070). A field gateway is its own device; the broker
 * sees the same packets whether the five Paho clients run in the platform's JVM or beside it, but in the platform's JVM
 * their fifteen threads, their garbage and their JIT share its GC, compiler queue and safepoints. Here they still share
 * the machine's two cores (the process's CPU is counted in the tables, {@link ThreadCpu#processes}), not the JVM.
 *
 * <p>The parent starts this class's {@link #main} on its own class path and talks over the child's standard input and
 * output, one command a line: {@code publish FILE} (each gateway sends its messages unpaced, as
 * {@code MonitoringBenchmark.throughput} does) and {@code play FILE} (a burst schedule, paced by this process's clock).
 * Both wait for {@code go} after {@code ready}, so that reading the file is not timed. {@link System#nanoTime()} is
 * CLOCK_MONOTONIC in both JVMs on Linux, so the times of sending reported back compare with the parent's.
 */
final class ForkedPaho implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;

    private ForkedPaho(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** {@code count} Paho gateways connected to {@code url} in a new JVM, each with the options' user, password and window. */
    static ForkedPaho start(String url, MqttConnectOptions options, int count) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), ForkedPaho.class.getName(),
                url, options.getUserName(), new String(options.getPassword()), Integer.toString(options.getMaxInflight()), Integer.toString(count))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var forked = new ForkedPaho(process);
        ThreadCpu.processes.put(process.pid(), "Paho gateways' own JVM (forked, all its threads)");
        forked.expect("connected");
        return forked;
    }

    /** Every gateway's messages ({topic, payload}), each gateway on a thread of its own, unpaced; returns when all are sent. */
    void publishAll(List<List<String[]>> messages) throws IOException {
        var file = Files.createTempFile("forked-paho", ".tsv");
        try (var w = Files.newBufferedWriter(file)) {
            for (int g = 0; g < messages.size(); g++) {
                for (String[] m : messages.get(g)) w.append(Integer.toString(g)).append('\t').append(m[0]).append('\t').append(m[1]).append('\n');
            }
        }
        try {
            command("publish " + file);
            expect("ready");
            command("go");
            expect("published");
        } finally {
            Files.delete(file);
        }
    }

    /**
     * A schedule: {atNanos, gateway, topic, payload, alarm} per message, paced from the moment this process starts it.
     * {@code atMeasureFrom} runs in this JVM when the schedule reaches {@code measureFrom}; {@code sent[alarm]} gets each
     * alarm's moment of sending (this JVM's nanoTime).
     */
    void play(List<MonitoringBenchmark.Event> events, long measureFrom, Runnable atMeasureFrom, long[] sent) throws IOException {
        var file = Files.createTempFile("forked-paho", ".tsv");
        try (var w = Files.newBufferedWriter(file)) {
            for (var e : events) {
                w.append(Long.toString(e.atNanos())).append('\t').append(Integer.toString(e.gateway())).append('\t').append(e.topic()).append('\t')
                        .append(e.payload()).append('\t').append(Integer.toString(e.alarm())).append('\n');
            }
        }
        try {
            command("play " + file);
            expect("ready");
            command("go");
            long t0 = Long.parseLong(expect("start "));
            if (measureFrom > 0) {
                for (long early; (early = t0 + measureFrom - System.nanoTime()) > 0; ) LockSupport.parkNanos(early);
            }
            atMeasureFrom.run();
            for (String line; !(line = read()).equals("played"); ) {
                String[] f = line.split(" "); // "sent ALARM NANOS"
                sent[Integer.parseInt(f[1])] = Long.parseLong(f[2]);
            }
        } finally {
            Files.delete(file);
        }
    }

    @Override
    public void close() throws Exception {
        command("quit");
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroy();
        ThreadCpu.processes.remove(process.pid());
    }

    private void command(String line) {
        in.println(line);
    }

    /** The next line, which must start with {@code prefix}; the rest of it. */
    private String expect(String prefix) throws IOException {
        String line = read();
        if (!line.startsWith(prefix)) throw new IllegalStateException("the forked gateways answered \"" + line + "\", not " + prefix);
        return line.substring(prefix.length());
    }

    private String read() throws IOException {
        String line = out.readLine();
        if (line == null) throw new IllegalStateException("the forked gateways' JVM ended (its output is in the benchmark's log)");
        return line;
    }

    // ---- the child process ----

    /** Arguments: broker URL, user, password, window, gateways. */
    public static void main(String[] args) throws Exception {
        var options = new MqttConnectOptions();
        options.setUserName(args[1]);
        options.setPassword(args[2].toCharArray());
        options.setMaxInflight(Integer.parseInt(args[3]));
        List<MqttAsyncClient> gateways = new ArrayList<>();
        for (int g = 0; g < Integer.parseInt(args[4]); g++) {
            var device = new MqttAsyncClient(args[0], "forked-" + UUID.randomUUID(), new MemoryPersistence());
            device.connect(options).waitForCompletion();
            gateways.add(device);
        }
        var commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("connected");
        for (String command; (command = commands.readLine()) != null && !command.equals("quit"); ) {
            List<String[]> lines = new ArrayList<>();
            try (var r = Files.newBufferedReader(Path.of(command.substring(command.indexOf(' ') + 1)))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line.split("\t"));
            }
            System.out.println("ready");
            if (!"go".equals(commands.readLine())) break;
            if (command.startsWith("publish ")) publishAll(gateways, lines);
            else play(gateways, lines);
        }
        for (var device : gateways) {
            device.disconnect().waitForCompletion();
            device.close();
        }
    }

    private static void publishAll(List<MqttAsyncClient> gateways, List<String[]> lines) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int g = 0; g < gateways.size(); g++) {
            var device = gateways.get(g);
            String mine = Integer.toString(g);
            var messages = lines.stream().filter(l -> l[0].equals(mine)).toList();
            var t = new Thread(() -> messages.forEach(m -> MonitoringBenchmark.publish(device, m[1], m[2])), "bench-publisher-" + g);
            t.start();
            threads.add(t);
        }
        for (var t : threads) t.join();
        System.out.println("published");
    }

    /** The schedule paced as the parent's own loop paces it (asleep, not spinning), alarms' moments reported at the end. */
    private static void play(List<MqttAsyncClient> gateways, List<String[]> lines) {
        List<long[]> sent = new ArrayList<>();
        long t0 = System.nanoTime();
        System.out.println("start " + t0);
        for (String[] e : lines) {
            long at = Long.parseLong(e[0]);
            for (long early; (early = at - (System.nanoTime() - t0)) > 0; ) LockSupport.parkNanos(early);
            int alarm = Integer.parseInt(e[4]);
            if (alarm >= 0) sent.add(new long[] {alarm, System.nanoTime()});
            MonitoringBenchmark.publish(gateways.get(Integer.parseInt(e[1])), e[2], e[3]);
        }
        for (long[] s : sent) System.out.println("sent " + s[0] + " " + s[1]);
        System.out.println("played");
    }
}
