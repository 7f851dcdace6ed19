package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.shared.HostileInput.Operation;
import cn.shuangkong.support.PlatformTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every documented POST, PUT and PATCH of the live OpenAPI document, sent hostile bodies, parameters and headers by a
 * careless or malicious client: the platform answers 4xx problem details with a Chinese detail (never a 5xx), a
 * refused write leaves the main tables as they were, and no stack trace reaches the log. The corpus is generated from
 * the document itself, deterministically, so a new endpoint is fuzzed without anyone listing it. A write that is
 * accepted left the caller's audit record ({@link AuditedWrites}, ADR 0077).
 */
class ApiFuzzTest extends PlatformTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ABSENT_ID = "987654321";
    private static final String HUGE = "危".repeat(100_000);
    /** The probes whose body must be refused whatever else is right or wrong with the request. */
    private static final String NOT_UTF8 = "not UTF-8";
    /** The probes of a date outside 1900–2099 ({@link PlausibleDates}): never accepted, whatever else the body holds. */
    private static final String IMPLAUSIBLE = "implausible date";
    /** The probes of a string holding a direction override ({@link DirectionControls}): never accepted either. */
    private static final String DIRECTION = "direction control";

    private HostileInput hostile;
    private AuditedWrites audited;
    private JsonNode doc;

    @BeforeEach
    void attach() {
        hostile = new HostileInput("http://localhost:" + port, jdbc);
        audited = new AuditedWrites(jdbc);
        hostile.stackTraces.attach();
    }

    @AfterEach
    void detach() {
        hostile.stackTraces.detach();
    }

    @Test
    void every_documented_write_answers_hostile_input_with_a_chinese_problem_and_saves_nothing() {
        doc = hostile.openApi();
        List<Operation> operations = HostileInput.writes(doc);
        assertThat(operations).as("documented writes").hasSizeGreaterThan(50);

        String manager = hostile.freshEnterpriseManager();
        String token = JSON.readTree(hostile.send("POST", "/api/v1/auth/token", Map.of("Content-Type", "application/json"),
                HostileInput.utf8("{\"username\":\"" + manager + "\",\"password\":\"Demo@2026\"}")).body())
                .get("token").asString();

        List<String> failures = new ArrayList<>();
        var fiveHundreds = new TreeSet<String>();
        int tried = 0;
        long started = System.nanoTime();
        Map<String, Long> rows = hostile.rowCounts();
        for (Operation o : operations) {
            for (Probe p : probes(o)) {
                var headers = new LinkedHashMap<String, String>();
                headers.put("Authorization", "Bearer " + token);
                headers.put("X-Forwarded-For", "10.9." + (tried / 250 % 250) + "." + (tried % 250));
                headers.putAll(p.headers);
                long mark = audited.mark();
                var a = hostile.send(o.method(), p.path, headers, p.body);
                tried++;
                audited.api(o, manager, mark, a, o.label() + " at " + p.path + " [" + p.name + "]");
                String what = o.label() + " [" + p.name + "] → " + a.status();
                if (a.status() >= 500 || a.status() < 0) {
                    fiveHundreds.add(o.label());
                    failures.add(what + " " + abbreviate(a.body()));
                } else if (p.name.startsWith(NOT_UTF8) && a.status() < 400) {
                    failures.add(what + " accepted text that is not UTF-8");
                } else if (p.name.startsWith(IMPLAUSIBLE) && a.status() < 400) {
                    failures.add(what + " accepted a date outside 1900–2099");
                } else if (p.name.startsWith(DIRECTION) && a.status() < 400) {
                    failures.add(what + " accepted text with a direction override");
                } else if (a.status() >= 400) {
                    if (!a.isProblem() || !a.hasChineseDetail()) failures.add(what + " not a Chinese problem: " + a.contentType() + " " + abbreviate(a.body()));
                }
                if (a.status() >= 400) {
                    var now = hostile.rowCounts();
                    if (!now.equals(rows)) failures.add(what + " refused but rows changed: " + diff(rows, now));
                    rows = now;
                } else {
                    rows = hostile.rowCounts();
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        System.out.printf("API fuzz: %d documented writes, %d requests in %d s, %d × 5xx on %d endpoints, %d stack traces%n",
                operations.size(), tried, seconds, failures.stream().filter(f -> f.matches(".*→ (5\\d\\d|-1).*")).count(),
                fiveHundreds.size(), hostile.stackTraces.seen.size());
        fiveHundreds.forEach(e -> System.out.println("  5xx: " + e));
        failures.stream().limit(60).forEach(f -> System.out.println("  " + f));
        hostile.stackTraces.seen.stream().distinct().limit(20).forEach(s -> System.out.println("  log: " + s));
        System.out.print(audited.report("API fuzz, audit"));
        assertThat(audited.checked).as("routes whose accepted writes were checked for their audit record (ADR 0077)").hasSizeGreaterThanOrEqualTo(3);
        assertThat(audited.successes()).as("accepted writes checked for their audit record").isGreaterThanOrEqualTo(20);
        assertThat(audited.unaudited).as("writes that changed state without an audit record").isEmpty();
        assertThat(failures.size()).as("hostile requests answered badly, the first: " + String.join("\n", failures.stream().limit(20).toList())).isZero();
        assertThat(hostile.stackTraces.seen).as("stack traces in the log").isEmpty();
    }

    private static String abbreviate(String s) {
        s = s.replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String diff(Map<String, Long> before, Map<String, Long> after) {
        var d = new LinkedHashMap<String, String>();
        after.forEach((t, n) -> {
            if (!n.equals(before.get(t))) d.put(t, before.get(t) + "→" + n);
        });
        return d.toString();
    }

    record Probe(String name, String path, Map<String, String> headers, byte[] body) { }

    /** The hostile requests for one operation: its path and query parameters, then its body, then its headers. */
    private List<Probe> probes(Operation o) {
        List<Probe> probes = new ArrayList<>();
        List<JsonNode> params = new ArrayList<>();
        if (o.op().has("parameters")) o.op().get("parameters").forEach(params::add);
        Map<String, String> query = new LinkedHashMap<>();
        for (JsonNode p : params) {
            if ("query".equals(p.path("in").asString()) && p.path("required").asBoolean(false)) {
                query.put(p.get("name").asString(), scalarExample(resolve(p.path("schema"))));
            }
        }
        String path = path(o.path(), ABSENT_ID, query);
        JsonNode content = o.op().path("requestBody").path("content");
        boolean multipart = content.has("multipart/form-data");
        // what a well-behaved client would send, to carry the hostile path and query values
        Map<String, String> validHeaders = multipart ? Map.of("Content-Type", "multipart/form-data; boundary=----skfuzz")
                : Map.of("Content-Type", "application/json");
        byte[] validBody = multipart ? validMultipart(resolve(content.get("multipart/form-data").path("schema")))
                : HostileInput.utf8(example(content));

        // path parameters: a 20-digit id, a negative one, a word
        if (o.path().contains("{")) {
            for (String bad : List.of("99999999999999999999", "-1", "abc", "%00")) {
                probes.add(new Probe("path " + bad, path(o.path(), bad, query), validHeaders, validBody));
            }
        }
        // query parameters: each missing, each hostile
        for (JsonNode p : params) {
            if (!"query".equals(p.path("in").asString())) continue;
            String name = p.get("name").asString();
            for (String bad : List.of("", "abc", "99999999999999999999", "-1", "2026-13-45", "NO_SUCH_VALUE", "%00", HUGE.substring(0, 3000))) {
                var q = new LinkedHashMap<>(query);
                q.put(name, bad);
                probes.add(new Probe("query " + name + "=" + bad.length(), path(o.path(), ABSENT_ID, q), validHeaders, validBody));
            }
            if (query.containsKey(name)) {
                var q = new LinkedHashMap<>(query);
                q.remove(name);
                probes.add(new Probe("query " + name + " missing", path(o.path(), ABSENT_ID, q), validHeaders, validBody));
            }
        }
        if (multipart) {
            probes.addAll(multipartProbes(path, resolve(content.get("multipart/form-data").path("schema"))));
        } else {
            probes.addAll(bodyProbes(path, content.has("application/json") ? resolve(content.get("application/json").path("schema")) : null));
        }
        return probes;
    }

    private List<Probe> bodyProbes(String path, JsonNode schema) {
        List<Probe> probes = new ArrayList<>();
        Map<String, String> json = Map.of("Content-Type", "application/json");
        String valid = schema == null ? "{}" : JSON.writeValueAsString(example(schema, 0));
        for (String raw : List.of("", "null", "[]", "{", "not json", "\"text\"", "123", "{}", "[".repeat(5000) + "]".repeat(5000),
                "{\"a\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3001), "\u0000", "{\"\u0000\":\"\u0000\"}")) {
            probes.add(new Probe("body " + abbreviate(raw).substring(0, Math.min(raw.length(), 12)), path, json, HostileInput.utf8(raw)));
        }
        if (schema != null) { // a body the operation reads: the broken text comes first, so that it is always read
            String rest = valid.length() > 2 ? "," + valid.substring(1) : valid.substring(1);
            var b = new java.io.ByteArrayOutputStream();
            b.writeBytes(HostileInput.utf8(valid.startsWith("[") ? "[\"" : "{\"note\":\""));
            b.writeBytes(HostileInput.NOT_UTF8);
            b.writeBytes(HostileInput.utf8("\"" + rest));
            probes.add(new Probe(NOT_UTF8 + " body", path, json, b.toByteArray()));
        }
        probes.add(new Probe("Content-Type text/plain", path, Map.of("Content-Type", "text/plain"), HostileInput.utf8(valid)));
        probes.add(new Probe("Content-Type xml", path, Map.of("Content-Type", "application/xml"), HostileInput.utf8("<a>1</a>")));
        probes.add(new Probe("Content-Type form", path, Map.of("Content-Type", "application/x-www-form-urlencoded"), HostileInput.utf8("a=1&b=%00")));
        probes.add(new Probe("Content-Type broken", path, Map.of("Content-Type", "application/;;;"), HostileInput.utf8(valid)));
        probes.add(new Probe("no Content-Type", path, Map.of(), HostileInput.utf8(valid)));
        probes.add(new Probe("Accept xml", path, Map.of("Content-Type", "application/json", "Accept", "application/xml"), HostileInput.utf8(valid)));
        probes.add(new Probe("Accept csv", path, Map.of("Content-Type", "application/json", "Accept", "text/csv"), HostileInput.utf8("{")));
        probes.add(new Probe("Accept broken", path, Map.of("Content-Type", "application/json", "Accept", "no/such;;q=x"), HostileInput.utf8("{")));
        if (schema == null || !schema.has("properties")) return probes;
        for (var property : schema.get("properties").properties()) {
            JsonNode ps = resolve(property.getValue());
            String format = ps.path("format").asString("");
            if (format.equals("date") || format.equals("date-time")) {
                for (String day : List.of("0001-01-01", "+999999999-12-31")) {
                    ObjectNode body = (ObjectNode) example(schema, 0);
                    body.put(property.getKey(), format.equals("date") ? day : day + "T08:00:00Z");
                    probes.add(new Probe(IMPLAUSIBLE + " " + property.getKey() + "=" + day, path, json, HostileInput.utf8(JSON.writeValueAsString(body))));
                }
            }
            if ("string".equals(ps.path("type").asString("")) && format.isEmpty() && !ps.has("enum")) {
                ObjectNode body = (ObjectNode) example(schema, 0);
                body.put(property.getKey(), "\u202e输入检验");
                probes.add(new Probe(DIRECTION + " " + property.getKey(), path, json, HostileInput.utf8(JSON.writeValueAsString(body))));
            }
            List<Object> bads = new ArrayList<>(List.of(RawJson.NULL, RawJson.of("99999999999999999999"), RawJson.of("-1"), RawJson.of("1e400"),
                    "a\u0000b", HUGE, RawJson.of("[]"), "NO_SUCH_VALUE", "2026-13-45",
                    RawJson.of("[null]"), RawJson.of("[\"abc\",99999999999999999999]")));
            for (Object bad : bads) {
                ObjectNode body = (ObjectNode) example(schema, 0);
                String text = JSON.writeValueAsString(body);
                String value = bad instanceof RawJson r ? r.json : JSON.writeValueAsString(bad);
                String marker = "\"" + property.getKey() + "\":";
                if (body.has(property.getKey())) {
                    body.put(property.getKey(), "__HOLE__");
                    text = JSON.writeValueAsString(body).replace("\"__HOLE__\"", value);
                } else {
                    text = "{" + marker + value + (text.length() > 2 ? "," + text.substring(1) : "}");
                }
                String label = bad instanceof RawJson r ? r.json : ((String) bad).length() > 20 ? "huge" : (String) bad;
                probes.add(new Probe(property.getKey() + "=" + label + (ps.has("type") ? " (" + ps.get("type").asString() + ")" : ""), path, json,
                        HostileInput.utf8(text)));
            }
        }
        return probes;
    }

    private byte[] validMultipart(JsonNode schema) {
        Map<String, String> fields = new LinkedHashMap<>();
        String fileField = "file";
        if (schema.has("properties")) {
            for (var p : schema.get("properties").properties()) {
                JsonNode ps = resolve(p.getValue());
                if ("binary".equals(ps.path("format").asString())) fileField = p.getKey();
                else fields.put(p.getKey(), scalarExample(ps));
            }
        }
        return HostileInput.multipart("----skfuzz", fields, fileField, "a.png", HostileInput.PNG);
    }

    private List<Probe> multipartProbes(String path, JsonNode schema) {
        List<Probe> probes = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        String fileField = "file";
        if (schema.has("properties")) {
            for (var p : schema.get("properties").properties()) {
                JsonNode ps = resolve(p.getValue());
                if ("binary".equals(ps.path("format").asString())) fileField = p.getKey();
                else fields.put(p.getKey(), scalarExample(ps));
            }
        }
        String boundary = "----skfuzz";
        String type = "multipart/form-data; boundary=" + boundary;
        probes.add(new Probe("not multipart", path, Map.of("Content-Type", "application/json"), HostileInput.utf8("{}")));
        probes.add(new Probe("form-urlencoded", path, Map.of("Content-Type", "application/x-www-form-urlencoded"), HostileInput.utf8("a=1")));
        probes.add(new Probe("no boundary", path, Map.of("Content-Type", "multipart/form-data"), HostileInput.multipart(boundary, fields, fileField, "a.png", HostileInput.PNG)));
        probes.add(new Probe("wrong boundary", path, Map.of("Content-Type", "multipart/form-data; boundary=other"), HostileInput.multipart(boundary, fields, fileField, "a.png", HostileInput.PNG)));
        byte[] whole = HostileInput.multipart(boundary, fields, fileField, "a.png", HostileInput.PNG);
        probes.add(new Probe("truncated", path, Map.of("Content-Type", type), java.util.Arrays.copyOf(whole, whole.length / 2)));
        probes.add(new Probe("empty body", path, Map.of("Content-Type", type), new byte[0]));
        probes.add(new Probe("NUL in file name", path, Map.of("Content-Type", type), HostileInput.multipart(boundary, fields, fileField, "a\u0000.png", HostileInput.PNG)));
        probes.add(new Probe("huge file name", path, Map.of("Content-Type", type), HostileInput.multipart(boundary, fields, fileField, HUGE.substring(0, 5000) + ".png", HostileInput.PNG)));
        probes.add(new Probe(NOT_UTF8 + " field", path, Map.of("Content-Type", type), HostileInput.withTextNotUtf8(boundary,
                fields.isEmpty() ? "note" : fields.keySet().iterator().next(), HostileInput.multipart(boundary, fields, fileField, "a.png", HostileInput.PNG))));
        probes.add(new Probe("empty file", path, Map.of("Content-Type", type), HostileInput.multipart(boundary, fields, fileField, "a.png", new byte[0])));
        probes.add(new Probe("no file", path, Map.of("Content-Type", type), HostileInput.multipart(boundary, fields, null, null, null)));
        probes.add(new Probe("not an image", path, Map.of("Content-Type", type), HostileInput.multipart(boundary, fields, fileField, "a.png", HostileInput.utf8("MZ not a png"))));
        for (String field : fields.keySet()) {
            for (String bad : List.of("", "abc", "99999999999999999999", "a\u0000b", HUGE)) {
                var f = new LinkedHashMap<>(fields);
                f.put(field, bad);
                probes.add(new Probe(field + "=" + Math.min(bad.length(), 20), path, Map.of("Content-Type", type),
                        HostileInput.multipart(boundary, f, fileField, "a.png", HostileInput.PNG)));
            }
        }
        return probes;
    }

    record RawJson(String json) {
        static final RawJson NULL = new RawJson("null");

        static RawJson of(String json) {
            return new RawJson(json);
        }
    }

    private static String path(String template, String id, Map<String, String> query) {
        String p = template.replaceAll("\\{[^}]+}", id);
        if (query.isEmpty()) return p;
        var q = new StringBuilder();
        query.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(k).append('=')
                .append(v.equals("%00") ? v : java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        return p + q;
    }

    private String example(JsonNode content) {
        if (content == null || !content.has("application/json")) return "{}";
        return JSON.writeValueAsString(example(resolve(content.get("application/json").path("schema")), 0));
    }

    private JsonNode resolve(JsonNode schema) {
        for (int i = 0; i < 5 && schema.has("$ref"); i++) {
            String ref = schema.get("$ref").asString();
            schema = doc.at(ref.substring(1));
        }
        if (schema.has("allOf") && schema.get("allOf").size() == 1) return resolve(schema.get("allOf").get(0));
        return schema;
    }

    /** A plausible value of the schema: what a well-behaved client would send. */
    private JsonNode example(JsonNode schema, int depth) {
        schema = resolve(schema);
        String type = schema.path("type").asString("object");
        if (schema.get("type") != null && schema.get("type").isArray()) type = schema.get("type").get(0).asString();
        var f = JSON.getNodeFactory();
        switch (type) {
            case "array":
                var a = f.arrayNode();
                if (depth < 3) a.add(example(schema.path("items"), depth + 1));
                return a;
            case "object":
                var o = f.objectNode();
                if (depth < 3 && schema.has("properties")) {
                    for (var p : schema.get("properties").properties()) o.set(p.getKey(), example(p.getValue(), depth + 1));
                }
                return o;
            default:
                String s = scalarExample(schema);
                return switch (type) {
                    case "integer" -> f.numberNode(1L);
                    case "number" -> f.numberNode(1.5);
                    case "boolean" -> f.booleanNode(true);
                    default -> f.stringNode(s);
                };
        }
    }

    private String scalarExample(JsonNode schema) {
        schema = resolve(schema);
        if (schema.has("enum")) return schema.get("enum").get(0).asString();
        String format = schema.path("format").asString("");
        return switch (schema.path("type").asString("string")) {
            case "integer", "number" -> "1";
            case "boolean" -> "true";
            default -> switch (format) {
                case "date" -> "2026-06-01";
                case "date-time" -> "2026-06-01T08:00:00Z";
                default -> "输入检验";
            };
        };
    }
}
