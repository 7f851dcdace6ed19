package cn.shuangkong.monitoring.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MQTT bridge's side of Kafka (ADR 0021): every reading {@link Ingestion#offer} has parsed and resolved is
 * published to the readings topic, keyed by enterprise and point (credit code/位号), so that all readings of one point
 * land in one partition, in the order the bridge received them. The producer is idempotent and waits for all in-sync
 * replicas ({@code acks=all}): what the broker acknowledged survives the loss of a broker and of any instance.
 * Exists only with {@code shuangkong.monitoring.kafka.bootstrap} set.
 */
@Component
@Conditional(KafkaSettings.Configured.class)
@EnableConfigurationProperties(KafkaSettings.class)
public class KafkaReadings implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaReadings.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaSettings settings;
    private volatile KafkaProducer<String, byte[]> producer;

    public KafkaReadings(KafkaSettings settings) {
        this.settings = settings;
    }

    /** Sends one reading; the send is asynchronous and a failure (after the producer's own retries) is reported. */
    void publish(String key, Ingestion.Reading reading, Consumer<Exception> failed) {
        var p = producer;
        if (p == null) {
            failed.accept(new IllegalStateException("Kafka producer not running"));
            return;
        }
        p.send(new ProducerRecord<>(settings.topic(), key, encode(reading)), (meta, e) -> {
            if (e != null) failed.accept(e);
        });
    }

    /** {@code {"point":12,"ts":"2026-11-23T08:00:00.120Z","value":"7.42"}}: readable with any console consumer. */
    static byte[] encode(Ingestion.Reading r) {
        return ("{\"point\":" + r.pointId() + ",\"ts\":\"" + r.ts() + "\",\"value\":\"" + r.value().toPlainString() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static Ingestion.Reading decode(byte[] value) {
        JsonNode n = JSON.readTree(new String(value, StandardCharsets.UTF_8));
        return new Ingestion.Reading(n.get("point").asLong(), Instant.parse(n.get("ts").asString()),
                new java.math.BigDecimal(n.get("value").asString()));
    }

    /** Client settings common to producer, consumers and admin: the brokers and whatever the operator adds. */
    static Properties common(KafkaSettings settings) {
        var props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        props.putAll(settings.client());
        return props;
    }

    /**
     * Creates the topic if it is missing. The call also proves the brokers answer: a wrong bootstrap fails the start
     * (as a wrong MQTT broker does, ADR 0020) instead of leaving an instance that silently stores nothing.
     */
    static void ensureTopic(KafkaSettings settings) {
        var props = common(settings);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(props)) {
            var topic = new NewTopic(settings.topic(), Optional.of(settings.partitions()),
                    settings.replicationFactor() > 0 ? Optional.of(settings.replicationFactor()) : Optional.empty());
            try {
                admin.createTopics(List.of(topic)).all().get(20, TimeUnit.SECONDS);
                log.info("Kafka topic {} created with {} partitions", settings.topic(), settings.partitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new IllegalStateException("Kafka 不可用（" + settings.bootstrap() + "）：" + (e.getCause() != null ? e.getCause() : e)
                    + "。请检查 SK_KAFKA_BOOTSTRAP。 / Kafka unavailable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Kafka topic", e);
        }
    }

    @Override
    public void start() {
        ensureTopic(settings);
        var props = common(settings);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5); // a few ms of batching: far fewer requests, latency stays low
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        // A broker away for longer than this blocks the MQTT callback (back-pressure on the bridge) and then fails the
        // send, counted as LOG_FAILED; the producer retries on its own until then.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "shuangkong-bridge-" + ProcessHandle.current().pid());
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        log.info("Kafka: MQTT readings go to topic {} at {}", settings.topic(), settings.bootstrap());
    }

    @Override
    public void stop() {
        var p = producer;
        producer = null;
        if (p != null) p.close(Duration.ofSeconds(5)); // sends what is still buffered
    }

    @Override
    public boolean isRunning() {
        return producer != null;
    }

    /** Starts before the MQTT client and stops after it, so no reading the bridge accepted is left unsent. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1500;
    }

    KafkaSettings settings() {
        return settings;
    }
}
