package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.monitoring.internal.BrokerPipeline;
import cn.shuangkong.monitoring.internal.BrokerReadings;
import cn.shuangkong.monitoring.internal.MqttBrokerSecurity;
import io.moquette.broker.subscriptions.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The broker's per-message checks made cheaper (ADR 0065) decide exactly as before: a reading's topic remembered
 * instead of matched and split per message, a gateway's publish right compared in place instead of through a built
 * prefix — each compared with the old rule on the usual topics and on hostile ones — and a subscription still gets
 * what is published after it, though no publish was matched against the tree while it was empty.
 */
class BrokerShortPathTest {

    private static final String CODE = "91320500MA1XYZ0001";

    @Test
    void a_remembered_topic_is_read_as_matching_and_splitting_it_reads_it() {
        for (String filter : List.of("shuangkong/v1/+/+", "shuangkong/v1/#", "#", "shuangkong/+/+/+")) {
            var readings = new BrokerReadings(filter, null);
            Topic parsedFilter = new Topic(filter);
            List<String> topics = topics();
            assertThat(topics).isNotEmpty();
            for (int round = 0; round < 2; round++) { // first read, then remembered
                for (String topic : topics) {
                    boolean before;
                    try {
                        before = new Topic(topic).match(parsedFilter);
                    } catch (RuntimeException e) { // Moquette's own refusal (the empty topic; its decoder refuses it first)
                        assertThatThrownBy(() -> readings.levels(topic)).isInstanceOf(e.getClass());
                        continue;
                    }
                    String[] levels = readings.levels(topic);
                    assertThat(BrokerReadings.reading(levels)).as("%s against %s", topic, filter).isEqualTo(before);
                    if (before) assertThat(levels).as(topic).containsExactly(topic.split("/"));
                }
            }
        }
    }

    @Test
    void only_so_many_topics_are_remembered_and_none_too_long() {
        var readings = new BrokerReadings("shuangkong/v1/+/+", null);
        String longCode = "P".repeat(BrokerReadings.LONGEST_KEPT);
        assertThat(readings.levels("shuangkong/v1/" + CODE + "/" + longCode)).containsExactly("shuangkong", "v1", CODE, longCode);
        assertThat(readings.topicsKept()).as("a topic longer than the bound is read each time, not kept").isZero();
        for (int i = 0; i < BrokerReadings.TOPICS_KEPT + 100; i++) readings.levels("shuangkong/v1/" + CODE + "/P" + i);
        assertThat(readings.topicsKept()).isEqualTo(BrokerReadings.TOPICS_KEPT);
        assertThat(readings.levels("shuangkong/v1/" + CODE + "/P" + (BrokerReadings.TOPICS_KEPT + 50)))
                .as("past the bound still read right").containsExactly("shuangkong", "v1", CODE, "P" + (BrokerReadings.TOPICS_KEPT + 50));
    }

    @Test
    void a_gateway_may_publish_where_it_could_before_and_nowhere_else() {
        var security = new MqttBrokerSecurity(null);
        List<String> users = new ArrayList<>(List.of(CODE, "91320500MA1XYZ000", "91320500MA1XYZ00011", " ", "", "a/b", "+", "#",
                MqttBrokerSecurity.INTERNAL_USER, "shuangkong", "v1"));
        users.add(null);
        List<String> topics = topics();
        int allowed = 0;
        for (String user : users) {
            for (String topic : topics) {
                boolean now = security.canWrite(new Topic(topic), user, "client");
                assertThat(now).as("user %s, topic %s", user, topic).isEqualTo(before(topic, user));
                if (now) allowed++;
            }
        }
        assertThat(allowed).as("some publishes are allowed, so the comparison covers both answers").isPositive();
    }

    @Test
    void a_subscriber_gets_what_is_published_after_it_subscribed_though_no_match_was_made_before() throws Exception {
        var props = new java.util.Properties();
        int port;
        try (var free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        props.setProperty("host", "127.0.0.1");
        props.setProperty("port", String.valueOf(port));
        props.setProperty("allow_anonymous", "true");
        props.setProperty("persistence_enabled", "false");
        props.setProperty("telemetry_enabled", "false");
        var broker = new io.moquette.broker.Server();
        broker.startServer(new io.moquette.broker.config.MemoryConfig(props));
        List<org.eclipse.paho.client.mqttv3.MqttClient> clients = new ArrayList<>();
        try {
            assertThat(BrokerPipeline.matchOnlySubscribed(broker)).isTrue();
            String url = "tcp://127.0.0.1:" + port;
            var publisher = new org.eclipse.paho.client.mqttv3.MqttClient(url, "pub", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            var subscriber = new org.eclipse.paho.client.mqttv3.MqttClient(url, "sub", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            clients.addAll(List.of(publisher, subscriber));
            publisher.connect();
            subscriber.connect();
            publisher.publish("a/b", "before".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false); // acknowledged, no one to route to
            var received = new java.util.concurrent.LinkedBlockingQueue<String>();
            subscriber.subscribe("a/#", 1, (topic, message) -> received.add(topic + " " + new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8)));
            publisher.publish("a/b", "after".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false);
            assertThat(received.poll(cn.shuangkong.support.Patience.CONDITION.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo("a/b after");
            assertThat(received).isEmpty();
        } finally {
            for (var c : clients) {
                if (c.isConnected()) c.disconnect(100);
                c.close();
            }
            broker.stopServer();
        }
    }

    /** The rule as it was written before ADR 0065. */
    private static boolean before(String name, String user) {
        if (MqttBrokerSecurity.INTERNAL_USER.equals(user)) return name.startsWith(MqttBrokerSecurity.TOPIC_ROOT);
        String mine = MqttBrokerSecurity.TOPIC_ROOT + user;
        return user != null && !user.isBlank() && (name.equals(mine) || name.startsWith(mine + "/"))
                && name.indexOf('+') < 0 && name.indexOf('#') < 0;
    }

    /** The usual topics, their near misses and hostile ones, and random ones made of the characters that matter. */
    private static List<String> topics() {
        String root = MqttBrokerSecurity.TOPIC_ROOT;
        List<String> t = new ArrayList<>(List.of(root + CODE + "/PT-101", root + CODE + "/_batch", root + CODE, root + CODE + "/",
                root + CODE + "/a/b", root + CODE + "/PT-101/", root + CODE + "//", root + CODE + "0/PT-101", root + "9132050/PT",
                root + CODE.substring(0, 10), root + CODE + "/+", root + CODE + "/#", root + "+/PT-101", root + "/PT-101", root,
                "shuangkong/v1", "shuangkong/v2/" + CODE + "/PT-101", "/shuangkong/v1/" + CODE + "/PT-101", "shuangkong//" + CODE + "/x",
                "", "/", "//", "////", "a", "shuangkong/v1/ /x", "shuangkong/v1/" + CODE + "/位号-1", "SHUANGKONG/v1/" + CODE + "/x",
                root + "a/b/x", root + "a/b"));
        Random random = new Random(65);
        String alphabet = "sv1/+#aA9 -_位";
        for (int i = 0; i < 800; i++) {
            StringBuilder b = new StringBuilder(random.nextInt(3) == 0 ? "" : root + (random.nextBoolean() ? CODE : "a/b"));
            int more = random.nextInt(8);
            for (int k = 0; k < more; k++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            t.add(b.toString());
        }
        return t;
    }
}
