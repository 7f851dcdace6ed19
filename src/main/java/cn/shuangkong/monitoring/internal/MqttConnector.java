package cn.shuangkong.monitoring.internal;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The platform's side of MQTT: starts the embedded broker (Moquette) unless {@code shuangkong.monitoring.mqtt.url}
 * names an external one (Mosquitto, EMQX). The embedded broker hands every reading to {@link Ingestion} as it accepts
 * it ({@link BrokerReadings}, ADR 0034); on an external broker the platform subscribes to the readings topics (a
 * {@code $share/…} filter there spreads them over several instances). The client reconnects by itself and subscribes
 * again after a reconnect; in the embedded case it only publishes (the demo simulator). The embedded broker takes no
 * anonymous client and lets a gateway publish only under its own credit code ({@link MqttBrokerSecurity}).
 */
@Component
@org.springframework.boot.context.properties.EnableConfigurationProperties(MonitoringProperties.class)
public class MqttConnector implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MqttConnector.class);

    private final MonitoringProperties.Mqtt settings;
    private final Ingestion ingestion;
    private final MqttBrokerSecurity security;
    /** Readings go to Kafka (ADR 0021): the broker's intercept thread stays (ADR 0065). */
    private final boolean viaKafka;
    private Server broker;
    private MqttClient client;
    private String url;
    private volatile boolean running;

    public MqttConnector(MonitoringProperties properties, Ingestion ingestion, MqttCredentials credentials,
                  java.util.Optional<KafkaReadings> kafka) {
        this.settings = properties.mqtt();
        this.ingestion = ingestion;
        this.security = new MqttBrokerSecurity(credentials);
        this.viaKafka = kafka.isPresent();
    }

    /** The broker the platform is connected to, e.g. tcp://127.0.0.1:1883. */
    public String brokerUrl() {
        return url;
    }

    public boolean embedded() {
        return broker != null;
    }

    /** Publishes one message through the platform's own connection (the demo simulator uses it). */
    public void publish(String topic, String payload) {
        try {
            var m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            m.setQos(0);
            client.publish(topic, m);
        } catch (MqttException e) {
            log.warn("MQTT publish to {} failed: {}", topic, e.getMessage());
        }
    }

    @Override
    public void start() {
        if (!settings.enabled()) return;
        try {
            url = settings.url() == null || settings.url().isBlank() ? startBroker() : settings.url();
            client = new MqttClient(url, "shuangkong-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
            var options = new MqttConnectOptions();
            options.setAutomaticReconnect(true);
            options.setCleanSession(true);
            options.setMaxInflight(1000);
            options.setConnectionTimeout(10); // seconds: a broker that does not answer fails the start soon
            if (embedded()) {
                options.setUserName(MqttBrokerSecurity.INTERNAL_USER);
                options.setPassword(security.internalPassword().toCharArray());
            } else if (!settings.username().isBlank()) {
                options.setUserName(settings.username());
                options.setPassword(settings.password().toCharArray());
            }
            client.setCallback(new MqttCallbackExtended() {
                public void connectComplete(boolean reconnect, String serverURI) {
                    if (!embedded()) subscribe();
                    if (reconnect) log.info("MQTT reconnected to {}", serverURI);
                }
                public void connectionLost(Throwable cause) {
                    log.warn("MQTT connection lost: {}", cause.toString());
                }
                public void messageArrived(String topic, MqttMessage message) {
                    ingestion.offer(topic, message.getPayload());
                }
                public void deliveryComplete(IMqttDeliveryToken token) { }
            });
            client.connect(options);
            running = true;
            log.info("MQTT: {} broker at {}, readings from {}", embedded() ? "embedded" : "external", url, settings.topicFilter());
        } catch (IOException | MqttException | RuntimeException e) {
            // A busy port or an unreachable broker at start is a wrong configuration, not a passing outage (the client
            // reconnects by itself after that): stop here, so that no half-started instance goes on without readings.
            stop();
            throw new IllegalStateException("MQTT 消息服务器不可用（" + (url != null ? url : "内嵌，端口 " + settings.embeddedPort())
                    + "）：" + e.getMessage() + "。请检查 SK_MQTT_URL / SK_MQTT_PORT。 / MQTT broker unavailable: " + e, e);
        }
    }

    private void subscribe() {
        try {
            client.subscribe(settings.topicFilter(), 1);
        } catch (MqttException e) {
            log.error("MQTT subscribe to {} failed: {}", settings.topicFilter(), e.toString());
        }
    }

    private String startBroker() throws IOException {
        int port = settings.embeddedPort();
        if (port == 0) {
            try (var s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
        }
        var props = new Properties();
        props.setProperty("host", "127.0.0.1");
        props.setProperty("port", String.valueOf(port));
        props.setProperty("allow_anonymous", "false"); // every client names itself (ADR 0015)
        props.setProperty("persistence_enabled", "false");
        // above a scan's own limit, so that an oversized scan is refused and counted by ingestion, not dropped with its connection
        props.setProperty("netty.mqtt.message_size", String.valueOf(2 * Payloads.MAX_SCAN_BYTES));
        props.setProperty("telemetry_enabled", "false"); // Moquette would otherwise report home and write a uuid file
        props.setProperty("session_queue_size", "16384"); // bursts from many gateways queue instead of being dropped
        props.setProperty("intercept.thread_pool.size", "1"); // with Kafka, one thread: a gateway's readings stay in their order
        broker = new Server();
        broker.startServer(new MemoryConfig(props), List.of(new BrokerReadings(settings.topicFilter(), ingestion)), null, security, security);
        BrokerPipeline.tune(broker); // before the first client: PUBACKs flushed together, no packet logger (ADR 0058)
        if (!viaKafka) BrokerPipeline.handOnTheCaller(broker); // readings handed on by the session loop that took them (ADR 0065)
        BrokerPipeline.matchOnlySubscribed(broker); // no walk of the empty subscription tree per publish (ADR 0065)
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void stop() {
        running = false;
        try {
            if (client != null && client.isConnected()) client.disconnect(2000);
            if (client != null) client.close();
        } catch (MqttException e) {
            log.debug("MQTT disconnect: {}", e.toString());
        }
        try {
            if (broker != null) broker.stopServer();
        } catch (RuntimeException e) {
            log.debug("MQTT broker stop: {}", e.toString()); // a broker that never bound its port
        }
        broker = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
