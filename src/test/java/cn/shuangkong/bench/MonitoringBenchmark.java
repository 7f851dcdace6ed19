package cn.shuangkong.bench;

import cn.shuangkong.monitoring.BrokerPipelineAccess;
import cn.shuangkong.monitoring.Gateways;
import cn.shuangkong.monitoring.internal.Ingestion;
import cn.shuangkong.monitoring.IngestionLinger;
import cn.shuangkong.monitoring.KafkaPath;
import cn.shuangkong.monitoring.internal.MonitoringPoints;
import cn.shuangkong.monitoring.internal.MqttConnector;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.PlatformTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sensor readings per second through MQTT into PostgreSQL with threshold evaluation, beside plain multi-row inserts of
 * the same rows in the same run and the batch store called directly; publish → alarm visible latency while the load
 * runs at ten times its normal rate; then the same through Kafka (ADR 0021) on an in-process KRaft broker. Prints;
 * asserts nothing.
 */
@Tag("benchmark")
@org.springframework.context.annotation.Import(StatementCounter.class) // statements of a burst: a figure the load does not move
class MonitoringBenchmark extends PlatformTest {

    private static final int POINTS = 50;
    private static final int READINGS = 100_000;
    private static final int GATEWAYS = 5; // parallel connections, as many gateways publish at once; a point keeps to one
    private static final int ALARMS = 200;
    private static final int NORMAL_RATE = 1_000; // readings/s before and after the burst
    private static final int BURST_FACTOR = 10;
    private static final int BURST_SECONDS = 3;
    private static final int SCAN = 50; // readings per gateway message; each gateway scans points of its own
    /** Seconds of normal traffic before the burst of the meaning (ADR 0064); the old line keeps 1 s. */
    private static final int LEAD_IN = Integer.getInteger("bench.leadin", 30);

    @Autowired MqttConnector mqtt;
    @Autowired Ingestion ingestion;
    @Autowired MonitoringPoints points;
    @Autowired ApplicationContext platform;
    @Autowired javax.sql.DataSource dataSource;

    record Row(String code, long pointId, Instant ts, String value) { }

    /** One message of the burst schedule: when (ns after its start), what, and which alarm it is (-1: none). */
    record Event(long atNanos, int gateway, String topic, String payload, int alarm) { }

    /** A platform-wide actor for setting up points. */
    record Setup() implements Actor {
        public String username() { return "bench"; }
        public String displayName() { return "bench"; }
        public Jurisdiction jurisdiction() { return Jurisdiction.platform(); }
        public Long enterpriseId() { return null; }
        public Long serviceOrgId() { return null; }
        public Long employeeId() { return null; }
        public boolean can(String permission) { return true; }
    }

    /** Figures of one path. */
    record Figures(double through, long stored, List<Double> latencies) { }

    private String credit;
    private long chem;
    private long tankFarm;
    /** The in-process queue's deepest depth the last burst's watcher saw (0 on the Kafka path, which has no such queue). */
    private final java.util.concurrent.atomic.AtomicInteger deepest = new java.util.concurrent.atomic.AtomicInteger();
    /** The Paho gateways' window (unacknowledged messages a connection may have), for the lean ones of the same shape. */
    private int pahoWindow;
    private List<MonitoringPoints.Point> steady;
    private Long[] steadyIds;
    /** Points read by gateway scans: SCAN per gateway. */
    private List<MonitoringPoints.Point> scanned;

    @Test
    void ingestion_through_the_broker_beside_plain_inserts_and_alarm_latency_in_a_burst() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        credit = jdbc.sql("select credit_code from enterprise where id = :e").param("e", chem).query(String.class).single();
        long tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", chem).query(Long.class).single();
        this.chem = chem;
        this.tankFarm = tankFarm;
        List<MonitoringPoints.Point> load = newPoints(POINTS + 3 * ALARMS + GATEWAYS * SCAN);
        steady = load.subList(0, POINTS);
        scanned = load.subList(POINTS + 3 * ALARMS, load.size());
        steadyIds = java.util.stream.Stream.concat(steady.stream(), scanned.stream()).map(MonitoringPoints.Point::id).toArray(Long[]::new);
        var alarmingDirect = load.subList(POINTS, POINTS + ALARMS);
        var alarmingKafka = load.subList(POINTS + ALARMS, POINTS + 2 * ALARMS);
        var alarmingScans = load.subList(POINTS + 2 * ALARMS, POINTS + 3 * ALARMS);
        Instant base = clock.instant().minusSeconds(READINGS / POINTS + 120);
        List<Row> rows = new ArrayList<>(READINGS);
        for (int i = 0; i < READINGS; i++) {
            var p = steady.get(i % POINTS);
            rows.add(new Row(p.code(), p.id(), base.plusMillis(i * 1000L / POINTS).plusMillis(i % POINTS),
                    String.format(Locale.ROOT, "%.2f", 5 + 2 * Math.sin(i / 500.0))));
        }
        String load1 = uptime();
        ThreadCpu.dataDirectory = superuser().sql("show data_directory").query(String.class).single();
        if ("burst".equals(System.getProperty("bench.only"))) {
            burstOnly(rows, load1);
            return;
        }
        if ("leadin".equals(System.getProperty("bench.only"))) {
            firstBurstAfterLeadIn(rows, load1);
            return;
        }
        if ("paho".equals(System.getProperty("bench.only"))) {
            pahoOnly(rows, load1);
            return;
        }

        // 1. Plain inserts of the same rows, same statement shape (multi-row unnest), 2,000 per statement.
        double plain = plainInserts(rows);
        reset();

        // 1b. The same rows by plain COPY, 2,000 per statement: what the batch store itself uses.
        long t0 = System.nanoTime();
        for (int from = 0; from < READINGS; from += 2000) copy(rows.subList(from, Math.min(from + 2000, READINGS)));
        double plainCopy = READINGS / ((System.nanoTime() - t0) / 1e9);
        reset();

        // 2. The batch store and judgement called directly, 2,000 per batch: the database side of ingestion alone.
        t0 = System.nanoTime();
        for (int from = 0; from < READINGS; from += 2000) {
            ingestion.store(rows.subList(from, Math.min(from + 2000, READINGS)).stream()
                    .map(r -> new Ingestion.Reading(r.pointId(), r.ts(), new BigDecimal(r.value()))).toList());
        }
        double direct = READINGS / ((System.nanoTime() - t0) / 1e9);
        reset();

