package cn.shuangkong.shared;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the hostile-input tests share: a throwaway enterprise and its manager (so that writes that are accepted land in
 * data no other test reads), a raw HTTP client that sends exactly the bytes it is given, the row counts of the main
 * tables, and a log listener that collects every stack trace written while requests are handled.
 */
final class HostileInput {

    /** Tables a refused write must leave alone; none of them is written by a background job. */
    static final List<String> MAIN_TABLES = List.of("enterprise", "org_unit", "employee", "user_account", "api_token", "stored_file",
            "risk_point", "risk_event", "risk_unit", "risk_step", "control_measure", "risk_assessment", "hazard", "hazard_photo",
            "checklist", "checklist_item", "checklist_inspection", "major_hazard_source", "guarantor_check", "monitoring_point",
            "emergency_plan", "emergency_drill", "emergency_team", "emergency_expert", "emergency_resource", "neighbour_notice",
            "enterprise_neighbour", "public_report", "regional_risk", "enforcement_plan", "enforcement_inspection", "blacklist_entry",
            "grid_patrol", "risk_filing", "daily_commitment", "role", "user_role");

    private static final Pattern CHINESE = Pattern.compile("\\p{IsHan}");

    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    final String base;
    final JdbcClient jdbc;
    final StackTraces stackTraces = new StackTraces();

    HostileInput(String base, JdbcClient jdbc) {
        this.base = base;
        this.jdbc = jdbc;
    }

    /** A documented write (POST, PUT or PATCH) of the live OpenAPI document, with its operation object. */
    record Operation(String method, String path, JsonNode op) {
        String label() {
            return method + " " + path;
        }
    }

    /** The live OpenAPI document, as a client reads it. */
    JsonNode openApi() {
        var docs = send("GET", "/v3/api-docs", Map.of(), null);
        if (docs.status() != 200) throw new IllegalStateException("the OpenAPI document: " + docs.status() + " " + docs.body());
        return JsonMapper.builder().build().readTree(docs.body());
    }

    /**
     * Every documented write of the document, by path and method: the corpus of the fuzz tests, so a new endpoint is in
     * it. Sorted, not in the document's order, which follows the handler registry's hash order and moves between runs
     * (what a real-id run reaches depends on which write comes first: a 停用 hides the records of those after it).
     */
    static List<Operation> writes(JsonNode doc) {
        return operations(doc, List.of("post", "put", "patch"));
    }

    /** Every documented DELETE of the document, by path. */
    static List<Operation> deletes(JsonNode doc) {
        return operations(doc, List.of("delete"));
    }

    private static List<Operation> operations(JsonNode doc, List<String> methods) {
        List<Operation> writes = new ArrayList<>();
        for (var path : doc.get("paths").properties()) {
            for (String method : methods) {
                if (path.getValue().has(method)) writes.add(new Operation(method.toUpperCase(), path.getKey(), path.getValue().get(method)));
            }
        }
        writes.sort(java.util.Comparator.comparing(Operation::path).thenComparing(Operation::method));
        return writes;
    }

    /** A fresh enterprise in 新桥镇 with a manager holding the same roles as ent_chem's; answers the username. */
    String freshEnterpriseManager() {
        // unique in the database, and the same in every run of the same tests (no random: the listings a test picks ids
        // from sort by name, so a random name could move what a run reaches)
        String tag = "%010d".formatted(jdbc.sql("select coalesce(max(id), 0) + 1 from enterprise").query(Long.class).single());
        long enterprise = jdbc.sql("""
                insert into enterprise (name, credit_code, industry_code, region_code, status)
                values (:n, :c, 'C3311', '321282100', 'OPERATING') returning id""")
                .param("n", "输入检验企业-" + tag).param("c", ("91F" + tag + "00000000").substring(0, 18)).query(Long.class).single();
        jdbc.sql("insert into org_unit (enterprise_id, name, tier) values (:e, '公司', 'COMPANY')").param("e", enterprise).update();
        String username = "fuzz_" + tag.toLowerCase();
        long user = jdbc.sql("""
                insert into user_account (username, password_hash, display_name, kind, enterprise_id)
                select :u, password_hash, '输入检验', 'ENTERPRISE', :e from user_account where username = 'ent_chem' returning id""")
                .param("u", username).param("e", enterprise).query(Long.class).single();
        jdbc.sql("insert into user_role (user_id, role_id) select :u, role_id from user_role r join user_account a on a.id = r.user_id "
                + "where a.username = 'ent_chem'").param("u", user).update();
        return username;
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" (?:content|value)=\"([^\"]+)\"");

