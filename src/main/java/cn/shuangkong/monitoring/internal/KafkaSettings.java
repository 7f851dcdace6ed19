package cn.shuangkong.monitoring.internal;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Kafka between the MQTT bridge and ingestion (ADR 0021), under {@code shuangkong.monitoring.kafka}. A blank
 * {@code bootstrap} (the default) means no Kafka at all: none of its beans exist and no broker is needed.
 *
 * @param bootstrap         the brokers, host:port[,host:port…] ({@code SK_KAFKA_BOOTSTRAP})
 * @param topic             the readings topic, created at start when missing
 * @param partitions        its partitions when the platform creates it: the most consumers that can share the work
 * @param replicationFactor its replication factor when the platform creates it; 0 takes the brokers' default
 * @param group             the ingestion consumer group: every instance joins it, each partition goes to one consumer
 * @param consumers         consumer threads in this instance
 * @param maxBatch          the most readings one consumer stores in one transaction
 * @param client            further client settings passed on as they are (security.protocol, sasl.*, ssl.*, compression.type …)
 */
@ConfigurationProperties("shuangkong.monitoring.kafka")
public record KafkaSettings(@DefaultValue("") String bootstrap, @DefaultValue("shuangkong.readings") String topic,
                            @DefaultValue("12") int partitions, @DefaultValue("0") short replicationFactor,
                            @DefaultValue("shuangkong-ingestion") String group, @DefaultValue("2") int consumers,
                            @DefaultValue("2000") int maxBatch, Map<String, String> client) {

    public Map<String, String> client() {
        return client == null ? Map.of() : client;
    }

    /** The Kafka beans exist only with a bootstrap set: the default run neither starts nor needs a broker. */
    static class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("shuangkong.monitoring.kafka.bootstrap"));
        }
    }
}
