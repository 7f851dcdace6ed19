package cn.shuangkong.monitoring;

import cn.shuangkong.monitoring.internal.AlarmRecords;
import cn.shuangkong.monitoring.internal.Excursions;
import cn.shuangkong.monitoring.internal.Ingestion;
import cn.shuangkong.monitoring.internal.MqttConnector;
import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Readings over the real embedded broker into PostgreSQL, alarms through their life, offline points, bad messages. */
class MonitoringFlowTest extends PlatformTest {

    @Autowired MqttConnector mqtt;
    @Autowired Ingestion ingestion;
    @Autowired AlarmRecords alarms;
    @Autowired Excursions excursions;

    private MqttClient device;
    private String credit;
    private long tankFarm;

    @BeforeEach
    void connectDevice() throws Exception {
        device = new MqttClient(mqtt.brokerUrl(), "test-" + UUID.randomUUID(), new MemoryPersistence());
        device.connect(Gateways.credentialsOf(loggedIn("ent_chem")));
        credit = jdbc.sql("select credit_code from enterprise where id = :e").param("e", enterpriseIdOf("ent_chem")).query(String.class).single();
        tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
    }

    @AfterEach
    void disconnect() throws Exception {
        device.disconnect();
        device.close();
    }

    private String newPoint(int debounce, int interval) {
        String code = "T" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        var r = loggedIn("ent_chem").post("/api/v1/monitoring/points", Api.json(java.util.Map.of("code", code, "name", "测试液位 " + code,
                "kind", "LEVEL", "unit", "m", "riskPointId", tankFarm, "low", 1.0, "high", 8.5, "highHigh", 9.0, "deadband", 0.2)
        ).replace("}", ",\"debounceSeconds\":" + debounce + ",\"intervalSeconds\":" + interval + "}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return code;
    }

    private void publish(String topic, String payload) throws Exception {
        var m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        device.publish(topic, m);
    }

    private void reading(String code, String value, Instant ts) throws Exception {
        publish("shuangkong/v1/" + credit + "/" + code, "{\"value\":" + value + ",\"ts\":\"" + ts + "\"}");
    }

    private long readings(String code) {
        return jdbc.sql("select count(*) from reading r join monitoring_point p on p.id = r.point_id where p.code = :c")
                .param("c", code).query(Long.class).single();
    }

    private JsonNode openAlarmOf(Api api, String code) {
        for (JsonNode a : api.get("/api/v1/monitoring/alarms").json().get("items")) {
            if (a.get("pointCode").asString().equals(code) && !a.get("state").asString().equals("CLEARED")) return a;
        }
        return null;
    }

    @Test
    void an_excursion_over_mqtt_alarms_after_the_debounce_window_and_is_acknowledged_and_cleared() throws Exception {
        String code = newPoint(10, 5);
        Instant t = clock.instant();
        reading(code, "7.90", t);
        reading(code, "8.70", t.plusSeconds(5));   // past high: waits out the debounce window
        await().alias("two readings stored").atMost(Patience.CONDITION).until(() -> readings(code) == 2);
        Api chem = loggedIn("ent_chem");
        assertThat(openAlarmOf(chem, code)).as("no alarm inside the debounce window").isNull();

        reading(code, "8.80", t.plusSeconds(15));  // still past high 10 s later: alarm
        await().alias("alarm raised").atMost(Patience.CONDITION).until(() -> openAlarmOf(chem, code) != null);
        JsonNode alarm = openAlarmOf(chem, code);
        assertThat(alarm.get("level").asString()).isEqualTo("HIGH");
        assertThat(alarm.get("threshold").decimalValue()).isEqualByComparingTo("8.5");
        long id = alarm.get("id").asLong();
        assertThat(alarms.outOfControl(tankFarm)).as("the risk point is 失控 while the alarm is open").isTrue();

        assertThat(chem.post("/api/v1/monitoring/alarms/" + id + "/clear", "{}").status()).as("clear before acknowledge").isEqualTo(409);
        var ack = chem.post("/api/v1/monitoring/alarms/" + id + "/acknowledge", "{\"note\":\"现场确认进料阀未关严\"}");
        assertThat(ack.json().get("state").asString()).isEqualTo("ACKNOWLEDGED");

        reading(code, "8.40", t.plusSeconds(20));  // under 8.5 but within the deadband: still in alarm (hysteresis)
        await().alias("reading stored").atMost(Patience.CONDITION).until(() -> readings(code) == 4);
        var refused = chem.post("/api/v1/monitoring/alarms/" + id + "/clear", "{}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("仍超限");

        reading(code, "8.20", t.plusSeconds(25));  // below 8.5 − 0.2: back to normal
        await().alias("alarm returned to normal").atMost(Patience.CONDITION).until(() -> !openAlarmOf(chem, code).get("returnedAt").isNull());
        var cleared = chem.post("/api/v1/monitoring/alarms/" + id + "/clear", "{\"note\":\"液位已恢复\"}");
        assertThat(cleared.json().get("state").asString()).isEqualTo("CLEARED");
        assertThat(jdbc.sql("select count(*) from audit_record where entity_type = 'alarm' and entity_id = :id").param("id", String.valueOf(id))
                .query(Long.class).single()).isEqualTo(3); // raised, acknowledged, cleared

        // The alarm opens a hazard with source 在线监测 at the tank farm; asking twice answers the same hazard.
        long hazard = chem.post("/api/v1/monitoring/alarms/" + id + "/hazard", "").json().get("hazardId").asLong();
        assertThat(chem.post("/api/v1/monitoring/alarms/" + id + "/hazard", "").json().get("hazardId").asLong()).isEqualTo(hazard);
        assertThat(jdbc.sql("select source || '|' || risk_point_id from hazard where id = :h").param("h", hazard).query(String.class).single())
                .isEqualTo("MONITORING|" + tankFarm);
    }

    @Test
    void an_alarm_nobody_acknowledges_is_escalated_once() throws Exception {
        String code = newPoint(0, 5);
        reading(code, "9.30", clock.instant());
        Api chem = loggedIn("ent_chem");
        await().alias("alarm raised").atMost(Patience.CONDITION).until(() -> openAlarmOf(chem, code) != null);
        long id = openAlarmOf(chem, code).get("id").asLong();
        assertThat(openAlarmOf(chem, code).get("level").asString()).isEqualTo("HIGH_HIGH");
        excursions.escalate();
        assertThat(openAlarmOf(chem, code).get("escalatedAt").isNull()).as("not yet due").isTrue();
        clock.advance(Duration.ofMinutes(11));
        excursions.escalate();
        excursions.escalate();
        assertThat(openAlarmOf(chem, code).get("escalatedAt").isNull()).isFalse();
        assertThat(jdbc.sql("select count(*) from audit_record where entity_type = 'alarm' and entity_id = :id and action like '%升级%'")
                .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_point_silent_for_three_intervals_goes_offline_and_comes_back_with_its_next_reading() throws Exception {
        String code = newPoint(0, 10);
        reading(code, "5.00", clock.instant());
        await().alias("reading stored").atMost(Patience.CONDITION).until(() -> readings(code) == 1);
        clock.advance(Duration.ofSeconds(25));
        excursions.markOffline();
        assertThat(online(code)).as("two intervals are not yet three").isTrue();
        clock.advance(Duration.ofSeconds(10));
        excursions.markOffline();
        assertThat(online(code)).isFalse();
        Api chem = loggedIn("ent_chem");
        assertThat(openAlarmOf(chem, code).get("level").asString()).isEqualTo("OFFLINE");

        reading(code, "5.10", clock.instant());
        await().alias("back online").atMost(Patience.CONDITION).until(() -> online(code));
        assertThat(openAlarmOf(chem, code).get("returnedAt").isNull()).isFalse();
    }

    private boolean online(String code) {
        return jdbc.sql("select online from monitoring_point where code = :c").param("c", code).query(Boolean.class).single();
    }

    @Test
    void malformed_payloads_and_unknown_points_are_counted_and_the_loop_goes_on() throws Exception {
        String code = newPoint(0, 5);
        var before = ingestion.stats().rejected();
        publish("shuangkong/v1/" + credit + "/" + code, "not json at all");
        publish("shuangkong/v1/" + credit + "/" + code, "{\"value\":\"high\"}");
        publish("shuangkong/v1/" + credit + "/" + code, "{\"value\":1,\"ts\":\"yesterday\"}");
        publish("shuangkong/v1/" + credit + "/" + code, "[1,2,3]");
        publish("shuangkong/v1/" + credit + "/" + code, "{\"value\":1,\"ts\":\"2099-01-01T00:00:00Z\"}");
        publish("shuangkong/v1/" + credit + "/NO-SUCH-POINT", "{\"value\":1}");
        // Another enterprise's topic: the broker's ACL drops it (QoS 0, as MQTT 3.1.1 acknowledges no refusal).
        device.publish("shuangkong/v1/000000000000000000/" + code, "{\"value\":1}".getBytes(StandardCharsets.UTF_8), 0, false);
        publish("shuangkong/v1/" + credit, "{\"value\":1}");
        reading(code, "6.50", clock.instant()); // a good reading after all of them is still stored
        await().alias("the good reading stored").atMost(Patience.CONDITION).until(() -> readings(code) == 1);
        var after = ingestion.stats().rejected();
        assertThat(after.get("MALFORMED") - before.get("MALFORMED")).isEqualTo(5);
        assertThat(after.get("UNKNOWN_POINT") - before.get("UNKNOWN_POINT")).isEqualTo(1);
        assertThat(after.get("BAD_TOPIC") - before.get("BAD_TOPIC")).isEqualTo(0); // shuangkong/v1/x does not match +/+
        assertThat(loggedIn("ent_chem").get("/api/v1/monitoring/ingestion").json().get("rejected").get("MALFORMED").asLong())
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void the_http_batch_refuses_a_whole_batch_naming_each_bad_reading() {
        String code = newPoint(0, 5);
        Api chem = loggedIn("ent_chem");
        var bad = chem.post("/api/v1/monitoring/readings", "{\"readings\":[{\"point\":\"" + code + "\",\"value\":3.2},"
                + "{\"point\":\"NOPE\",\"value\":1},{\"point\":\"" + code + "\",\"ts\":\"soon\"}]}");
        assertThat(bad.status()).isEqualTo(400);
        var errors = bad.json().get("errors");
        assertThat(errors.get("readings[1].point").asString()).contains("NOPE");
        assertThat(errors.has("readings[2].value")).isTrue();
        assertThat(errors.has("readings[2].ts")).isTrue();
        assertThat(readings(code)).isZero();
        var ok = chem.post("/api/v1/monitoring/readings", "{\"readings\":[{\"point\":\"" + code + "\",\"value\":3.2},{\"point\":\""
                + code + "\",\"value\":3.3,\"ts\":\"" + clock.instant().minusSeconds(1) + "\"}]}"); // one value per instant
        assertThat(ok.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(readings(code)).isEqualTo(2);
    }

    @Test
    void other_enterprises_and_other_towns_do_not_see_the_chemical_works_alarms_or_points() {
        String code = newPoint(0, 5);
        assertThat(loggedIn("ent_mech").get("/api/v1/monitoring/points").body()).doesNotContain(code);
        assertThat(loggedIn("gov_town").get("/api/v1/monitoring/points").body()).doesNotContain(code);
        assertThat(loggedIn("gov_city").get("/api/v1/monitoring/points").body()).contains(code);
        var mech = loggedIn("ent_mech").post("/api/v1/monitoring/readings", "{\"readings\":[{\"point\":\"" + code + "\",\"value\":1}]}");
        assertThat(mech.status()).isEqualTo(400);
    }
}
