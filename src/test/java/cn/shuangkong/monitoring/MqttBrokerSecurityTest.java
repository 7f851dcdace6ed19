package cn.shuangkong.monitoring;

import cn.shuangkong.monitoring.internal.Ingestion;
import cn.shuangkong.monitoring.internal.MqttBrokerSecurity;
import cn.shuangkong.monitoring.internal.MqttConnector;
import cn.shuangkong.monitoring.internal.MqttCredentials;
import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The embedded broker takes only named clients, and a gateway publishes only under its own credit code (ADR 0015). */
class MqttBrokerSecurityTest extends PlatformTest {

    @Autowired MqttConnector mqtt;
    @Autowired Ingestion ingestion;

    @Test
    void an_anonymous_client_or_a_wrong_password_cannot_connect() throws Exception {
        try (var anonymous = client()) {
            assertThatThrownBy(anonymous::connect).isInstanceOf(MqttException.class);
        }
        var wrong = new MqttConnectOptions();
        wrong.setUserName(creditOf("ent_chem"));
        wrong.setPassword("guessed".toCharArray());
        try (var guesser = client()) {
            assertThatThrownBy(() -> guesser.connect(wrong)).isInstanceOf(MqttException.class);
        }
        var internal = new MqttConnectOptions();
        internal.setUserName(MqttBrokerSecurity.INTERNAL_USER);
        internal.setPassword("guessed".toCharArray());
        try (var impostor = client()) {
            assertThatThrownBy(() -> impostor.connect(internal)).isInstanceOf(MqttException.class);
        }
    }

    @Test
    void a_gateway_publishes_under_its_own_credit_code_only() throws Exception {
        Api chem = loggedIn("ent_chem");
        String code = newPoint(chem);
        String own = "shuangkong/v1/" + creditOf("ent_chem") + "/" + code;
        String foreign = "shuangkong/v1/" + creditOf("ent_mech") + "/" + code;
        long unknownBefore = ingestion.stats().rejected().get("UNKNOWN_POINT");
        try (var gateway = client()) {
            gateway.connect(Gateways.credentialsOf(chem));
            // Refused by the broker (QoS 0: MQTT 3.1.1 has no negative acknowledgement), then one of its own: once
            // that one is stored, the foreign one, sent first on the same connection, would have arrived before it.
            gateway.publish(foreign, "{\"value\":5.1}".getBytes(StandardCharsets.UTF_8), 0, false);
            gateway.publish(own, "{\"value\":5.2}".getBytes(StandardCharsets.UTF_8), 1, false);
            await().alias("its own reading stored").atMost(Patience.CONDITION).until(() -> readings(code) == 1);
            gateway.disconnect();
        }
        assertThat(ingestion.stats().rejected().get("UNKNOWN_POINT")).isEqualTo(unknownBefore);
        assertThat(readings(code)).isEqualTo(1);
    }

    @Test
    void regenerating_the_password_locks_the_old_one_out_and_is_audited() throws Exception {
        Api chem = loggedIn("ent_chem");
        MqttConnectOptions old = Gateways.credentialsOf(chem);
        MqttConnectOptions current = Gateways.credentialsOf(chem);
        try (var stale = client()) {
            assertThatThrownBy(() -> stale.connect(old)).isInstanceOf(MqttException.class);
        }
        try (var fresh = client()) {
            fresh.connect(current);
            fresh.disconnect();
        }
        var shown = chem.get("/api/v1/monitoring/mqtt-credentials").json();
        assertThat(shown.get("username").asString()).isEqualTo(creditOf("ent_chem"));
        assertThat(shown.has("password")).isFalse();
        assertThat(jdbc.sql("select password_hash from mqtt_credential where username = :u").param("u", creditOf("ent_chem"))
                .query(String.class).single()).isEqualTo(MqttCredentials.hash(new String(current.getPassword())))
                .doesNotContain(new String(current.getPassword()));
        assertThat(jdbc.sql("select count(*) from audit_record where action = '重新生成MQTT接入凭据' and entity_id = :e")
                .param("e", String.valueOf(enterpriseIdOf("ent_chem"))).query(Long.class).single()).isPositive();
        // Only an enterprise's manager gets credentials; a regulator has none to get.
        assertThat(loggedIn("gov_city").post("/api/v1/monitoring/mqtt-credentials", "{}").status()).isEqualTo(403);
        assertThat(loggedIn("worker_chem").post("/api/v1/monitoring/mqtt-credentials", "{}").status()).isEqualTo(403);
    }

    private MqttClient client() throws MqttException {
        var c = new MqttClient(mqtt.brokerUrl(), "sec-" + UUID.randomUUID(), new MemoryPersistence());
        c.setTimeToWait(10_000);
        return c;
    }

    private String newPoint(Api chem) {
        String code = "S" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        long tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
        var r = chem.post("/api/v1/monitoring/points", Api.json(java.util.Map.of("code", code, "name", "接入测试 " + code,
                "kind", "LEVEL", "unit", "m", "riskPointId", tankFarm, "high", 8.5)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return code;
    }

    private String creditOf(String user) {
        return jdbc.sql("select credit_code from enterprise where id = :e").param("e", enterpriseIdOf(user)).query(String.class).single();
    }

    private long readings(String code) {
        return jdbc.sql("select count(*) from reading r join monitoring_point p on p.id = r.point_id where p.code = :c")
                .param("c", code).query(Long.class).single();
    }
}
