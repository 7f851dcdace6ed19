package cn.shuangkong.monitoring;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The MQTT payload: {@code {"value": 7.42, "ts": "2026-11-23T08:00:00Z"}}; ts may be epoch milliseconds or absent (now). */
final class Payloads {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Parsed(BigDecimal value, Instant ts) { }

    private Payloads() { }

    static Parsed parse(byte[] payload, Clock clock) {
        if (payload == null || payload.length == 0) throw new IllegalArgumentException("空报文");
        if (payload.length > 4096) throw new IllegalArgumentException("报文超过 4 KB");
        JsonNode n;
        try {
            n = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("不是 JSON：" + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException("报文应为 JSON 对象");
        JsonNode v = n.get("value");
        if (v == null || !v.isNumber()) throw new IllegalArgumentException("缺少数值字段 value");
        BigDecimal value = v.decimalValue();
        if (value.abs().compareTo(new BigDecimal("1e10")) >= 0) throw new IllegalArgumentException("value 超出范围");
        return new Parsed(value.setScale(Math.min(Math.max(value.scale(), 0), 4), java.math.RoundingMode.HALF_UP), ts(n.get("ts"), clock));
    }

    static Instant ts(JsonNode t, Clock clock) {
        if (t == null || t.isNull()) return clock.instant();
        Instant ts;
        if (t.isNumber()) {
            ts = Instant.ofEpochMilli(t.longValue());
        } else {
            try {
                ts = Instant.parse(t.asString());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("ts 应为 ISO-8601 时间（如 2026-11-23T08:00:00Z）或毫秒时间戳");
            }
        }
        // A gateway with a wrong clock would otherwise push the point's "latest" into the future and mute its limits.
        if (ts.isAfter(clock.instant().plusSeconds(300))) throw new IllegalArgumentException("ts 晚于平台当前时间 5 分钟以上");
        return ts;
    }
}
