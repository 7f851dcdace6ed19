package cn.shuangkong.monitoring;

import cn.shuangkong.support.Api;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/** How a test gateway connects to the embedded broker: with its enterprise's credentials (ADR 0015), never anonymous. */
public final class Gateways {

    private Gateways() {
    }

    /** Generates the enterprise's gateway password as its manager would, and returns options that use it. */
    public static MqttConnectOptions credentialsOf(Api manager) {
        var r = manager.post("/api/v1/monitoring/mqtt-credentials", "{}");
        if (r.status() != 200) throw new IllegalStateException("gateway credentials not issued: " + r.body());
        var options = new MqttConnectOptions();
        options.setUserName(r.json().get("username").asString());
        options.setPassword(r.json().get("password").asString().toCharArray());
        options.setMaxInflight(1000);
        return options;
    }
}
