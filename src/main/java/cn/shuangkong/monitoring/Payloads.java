package cn.shuangkong.monitoring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two MQTT payloads (ADR 0039). One reading on {@code shuangkong/v1/{credit code}/{位号}}:
 * {@code {"value": 7.42, "ts": "2026-11-23T08:00:00Z"}}. A gateway's scan of many points on
 * {@code shuangkong/v1/{credit code}/_batch}: {@code {"ts": …, "readings": [{"tag": "PT-101", "value": 1.23, "ts": …}, …]}}.
 * A ts may be ISO-8601 or epoch milliseconds; a reading without one takes the scan's, a scan without one the time of receipt.
 */
final class Payloads {

    /** The last topic level of a gateway's scan; no point may take it as its 位号. */
    static final String SCAN = "_batch";
    static final int MAX_READING_BYTES = 4096;
    /** A scan of a few hundred points is about 20 KB; the embedded broker takes MQTT packets up to twice this. */
    static final int MAX_SCAN_BYTES = 64 * 1024;
    static final int MAX_SCAN_READINGS = 1000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final BigDecimal LIMIT = new BigDecimal("1e10");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    record Parsed(BigDecimal value, Instant ts) { }

    /** One entry of a scan: its tag and its reading, or why that entry alone is refused. */
    record Entry(int index, String tag, Parsed reading, String error) { }

    private Payloads() { }

    static Parsed parse(byte[] payload, Clock clock) {
        JsonNode n = object(payload, MAX_READING_BYTES, "报文超过 4 KB");
        return new Parsed(value(n.get("value")), ts(n.get("ts"), clock.instant(), clock));
    }

    /**
     * A gateway's scan. A fault of the message as a whole (not a JSON object, no list, too large, a bad scan ts) throws;
     * a fault of one entry is that entry's {@code error}, and the others stand.
     */
    static List<Entry> parseScan(byte[] payload, Clock clock) {
        JsonNode n = object(payload, MAX_SCAN_BYTES, "报文超过 64 KB");
        Instant scanTs = ts(n.get("ts"), clock.instant(), clock);
        JsonNode list = n.get("readings");
        if (list == null || !list.isArray() || list.isEmpty()) throw new IllegalArgumentException("缺少数组字段 readings 或其为空");
        if (list.size() > MAX_SCAN_READINGS) throw new IllegalArgumentException("readings 超过 1000 条");
        List<Entry> entries = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            JsonNode tag = e.isObject() ? e.get("tag") : null;
            String code = tag != null && tag.isString() ? tag.asString() : null;
            try {
                if (!e.isObject()) throw new IllegalArgumentException("应为 JSON 对象");
                if (code == null || code.isBlank()) throw new IllegalArgumentException("缺少字符串字段 tag（位号）");
                entries.add(new Entry(i, code, new Parsed(value(e.get("value")), ts(e.get("ts"), scanTs, clock)), null));
            } catch (IllegalArgumentException bad) {
                entries.add(new Entry(i, code, null, bad.getMessage()));
            }
        }
        return entries;
    }

    private static JsonNode object(byte[] payload, int maxBytes, String tooLarge) {
        if (payload == null || payload.length == 0) throw new IllegalArgumentException("空报文");
        if (payload.length > maxBytes) throw new IllegalArgumentException(tooLarge);
        JsonNode n;
        try {
            n = JSON.readTree(payload); // from the bytes: no String of the whole payload first
        } catch (JacksonException e) {
            throw new IllegalArgumentException("不是 JSON：" + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException("报文应为 JSON 对象");
        return n;
    }

    private static BigDecimal value(JsonNode v) {
        if (v == null || !v.isNumber()) throw new IllegalArgumentException("缺少数值字段 value");
        BigDecimal value = v.decimalValue();
        if (value.abs().compareTo(LIMIT) >= 0) throw new IllegalArgumentException("value 超出范围");
        return value.setScale(Math.min(Math.max(value.scale(), 0), 4), RoundingMode.HALF_UP);
    }

    /** A ts field; absent or null, {@code otherwise}. */
    static Instant ts(JsonNode t, Instant otherwise, Clock clock) {
        if (t == null || t.isNull()) return otherwise;
        Instant ts;
        if (t.isNumber()) {
            ts = Instant.ofEpochMilli(t.longValue());
        } else {
            try {
                ts = instant(t.asString());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("ts 应为 ISO-8601 时间（如 2026-11-23T08:00:00Z）或毫秒时间戳");
            }
        }
        // A gateway with a wrong clock would otherwise push the point's "latest" into the future and mute its limits.
        if (ts.isAfter(clock.instant().plusSeconds(300))) throw new IllegalArgumentException("ts 晚于平台当前时间 5 分钟以上");
        // Far outside PostgreSQL's range such a time would fail the whole batch it rides in, not only itself.
        if (ts.isBefore(EARLIEST)) throw new IllegalArgumentException("ts 早于 2000 年");
        return ts;
    }

    /**
     * An ISO-8601 instant. The form gateways send, {@code 2026-11-23T08:00:00.120Z} (0–9 fraction digits, UTC), is read
     * here directly: {@link Instant#parse} cost more CPU than the rest of a one-reading message together, on the broker's
     * one intercept thread (ADR 0045). Anything else — an offset, a leap second, a bad date — goes to
     * {@link Instant#parse}, which accepts or refuses it as before.
     */
    static Instant instant(String s) {
        int n = s.length();
        if (n >= 20 && n <= 30 && s.charAt(n - 1) == 'Z' && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
                && s.charAt(13) == ':' && s.charAt(16) == ':' && (n == 20 || n > 21 && s.charAt(19) == '.')) {
            int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
            int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
            int fraction = n == 20 ? 0 : digits(s, 20, n - 21);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && fraction >= 0
                    && day <= java.time.YearMonth.of(year, month).lengthOfMonth()) {
                long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second,
                        n == 20 ? 0 : fraction * POWERS[9 - (n - 21)]);
            }
        }
        return Instant.parse(s);
    }

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** The number written by {@code length} ASCII digits at {@code from}; -1 if any is not one. */
    private static int digits(String s, int from, int length) {
        int v = 0;
        for (int i = from; i < from + length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