    /** Signs in through the login form, as a browser does (the session stays in this client); answers its CSRF token. */
    String signIn(String username) {
        String login = send("GET", "/login", Map.of(), null).body();
        var posted = send("POST", "/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                utf8("username=" + username + "&password=Demo%402026&_csrf=" + java.net.URLEncoder.encode(csrf(login), StandardCharsets.UTF_8)));
        if (posted.status() != 302 || posted.body().contains("error")) throw new IllegalStateException("login failed: " + posted);
        return csrf(send("GET", "/", Map.of(), null).body());
    }

    static String csrf(String html) {
        var m = CSRF.matcher(html);
        if (!m.find()) throw new IllegalStateException("no CSRF token on the page");
        return m.group(1);
    }

    Map<String, Long> rowCounts() {
        String sql = String.join(" union all ", MAIN_TABLES.stream().map(t -> "select '" + t + "', count(*) from " + t).toList());
        var counts = new java.util.TreeMap<String, Long>();
        jdbc.sql(sql).query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    /** An answer; {@code location} is its Location header (a redirect's target), or null. */
    record Answer(int status, String contentType, String body, String location) {
        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        boolean hasChineseDetail() {
            int at = body.indexOf("\"detail\"");
            return at >= 0 && CHINESE.matcher(body.substring(at, Math.min(body.length(), at + 400))).find();
        }

        boolean isChinesePage() {
            return contentType.startsWith("text/html") && body.contains("双控平台") && CHINESE.matcher(body).find()
                    && !body.contains("Whitelabel") && !body.contains("Apache Tomcat") && !body.contains("Exception");
        }
    }

    Answer send(String method, String path, Map<String, String> headers, byte[] body) {
        // Long enough for a loaded CI machine: a timeout here would read as the platform failing (-1), not the test.
        var b = HttpRequest.newBuilder(URI.create(base + path)).timeout(java.time.Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), new String(r.body(), StandardCharsets.UTF_8),
                    r.headers().firstValue("Location").orElse(null));
        } catch (java.io.IOException e) {
            return new Answer(-1, "", "connection failed: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** A multipart body of plain fields and at most one file; {@code boundary} is what the parts are separated by. */
    static byte[] multipart(String boundary, Map<String, String> fields, String fileField, String fileName, byte[] content) {
        var out = new java.io.ByteArrayOutputStream();
        fields.forEach((k, v) -> out.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n")));
        if (fileField != null) {
            out.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: image/png\r\n\r\n"));
            out.writeBytes(content);
            out.writeBytes(utf8("\r\n"));
        }
        out.writeBytes(utf8("--" + boundary + "--\r\n"));
        return out.toByteArray();
    }

    /**
     * Text that is not UTF-8 and that Jackson alone read without complaint, as other characters: "举", a sequence beyond
     * U+10FFFF (read as two lone surrogates), an over-long "/" (read as "/", the classic filter bypass).
     */
    static final byte[] NOT_UTF8 = {(byte) 0xE4, (byte) 0xB8, (byte) 0xBE, (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80,
            (byte) 0xE0, (byte) 0x80, (byte) 0xAF};

    /** The same, percent-encoded, as a form field's value. */
    static final String NOT_UTF8_ENCODED = "%E4%B8%BE%F4%90%80%80%E0%80%AF";

    /** {@code body} after a first text part named {@code field} whose value is {@link #NOT_UTF8}. */
    static byte[] withTextNotUtf8(String boundary, String field, byte[] body) {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n"));
        out.writeBytes(NOT_UTF8);
        out.writeBytes(utf8("\r\n"));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The smallest valid PNG (1×1), so that an upload passes the content sniffing. */
    static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /**
     * Collects events that carry a throwable, while attached to the root logger: at ERROR from any logger, and at any
     * level from the loggers that handle a request (Tomcat wrote its trace for an unparsable request at INFO). Not a
     * WARN of a connection pool in the background — another test's stopped replica keeps its pool retrying, which no
     * request caused.
     */
    static final class StackTraces extends AppenderBase<ILoggingEvent> {
        final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        protected void append(ILoggingEvent e) {
            if (e.getThrowableProxy() != null
                    && (e.getLevel().isGreaterOrEqual(Level.ERROR) || handlesRequests(e.getLoggerName()))) {
                seen.add(e.getLoggerName() + ": " + e.getFormattedMessage() + " — " + e.getThrowableProxy().getClassName() + ": "
                        + e.getThrowableProxy().getMessage());
            }
        }

        private static boolean handlesRequests(String logger) {
            return logger.startsWith("org.apache.coyote") || logger.startsWith("org.apache.catalina")
                    || logger.startsWith("org.apache.tomcat") || logger.startsWith("org.springframework.web")
                    || logger.startsWith("org.springframework.security") || logger.startsWith("cn.shuangkong");
        }

        void attach() {
            setName("hostile-input-stack-traces");
            start();
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(this);
        }

        void detach() {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
            stop();
        }
    }
}
