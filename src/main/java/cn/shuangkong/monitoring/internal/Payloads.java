package cn.shuangkong.monitoring.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
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
public final class Payloads {

    /** The last topic level of a gateway's scan; no point may take it as its 位号. */
    public static final String SCAN = "_batch";
    static final int MAX_READING_BYTES = 4096;
    /** A scan of a few hundred points is about 20 KB; the embedded broker takes MQTT packets up to twice this. */
    public static final int MAX_SCAN_BYTES = 64 * 1024;
    public static final int MAX_SCAN_READINGS = 1000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final BigDecimal LIMIT = new BigDecimal("1e10");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    public record Parsed(BigDecimal value, Instant ts) { }

    /** One entry of a scan: its tag and its reading, or why that entry alone is refused. */
    record Entry(int index, String tag, Parsed reading, String error) { }

    private Payloads() { }

    public static Parsed parse(byte[] payload, Clock clock) {
        Parsed usual = usual(payload, clock);
        return usual != null ? usual : throughTree(payload, clock);
    }

    /** Any one-reading message, through a JSON tree. */
    public static Parsed throughTree(byte[] payload, Clock clock) {
        JsonNode n = object(payload, MAX_READING_BYTES, "报文超过 4 KB");
        return new Parsed(value(n.get("value")), ts(n.get("ts"), clock.instant(), clock));
    }

    /**
     * The form gateways send, {@code {"value": 7.42, "ts": "2026-11-23T08:00:00.120Z"}}, read straight from the bytes:
     * building a JSON tree was most of the broker's one intercept thread's work per message (ADR 0052). Only an exact
     * match is read here — the two fields once each (ts may be absent), a plain number of at most 18 digits before and
     * 15 after the point, a ts string of printable ASCII without escapes, JSON whitespace, nothing after the object —
     * and gives what the tree gives ({@code PayloadsTest} compares them); anything else returns null and goes through
     * the tree as before, so every other message is accepted or refused exactly as it was.
     */
    static Parsed usual(byte[] b, Clock clock) {
        if (b == null || b.length > MAX_READING_BYTES) return null;
        int i = blank(b, 0);
        if (i >= b.length || b[i] != '{') return null;
        BigDecimal value = null;
        String ts = null;
        i = blank(b, i + 1);
        while (true) {
            int keyEnd = plainString(b, i);
            if (keyEnd < 0) return null;
            boolean isValue = keyEnd - i == 7 && b[i + 1] == 'v' && b[i + 2] == 'a' && b[i + 3] == 'l' && b[i + 4] == 'u' && b[i + 5] == 'e';
            boolean isTs = keyEnd - i == 4 && b[i + 1] == 't' && b[i + 2] == 's';
            i = blank(b, keyEnd);
            if (i >= b.length || b[i] != ':') return null;
            i = blank(b, i + 1);
            if (isValue && value == null) {
                int end = plainNumber(b, i);
                if (end < 0) return null;
                value = number(new String(b, i, end - i, StandardCharsets.US_ASCII));
                i = end;
            } else if (isTs && ts == null) {
                int end = plainString(b, i);
                if (end < 0) return null;
                ts = new String(b, i + 1, end - i - 2, StandardCharsets.US_ASCII);
                i = end;
            } else {
                return null; // another field, or one twice: the tree decides
            }
            i = blank(b, i);
            if (i >= b.length) return null;
            if (b[i] == '}') break;
            if (b[i] != ',') return null;
            i = blank(b, i + 1);
        }
        if (value == null || blank(b, i + 1) != b.length) return null;
        return new Parsed(limited(value), ts == null ? clock.instant() : ts(ts, clock));
    }

    /** Whether {@link #usual} reads a message (accepting or refusing it) rather than leaving it to the tree. */
    public static boolean readDirectly(byte[] b, Clock clock) {
        try {
            return usual(b, clock) != null;
        } catch (IllegalArgumentException refused) {
            return true;
        }
    }

    /** Where JSON whitespace from {@code i} ends. */
    private static int blank(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) i++;
        return i;
    }

    /** The end (after the closing quote) of a string at {@code i} of printable ASCII without escapes; -1 if it is not one. */
    private static int plainString(byte[] b, int i) {
        if (i >= b.length || b[i] != '"') return -1;
        for (int j = i + 1; j < b.length; j++) {
            if (b[j] == '"') return j + 1;
            if (b[j] < 0x20 || b[j] > 0x7e || b[j] == '\\') return -1;
        }
        return -1;
    }

    /** The end of a JSON number at {@code i} of the form -?(0|[1-9]d{0,17})(.d{1,15})?; -1 if it is not one. */
    private static int plainNumber(byte[] b, int i) {
        if (i < b.length && b[i] == '-') i++;
        int start = i;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') i++;
        int whole = i - start;
        if (whole == 0 || whole > 18 || whole > 1 && b[start] == '0') return -1;
        if (i < b.length && b[i] == '.') {
            int point = ++i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') i++;
            if (i == point || i - point > 15) return -1;
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) return -1; // exponents: the tree's way
        return i;
    }

    /** A plain number as the JSON tree holds it: an integer exactly, a fraction as the double it was read into. */
    private static BigDecimal number(String text) {
        return text.indexOf('.') < 0 ? BigDecimal.valueOf(Long.parseLong(text)) : BigDecimal.valueOf(Double.parseDouble(text));
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
        return limited(v.decimalValue());
    }

    private static BigDecimal limited(BigDecimal value) {
        if (value.abs().compareTo(LIMIT) >= 0) throw new IllegalArgumentException("value 超出范围");
        return value.setScale(Math.min(Math.max(value.scale(), 0), 4), RoundingMode.HALF_UP);
    }

    /** A ts field; absent or null, {@code otherwise}. */
    static Instant ts(JsonNode t, Instant otherwise, Clock clock) {
        if (t == null || t.isNull()) return otherwise;
        if (t.isNumber()) return inRange(Instant.ofEpochMilli(t.longValue()), clock);
        return ts(t.asString(), clock);
    }

    /** A ts given as a string. */
    private static Instant ts(String text, Clock clock) {
        try {
            return inRange(instant(text), clock);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ts 应为 ISO-8601 时间（如 2026-11-23T08:00:00Z）或毫秒时间戳");
        }
    }

    private static Instant inRange(Instant ts, Clock clock) {
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
    public static Instant instant(String s) {
        int n = s.length();
        if (n >= 20 && n <= 30 && s.charAt(n - 1) == 'Z' && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
                && s.charAt(13) == ':' && s.charAt(16) == ':' && (n == 20 || n > 21 && s.charAt(19) == '.')) {
            int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
            int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
            int fraction = n == 20 ? 0 : digits(s, 20, n - 21);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && fraction >= 0
                    && day <= lengthOfMonth(year, month)) {
                return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second,
                        n == 20 ? 0 : fraction * POWERS[9 - (n - 21)]);
            }
        }
        return Instant.parse(s);
    }

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /*
     * The day and the month's length worked out as LocalDate and YearMonth do (year 0–9999 here), without making
     * either for every message on the broker's session loop (ADR 0065); PayloadsTest compares every day of two
     * centuries with Instant.parse.
     */
    private static boolean leap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return month == 2 ? (leap(year) ? 29 : 28) : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Days since 1970-01-01, as {@code LocalDate.toEpochDay} counts them, for a year from 0. */
    private static long epochDay(int year, int month, int day) {
        long days = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400 + (367L * month - 362) / 12 + day - 1;
        if (month > 2) days -= leap(year) ? 1 : 2;
        return days - 719_528; // days from 0000-01-01 to 1970-01-01
    }

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
