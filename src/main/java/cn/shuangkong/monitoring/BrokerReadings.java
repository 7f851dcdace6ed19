package cn.shuangkong.monitoring;

import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBufUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readings taken where the embedded broker accepts them (ADR 0034), instead of through a subscriber connection: the
 * broker hands a subscriber at most ten unacknowledged QoS 1 messages at a time (Moquette 0.17, fixed), which capped
 * ingestion at ten per round trip. Moquette calls this after it has sent the gateway its PUBACK, on its interceptor
 * thread — one thread, so the readings of one gateway connection reach {@link Ingestion#offer} in the order they were
 * published. Only topics under the configured filter are readings; the broker's own security already refused any
 * publish a gateway may not make.
 */
final class BrokerReadings extends AbstractInterceptHandler {

    private static final Logger log = LoggerFactory.getLogger(BrokerReadings.class);

    private final Topic filter;
    private final Ingestion ingestion;

    BrokerReadings(String topicFilter, Ingestion ingestion) {
        this.filter = new Topic(unshared(topicFilter));
        this.ingestion = ingestion;
    }

    /**
     * The filter without a shared-subscription prefix ({@code $share/{group}/…}): a setting meant for a clustered
     * broker must not silently match nothing on the embedded one.
     */
    static String unshared(String filter) {
        if (!filter.startsWith("$share/")) return filter;
        int group = filter.indexOf('/', "$share/".length());
        return group < 0 ? filter : filter.substring(group + 1);
    }

    @Override
    public String getID() {
        return "shuangkong-readings";
    }

    @Override
    public Class<?>[] getInterceptedMessageTypes() {
        return new Class<?>[] {InterceptPublishMessage.class};
    }

    @Override
    public void onPublish(InterceptPublishMessage message) {
        try {
            String topic = message.getTopicName();
            if (new Topic(topic).match(filter)) ingestion.offer(topic, ByteBufUtil.getBytes(message.getPayload()));
        } finally {
            super.onPublish(message); // releases the payload the broker duplicated for this handler
        }
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        log.error("MQTT broker session loop failed", error);
    }
}
