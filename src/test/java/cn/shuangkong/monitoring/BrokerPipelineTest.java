package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.shuangkong.monitoring.internal.BrokerPipeline;
import cn.shuangkong.monitoring.internal.MqttConnector;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.Patience;
import cn.shuangkong.support.PlatformTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The embedded broker's connections flush their PUBACKs together (ADR 0058): a new connection's pipeline really is
 * changed (a Moquette upgrade that moves the field the change hangs on fails here, not silently; so does one that moves
 * the intercept executor ADR 0065 replaces), every message of a
 * full window is acknowledged and stored, and a lone message is acknowledged without waiting for a next one.
 */
class BrokerPipelineTest extends PlatformTest {

    private static final int WINDOW = 500;

    @Autowired MqttConnector mqtt;

    @Test
    void a_window_of_messages_and_then_a_lone_one_each_acknowledged_and_stored() throws Exception {
        Api chem = loggedIn("ent_chem");
        String credit = jdbc.sql("select credit_code from enterprise where id = :e").param("e", enterpriseIdOf("ent_chem")).query(String.class).single();
        long tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
        String code = "F" + UUID.randomUUID().toString().substring(0, 7).toUpperCase(Locale.ROOT);
        var r = chem.post("/api/v1/monitoring/points", Api.json(Map.of("code", code, "name", "合并刷新 " + code, "kind", "LEVEL",
                "unit", "m", "riskPointId", tankFarm, "high", 8.5, "intervalSeconds", 3600)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String topic = "shuangkong/v1/" + credit + "/" + code;
        Instant t0 = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).minusSeconds(WINDOW + 60);

        long before = BrokerPipeline.tuned.get();
        var device = new MqttAsyncClient(mqtt.brokerUrl(), "flush-" + UUID.randomUUID(), new MemoryPersistence());
        device.connect(Gateways.credentialsOf(chem)).waitForCompletion(Patience.CONDITION.toMillis());
        try {
            assertThat(BrokerPipeline.tuned.get()).as("the connection's pipeline was changed").isGreaterThan(before);
            assertThat(BrokerPipeline.handedOnTheCaller).as("readings handed on by the broker's session loops (ADR 0065)").isTrue();
            assertThat(BrokerPipeline.matchingOnlySubscribed).as("no walk of the empty subscription tree (ADR 0065)").isTrue();
            List<IMqttDeliveryToken> sent = new ArrayList<>();
            for (int i = 0; i < WINDOW; i++) sent.add(device.publish(topic, message(5 + i % 3, t0.plusSeconds(i))));
            for (var token : sent) token.waitForCompletion(Patience.CONDITION.toMillis()); // its PUBACK came
            assertThat(sent).allMatch(IMqttDeliveryToken::isComplete);

            var lone = device.publish(topic, message(6, t0.plusSeconds(WINDOW)));
            lone.waitForCompletion(Patience.CONDITION.toMillis());
            assertThat(lone.isComplete()).as("a lone message's PUBACK is not held back for a next one").isTrue();
        } finally {
            device.disconnect().waitForCompletion();
            device.close();
        }
        await().alias("every acknowledged reading stored").atMost(Patience.CONDITION).until(() -> readings(code) >= WINDOW + 1);
        assertThat(readings(code)).isEqualTo(WINDOW + 1);
    }

    private static MqttMessage message(int value, Instant ts) {
        var m = new MqttMessage(("{\"value\":" + value + ",\"ts\":\"" + ts + "\"}").getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }

    private long readings(String code) {
        return jdbc.sql("select count(*) from reading r join monitoring_point p on p.id = r.point_id where p.code = :c")
                .param("c", code).query(Long.class).single();
    }
}
