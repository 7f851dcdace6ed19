package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.monitoring.internal.MonitoringProperties;
import cn.shuangkong.monitoring.internal.MqttConnector;
import cn.shuangkong.monitoring.internal.MqttCredentials;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A broker that cannot be had at start fails the start (ADR 0020): no instance runs on without its readings. */
class BrokerAtStartTest {

    private static MqttConnector connector(String url, int embeddedPort) {
        var properties = new MonitoringProperties(
                new MonitoringProperties.Mqtt(url, embeddedPort, "", "", "shuangkong/v1/+/+", true),
                new MonitoringProperties.Simulator(false, "", Duration.ofSeconds(5), Duration.ofMinutes(10)),
                3, Duration.ofMinutes(10), 3, Map.of());
        return new MqttConnector(properties, null, new MqttCredentials(null, null, Clock.systemUTC()), java.util.Optional.empty());
    }

    @Test
    void a_busy_port_for_the_embedded_broker_fails_the_start() throws Exception {
        try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var mqtt = connector("", taken.getLocalPort());
            assertThatThrownBy(mqtt::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("MQTT 消息服务器不可用");
            mqtt.stop();
        }
    }

    @Test
    void an_unreachable_external_broker_fails_the_start() throws Exception {
        int closed;
        try (var s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        var mqtt = connector("tcp://127.0.0.1:" + closed, 0);
        assertThatThrownBy(mqtt::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("tcp://127.0.0.1:" + closed);
    }
}
