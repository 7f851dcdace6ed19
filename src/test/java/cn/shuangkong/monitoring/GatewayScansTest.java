package cn.shuangkong.monitoring;

import cn.shuangkong.monitoring.internal.Ingestion;
import cn.shuangkong.monitoring.internal.MqttConnector;
import cn.shuangkong.monitoring.internal.Payloads;
import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.Sensors;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A data-acquisition gateway's scan of many points in one message on shuangkong/v1/{credit code}/_batch (ADR 0039),
 * through the embedded broker: each reading is stored and judged as if it had come alone, a bad reading is refused
 * alone with its reason, and a hostile message is refused whole without stopping the broker or ingestion.
 */
class GatewayScansTest extends PlatformTest {

    @Autowired MqttConnector mqtt;
    @Autowired Ingestion ingestion;

    @Test
    void every_reading_of_a_scan_is_stored_and_each_point_judged_in_order_one_alarm_per_excursion() throws Exception {
        Api chem = loggedIn("ent_chem");
        List<Sensors> sensors = List.of(Sensors.levelOnTankFarm(chem, jdbc, 0), Sensors.levelOnTankFarm(chem, jdbc, 0),
                Sensors.levelOnTankFarm(chem, jdbc, 0));
        Instant t0 = clock.instant().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
        int scans = 30;
        try (var gateway = gateway(chem)) {
            for (int s = 0; s < scans; s++) {
                List<String> entries = new ArrayList<>();
                for (int i = 0; i < sensors.size(); i++) {
                    // the first point goes beyond 高高 (9.0) in scans 10..14, a little higher each time, then back
                    String value = i == 0 && s >= 10 && s < 15 ? "9.1" + s % 10 : "5." + (s + i) % 10;
                    // the last point's readings carry no ts of their own: they take the scan's
                    entries.add(i == 2 ? entry(sensors.get(i).code, value) : entry(sensors.get(i).code, value, ts(t0, s)));
                }
                publish(gateway, scanTopic("ent_chem"), "{\"ts\":\"" + ts(t0, s) + "\",\"readings\":[" + String.join(",", entries) + "]}");
            }
            await().alias("every reading stored").atMost(Patience.CONDITION).until(() -> sensors.stream().allMatch(x -> readings(x.pointId) == scans));
        }
        var alarms = jdbc.sql("select point_id, level, raised_at, returned_at, peak from alarm where point_id = any(:p)")
                .param("p", sensors.stream().map(x -> x.pointId).toArray(Long[]::new)).query().listOfRows();
        assertThat(alarms).as("one excursion, one alarm").hasSize(1);
        assertThat(alarms.get(0).get("point_id")).isEqualTo(sensors.get(0).pointId);
        assertThat(alarms.get(0).get("level")).isEqualTo("HIGH_HIGH");
        assertThat(instant(alarms.get(0).get("raised_at"))).isEqualTo(ts(t0, 10));
        assertThat(instant(alarms.get(0).get("returned_at"))).isEqualTo(ts(t0, 15));
        assertThat(new BigDecimal(alarms.get(0).get("peak").toString())).isEqualByComparingTo("9.14");
        for (Sensors x : sensors) {
            assertThat(jdbc.sql("select last_at from monitoring_point where id = :p").param("p", x.pointId)
                    .query(OffsetDateTime.class).single().toInstant()).as("live state: the last scan").isEqualTo(ts(t0, scans - 1));
        }
    }

    @Test
    void a_bad_reading_inside_a_good_scan_is_refused_alone_with_its_reason_and_a_repeat_is_stored_once() throws Exception {
        Api chem = loggedIn("ent_chem");
        Sensors a = Sensors.levelOnTankFarm(chem, jdbc, 0), b = Sensors.levelOnTankFarm(chem, jdbc, 0);
        Sensors other = Sensors.levelOnTankFarm(loggedIn("ent_chem"), jdbc, 0);
        String mechPoint = newPointOf("ent_mech");
        Instant t = clock.instant().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
        var before = ingestion.stats().rejected();
        try (var gateway = gateway(chem)) {
            publish(gateway, scanTopic("ent_chem"), "{\"ts\":\"" + t + "\",\"readings\":["
                    + entry(a.code, "5.1", t) + ","
                    + "{\"tag\":\"" + b.code + "\",\"value\":\"abc\"}" + ","                   // value not a number
                    + entry("NO-SUCH-TAG", "5.0", t) + ","                                   // unknown tag
                    + entry(mechPoint, "5.0", t) + ","                                       // another enterprise's point
                    + "{\"value\":5.0}" + ","                                                // no tag
                    + "42" + ","                                                             // not an object
                    + entry(b.code, "5.3", t.plusSeconds(3600)) + ","                        // ts far in the future
                    + entry(a.code, "5.9", t) + ","                                          // a repeat of a's reading
                    + entry(b.code, "5.4", t) + "]}");
            await().alias("the good readings stored").atMost(Patience.CONDITION).until(() -> readings(b.pointId) == 1);
            // the same scan again, as a gateway resends after a lost PUBACK, then one new reading: nothing doubles
            publish(gateway, scanTopic("ent_chem"), "{\"readings\":[" + entry(a.code, "5.1", t) + "," + entry(b.code, "5.4", t) + "]}");
            publish(gateway, scanTopic("ent_chem"), "{\"readings\":[" + entry(other.code, "5.5", t) + "]}");
            await().alias("the later scan stored").atMost(Patience.CONDITION).until(() -> readings(other.pointId) == 1);
        }
        assertThat(readings(a.pointId)).isEqualTo(1);
        assertThat(readings(b.pointId)).isEqualTo(1);
        assertThat(jdbc.sql("select value from reading where point_id = :p").param("p", a.pointId).query(BigDecimal.class).single())
                .as("the first of two readings of one point and time").isEqualByComparingTo("5.1");
        var after = ingestion.stats().rejected();
        assertThat(after.get("MALFORMED") - before.get("MALFORMED")).as("bad value, no tag, not an object, future ts").isEqualTo(4);
        assertThat(after.get("UNKNOWN_POINT") - before.get("UNKNOWN_POINT")).as("unknown tag, another enterprise's tag").isEqualTo(2);
    }

