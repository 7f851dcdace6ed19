package cn.shuangkong.monitoring.internal;

import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBufUtil;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readings taken where the embedded broker accepts them (ADR 0034), instead of through a subscriber connection: the
 * broker hands a subscriber at most ten unacknowledged QoS 1 messages at a time (Moquette 0.17, fixed), which capped
 * ingestion at ten per round trip. Moquette calls this after it has sent the gateway its PUBACK, on the session loop
 * that serves the gateway's connection (ADR 0065; with Kafka on its one interceptor thread) — so the readings of one
 * gateway connection reach {@link Ingestion#offer} in the order they were published. Only topics under the configured
 * filter are readings; the broker's own security already refused any publish a gateway may not make.
 */
public final class BrokerReadings extends AbstractInterceptHandler {

    private static final Logger log = LoggerFactory.getLogger(BrokerReadings.class);

    /** At most this many topics are remembered, each at most {@link #LONGEST_KEPT} characters long. */
    public static final int TOPICS_KEPT = 16_384;
    public static final int LONGEST_KEPT = 200;
    /** What {@link #levels} gives for a topic that is not a reading's. */
    private static final String[] NOT_A_READING = new String[0];

    private final Topic filter;
    private final Ingestion ingestion;
    /**
     * Each topic seen, with what {@link #levels} made of it. A gateway publishes each of its points on the same topic
     * again and again; matching it against the filter and splitting it into levels were, per message, a third of
     * this handler's work and most of its garbage (ADR 0065). Bounded: past it a topic is read anew each time, as before.
     */
    private final Map<String, String[]> topics = new ConcurrentHashMap<>();

    public BrokerReadings(String topicFilter, Ingestion ingestion) {
        this.filter = new Topic(unshared(topicFilter));
        this.filter.getTokens(); // parsed once here: two session loops may match against it at the same time
        this.ingestion = ingestion;
    }

    /**
     * A topic's levels as {@code topic.split("/")} gives them if it matches the readings filter, else
     * {@link #NOT_A_READING}; the same array for the same topic (it is only read).
     */
    public String[] levels(String topic) {
        String[] known = topics.get(topic);
        if (known != null) return known;
        String[] levels = new Topic(topic).match(filter) ? topic.split("/") : NOT_A_READING;
        if (topic.length() <= LONGEST_KEPT && topics.size() < TOPICS_KEPT) topics.putIfAbsent(topic, levels);
        return levels;
    }

    public static boolean reading(String[] levels) {
        return levels != NOT_A_READING;
    }

    public int topicsKept() {
        return topics.size();
    }

    /**
     * The filter without a shared-subscription prefix ({@code $share/{group}/…}): a setting meant for a clustered
     * broker must not silently match nothing on the embedded one.
     */
    public static String unshared(String filter) {
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
        String topic = message.getTopicName();
        try {
            if (!BrokerPipeline.shortPath) { // the benchmark's "as before ADR 0065"
                if (new Topic(topic).match(filter)) ingestion.offer(topic, ByteBufUtil.getBytes(message.getPayload()));
                return;
            }
            String[] levels = levels(topic);
            if (reading(levels)) ingestion.offer(topic, levels, ByteBufUtil.getBytes(message.getPayload()));
        } catch (RuntimeException e) { // on the broker's session loop: nothing may escape into it
            ingestion.reject(Ingestion.Rejection.FAILED, topic, e.toString());
        } finally {
            super.onPublish(message); // releases the payload the broker duplicated for this handler
        }
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        log.error("MQTT broker session loop failed", error);
    }
}
