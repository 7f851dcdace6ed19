package cn.shuangkong.monitoring;

import cn.shuangkong.monitoring.internal.Excursions;
import cn.shuangkong.monitoring.internal.Ingestion;
import cn.shuangkong.monitoring.internal.KafkaIngestion;
import cn.shuangkong.monitoring.internal.KafkaReadings;
import cn.shuangkong.monitoring.internal.KafkaSettings;
import cn.shuangkong.monitoring.internal.MonitoringPoints;
import cn.shuangkong.monitoring.internal.MonitoringProperties;
import cn.shuangkong.monitoring.internal.MqttConnector;
import cn.shuangkong.monitoring.internal.MqttCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Kafka path of ADR 0021 beside a running platform, for tests and the benchmark: a real in-process KRaft broker,
 * an embedded MQTT broker of its own (so the platform's own ingestion never sees these messages), the bridge that
 * publishes what it receives into Kafka, and a consumer group storing with the platform's beans.
 */
public final class KafkaPath implements AutoCloseable {

    public final EmbeddedKafkaKraftBroker broker;
    final KafkaSettings settings;
    final KafkaReadings bridge;
    final KafkaIngestion consumers;
    final MqttConnector mqtt;
    /** The bridge's side: what it parsed, resolved and refused before Kafka. */
    final Ingestion bridgeIngestion;

    private KafkaPath(EmbeddedKafkaKraftBroker broker, KafkaSettings settings, KafkaReadings bridge, KafkaIngestion consumers, MqttConnector mqtt,
                      Ingestion bridgeIngestion) {
        this.broker = broker;
        this.bridgeIngestion = bridgeIngestion;
        this.settings = settings;
        this.bridge = bridge;
        this.consumers = consumers;
        this.mqtt = mqtt;
    }

    public static KafkaPath start(ApplicationContext platform, String topic, int partitions, int consumers) {
        var broker = new EmbeddedKafkaKraftBroker(1, partitions);
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0"); // a group forms at once, not after 3 s
        broker.afterPropertiesSet();
        var settings = new KafkaSettings(broker.getBrokersAsString(), topic, partitions, (short) 1, topic + "-ingestion", consumers, 2000, Map.of());
        var bridge = new KafkaReadings(settings);
        bridge.start();
        var ingestion = new Ingestion(platform.getBean(JdbcClient.class), platform.getBean(javax.sql.DataSource.class), platform.getBean(MonitoringPoints.class), platform.getBean(Excursions.class),
                platform.getBean(TransactionTemplate.class), platform.getBean(Clock.class), Optional.of(bridge));
        var group = new KafkaIngestion(settings, ingestion);
        group.start();
        var mqtt = new MqttConnector(new MonitoringProperties(new MonitoringProperties.Mqtt("", 0, "", "", "shuangkong/v1/+/+", true),
                new MonitoringProperties.Simulator(false, "", Duration.ofSeconds(5), Duration.ofMinutes(10)), 3, Duration.ofMinutes(10), 3,
                Map.of()), ingestion, platform.getBean(MqttCredentials.class), Optional.of(bridge));
        mqtt.start();
        return new KafkaPath(broker, settings, bridge, group, mqtt, ingestion);
    }

    /** Where gateways publish: the bridge's own MQTT broker. */
    public String mqttUrl() {
        return mqtt.brokerUrl();
    }

    /** Readings the consumers stored so far. */
    public long stored() {
        return consumers.stats().stored();
    }

    @Override
    public void close() {
        mqtt.stop();
        bridge.stop();
        consumers.stop();
        broker.destroy();
    }
}