    @Test
    void hostile_scans_are_refused_whole_counted_and_the_gateway_goes_on() throws Exception {
        Api chem = loggedIn("ent_chem");
        Sensors s = Sensors.levelOnTankFarm(chem, jdbc, 0);
        Instant t = clock.instant().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        StringBuilder many = new StringBuilder("{\"readings\":[");
        for (int i = 0; i <= Payloads.MAX_SCAN_READINGS; i++) many.append(i == 0 ? "" : ",").append(entry(s.code, "5.0", t.minusMillis(i)));
        String tooMany = many.append("]}").toString();
        String tooLarge = "{\"readings\":[" + entry(s.code, "5.0", t) + "],\"pad\":\"" + "x".repeat(Payloads.MAX_SCAN_BYTES) + "\"}";
        List<String> hostile = List.of(
                "not json", "[]", "{}", "{\"readings\":\"x\"}", "{\"readings\":[]}", "{\"readings\":{\"tag\":\"" + s.code + "\"}}",
                "{\"ts\":\"yesterday\",\"readings\":[" + entry(s.code, "5.0", t) + "]}",
                "{\"readings\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}",
                "{\"readings\":[" + entry(s.code, "5.0", t) + "]", // truncated
                tooMany, tooLarge);
        long malformed = ingestion.stats().rejected().get("MALFORMED");
        long unknown = ingestion.stats().rejected().get("UNKNOWN_POINT");
        try (var gateway = gateway(chem)) {
            for (String payload : hostile) publish(gateway, scanTopic("ent_chem"), payload);
            // another enterprise's scan topic: refused by the broker itself (QoS 0, MQTT 3.1.1 has no negative ack)
            gateway.publish(scanTopic("ent_mech"), ("{\"readings\":[" + entry(s.code, "6.0", t.plusMillis(1)) + "]}")
                    .getBytes(StandardCharsets.UTF_8), 0);
            publish(gateway, scanTopic("ent_chem"), "{\"readings\":[" + entry(s.code, "5.2", t.plusMillis(2)) + "]}");
            await().alias("the good scan after them stored").atMost(Patience.CONDITION).until(() -> readings(s.pointId) == 1);
        }
        assertThat(jdbc.sql("select value from reading where point_id = :p").param("p", s.pointId).query(BigDecimal.class).single())
                .isEqualByComparingTo("5.2");
        assertThat(ingestion.stats().rejected().get("MALFORMED") - malformed).as("each hostile scan once, whole").isEqualTo(hostile.size());
        assertThat(ingestion.stats().rejected().get("UNKNOWN_POINT")).isEqualTo(unknown);
    }

    @Test
    void no_point_can_take_the_scan_topic_as_its_tag() {
        var r = loggedIn("ent_chem").post("/api/v1/monitoring/points", Api.json(Map.of("code", "_batch", "name", "冒名点", "kind", "LEVEL",
                "unit", "m", "high", 8.5)));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("_batch");
    }

    /** A connected gateway that disconnects when closed. */
    private record Gateway(MqttClient device) implements AutoCloseable {
        void publish(String topic, byte[] payload, int qos) throws Exception {
            device.publish(topic, payload, qos, false);
        }

        @Override
        public void close() throws Exception {
            if (device.isConnected()) device.disconnect();
            device.close();
        }
    }

    private Gateway gateway(Api manager) throws Exception {
        var device = new MqttClient(mqtt.brokerUrl(), "scan-" + UUID.randomUUID(), new MemoryPersistence());
        device.connect(Gateways.credentialsOf(manager));
        return new Gateway(device);
    }

    private String scanTopic(String user) {
        return "shuangkong/v1/" + jdbc.sql("select credit_code from enterprise where id = :e").param("e", enterpriseIdOf(user))
                .query(String.class).single() + "/" + Payloads.SCAN;
    }

    /** A point of another enterprise, created directly: only its tag matters here. */
    private String newPointOf(String user) {
        String code = "TS" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        jdbc.sql("""
                insert into monitoring_point (enterprise_id, risk_point_id, code, name, kind, unit, high, interval_seconds, created_at)
                select :e, min(id), :c, '他企测点', 'LEVEL', 'm', 8.5, 3600, now() from risk_point where enterprise_id = :e""").param("e", enterpriseIdOf(user)).param("c", code).update();
        return code;
    }

    private static String entry(String tag, String value, Instant ts) {
        return "{\"tag\":\"" + tag + "\",\"value\":" + value + ",\"ts\":" + ts.toEpochMilli() + "}";
    }

    private static String entry(String tag, String value) {
        return "{\"tag\":\"" + tag + "\",\"value\":" + value + "}";
    }

    private static Instant ts(Instant t0, int scan) {
        return t0.plusSeconds(10L * scan);
    }

    private static Instant instant(Object column) {
        return column instanceof OffsetDateTime o ? o.toInstant() : ((java.sql.Timestamp) column).toInstant();
    }

    private long readings(long pointId) {
        return jdbc.sql("select count(*) from reading where point_id = :p").param("p", pointId).query(Long.class).single();
    }

    private static void publish(Gateway gateway, String topic, String payload) throws Exception {
        gateway.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1);
    }
}