        // 3. The same rows as MQTT messages (QoS 1) through the embedded broker, the queue, storage and judgement.
        List<MqttAsyncClient> gateways = connect(mqtt.brokerUrl());
        LongSupplier accepted = () -> ingestion.stats().accepted();
        var embedded = throughput(gateways, rows, accepted);
        reset();
        // 3a. The same again, now warm (the first pass also pays the JIT compiling the broker's path), then the same rows
        // from gateways that take less of the machine's two cores than five Paho clients in this JVM do (LeanGateway,
        // ADR 0052): the same shape, and many connections as a province has, each at most 10 unacknowledged.
        var embeddedWarm = throughput(gateways, rows, accepted);
        reset();
        // the warm pass once more with the broker as before ADR 0065 (readings through Moquette's intercept thread,
        // each topic split anew), at the same moment
        BrokerPipelineAccess.shortPath(false);
        System.out.printf(Locale.ROOT, "%n[bench] Paho gateways, warm, the broker as before ADR 0065%n");
        var embeddedWarmOld = throughput(gateways, rows, accepted);
        BrokerPipelineAccess.shortPath(true);
        reset();
        int wideCount = Integer.getInteger("bench.wide.gateways", 50);
        // each lean shape also with the broker's pipeline as before ADR 0058 (a flush per PUBACK, the packet logger), at
        // the same moment (old, new, new, old)
        BrokerPipelineAccess.tuning(false);
        var leanOld = throughputLean(mqtt.brokerUrl(), GATEWAYS, pahoWindow, rows, accepted);
        reset();
        BrokerPipelineAccess.tuning(true);
        var lean = throughputLean(mqtt.brokerUrl(), GATEWAYS, pahoWindow, rows, accepted);
        reset();
        var leanWide = throughputLean(mqtt.brokerUrl(), wideCount, 10, rows, accepted);
        reset();
        BrokerPipelineAccess.tuning(false);
        var leanWideOld = throughputLean(mqtt.brokerUrl(), wideCount, 10, rows, accepted);
        reset();
        BrokerPipelineAccess.tuning(true);
        var embeddedLatency = burst(gateways, alarmingDirect);
        int embeddedDeepest = deepest.get();
        reset();
        // 3a°. The same burst after LEAD_IN s of normal traffic (ADR 0064): "ten times the normal rate" presumes a normal
        // rate that was flowing; the line above keeps today's 1 s on a path no paced message had run yet. In this JVM it
        // is the second burst; -Dbench.only=leadin measures a JVM's first burst after a lead-in, one run per length.
        var leadInLatency = burst(gateways, newPoints(ALARMS), LEAD_IN);
        int leadInDeepest = deepest.get();
        reset();
        // 3a'. The same burst from lean gateways (ADR 0059): an additional line, the platform without the load generator's
        // fifteen Paho threads on its two cores; the line above stays the figure.
        var leanLatency = burstFromLean(newPoints(ALARMS));
        int leanDeepest = deepest.get();
        reset();
        // 3a''. The Paho burst once more: the first one still pays the JIT compiling the paced path (up to 3 CPU-s of its
        // 5 s, ADR 0059); an additional line, as the throughput's warm line is.
        var warmLatency = burst(gateways, newPoints(ALARMS));
        int warmDeepest = deepest.get();
        reset();

        System.out.printf(Locale.ROOT, "%n[bench] gateway scans start %s%n", Instant.now());
        // 3b. Gateway scans (ADR 0039): SCAN readings per message, each gateway its own points, same count of readings.
        var scans = scans();
        var viaScans = throughput(gateways, scans, READINGS, accepted);
        System.out.printf(Locale.ROOT, "%n[bench] gateway scans stored %s%n", Instant.now());
        var scansLatency = burstOfScans(gateways, alarmingScans);
        int scansDeepest = deepest.get();
        disconnect(gateways);
        reset();

        // 3c. The same Paho gateways in a JVM of their own (ADR 0070): the broker sees the same packets, the platform's
        // JVM carries only the platform; both still share the machine's two cores. Here the platform's path is warm and
        // only the gateways' JVM is cold; a platform's first pass and first burst: -Dbench.only=paho|leadin -Dbench.gateways=forked.
        Figures forkedFirst, forkedWarm;
        List<Double> forkedLatency;
        int forkedDeepest;
        try (var forked = fleet("forked")) {
            forkedFirst = forked.throughput().run(rows);
            reset();
            forkedWarm = forked.throughput().run(rows);
            reset();
            forkedLatency = forked.burst().run(newPoints(ALARMS), 1, List.of());
            forkedDeepest = deepest.get();
            reset();
        }

        // 4. The Kafka path: MQTT → bridge → Kafka (12 partitions) → a group of 2 consumers → the same store.
        String kafkaLine;
        Figures viaKafka = null;
        List<Double> kafkaLatency = List.of();
        long kafkaStart = System.nanoTime();
        if (!Boolean.parseBoolean(System.getProperty("bench.kafka", "true"))) {
            kafkaLine = "skipped (-Dbench.kafka=false)";
        } else try (var kafka = KafkaPath.start(platform, "bench.readings", 12, 2)) {
            kafkaLine = String.format(Locale.ROOT, "in-process KRaft broker started in %.1f s", (System.nanoTime() - kafkaStart) / 1e9);
            var viaBridge = connect(kafka.mqttUrl());
            viaKafka = throughput(viaBridge, rows, kafka::stored);
            kafkaLatency = burst(viaBridge, alarmingKafka);
            disconnect(viaBridge);
        } catch (RuntimeException e) {
            kafkaLine = "no Kafka broker could be started here: " + e;
        }
        String load2 = uptime();

