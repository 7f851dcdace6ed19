package cn.shuangkong.bench;

import cn.shuangkong.monitoring.BrokerPipelineAccess;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.InterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker alone (no Spring, no database): one-reading QoS 1 messages through Moquette to an intercept
 * handler that takes them as the platform's does (topic filter, payload copied), with the broker's settings and the
 * gateways' kind alternating in one JVM, so that each setting is compared at the same moment: messages per second and
 * CPU per message by thread (ADR 0052). Prints; asserts nothing. {@code ./mvnw -Pbench test -Dtest=BrokerProbe}, optionally
 * {@code -Dprobe.settings=nio/immediate,epoll/immediate,nio/1,nio/immediate/tuned -Dprobe.rounds=2
 * -Dprobe.messages=100000 -Dprobe.shapes=paho/5/10,lean/5/10,lean/50/10}; read the second round (the first also pays
 * the JIT). A setting ending in {@code /tuned} starts the broker with the platform's change to its pipeline (ADR 0058).
 */
@Tag("benchmark")
class BrokerProbe {

    private static final int MESSAGES = Integer.getInteger("probe.messages", 100_000);

    @Test
    void broker_settings_and_gateway_kinds_at_the_same_moment() throws Exception {
        // as the platform's logging settings have it (application.yml): without Spring, logback's default would print
        // every packet Moquette's message logger sees, and the probe would measure the console (ADR 0058)
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.moquette")).setLevel(ch.qos.logback.classic.Level.WARN);
        // transport/flush pairs: nio or epoll, then Moquette's buffer_flush_millis (immediate, full or milliseconds),
        // optionally /tuned
        String[] flushes = System.getProperty("probe.settings", "nio/immediate,epoll/immediate,nio/1").split(",");
        record Shape(String kind, int gateways, int window) { }
        List<Shape> shapes = new ArrayList<>();
        for (String shape : System.getProperty("probe.shapes", "paho/5/10,lean/5/10,lean/50/10").split(",")) {
            String[] s = shape.split("/");
            shapes.add(new Shape(s[0], Integer.parseInt(s[1]), Integer.parseInt(s[2])));
        }
        System.out.printf(Locale.ROOT, "%n=== BrokerProbe, %,d messages a pass, load %s ===%n", MESSAGES, MonitoringBenchmark.uptime());
        for (int round = 0; round < Integer.getInteger("probe.rounds", 2); round++) {
            for (String flush : flushes) {
                for (Shape shape : shapes) {
                    var counted = new AtomicLong();
                    int port;
                    try (var free = new ServerSocket(0)) {
                        port = free.getLocalPort();
                    }
                    Server broker = start(port, flush, counted);
                    try {
                        String url = "tcp://127.0.0.1:" + port;
                        var publishing = new LongAdder();
                        List<Thread> threads = new ArrayList<>();
                        List<AutoCloseable> open = new ArrayList<>();
                        for (int g = 0; g < shape.gateways(); g++) {
                            List<String[]> mine = new ArrayList<>();
                            for (int i = g; i < MESSAGES; i += shape.gateways()) {
                                mine.add(new String[] {"shuangkong/v1/91340100MA2TEST00X/P" + i % 50,
                                        "{\"value\":" + (5 + i % 7) + ".25,\"ts\":\"2026-11-23T08:00:00." + String.format("%03d", i % 1000) + "Z\"}"});
                            }
                            Runnable publish;
                            if (shape.kind().equals("lean")) {
                                var device = new LeanGateway(url, "lean-" + g, "gw", "pw".toCharArray(), shape.window());
                                open.add(device);
                                publish = () -> {
                                    try {
                                        device.publishAll(mine);
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                };
                            } else {
                                var device = new MqttAsyncClient(url, "paho-" + UUID.randomUUID(), new MemoryPersistence());
                                var options = new MqttConnectOptions();
                                options.setUserName("gw");
                                options.setPassword("pw".toCharArray());
                                options.setMaxInflight(shape.window());
                                device.connect(options).waitForCompletion();
                                open.add(() -> {
                                    device.disconnect().waitForCompletion();
                                    device.close();
                                });
                                publish = () -> {
                                    for (String[] m : mine) MonitoringBenchmark.publish(device, m[0], m[1]);
                                };
                            }
                            threads.add(new Thread(() -> {
                                publish.run();
                                publishing.add(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                            }, "probe-publisher-" + g));
                        }
                        long t0 = System.nanoTime();
                        var cpu = ThreadCpu.now();
                        for (Thread t : threads) t.start();
                        for (Thread t : threads) t.join();
                        long deadline = System.nanoTime() + 30_000_000_000L;
                        while (counted.get() < MESSAGES && System.nanoTime() < deadline) Thread.sleep(1);
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        String table = ThreadCpu.now().plus("probe publishers (the gateways' code)", publishing.sum()).since(cpu, MESSAGES);
                        System.out.printf(Locale.ROOT, "%nround %d, %s, %s ×%d (≤ %d in flight): %,.0f messages/s (%d taken)%n%s", round, flush,
                                shape.kind(), shape.gateways(), shape.window(), counted.get() / seconds, counted.get(), table);
                        for (var c : open) c.close();
                    } finally {
                        broker.stopServer();
                    }
                }
            }
        }
    }

    /** The embedded broker as {@code MqttConnector} starts it, anonymous clients allowed here, with the given flush setting. */
    private static Server start(int port, String flush, AtomicLong counted) throws Exception {
        var props = new Properties();
        props.setProperty("host", "127.0.0.1");
        props.setProperty("port", String.valueOf(port));
        props.setProperty("allow_anonymous", "true");
        props.setProperty("persistence_enabled", "false");
        props.setProperty("netty.mqtt.message_size", String.valueOf(128 * 1024));
        props.setProperty("telemetry_enabled", "false");
        props.setProperty("session_queue_size", "16384");
        props.setProperty("intercept.thread_pool.size", "1");
        String[] setting = flush.split("/");
        props.setProperty("netty.epoll", String.valueOf(setting[0].equals("epoll")));
        props.setProperty("buffer_flush_millis", setting[1]);
        var filter = new io.moquette.broker.subscriptions.Topic("shuangkong/v1/+/+");
        InterceptHandler taker = new AbstractInterceptHandler() {
            public String getID() {
                return "probe";
            }

            public Class<?>[] getInterceptedMessageTypes() {
                return new Class<?>[] {InterceptPublishMessage.class};
            }

            public void onPublish(InterceptPublishMessage message) {
                try {
                    if (new io.moquette.broker.subscriptions.Topic(message.getTopicName()).match(filter)
                            && io.netty.buffer.ByteBufUtil.getBytes(message.getPayload()).length > 0) counted.incrementAndGet();
                } finally {
                    super.onPublish(message);
                }
            }

            public void onSessionLoopError(Throwable error) { }
        };
        var broker = new Server();
        broker.startServer(new MemoryConfig(props), List.of(taker));
        if (setting.length > 2 && setting[2].equals("tuned") && !BrokerPipelineAccess.tune(broker)) {
            throw new IllegalStateException("the broker's pipeline not changed");
        }
        return broker;
    }
}
