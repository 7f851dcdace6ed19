package cn.shuangkong.bench;

import cn.shuangkong.monitoring.Ingestion;
import cn.shuangkong.monitoring.MonitoringPoints;
import cn.shuangkong.monitoring.MqttConnector;
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
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Sensor readings per second through the embedded broker into PostgreSQL with threshold evaluation, beside plain
 * multi-row inserts of the same rows in the same run; then publish → alarm visible latency. Prints; asserts nothing.
 */
@Tag("benchmark")
class MonitoringBenchmark extends PlatformTest {

    private static final int POINTS = 50;
    private static final int READINGS = 100_000;
    private static final int ALARMS = 200;

    @Autowired MqttConnector mqtt;
    @Autowired Ingestion ingestion;
    @Autowired MonitoringPoints points;

    record Row(String code, long pointId, Instant ts, String value) { }

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

    @Test
    void ingestion_through_the_broker_beside_plain_inserts_and_alarm_latency() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        String credit = jdbc.sql("select credit_code from enterprise where id = :e").param("e", chem).query(String.class).single();
        long tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", chem).query(Long.class).single();
        List<MonitoringPoints.Point> load = new ArrayList<>();
        for (int i = 0; i < POINTS + ALARMS; i++) {
            load.add(points.create(new Setup(), chem, new MonitoringPoints.Draft("B" + UUID.randomUUID().toString().substring(0, 8), "基准点 " + i,
                    "LEVEL", "m", null, tankFarm, null, new BigDecimal("1.0"), new BigDecimal("8.5"), new BigDecimal("9.5"),
                    new BigDecimal("0.2"), 0, 3600)));
        }
        List<MonitoringPoints.Point> steady = load.subList(0, POINTS), alarming = load.subList(POINTS, POINTS + ALARMS);
        Instant base = clock.instant().minusSeconds(READINGS / POINTS + 60);
        List<Row> rows = new ArrayList<>(READINGS);
        for (int i = 0; i < READINGS; i++) {
            var p = steady.get(i % POINTS);
            rows.add(new Row(p.code(), p.id(), base.plusMillis(i * 1000L / POINTS * 1).plusMillis(i % POINTS),
                    String.format(Locale.ROOT, "%.2f", 5 + 2 * Math.sin(i / 500.0))));
        }

        // 1. Plain inserts of the same rows, same statement shape (multi-row unnest), 2,000 per statement.
        long t0 = System.nanoTime();
        for (int from = 0; from < READINGS; from += 2000) {
            var chunk = rows.subList(from, Math.min(from + 2000, READINGS));
            jdbc.sql("insert into reading (point_id, ts, value) select * from unnest(:p::bigint[], :t::timestamptz[], :v::numeric[])")
                    .param("p", chunk.stream().map(Row::pointId).toArray(Long[]::new))
                    .param("t", chunk.stream().map(r -> r.ts().toString()).toArray(String[]::new))
                    .param("v", chunk.stream().map(Row::value).toArray(String[]::new)).update();
        }
        double plain = READINGS / ((System.nanoTime() - t0) / 1e9);
        jdbc.sql("delete from reading where point_id = any(:p)").param("p", steady.stream().map(MonitoringPoints.Point::id).toArray(Long[]::new)).update();

        // 2. The same rows as MQTT messages (QoS 1) through the broker, the ingestion queue, storage and limit evaluation.
        var device = new MqttAsyncClient(mqtt.brokerUrl(), "bench-" + UUID.randomUUID(), new MemoryPersistence());
        var options = cn.shuangkong.monitoring.Gateways.credentialsOf(loggedIn("ent_chem"));
        device.connect(options).waitForCompletion();
        long before = ingestion.stats().accepted();
        t0 = System.nanoTime();
        for (Row r : rows) publish(device, "shuangkong/v1/" + credit + "/" + r.code(), "{\"value\":" + r.value() + ",\"ts\":\"" + r.ts() + "\"}");
        double published = READINGS / ((System.nanoTime() - t0) / 1e9);
        // Until every reading is stored, or nothing more arrives for 10 s (a lost message must not count as time).
        long stored = 0, lastProgress = System.nanoTime();
        int deepest = 0; // the ingestion queue's depth: near zero means the broker path, not the database, sets the pace
        while (stored < READINGS && System.nanoTime() - lastProgress < 10_000_000_000L) {
            Thread.sleep(5);
            deepest = Math.max(deepest, ingestion.stats().queued());
            long now = ingestion.stats().accepted() - before;
            if (now > stored) {
                stored = now;
                lastProgress = System.nanoTime();
            }
        }
        double through = stored / ((lastProgress - t0) / 1e9);

        // 3. Publish → alarm visible (committed, as any page or the alert centre would read it), one point at a time.
        List<Double> latencies = new ArrayList<>();
        for (var p : alarming) {
            long start = System.nanoTime();
            publish(device, "shuangkong/v1/" + credit + "/" + p.code(), "{\"value\":9.0}");
            while (jdbc.sql("select count(*) from alarm where point_id = :p").param("p", p.id()).query(Long.class).single() == 0) {
                if (System.nanoTime() - start > 30_000_000_000L) break;
                Thread.onSpinWait();
            }
            latencies.add((System.nanoTime() - start) / 1e6);
        }
        device.disconnect().waitForCompletion();
        device.close();
        Collections.sort(latencies);

        System.out.printf(Locale.ROOT, "%n=== MonitoringBenchmark (%d readings over %d points, %d alarms; %d cores) ===%n", READINGS, POINTS, ALARMS,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "plain multi-row inserts          %,10.0f rows/s%n", plain);
        System.out.printf(Locale.ROOT, "MQTT publish rate (QoS 1)        %,10.0f msg/s%n", published);
        System.out.printf(Locale.ROOT, "MQTT → stored + evaluated        %,10.0f readings/s  (%d of %d stored, %.0f%% of plain)%n",
                through, stored, READINGS, 100 * through / plain);
        System.out.printf(Locale.ROOT, "deepest ingestion queue          %,10d readings waiting for the database%n", deepest);
        System.out.printf(Locale.ROOT, "rejected so far                  %s%n", ingestion.stats().rejected());
        System.out.printf(Locale.ROOT, "publish → alarm visible          p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latencies.get(latencies.size() / 2), latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1), latencies.get(latencies.size() - 1));
    }

    private static void publish(MqttAsyncClient device, String topic, String payload) throws Exception {
        var m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        while (true) {
            try {
                device.publish(topic, m);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) throw e;
                Thread.sleep(1);
            }
        }
    }
}