        System.out.printf(Locale.ROOT, "%n=== MonitoringBenchmark (%d readings over %d points, %d gateway connections; %d cores) ===%n",
                READINGS, POINTS, GATEWAYS, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "load before / after              %s / %s%n", load1, load2);
        System.out.printf(Locale.ROOT, "plain multi-row inserts          %,10.0f rows/s%n", plain);
        System.out.printf(Locale.ROOT, "batch store + judgement, direct  %,10.0f readings/s  (%.0f%% of plain)%n", direct, 100 * direct / plain);
        System.out.printf(Locale.ROOT, "MQTT → stored + evaluated        %,10.0f readings/s  (%d of %d stored, %.2f of plain)%n",
                embedded.through(), embedded.stored(), READINGS, embedded.through() / plain);
        System.out.printf(Locale.ROOT, "  same, warm (after two passes)   %,10.0f readings/s  (%.2f of plain)%n", embeddedWarm.through(), embeddedWarm.through() / plain);
        System.out.printf(Locale.ROOT, "  same, warm, broker as before ADR 0065 %,10.0f readings/s  (%.2f of plain)%n", embeddedWarmOld.through(),
                embeddedWarmOld.through() / plain);
        System.out.printf(Locale.ROOT, "  lean gateways, %d connections, ≤ %d in flight each %,10.0f readings/s  (%d of %d stored, %.2f of plain)%n",
                GATEWAYS, pahoWindow, lean.through(), lean.stored(), READINGS, lean.through() / plain);
        System.out.printf(Locale.ROOT, "  lean gateways, %d connections, ≤ 10 in flight each %,10.0f readings/s  (%d of %d stored, %.2f of plain)%n",
                wideCount, leanWide.through(), leanWide.stored(), READINGS, leanWide.through() / plain);
        System.out.printf(Locale.ROOT, "  same two, the broker's pipeline as before ADR 0058 %,10.0f and %,.0f readings/s  (%d and %d stored, %.2f and %.2f of plain)%n",
                leanOld.through(), leanWideOld.through(), leanOld.stored(), leanWideOld.stored(), leanOld.through() / plain, leanWideOld.through() / plain);
        System.out.printf(Locale.ROOT, "rejected so far                  %s%n", ingestion.stats().rejected());
        printLatency("publish → alarm visible, burst, 1 s lead-in, cold paced path (the line as before)", embeddedLatency);
        System.out.printf(Locale.ROOT, "  ingestion queue, deepest seen   %,d readings%n", embeddedDeepest);
        printLatency("  same burst after " + LEAD_IN + " s of normal traffic (second burst)", leadInLatency);
        System.out.printf(Locale.ROOT, "  ingestion queue, deepest seen   %,d readings%n", leadInDeepest);
        printLatency("  same burst, lean gateways ×5 (third burst)", leanLatency);
        System.out.printf(Locale.ROOT, "  ingestion queue, deepest seen   %,d readings%n", leanDeepest);
        printLatency("  same burst, Paho, fourth burst", warmLatency);
        System.out.printf(Locale.ROOT, "  ingestion queue, deepest seen   %,d readings%n", warmDeepest);
        System.out.printf(Locale.ROOT, "plain COPY, same rows             %,10.0f rows/s  (not the bar's baseline)%n", plainCopy);
        System.out.printf(Locale.ROOT, "MQTT gateway scans (%d per msg) → stored + evaluated %,10.0f readings/s  (%d of %d stored, %.2f of plain)%n",
                SCAN, viaScans.through(), viaScans.stored(), READINGS, viaScans.through() / plain);
        System.out.printf(Locale.ROOT, "rejected so far                  %s%n", ingestion.stats().rejected());
        printLatency("scans, publish → alarm, burst", scansLatency);
        System.out.printf(Locale.ROOT, "  ingestion queue, deepest seen   %,d readings%n", scansDeepest);
        System.out.printf(Locale.ROOT, "MQTT, Paho gateways in a JVM of their own (ADR 0070), its first pass / warm %,10.0f / %,.0f readings/s  (%d and %d stored, %.2f / %.2f of plain)%n",
                forkedFirst.through(), forkedWarm.through(), forkedFirst.stored(), forkedWarm.stored(), forkedFirst.through() / plain,
                forkedWarm.through() / plain);
        printLatency("  same gateways' burst, 1 s lead-in (the platform's sixth burst)", forkedLatency);
        System.out.printf(Locale.ROOT, "  ingestion queue, deepest seen   %,d readings%n", forkedDeepest);
        System.out.printf(Locale.ROOT, "Kafka                            %s%n", kafkaLine);
        if (viaKafka != null) {
            System.out.printf(Locale.ROOT, "MQTT → Kafka → stored + evaluated%,10.0f readings/s  (%d of %d stored, %.2f of plain)%n",
                    viaKafka.through(), viaKafka.stored(), READINGS, viaKafka.through() / plain);
            printLatency("via Kafka, publish → alarm, burst", kafkaLatency);
        }
    }

    /** One MQTT message per row, a point keeping to one gateway (row i to gateway i mod GATEWAYS). */
    private Figures throughput(List<MqttAsyncClient> gateways, List<Row> rows, LongSupplier stored) throws Exception {
        return throughput(gateways, messagesOf(rows, gateways.size()), rows.size(), stored);
    }

    /** One {topic, payload} per row, dealt to {@code count} gateways: row i to gateway i mod count. */
    private List<List<String[]>> messagesOf(List<Row> rows, int count) {
        List<List<String[]>> messages = new ArrayList<>();
        for (int g = 0; g < count; g++) messages.add(new ArrayList<>());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            messages.get(i % count).add(new String[] {"shuangkong/v1/" + credit + "/" + r.code(), "{\"value\":" + r.value() + ",\"ts\":\"" + r.ts() + "\"}"});
        }
        return messages;
    }

    /**
     * The same number of readings as gateway scans: gateway g reads the points scanned[g·SCAN, (g+1)·SCAN) once per
     * scan, one ts per scan, in READINGS / (GATEWAYS · SCAN) scans.
     */
    private List<List<String[]>> scans() {
        Instant base = clock.instant().minusSeconds(READINGS / POINTS + 120);
        List<List<String[]>> messages = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            List<String[]> mine = new ArrayList<>();
            for (int k = 0; k < READINGS / (GATEWAYS * SCAN); k++) mine.add(new String[] {scanTopic(), scan(g, k, base.plusSeconds(k), null)});
            messages.add(mine);
        }
        return messages;
    }

    /** Gateway g's k-th scan of its points at ts, plus one alarm point's reading beyond its limit if given. */
    private String scan(int g, int k, Instant ts, MonitoringPoints.Point alarm) {
        StringBuilder b = new StringBuilder("{\"ts\":\"").append(ts).append("\",\"readings\":[");
        for (int i = 0; i < SCAN; i++) {
            b.append(i == 0 ? "" : ",").append("{\"tag\":\"").append(scanned.get(g * SCAN + i).code()).append("\",\"value\":")
                    .append(String.format(Locale.ROOT, "%.2f", 5 + 2 * Math.sin((k * SCAN + i) / 500.0))).append('}');
        }
        if (alarm != null) b.append(",{\"tag\":\"").append(alarm.code()).append("\",\"value\":9.80}");
        return b.append("]}").toString();
    }

    private String scanTopic() {
        return "shuangkong/v1/" + credit + "/_batch";
    }

    /** Publishes each gateway's messages on its own connection, all at once, and waits until all readings are stored. */
    private Figures throughput(List<MqttAsyncClient> gateways, List<List<String[]>> messages, int readings, LongSupplier stored) throws Exception {
        List<Publisher> publishers = new ArrayList<>();
        for (int g = 0; g < gateways.size(); g++) {
            var device = gateways.get(g);
            var mine = messages.get(g);
            publishers.add(() -> {
                for (String[] m : mine) publish(device, m[0], m[1]);
            });
        }
        return measure(publishers, messages.stream().mapToInt(List::size).sum(), readings, stored);
    }

    /** The same rows, one message each, through {@code count} {@link LeanGateway}s with at most {@code window} unacknowledged each. */
    private Figures throughputLean(String url, int count, int window, List<Row> rows, LongSupplier stored) throws Exception {
        var options = Gateways.credentialsOf(loggedIn("ent_chem"));
        List<LeanGateway> lean = new ArrayList<>();
        for (int g = 0; g < count; g++) lean.add(new LeanGateway(url, "lean-" + UUID.randomUUID(), options.getUserName(), options.getPassword(), window));
        var messages = messagesOf(rows, count);
        List<Publisher> publishers = new ArrayList<>();
        for (int g = 0; g < count; g++) {
            var device = lean.get(g);
            var mine = messages.get(g);
            publishers.add(() -> device.publishAll(mine));
        }
        System.out.printf(Locale.ROOT, "%n[bench] %d lean gateways, ≤ %d in flight each, %s%n", count, window,
                BrokerPipelineAccess.tuning() ? "the broker's pipeline as shipped (ADR 0058)" : "the broker's pipeline as before ADR 0058");
        try {
            return measure(publishers, rows.size(), rows.size(), stored);
        } finally {
            for (var device : lean) device.close();
        }
    }

    interface Publisher {
        void run() throws Exception;
    }

    /**
     * Runs the publishers at once, each on a thread of its own, and waits until all readings are stored; prints the CPU
     * each kind of thread spent per reading meanwhile.
     */
    private Figures measure(List<Publisher> publishers, int messages, int readings, LongSupplier stored) throws Exception {
        long before = stored.getAsLong();
        var cpu = ThreadCpu.now();
        var publishing = new java.util.concurrent.atomic.LongAdder(); // the publishers' own CPU: their threads end before the last count
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int g = 0; g < publishers.size(); g++) {
            var p = publishers.get(g);
            var t = new Thread(() -> {
                try {
                    p.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    publishing.add(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                }
            }, "bench-publisher-" + g);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        // Until every reading is stored, or nothing more arrives for 10 s (a lost message must not count as time).
        long done = 0, lastProgress = System.nanoTime();
        while (done < readings && System.nanoTime() - lastProgress < 10_000_000_000L) {
            Thread.sleep(5);
            long now = stored.getAsLong() - before;
            if (now > done) {
                done = now;
                lastProgress = System.nanoTime();
            }
        }
        System.out.printf(Locale.ROOT, "%n[bench] %,d readings in %,d messages: CPU per reading, by thread (the whole JVM and its PostgreSQL)%n%s",
                done, messages, ThreadCpu.now().plus("bench publishers (the gateways' code)", publishing.sum()).since(cpu, Math.max(done, 1)));
        return new Figures(done / ((lastProgress - t0) / 1e9), done, List.of());
    }

    /**
     * Normal load for 1 s (or a longer lead-in, ADR 0064), ten times that for {@link #BURST_SECONDS} with every alarm
     * point's excursion spread over it, normal again for 1 s; a watcher reads the committed alarms every 5 ms, as any
     * page or the alert centre would.
     */
    private List<Double> burst(List<MqttAsyncClient> gateways, List<MonitoringPoints.Point> alarming) throws Exception {
        return burst(gateways, alarming, 1);
    }

    /** The same burst after {@code leadInSeconds} of normal traffic instead of 1 s (ADR 0064). */
    private List<Double> burst(List<MqttAsyncClient> gateways, List<MonitoringPoints.Point> alarming, int leadInSeconds) throws Exception {
        return burst(gateways.size(), local(paho(gateways)), alarming, leadInSeconds, List.of());
    }

    /** {@code leadInAlarming}: points whose excursion falls in the lead-in, one each, spread over it; not measured. */
    private List<Double> burst(int gatewayCount, Player gateways, List<MonitoringPoints.Point> alarming, int leadInSeconds,
                               List<MonitoringPoints.Point> leadInAlarming) throws Exception {
        List<Event> events = new ArrayList<>();
        Instant base = clock.instant().minusSeconds(59L + leadInSeconds); // with 1 s: the times as before
        long at = 0;
        int k = 0;
        int[] rates = {NORMAL_RATE, NORMAL_RATE * BURST_FACTOR, NORMAL_RATE};
        long[] spans = {leadInSeconds * 1_000_000_000L, BURST_SECONDS * 1_000_000_000L, 1_000_000_000L};
        long burstStart = spans[0];
        for (int phase = 0; phase < 3; phase++) {
            long step = 1_000_000_000L / rates[phase];
            for (long end = at + spans[phase]; at < end; at += step, k++) {
                var p = steady.get(k % POINTS);
                Instant ts = base.plusNanos(at).plusMillis(k % POINTS); // unique per point
                events.add(new Event(at, k % POINTS % gatewayCount, "shuangkong/v1/" + credit + "/" + p.code(),
                        "{\"value\":" + String.format(Locale.ROOT, "%.2f", 5 + Math.sin(k / 300.0)) + ",\"ts\":\"" + ts + "\"}", -1));
            }
        }
        for (int a = 0; a < alarming.size(); a++) {
            long when = burstStart + a * (BURST_SECONDS * 1_000_000_000L) / alarming.size();
            events.add(new Event(when, a % gatewayCount, "shuangkong/v1/" + credit + "/" + alarming.get(a).code(),
                    "{\"value\":9.80,\"ts\":\"" + base.plusNanos(when) + "\"}", a));
        }
        for (int a = 0; a < leadInAlarming.size(); a++) {
            long when = a * (burstStart - 1_000_000_000L) / leadInAlarming.size();
            events.add(new Event(when, a % gatewayCount, "shuangkong/v1/" + credit + "/" + leadInAlarming.get(a).code(),
                    "{\"value\":9.80,\"ts\":\"" + base.plusNanos(when) + "\"}", -1));
        }
        events.sort((x, y) -> Long.compare(x.atNanos(), y.atNanos()));

        // the tables (CPU, statements, the database's waits) cover the last second before the burst, the burst and the
        // second after it, whatever the lead-in: the same span as with today's 1 s
        return latencies(gateways, events, alarming, burstStart - 1_000_000_000L);
    }

    /**
     * The same burst as gateway scans: 1,000 readings/s is 20 scans of 50 a second, ten times that during the burst,
     * gateways taking turns; each alarm point's excursion rides in the next scan of gateway (alarm mod GATEWAYS) at its time.
     */
    private List<Double> burstOfScans(List<MqttAsyncClient> gateways, List<MonitoringPoints.Point> alarming) throws Exception {
        List<Event> events = new ArrayList<>();
        Instant base = clock.instant().minusSeconds(30);
        int[] rates = {NORMAL_RATE / SCAN, NORMAL_RATE * BURST_FACTOR / SCAN, NORMAL_RATE / SCAN};
        long[] spans = {1_000_000_000L, BURST_SECONDS * 1_000_000_000L, 1_000_000_000L};
        long burstStart = spans[0];
        List<Long> alarmAt = new ArrayList<>();
        for (int a = 0; a < alarming.size(); a++) alarmAt.add(burstStart + a * (BURST_SECONDS * 1_000_000_000L) / alarming.size());
        boolean[] taken = new boolean[alarming.size()];
        long at = 0;
        int k = 0;
        for (int phase = 0; phase < 3; phase++) {
            long step = 1_000_000_000L / rates[phase];
            for (long end = at + spans[phase]; at < end; at += step, k++) {
                int g = k % gateways.size();
                // the first alarm due by now whose gateway this is rides in this scan
                int alarm = -1;
                for (int a = 0; a < alarming.size() && alarmAt.get(a) <= at; a++) {
                    if (a % gateways.size() == g && !taken[a]) {
                        alarm = a;
                        taken[a] = true;
                        break;
                    }
                }
                events.add(new Event(at, g, scanTopic(), scan(g, k / gateways.size(), base.plusNanos(at), alarm < 0 ? null : alarming.get(alarm)), alarm));
            }
        }
        return latencies(local(paho(gateways)), events, alarming, 0);
    }

    /** Publishes the schedule in real time while a watcher reads the committed alarms every 5 ms; latency per alarm, sorted. */
    private List<Double> latencies(Player gateways, List<Event> events, List<MonitoringPoints.Point> alarming, long measureFrom) throws Exception {
        Long[] ids = alarming.stream().map(MonitoringPoints.Point::id).toArray(Long[]::new);
        Map<Long, Long> seen = new ConcurrentHashMap<>();
        long[] sent = new long[alarming.size()];
        var watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        var polls = new java.util.concurrent.atomic.AtomicInteger();
        deepest.set(0);
        // The watcher keeps one connection for the burst, so that its backend's CPU can be told apart from the platform's,
        // and asks only for the alarms it has not seen yet (ADR 0059: before, all 200 every 5 ms).
        var watcherConnection = dataSource.getConnection();
        ThreadCpu.backends.put(backendPid(watcherConnection), "PostgreSQL backend of the bench's watcher");
        var watch = watcherConnection.prepareStatement("select point_id from alarm where point_id = any(?)");
        var measuring = new java.util.concurrent.atomic.AtomicBoolean(measureFrom <= 0);
        Thread watcher = new Thread(() -> {
            try {
                while (watching.get()) {
                    if (!measuring.get()) { // no alarm of the schedule falls in a lead-in: no polling to load the machine
                        LockSupport.parkNanos(5_000_000);
                        continue;
                    }
                    long now = System.nanoTime();
                    deepest.accumulateAndGet(ingestion.stats().queued(), Math::max);
                    watch.setArray(1, watcherConnection.createArrayOf("bigint",
                            java.util.Arrays.stream(ids).filter(id -> !seen.containsKey(id)).toArray()));
                    try (var rs = watch.executeQuery()) {
                        while (rs.next()) seen.putIfAbsent(rs.getLong(1), now);
                    }
                    polls.incrementAndGet();
                    if (seen.size() == ids.length) return;
                    LockSupport.parkNanos(5_000_000);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "bench-watcher");
        watcher.start();
        // What the tables count starts at measureFrom (before the first message when 0): a longer lead-in of normal
        // traffic does not dilute them, and they cover the same span of the schedule as with a lead-in of 1 s.
        int measured = (int) events.stream().filter(e -> e.atNanos() >= measureFrom).count();
        var waits = new java.util.concurrent.CompletableFuture<String>();
        var from = new Object() {
            ThreadCpu cpu;
            long statements, commits, t0;
            String checkpointsBefore;

            void begin() {
                cpu = ThreadCpu.now();
                statements = StatementCounter.statements.get();
                commits = StatementCounter.commits.get();
                StatementCounter.bySql.clear();
                checkpointsBefore = checkpoints();
                var sampler = new Thread(() -> waits.complete(serverWaits((events.get(events.size() - 1).atNanos() - measureFrom) / 1e9 + 2)));
                sampler.start();
                t0 = System.nanoTime();
            }
        };
        if (measureFrom <= 0) from.begin();
        System.out.printf(Locale.ROOT, "%n[bench] schedule of %,d messages starts %s; its tables from +%.1f s%n", events.size(), Instant.now(), measureFrom / 1e9);
        gateways.play(events, measureFrom, () -> {
            if (from.cpu == null) {
                from.begin();
                measuring.set(true);
            }
        }, sent);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (seen.size() < ids.length && System.nanoTime() < deadline) Thread.sleep(10);
        watching.set(false);
        watcher.join();
        var used = ThreadCpu.now().since(from.cpu, measured);
        long burstNanos = System.nanoTime() - from.t0;
        long statements = from.statements, commits = from.commits;
        String checkpointsBefore = from.checkpointsBefore;
        watch.close();
        watcherConnection.close();
        waits.join();
        ThreadCpu.backends.clear();
        System.out.printf(Locale.ROOT, "%n[bench] the burst's %,d messages, from the first until every alarm was visible (%.1f s; the watcher polled %,d times):"
                + " CPU per message, by thread (the whole JVM and its PostgreSQL)%n%s", measured, burstNanos / 1e9, polls.get(), used);
        System.out.printf(Locale.ROOT, "%n[bench] the database during the burst: checkpoints and WAL before %s, after %s;%n"
                + "  what its busy processes were doing (sampled every 10 ms; CPU = running or waiting for a core):%n%s",
                checkpointsBefore, checkpoints(), waits.get());
        // The alarms' alerts are made off the ingestion worker (ADR 0051): their statements count once they are made.
        long lastSeen = seen.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
        // (the same benchmark runs on a build from before that, for an A/B at the same moment: there nothing is owed)
        boolean owes = superuser().sql("select to_regclass('alarm_alert_owed') is not null").query(Boolean.class).single();
        while (owes && jdbc.sql("select exists(select 1 from alarm_alert_owed)").query(Boolean.class).single() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long alertsOwed = owes ? jdbc.sql("select count(*) from alarm_alert_owed").query(Long.class).single() : 0;
        System.out.printf(Locale.ROOT, "%n[bench] alarms' alerts all made %.0f ms after the last alarm was visible (%d still owed)%n",
                (System.nanoTime() - lastSeen) / 1e6, alertsOwed);
        // the watcher's own reads excluded: they are the benchmark's, not the platform's
        var watcherReads = StatementCounter.bySql.remove("select point_id from alarm where point_id = any(?)");
        long own = watcherReads == null ? 0 : watcherReads.sum();
        for (String ownRead : List.of("select exists(select 1 from alarm_alert_owed)", "select count(*) from alarm_alert_owed")) {
            var r = StatementCounter.bySql.remove(ownRead);
            if (r != null) own += r.sum();
        }
        System.out.printf(Locale.ROOT, "%n[bench] burst of %d messages: %d statements and %d commits by the platform (%.1f statements an alarm), "
                + "queue deepest %,d; most frequent, per alarm:%n%s", measured, StatementCounter.statements.get() - statements - own,
                StatementCounter.commits.get() - commits, (StatementCounter.statements.get() - statements - own) / (double) ids.length,
                deepest.get(), StatementCounter.top(25, ids.length));
        List<Double> latencies = new ArrayList<>();
        for (int a = 0; a < ids.length; a++) {
            Long s = seen.get(ids[a]);
            latencies.add(s == null ? Double.POSITIVE_INFINITY : (s - sent[a]) / 1e6);
        }
        Collections.sort(latencies);
        return latencies;
    }

    /** The server's checkpoints so far (timed / requested, buffers written) and WAL written with full buffers. */
    private String checkpoints() {
        return superuser().sql("""
                select 'checkpoints ' || c.num_timed || ' timed / ' || c.num_requested || ' requested, ' || c.buffers_written
                       || ' buffers; WAL ' || pg_size_pretty(w.wal_bytes) || ', ' || w.wal_buffers_full || ' times wal_buffers full'
                  from pg_stat_checkpointer c, pg_stat_wal w""").query(String.class).single();
    }

    /**
     * For {@code seconds}, every 10 ms, what each busy server process waits for (pg_stat_activity): client backends
     * running a statement, and the background processes (checkpointer, WAL writer, autovacuum and its table…) when not idle. Sampled
     * inside the server by one statement, so the sampling costs one connection, not one per sample.
     */
    private String serverWaits(double seconds) {
        try (var c = superuserConnection()) {
            ThreadCpu.backends.put(backendPid(c), "PostgreSQL backend of the bench's sampler");
            return serverWaits(JdbcClient.create(new org.springframework.jdbc.datasource.SingleConnectionDataSource(c, true)), seconds);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String serverWaits(JdbcClient su, double seconds) {
        su.sql("""
                create or replace function bench_waits(seconds float8) returns table(what text, n bigint) language plpgsql as $$
                declare
                    t0 timestamptz := clock_timestamp();
                    samples int := 0;
                begin
                    create temp table bench_wait_samples(what text) on commit drop;
                    while clock_timestamp() < t0 + make_interval(secs => seconds) loop
                        perform pg_stat_clear_snapshot();
                        insert into bench_wait_samples
                        select a.backend_type || ' ' || coalesce(a.wait_event_type || ':' || a.wait_event, 'CPU')
                               || case when a.backend_type = 'autovacuum worker' then ' (' || left(a.query, 60) || ')' else '' end
                          from pg_stat_activity a
                         where a.pid <> pg_backend_pid() and (a.state = 'active'
                               or (a.backend_type <> 'client backend' and a.wait_event_type is distinct from 'Activity'));
                        samples := samples + 1;
                        perform pg_sleep(0.01);
                    end loop;
                    return query select s.what, count(*) from bench_wait_samples s group by 1
                                 union all select '(samples)', samples::bigint order by 2 desc;
                end $$""").update();
        try {
            StringBuilder out = new StringBuilder();
            su.sql("select what, n from bench_waits(:s)").param("s", seconds)
                    .query((rs, i) -> String.format(Locale.ROOT, "    %6d  %s%n", rs.getLong(2), rs.getString(1))).list().forEach(out::append);
            return out.toString();
        } finally {
            su.sql("drop function bench_waits(float8)").update();
        }
    }

    private java.sql.Connection superuserConnection() throws java.sql.SQLException {
        return platform.getBean(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class).getPostgresDatabase().getConnection();
    }

    private static long backendPid(java.sql.Connection c) throws java.sql.SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A gateway's way of sending one message at its time. */
    interface Sender {
        void send(int gateway, String topic, String payload) throws Exception;
    }

    private static Sender paho(List<MqttAsyncClient> gateways) {
        return (g, topic, payload) -> publish(gateways.get(g), topic, payload);
    }

    /**
     * Who plays a burst's schedule: this JVM's loop over a {@link Sender}, or the forked gateways' JVM ({@link ForkedPaho}).
     * {@code atMeasureFrom} runs once the schedule reaches {@code measureFrom}; {@code sent[alarm]} gets each alarm's
     * moment of sending.
     */
    interface Player {
        void play(List<Event> events, long measureFrom, Runnable atMeasureFrom, long[] sent) throws Exception;
    }

    /** The schedule played by this JVM, each message sent when due. */
    private static Player local(Sender gateways) {
        return (events, measureFrom, atMeasureFrom, sent) -> {
            long t0 = System.nanoTime();
            for (Event e : events) {
                // waits asleep, not spinning: a spinning publisher took one of the machine's two cores from the platform
                for (long early; (early = e.atNanos() - (System.nanoTime() - t0)) > 0; ) LockSupport.parkNanos(early);
                if (e.atNanos() >= measureFrom) atMeasureFrom.run();
                if (e.alarm() >= 0) sent[e.alarm()] = System.nanoTime();
                gateways.send(e.gateway(), e.topic(), e.payload());
            }
        };
    }

    /** The burst from {@link #GATEWAYS} lean gateways with the Paho gateways' window, each message flushed when due. */
    private List<Double> burstFromLean(List<MonitoringPoints.Point> alarming) throws Exception {
        return burstFromLean(alarming, 1, List.of());
    }

    private List<Double> burstFromLean(List<MonitoringPoints.Point> alarming, int leadInSeconds, List<MonitoringPoints.Point> leadInAlarming)
            throws Exception {
        var options = Gateways.credentialsOf(loggedIn("ent_chem"));
        List<LeanGateway> lean = new ArrayList<>();
        try {
            for (int g = 0; g < GATEWAYS; g++) {
                lean.add(new LeanGateway(mqtt.brokerUrl(), "lean-" + UUID.randomUUID(), options.getUserName(), options.getPassword(),
                        options.getMaxInflight()));
            }
            return burst(GATEWAYS, local((g, topic, payload) -> lean.get(g).publish(topic, payload)), alarming, leadInSeconds, leadInAlarming);
        } finally {
            for (var device : lean) device.close();
        }
    }

    interface Passes {
        Figures run(List<Row> rows) throws Exception;
    }

    interface Bursts {
        List<Double> run(List<MonitoringPoints.Point> alarming, int leadInSeconds, List<MonitoringPoints.Point> leadInAlarming) throws Exception;
    }

    /** The gateways a short mode's throughput passes and bursts come from, and how they go away. */
    record Fleet(String name, Passes throughput, Bursts burst, Publisher closer) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            closer.run();
        }
    }

    /**
     * {@code -Dbench.gateways}: {@code paho} — five Paho gateways in the platform's JVM (the lines, the default);
     * {@code lean} — five {@link LeanGateway}s with Paho's window; {@code forked} — the same five Paho gateways in a JVM
     * process of their own ({@link ForkedPaho}, ADR 0070).
     */
    private Fleet fleet(String kind) throws Exception {
        LongSupplier accepted = () -> ingestion.stats().accepted();
        var options = Gateways.credentialsOf(loggedIn("ent_chem"));
        pahoWindow = options.getMaxInflight();
        return switch (kind) {
            case "paho" -> {
                var gateways = connect(mqtt.brokerUrl());
                yield new Fleet("five Paho gateways in the platform's JVM", rows -> throughput(gateways, rows, accepted),
                        (alarming, leadIn, leadInAlarming) -> burst(GATEWAYS, local(paho(gateways)), alarming, leadIn, leadInAlarming),
                        () -> disconnect(gateways));
            }
            case "lean" -> new Fleet("five lean gateways", rows -> throughputLean(mqtt.brokerUrl(), GATEWAYS, pahoWindow, rows, accepted),
                    this::burstFromLean, () -> { });
            case "forked" -> {
                var forked = ForkedPaho.start(mqtt.brokerUrl(), options, GATEWAYS);
                yield new Fleet("five Paho gateways in a JVM of their own", rows -> {
                    System.out.printf(Locale.ROOT, "%n[bench] five Paho gateways in a JVM of their own (ADR 0070)%n");
                    return measure(List.of(() -> forked.publishAll(messagesOf(rows, GATEWAYS))), rows.size(), rows.size(), accepted);
                }, (alarming, leadIn, leadInAlarming) -> burst(GATEWAYS, forked::play, alarming, leadIn, leadInAlarming), forked::close);
            }
            default -> throw new IllegalArgumentException("-Dbench.gateways is paho, lean or forked, not " + kind);
        };
    }

    /** New points of the demo chemical works under its tank farm (high 8.5, high-high 9.5): a burst's alarm points are fresh. */
    private List<MonitoringPoints.Point> newPoints(int count) {
        List<MonitoringPoints.Point> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(points.create(new Setup(), chem, new MonitoringPoints.Draft("B" + UUID.randomUUID().toString().substring(0, 8), "基准点 " + i,
                    "LEVEL", "m", null, tankFarm, null, new BigDecimal("1.0"), new BigDecimal("8.5"), new BigDecimal("9.5"),
                    new BigDecimal("0.2"), 0, 3600)));
        }
        return made;
    }

    /**
     * {@code -Dbench.only=burst}: the single-message burst alone, after one warm pass of the same path (the full run's
     * burst comes after four), in rounds of an A/B at the same moment (ADR 0059): the ingestion worker storing what it
     * finds at once, as before, and small batches waiting {@link IngestionLinger#DEFAULT} for more — each from the five
     * Paho gateways (the figure) and from five lean ones; the order alternates from round to round.
     */
    private void burstOnly(List<Row> rows, String load1) throws Exception {
        List<MqttAsyncClient> gateways = connect(mqtt.brokerUrl());
        var warm = throughput(gateways, rows, () -> ingestion.stats().accepted());
        reset();
        // one burst of each kind unmeasured: the first bursts still paid the JIT compiling their paths (up to 95 µs a message)
        burst(gateways, newPoints(ALARMS));
        reset();
        burstFromLean(newPoints(ALARMS));
        reset();
        List<String> lines = new ArrayList<>();
        try {
            for (int round = 1; round <= Integer.getInteger("bench.rounds", 2); round++) {
                var order = new ArrayList<>(List.of(java.time.Duration.ZERO, IngestionLinger.DEFAULT));
                if (round % 2 == 0) Collections.reverse(order);
                for (var linger : order) {
                    IngestionLinger.set(ingestion, linger);
                    String build = linger.isZero() ? "stored at once (before)" : "small batches wait " + linger.toMillis() + " ms";
                    var paho = burst(gateways, newPoints(ALARMS));
                    lines.add(latencyLine("round " + round + ", " + build + ", Paho ×5", paho) + String.format(Locale.ROOT, ", queue %,d, %s", deepest.get(), uptime()));
                    reset();
                    var lean = burstFromLean(newPoints(ALARMS));
                    lines.add(latencyLine("round " + round + ", " + build + ", lean ×5", lean) + String.format(Locale.ROOT, ", queue %,d, %s", deepest.get(), uptime()));
                    reset();
                }
            }
        } finally {
            IngestionLinger.set(ingestion, IngestionLinger.DEFAULT);
            disconnect(gateways);
        }
        System.out.printf(Locale.ROOT, "%n=== MonitoringBenchmark, the single-message burst only (-Dbench.only=burst; %d cores) ===%n",
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "load before / after              %s / %s%n", load1, uptime());
        System.out.printf(Locale.ROOT, "warm-up, MQTT one reading per message %,10.0f readings/s%n", warm.through());
        System.out.printf(Locale.ROOT, "publish → alarm visible, burst (p50 / p99 / max; ingestion queue deepest; load after):%n");
        lines.forEach(l -> System.out.println("  " + l));
    }

    /**
     * {@code -Dbench.only=leadin -Dbench.leadin=N}: the Paho throughput pass twice, as the full run begins, then the
     * run's first single-message burst after N s of normal traffic (ADR 0064). Only a JVM's first burst shows what the
     * lead-in alone warms, so each N is a run of its own. {@code -Dbench.gateways=lean|forked}: the passes and both
     * bursts from those gateways instead (ADR 0070), the platform's cold path without Paho's CPU in its JVM.
     */
    private void firstBurstAfterLeadIn(List<Row> rows, String load1) throws Exception {
        int leadIn = Integer.getInteger("bench.leadin", LEAD_IN);
        var fleet = fleet(System.getProperty("bench.gateways", "paho"));
        var cold = fleet.throughput().run(rows);
        reset();
        var warm = fleet.throughput().run(rows);
        reset();
        System.out.printf(Locale.ROOT, "%n[bench] first burst after %d s of normal traffic starts %s%n", leadIn, Instant.now());
        // -Dbench.leadin.alarms=K: K excursions of other points during the lead-in (not measured), to tell the JIT's
        // first sight of the alarm path from the paced path's
        int leadInAlarms = Integer.getInteger("bench.leadin.alarms", 0);
        var first = fleet.burst().run(newPoints(ALARMS), leadIn, newPoints(leadInAlarms));
        int firstDeepest = deepest.get();
        reset();
        // and the same burst once more with today's 1 s: the same JVM, now warm, at the same moment
        var again = fleet.burst().run(newPoints(ALARMS), 1, List.of());
        int againDeepest = deepest.get();
        reset();
        fleet.close();
        System.out.printf(Locale.ROOT, "%n=== MonitoringBenchmark, the first burst after a lead-in (-Dbench.only=leadin; %s; %d cores) ===%n",
                fleet.name(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "load before / after              %s / %s%n", load1, uptime());
        System.out.printf(Locale.ROOT, "MQTT one reading per message, %s, first pass / warm %,10.0f / %,.0f readings/s%n", fleet.name(), cold.through(),
                warm.through());
        System.out.println(latencyLine("first burst, " + leadIn + " s lead-in" + (leadInAlarms > 0 ? " with " + leadInAlarms + " alarms in it" : ""), first) + String.format(Locale.ROOT, ", queue %,d", firstDeepest));
        System.out.println(latencyLine("second burst, 1 s lead-in", again) + String.format(Locale.ROOT, ", queue %,d", againDeepest));
    }

    /** Plain multi-row inserts of the rows (the bar's baseline), 2,000 per statement; rows per second. */
    private double plainInserts(List<Row> rows) {
        long t0 = System.nanoTime();
        for (int from = 0; from < rows.size(); from += 2000) {
            var chunk = rows.subList(from, Math.min(from + 2000, rows.size()));
            jdbc.sql("insert into reading (point_id, ts, value) select * from unnest(:p::bigint[], :t::timestamptz[], :v::numeric[])")
                    .param("p", chunk.stream().map(Row::pointId).toArray(Long[]::new))
                    .param("t", chunk.stream().map(r -> r.ts().toString()).toArray(String[]::new))
                    .param("v", chunk.stream().map(Row::value).toArray(String[]::new)).update();
        }
        return rows.size() / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * {@code -Dbench.only=paho}: the line alone — one reading per message from the five Paho gateways — as a
     * first pass and then {@code bench.passes} more (default 3), each with its CPU table, beside plain inserts of the
     * same run; a shorter run to profile the broker's path (ADR 0065). {@code -Dbench.gateways=forked}: the same Paho
     * gateways in a JVM of their own (ADR 0070); {@code lean}: lean gateways.
     */
    private void pahoOnly(List<Row> rows, String load1) throws Exception {
        double plain = plainInserts(rows);
        reset();
        // -Dbench.shortPath=false: every pass, the first included, with the broker as before ADR 0065 (a second JVM for
        // the first pass's A/B); -Dbench.ab=true: the passes after the first alternate before/after, old–new–new–old
        boolean shortPath = Boolean.parseBoolean(System.getProperty("bench.shortPath", "true"));
        boolean ab = Boolean.getBoolean("bench.ab");
        BrokerPipelineAccess.shortPath(shortPath);
        var fleet = fleet(System.getProperty("bench.gateways", "paho"));
        List<String> lines = new ArrayList<>();
        try {
            for (int pass = 1; pass <= 1 + Integer.getInteger("bench.passes", 3); pass++) {
                if (ab && pass > 1) BrokerPipelineAccess.shortPath(pass % 4 == 3 || pass % 4 == 0); // 2 old, 3 new, 4 new, 5 old, …
                String build = BrokerPipelineAccess.shortPath() ? "ADR 0065" : "before ADR 0065";
                System.out.printf(Locale.ROOT, "%n[bench] Paho pass %d starts %s, %s%n", pass, Instant.now(), build);
                var f = fleet.throughput().run(rows);
                reset();
                lines.add(String.format(Locale.ROOT, "pass %d%s, %s %,10.0f readings/s  (%d of %d stored, %.2f of plain), load %s", pass,
                        pass == 1 ? " (first)" : "", build, f.through(), f.stored(), READINGS, f.through() / plain, uptime()));
            }
        } finally {
            BrokerPipelineAccess.shortPath(true);
            fleet.close();
        }
        System.out.printf(Locale.ROOT, "%n=== MonitoringBenchmark, one reading per message from %s only (-Dbench.only=paho; %d cores) ===%n",
                fleet.name(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "load before                      %s%n", load1);
        System.out.printf(Locale.ROOT, "plain multi-row inserts          %,10.0f rows/s%n", plain);
        lines.forEach(l -> System.out.println("MQTT → stored + evaluated, " + l));
    }

    /** Plain COPY of rows in one statement, committed on its own. */
    private void copy(List<Row> chunk) throws Exception {
        StringBuilder b = new StringBuilder();
        for (Row r : chunk) b.append(r.pointId()).append('\t').append(r.ts()).append('\t').append(r.value()).append('\n');
        try (var c = dataSource.getConnection()) {
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn("copy reading (point_id, ts, value) from stdin",
                    new java.io.ByteArrayInputStream(b.toString().getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private List<MqttAsyncClient> connect(String url) throws Exception {
        MqttConnectOptions options = Gateways.credentialsOf(loggedIn("ent_chem"));
        pahoWindow = options.getMaxInflight();
        List<MqttAsyncClient> list = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            var device = new MqttAsyncClient(url, "bench-" + UUID.randomUUID(), new MemoryPersistence());
            device.connect(options).waitForCompletion();
            list.add(device);
        }
        return list;
    }

    private static void disconnect(List<MqttAsyncClient> gateways) throws MqttException {
        for (var device : gateways) {
            device.disconnect().waitForCompletion();
            device.close();
        }
    }

    /**
     * The steady points without readings and without live state, for the next path to start from the same place. The
     * vacuum matters: each path stores the same (point, time) keys, and 100,000 dead index entries under those keys
     * would make the next path's unique checks visit the heap for every row (the earlier runs of this benchmark paid
     * that in their MQTT figure).
     */
    private void reset() {
        jdbc.sql("delete from reading where point_id = any(:p)").param("p", steadyIds).update();
        jdbc.sql("update monitoring_point set last_value = null, last_at = null, pending_level = null, pending_since = null where id = any(:p)")
                .param("p", steadyIds).update();
        superuser().sql("vacuum reading").update();
    }

    private static void printLatency(String what, List<Double> l) {
        System.out.println(latencyLine(what, l));
    }

    private static String latencyLine(String what, List<Double> l) {
        return String.format(Locale.ROOT, "%-33s p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d alarms, %d/s normal, ×%d for %d s)", what,
                l.get(l.size() / 2), l.get((int) Math.ceil(l.size() * 0.99) - 1), l.get(l.size() - 1), l.size(), NORMAL_RATE,
                BURST_FACTOR, BURST_SECONDS);
    }

    static String uptime() {
        try {
            return new String(new ProcessBuilder("uptime").start().getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .replaceAll(".*load average: ", "").strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** One QoS 1 message; a gateway with its window full waits for a PUBACK, asleep. */
    static void publish(MqttAsyncClient device, String topic, String payload) {
        var m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        while (true) {
            try {
                device.publish(topic, m);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) throw new IllegalStateException(e);
                LockSupport.parkNanos(50_000); // a gateway with ten messages unacknowledged waits for a PUBACK, asleep
            }
        }
    }
}
