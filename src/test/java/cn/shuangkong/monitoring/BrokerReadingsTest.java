package cn.shuangkong.monitoring;

import cn.shuangkong.monitoring.internal.BrokerReadings;
import cn.shuangkong.monitoring.internal.MqttConnector;
import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Readings taken inside the embedded broker (ADR 0034), published by several gateway connections at once, with more
 * messages in flight than a subscriber was ever allowed: every reading is stored once, a gateway's resend stores
 * nothing twice, and each point is judged in the order its gateway published — one alarm per excursion, raised and
 * ended at the readings that did it.
 */
class BrokerReadingsTest extends PlatformTest {

    private static final int GATEWAYS = 4;
    private static final int PER_POINT = 300;
    private static final int EXCURSION_FROM = 100, EXCURSION_TO = 200; // readings [100, 200) of the first point are above 9.0

    @Autowired MqttConnector mqtt;

    @Test
    void several_gateways_each_reading_stored_once_judged_in_order_one_alarm_per_excursion() throws Exception {
        Api chem = loggedIn("ent_chem");
        String credit = jdbc.sql("select credit_code from enterprise where id = :e").param("e", enterpriseIdOf("ent_chem")).query(String.class).single();
        long tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
        List<String> codes = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            String code = "G" + UUID.randomUUID().toString().substring(0, 7).toUpperCase(Locale.ROOT);
            var r = chem.post("/api/v1/monitoring/points", Api.json(Map.ofEntries(Map.entry("code", code), Map.entry("name", "多网关液位 " + code),
                    Map.entry("kind", "LEVEL"), Map.entry("unit", "m"), Map.entry("riskPointId", tankFarm), Map.entry("low", 1.0),
                    Map.entry("high", 8.5), Map.entry("highHigh", 9.0), Map.entry("deadband", 0.2), Map.entry("debounceSeconds", 0),
                    Map.entry("intervalSeconds", 3600))));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            codes.add(code);
        }
        Instant t0 = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).minusSeconds(5L * PER_POINT + 60);
        var options = Gateways.credentialsOf(chem);
        List<MqttAsyncClient> gateways = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            var device = new MqttAsyncClient(mqtt.brokerUrl(), "multi-" + UUID.randomUUID(), new MemoryPersistence());
            device.connect(options).waitForCompletion();
            gateways.add(device);
        }
        try {
            // Each point on its own gateway, all gateways at once.
            List<Thread> publishers = new ArrayList<>();
            for (int g = 0; g < GATEWAYS; g++) {
                int point = g;
                var t = new Thread(() -> {
                    for (int i = 0; i < PER_POINT; i++) publish(gateways.get(point), topic(credit, codes.get(point)), payload(point, i, t0));
                });
                t.start();
                publishers.add(t);
            }
            for (Thread t : publishers) t.join();
            await().alias("every reading stored").atMost(Patience.CONDITION).until(() -> codes.stream().allMatch(c -> readings(c) >= PER_POINT));

            // A gateway that lost its connection resends what it had sent, through another connection; then one new reading.
            var resender = gateways.get(1);
            for (int i = 0; i < EXCURSION_TO + 10; i++) publish(resender, topic(credit, codes.get(0)), payload(0, i, t0));
            publish(resender, topic(credit, codes.get(0)), payload(0, PER_POINT, t0));
            await().alias("the new reading after the resend stored").atMost(Patience.CONDITION).until(() -> readings(codes.get(0)) > PER_POINT);
        } finally {
            for (var device : gateways) {
                device.disconnect().waitForCompletion();
                device.close();
            }
        }

        assertThat(readings(codes.get(0))).as("stored once, resend or not").isEqualTo(PER_POINT + 1);
        for (String code : codes.subList(1, GATEWAYS)) assertThat(readings(code)).isEqualTo(PER_POINT);
        var alarms = jdbc.sql("""
                select a.level, a.raised_at, a.returned_at, a.peak from alarm a join monitoring_point p on p.id = a.point_id
                 where p.code = any(:c) order by a.id
                """).param("c", codes.toArray(String[]::new))
                .query((rs, i) -> List.of(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant(), rs.getBigDecimal(4))).list();
        assertThat(alarms).as("one alarm: the first point's one excursion").hasSize(1);
        assertThat(alarms.get(0)).containsExactly("HIGH_HIGH", ts(t0, EXCURSION_FROM), ts(t0, EXCURSION_TO), value(0, EXCURSION_TO - 1));
        long live = jdbc.sql("select count(*) from monitoring_point where code = any(:c) and last_at = :t")
                .param("c", codes.subList(1, GATEWAYS).toArray(String[]::new))
                .param("t", java.time.OffsetDateTime.ofInstant(ts(t0, PER_POINT - 1), java.time.ZoneOffset.UTC)).query(Long.class).single();
        assertThat(live).as("each point's live state is its last reading").isEqualTo(GATEWAYS - 1);
    }

    @Test
    void a_shared_subscription_filter_meant_for_a_cluster_still_takes_readings_on_the_embedded_broker() {
        assertThat(BrokerReadings.unshared("$share/shuangkong/shuangkong/v1/+/+")).isEqualTo("shuangkong/v1/+/+");
        assertThat(BrokerReadings.unshared("shuangkong/v1/+/+")).isEqualTo("shuangkong/v1/+/+");
    }

    private static String topic(String credit, String code) {
        return "shuangkong/v1/" + credit + "/" + code;
    }

    private static Instant ts(Instant t0, int i) {
        return t0.plusSeconds(5L * i);
    }

    /** Steady around 5; the first point rises above 9.0 for a while, each reading a little higher (the peak is the last). */
    private static BigDecimal value(int point, int i) {
        boolean excursion = point == 0 && i >= EXCURSION_FROM && i < EXCURSION_TO;
        return excursion ? new BigDecimal("9.1000").add(new BigDecimal(i - EXCURSION_FROM).movePointLeft(3))
                : new BigDecimal(String.format(Locale.ROOT, "%.2f", 5 + Math.sin(i / 10.0)));
    }

    private static String payload(int point, int i, Instant t0) {
        return "{\"value\":" + value(point, i).toPlainString() + ",\"ts\":\"" + ts(t0, i) + "\"}";
    }

    private long readings(String code) {
        return jdbc.sql("select count(*) from reading r join monitoring_point p on p.id = r.point_id where p.code = :c")
                .param("c", code).query(Long.class).single();
    }

    private static void publish(MqttAsyncClient device, String topic, String payload) {
        var m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        try {
            device.publish(topic, m);
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            throw new IllegalStateException(e);
        }
    }
}
