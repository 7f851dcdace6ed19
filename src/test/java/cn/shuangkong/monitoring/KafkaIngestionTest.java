package cn.shuangkong.monitoring;

import cn.shuangkong.monitoring.internal.KafkaIngestion;
import cn.shuangkong.monitoring.internal.Payloads;
import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.Sensors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The Kafka path (ADR 0021) on a real in-process KRaft broker, started for this class only: gateway → MQTT → bridge →
 * Kafka (keyed by enterprise/point) → a consumer group of two → the platform's batch store and judgement, on the
 * shared test database. The bridge gets its own embedded MQTT broker, so the shared platform's subscriber (the
 * in-process queue) never sees these messages: whatever is stored here came through Kafka.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaIngestionTest extends PlatformTest {

    private static final int PARTITIONS = 4;

    @Autowired ApplicationContext platform;

    private KafkaPath kafka;
    private KafkaIngestion consumers;
    private MqttClient gateway;
    private String credit;

    @BeforeAll
    void startBrokerBridgeAndConsumers() throws Exception {
        kafka = KafkaPath.start(platform, "test.readings", PARTITIONS, 2);
        consumers = kafka.consumers;
        credit = jdbc.sql("select credit_code from enterprise where id = :e").param("e", enterpriseIdOf("ent_chem")).query(String.class).single();
        gateway = new MqttClient(kafka.mqttUrl(), "kafka-test-" + UUID.randomUUID(), new MemoryPersistence());
        gateway.connect(Gateways.credentialsOf(loggedIn("ent_chem")));
    }

    @AfterAll
    void stopAll() throws Exception {
        if (gateway != null) gateway.disconnect();
        if (kafka != null) kafka.close();
    }

    @Test
    @Order(1)
    void readings_through_kafka_are_stored_once_and_an_excursion_raises_one_alarm_that_ends_when_the_level_is_back() throws Exception {
        Sensors level = Sensors.levelOnTankFarm(loggedIn("ent_chem"), jdbc, 0);
        Instant t = clock.instant().minusSeconds(300).truncatedTo(ChronoUnit.MILLIS);
        String[] values = {"5.00", "8.80", "9.20", "8.90", "5.00", "5.10"}; // high, high-high, still beyond, back, normal
        for (int i = 0; i < values.length; i++) publish(level.code, values[i], t.plusSeconds(10L * i));
        publish(level.code, "8.80", t.plusSeconds(10)); // the gateway sends one again after a reconnect

        await().atMost(Patience.CONDITION).until(() -> readings(level.pointId) == values.length && returned(level.pointId));
        var raised = jdbc.sql("select level, peak, returned_at from alarm where point_id = :p").param("p", level.pointId).query().listOfRows();
        assertThat(raised).as("one excursion, one alarm").hasSize(1);
        assertThat(raised.get(0).get("level")).isEqualTo("HIGH_HIGH");
        assertThat(new java.math.BigDecimal(raised.get(0).get("peak").toString())).isEqualByComparingTo("9.20");
        assertThat(raised.get(0).get("returned_at")).as("the excursion ended when the level came back").isNotNull();
        assertThat(jdbc.sql("select last_value from monitoring_point where id = :p").param("p", level.pointId)
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("5.10");
        assertThat(raisedInAudit(level.pointId)).as("raised once in the audit trail").isEqualTo(1);
    }

    @Test
    @Order(2)
    void a_consumer_killed_between_its_database_commit_and_its_offset_commit_loses_nothing_and_doubles_nothing() throws Exception {
        List<Sensors> sensors = new ArrayList<>();
        var chem = loggedIn("ent_chem");
        for (int i = 0; i < 12; i++) sensors.add(Sensors.levelOnTankFarm(chem, jdbc, 0)); // keys over every partition
        await().atMost(Patience.CONDITION).until(() -> consumers.workers().size() == 2
                && consumers.workers().stream().allMatch(w -> !w.assigned().isEmpty()));
        var victim = consumers.workers().get(0);
        var before = consumers.stats();
        victim.dieAfterNextStore();

        Instant t = clock.instant().minusSeconds(3600).truncatedTo(ChronoUnit.MILLIS);
        int perPoint = 40;
        for (int i = 0; i < perPoint; i++) {
            for (Sensors s : sensors) {
                // the first point goes beyond its high limit once, in the middle of the stream, and comes back
                String value = s == sensors.get(0) && i >= 18 && i < 22 ? "8.9" + i % 10 : "5." + (i % 10);
                publish(s.code, value, t.plusSeconds(10L * i));
            }
            if (i == perPoint / 2) await().atMost(Patience.CONDITION).until(() -> !victim.alive());
        }

        long expected = (long) perPoint * sensors.size();
        Long[] ids = sensors.stream().map(s -> s.pointId).toArray(Long[]::new);
        await().atMost(Patience.CONDITION).until(() -> readings(ids) >= expected && returned(sensors.get(0).pointId));
        assertThat(readings(ids)).as("every reading the broker acknowledged, once").isEqualTo(expected);
        // The survivor reads the dead consumer's uncommitted batch again when it is given those partitions; under load that
        // can come a moment after the last new reading is stored, so it is awaited, not read at once.
        await().atMost(Patience.CONDITION).until(() -> consumers.stats().replayed() > before.replayed());
        var after = consumers.stats();
        assertThat(after.replayed() - before.replayed())
                .as("the dead consumer's stored but uncommitted batch was read again by the other and found stored").isPositive();
        assertThat(after.stored() - before.stored()).isEqualTo(expected);
        assertThat(jdbc.sql("select count(*) from alarm where point_id = :p").param("p", sensors.get(0).pointId).query(Long.class).single())
                .as("one excursion, one alarm, replay or not").isEqualTo(1);
        assertThat(raisedInAudit(sensors.get(0).pointId)).isEqualTo(1);
        await().atMost(Patience.CONDITION).until(() -> consumers.workers().size() == 1
                && consumers.workers().get(0).assigned().size() == PARTITIONS);
    }

    @Test
    @Order(3)
    void a_gateway_scan_is_split_per_point_onto_the_topic_and_each_point_judged_in_order() throws Exception {
        var chem = loggedIn("ent_chem");
        Sensors rising = Sensors.levelOnTankFarm(chem, jdbc, 0), steady = Sensors.levelOnTankFarm(chem, jdbc, 0);
        Instant t = clock.instant().minusSeconds(1800).truncatedTo(ChronoUnit.MILLIS);
        long rejected = kafkaIngestionRejected();
        String[] values = {"5.00", "9.30", "9.40", "5.00"}; // beyond 高高 for two scans, then back
        for (int i = 0; i < values.length; i++) {
            String ts = t.plusSeconds(10L * i).toString();
            var m = new MqttMessage(("{\"ts\":\"" + ts + "\",\"readings\":[{\"tag\":\"" + rising.code + "\",\"value\":" + values[i]
                    + "},{\"tag\":\"" + steady.code + "\",\"value\":5." + i + "},{\"tag\":\"" + steady.code + "\",\"value\":null}]}")
                    .getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            gateway.publish("shuangkong/v1/" + credit + "/" + Payloads.SCAN, m);
        }
        await().atMost(Patience.CONDITION).until(() -> readings(rising.pointId, steady.pointId) == 2L * values.length
                && returned(rising.pointId));
        var raised = jdbc.sql("select level, peak from alarm where point_id = :p").param("p", rising.pointId).query().listOfRows();
        assertThat(raised).as("one excursion, one alarm").hasSize(1);
        assertThat(new java.math.BigDecimal(raised.get(0).get("peak").toString())).isEqualByComparingTo("9.40");
        assertThat(kafkaIngestionRejected() - rejected).as("each scan's reading without a value, alone").isEqualTo(values.length);
    }

    private long kafkaIngestionRejected() {
        return kafka.bridgeIngestion.stats().rejected().get("MALFORMED");
    }

    @Test
    @Order(4)
    void reading_the_whole_topic_again_changes_nothing() throws Exception {
        long inTopic = endOffsets();
        assertThat(inTopic).as("the earlier tests published through the topic").isPositive();
        await().atMost(Patience.CONDITION).until(() -> committed(kafka.settings.group()) == inTopic);
        // what judging writes (the escalation sweep may audit an old unacknowledged alarm meanwhile: not a replay's doing)
        String snapshot = """
                with p as (select * from monitoring_point where code like 'TS%')
                select (select count(*) from reading where point_id in (select id from p))
                    || '/' || (select string_agg(a.id || ':' || a.level || ':' || a.peak || ':' || coalesce(a.returned_at::text, ''), ',' order by a.id)
                                 from alarm a where a.point_id in (select id from p))
                    || '/' || (select count(*) from audit_record r join alarm a on r.entity_type = 'alarm' and r.entity_id = a.id::text
                                where a.point_id in (select id from p) and r.action in ('触发报警', '报警升级'))
                    || '/' || (select string_agg(id || ':' || coalesce(last_value::text, '') || '@' || coalesce(last_at::text, '')
                                  || coalesce(pending_level, ''), ',' order by id) from p)
                """;
        String before = jdbc.sql(snapshot).query(String.class).single();
        var stats = consumers.stats();

        var replay = consumers.startWorker("replay-" + UUID.randomUUID()); // a new group starts at the topic's beginning
        await().atMost(Patience.CONDITION).until(() -> consumers.stats().received() - stats.received() >= inTopic);
        replay.stop();
        replay.join();

        assertThat(consumers.stats().replayed() - stats.replayed()).as("every record found already stored").isEqualTo(inTopic);
        assertThat(consumers.stats().stored()).isEqualTo(stats.stored());
        assertThat(jdbc.sql(snapshot).query(String.class).single()).as("readings, alarms, audit and live state unchanged").isEqualTo(before);
    }

    private void publish(String code, String value, Instant ts) throws Exception {
        var m = new MqttMessage(("{\"value\":" + value + ",\"ts\":\"" + ts + "\"}").getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        gateway.publish("shuangkong/v1/" + credit + "/" + code, m);
    }

    private long readings(Long... pointIds) {
        return jdbc.sql("select count(*) from reading where point_id = any(:p)").param("p", pointIds).query(Long.class).single();
    }

    private boolean returned(long pointId) {
        return jdbc.sql("select count(*) from alarm where point_id = :p and returned_at is not null").param("p", pointId)
                .query(Long.class).single() > 0;
    }

    private long raisedInAudit(long pointId) {
        return jdbc.sql("select count(*) from audit_record a join alarm l on a.entity_type = 'alarm' and a.entity_id = l.id::text "
                + "where l.point_id = :p and a.action = '触发报警'").param("p", pointId).query(Long.class).single();
    }

    /** How many records the group has committed, over all partitions. */
    private long committed(String group) {
        return kafka.broker.doWithAdminFunction(admin -> {
            try {
                return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                        .mapToLong(o -> o == null ? 0 : o.offset()).sum();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** How many records the topic holds. */
    private long endOffsets() {
        return kafka.broker.doWithAdminFunction(admin -> {
            var request = new java.util.HashMap<TopicPartition, OffsetSpec>();
            for (int p = 0; p < PARTITIONS; p++) request.put(new TopicPartition(kafka.settings.topic(), p), OffsetSpec.latest());
            try {
                return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
