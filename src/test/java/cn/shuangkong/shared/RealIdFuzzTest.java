package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.shared.HostileInput.Operation;
import cn.shuangkong.support.PlatformTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The documented writes of the OpenAPI document and the page forms, sent hostile values behind REAL ids: the generic
 * {@link ApiFuzzTest} and {@link PageFormFuzzTest} send their corpus to an absent id, so a write that looks its record
 * up first refuses before it reads the body, and the checks of a real record's values are never reached (every fault
 * of the session-11 sweep was behind a real id).
 *
 * <p>The ids are found as a client would find them: a fresh enterprise of the test's own is first given records by
 * every documented creation (a well-formed body from the schema, with references filled from what was created before),
 * then each path id is filled from the caller's own listing of the same resource (API) or from the links and forms of
 * its own pages. 新桥镇's regulator does the same for the routes only a regulator may take, on records of the test's
 * enterprise only. Behind each real id a smaller corpus than behind the absent one, chosen by type: over-long text, a
 * direction control, a NUL, implausible dates, wrong types, an unknown enum value, negative and huge numbers, null.
 * The answer is never a 5xx; a refusal is a Chinese problem or the platform's error page (one for over-long text names
 * the field); a refused write changes neither the main tables' row counts nor the targeted record (its GET, or its
 * page); no stack trace reaches the log; and enough writes were reached with a real id that a broken discovery fails.
 * ADR 0072. Every write that succeeds, seeding or probe, left its caller's audit record ({@link AuditedWrites}, ADR 0077).
 */
class RealIdFuzzTest extends PlatformTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Longer than any bounded column of the platform (the longest is varchar(4000)), short of the request limits. */
    private static final String OVERLONG = "危".repeat(4_100);
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    private HostileInput hostile;
    private AuditedWrites audited;
    private JsonNode doc;
    private long enterprise;
    private LocalDate today;

    @BeforeEach
    void attach() {
        hostile = new HostileInput("http://localhost:" + port, jdbc);
        audited = new AuditedWrites(jdbc);
        hostile.stackTraces.attach();
        // a body's well-formed address names a host of the test's own, answered by the played DNS (nothing is looked up
        // off this machine): loopback, which the guard refuses for a name not allowed, as it refused the real lookup
        dns.rebind(HOOK_HOST, "127.0.0.1", "127.0.0.1");
    }

    /** The host of a well-formed {@code url}: no real name, so that no query for it leaves the machine. */
    private static final String HOOK_HOST = "hooks.fuzz.invalid";
    @Autowired
    private cn.shuangkong.support.PlayedDns dns;

    @AfterEach
    void detach() {
        hostile.stackTraces.detach();
        dns.forget(HOOK_HOST);
        if (receiver == null) return;
        // the test's subscriptions go with their receiver: the sender would otherwise knock on a closed port in the
        // classes after this one (and suspend them, telling their owner)
        jdbc.sql("update webhook_subscription set state = 'DELETED' where owner_username = :u").param("u", manager).update();
        receiver.close();
    }

    /** Who calls: its bearer token, and whether a record it lists is the test's own (the regulator sees other tests' too). */
    record Caller(String name, String username, String token, boolean sharedScope) { }

    @Test
    void every_documented_write_behind_a_real_id_refuses_hostile_values_with_a_chinese_problem_and_changes_nothing() {
        var callers = seeded();
        // in a fixed order (HostileInput sorts by path): a write that ends a record's life (停用, 取消, 关闭 …) after the
        // others, so that it does not refuse the writes behind it on the same record
        List<Operation> behindIds = writes.stream().filter(o -> o.path().contains("{"))
                .sorted(java.util.Comparator.comparing((Operation o) -> stage(o.path()))).toList();
        assertThat(behindIds).as("documented writes behind a path id").hasSizeGreaterThan(40);

        List<String> failures = new ArrayList<>();
        Map<String, String> reached = new TreeMap<>(), unreached = new TreeMap<>();
        int tried = 0, lengthNamed = 0;
        long started = System.nanoTime();
        Map<String, Long> rows = hostile.rowCounts();
        Runnable restoreSettings = settings();
        for (Operation o : behindIds) {
            for (Caller c : callers) {
                if (reached.containsKey(o.label())) break;
                Target t = target(c, o.path());
                if (t.path == null) {
                    unreached.merge(o.label(), c.name + ": " + t.why, (a, b) -> a + "; " + b);
                    continue;
                }
                // the caller must be able to act on it: a well-formed request is answered other than 403/404; well formed
                // as the operation's description says (a 包保 check's "result 为 NORMAL"), not as the last creation was
                corrections.clear();
                hints(o);
                var probe = send(c, o, t.path, wellFormed(o));
                if (probe.status() == 403 || probe.status() == 404 || probe.status() == 401) {
                    unreached.merge(o.label(), c.name + ": " + probe.status() + " at " + t.path, (a, b) -> a + "; " + b);
                    rows = hostile.rowCounts();
                    continue;
                }
                reached.put(o.label(), c.name + " " + t.path);
                unreached.remove(o.label());
                rows = hostile.rowCounts();
                String before = t.read == null ? null : read(c, t.read);
                for (Probe p : probes(o, t.path)) {
                    var a = send(c, o, p.path, p);
                    tried++;
                    String what = c.name + " " + o.label() + " at " + t.path + " [" + p.name + "] → " + a.status();
                    if (a.status() >= 500 || a.status() < 0) {
                        failures.add(what + " " + abbreviate(a.body()));
                    } else if (a.status() >= 400 && !(a.isProblem() && a.hasChineseDetail())) {
                        failures.add(what + " not a Chinese problem: " + abbreviate(a.body()));
                    } else if (p.mustRefuse && a.status() < 400) {
                        failures.add(what + " accepted");
                    }
                    if (p.name.startsWith("overlong ") && a.status() == 400 && a.body().contains("长度")) {
                        if (JSON.readTree(a.body()).path("errors").has(p.field)) lengthNamed++;
                        else failures.add(what + " over-long text refused without naming the field: " + abbreviate(a.body()));
                    }
                    var now = hostile.rowCounts();
                    if (a.status() >= 400) {
                        if (!now.equals(rows)) failures.add(what + " refused but rows changed: " + diff(rows, now));
                        if (before != null) {
                            String after = read(c, t.read);
                            if (!before.equals(after)) failures.add(what + " refused but " + t.read + " changed: " + abbreviate(before) + " ⇒ " + abbreviate(after));
                            before = after;
                        }
                    } else if (before != null) {
                        before = read(c, t.read);
                    }
                    rows = now;
                }
            }
        }
        restoreSettings.run();
        // The documented deletions, once each and last (what they remove is needed no more): a deletion that succeeds must
        // have left the caller's audit record too (ADR 0077). A record's parts go before it (a member before its team), and
        // a token's revocation last of all: it may be the caller's.
        List<String> deleted = new ArrayList<>();
        for (Operation o : HostileInput.deletes(doc).stream().sorted(java.util.Comparator.<Operation, Boolean>comparing(o -> o.path().contains("/auth/"))
                .thenComparing(o -> -o.path().split("\\{").length)).toList()) {
            for (Caller c : callers) {
                Target t = target(c, o.path());
                if (t.path == null) continue;
                var a = send(c, o, t.path, new Probe("delete", t.path, "application/json", null, null, false));
                if (a.status() / 100 == 2) {
                    deleted.add(c.name + " " + o.label() + " at " + t.path);
                    break;
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        System.out.printf("Real-id fuzz: %d writes behind ids, %d reached with a real id, %d requests in %d s, %d over-long refusals naming the field,"
                + " %d failures, %d stack traces%n", behindIds.size(), reached.size(), tried, seconds, lengthNamed, failures.size(), hostile.stackTraces.seen.size());
        reached.forEach((k, v) -> System.out.println("  reached: " + k + " as " + v));
        unreached.forEach((k, v) -> System.out.println("  not reached: " + k + " — " + v));
        seeding.forEach(x -> System.out.println("  seed: " + x));
        failures.stream().limit(80).forEach(f -> System.out.println("  " + f));
        hostile.stackTraces.seen.stream().distinct().limit(20).forEach(s -> System.out.println("  log: " + s));
        System.out.print(audited.report("Real-id fuzz, audit (" + seeded + " creations while seeding)"));
        deleted.forEach(d -> System.out.println("  deleted: " + d));
        // the floors (ADR 0077), a little under what every run sees now that the order is fixed (37 creations, 103 writes
        // reached, 352 writes on 99 routes, 7 deletions, in runs alike): a seeding or discovery that breaks fails
        assertThat(reached.size()).as("writes reached with a real id (the discovery must not break)").isGreaterThanOrEqualTo(98);
        assertThat(seeded).as("documented creations that succeeded while seeding").isGreaterThanOrEqualTo(33);
        assertThat(audited.checked).as("routes whose successful writes were checked for their audit record").hasSizeGreaterThanOrEqualTo(92);
        assertThat(audited.successes()).as("successful writes checked for their audit record").isGreaterThanOrEqualTo(313);
        assertThat(deleted).as("documented deletions that succeeded, checked for their audit record").hasSizeGreaterThanOrEqualTo(5);
        assertThat(audited.unaudited).as("writes that changed state without an audit record").isEmpty();
        assertThat(lengthNamed).as("over-long text refused naming its field").isGreaterThanOrEqualTo(1);
        assertThat(failures.size()).as("hostile values behind real ids answered badly, the first: " + String.join("\n", failures.stream().limit(20).toList())).isZero();
        assertThat(hostile.stackTraces.seen).as("stack traces in the log").isEmpty();
    }

    /**
     * The platform's settings as they are (预警规则, 数据质量规则), put back after the administrator's probes: the
     * well-formed change the probes begin with is the test's, and the classes after it share the database.
     */
    private Runnable settings() {
        var alertRules = jdbc.sql("select code, enabled, threshold, window_value from alert_rule").query().listOfRows();
        var qualityRules = jdbc.sql("select code, enabled, weight, max_deduction, parameter from quality_rule").query().listOfRows();
        return () -> {
            alertRules.forEach(r -> jdbc.sql("update alert_rule set enabled = :enabled, threshold = :threshold, window_value = :window_value where code = :code")
                    .params(r).update());
            qualityRules.forEach(r -> jdbc.sql("""
                    update quality_rule set enabled = :enabled, weight = :weight, max_deduction = :max_deduction, parameter = :parameter
                     where code = :code""").params(r).update());
        };
    }

    /** The last segments of writes that end a record's life, or its use: sent after the others (a stable sort). */
    private static final Pattern ENDING = Pattern.compile(".*/(cancel|close|complete|disable|deactivate|end|lift|revoke|reject|return|suspend|stop|retire|archive|delete|invalidate)$");

    /**
     * The last segments of writes that follow another on the same record: a 群众举报 is converted to a hazard or
     * rewarded once verified (核查), which sorts after them.
     */
    private static final Pattern LATER = Pattern.compile(".*/(convert|reward)$");

    /** When a write goes among those on the same record: 0 first, 1 after a step it needs, 2 at the end of its life. */
    static int stage(String path) {
        return ENDING.matcher(path).matches() ? 2 : LATER.matcher(path).matches() ? 1 : 0;
    }

    private List<Operation> writes;
    private String manager;
    private long unit, employee;
    /** A 岗位 under the company: what a post's records (职业病危害因素) name. */
    private long post;
    /** A department other than the town regulator's whose region covers the test's enterprise: the city bureau. */
    private long department;
    /** The town regulator's own office: a 群众举报 is handed to a department of the assigner's region (承办部门). */
    private long town;

    /**
     * The test's own enterprise with its manager, and records in it made through the documented creations: by the
     * manager, then by the town's regulator (新桥镇, where the enterprise is).
     */
    private List<Caller> seeded() {
        doc = hostile.openApi();
        today = LocalDate.now(clock);
        writes = HostileInput.writes(doc);
        manager = hostile.freshEnterpriseManager();
        enterprise = enterpriseIdOf(manager);
        unit = jdbc.sql("select id from org_unit where enterprise_id = :e").param("e", enterprise).query(Long.class).single();
        // the employee is the manager's own person (an account linked to an employee is that person: IdentityTest)
        employee = jdbc.sql("""
                insert into employee (enterprise_id, post_id, name)
                select :e, :u, display_name from user_account where username = :m returning id""")
                .param("e", enterprise).param("u", unit).param("m", manager).query(Long.class).single();
        post = jdbc.sql("insert into org_unit (enterprise_id, parent_id, name, tier) values (:e, :u, '输入检验岗位', 'POST') returning id")
                .param("e", enterprise).param("u", unit).query(Long.class).single();
        department = jdbc.sql("select department_id from user_account where username = 'gov_city'").query(Long.class).single();
        town = jdbc.sql("select department_id from user_account where username = :u").param("u", REGULATOR).query(Long.class).single();
        neighbour = jdbc.sql("select enterprise_id from user_account where username = 'ent_mech'").query(Long.class).single();
        // the test's enterprise stands beside the machinery works (its neighbour within the configured radius): a
        // declared neighbour is a write behind no created id, which the seeding does not send
        jdbc.sql("update enterprise e set longitude = n.longitude, latitude = n.latitude from enterprise n where e.id = :e and n.id = :n")
                .param("e", enterprise).param("n", neighbour).update();
        String reviewer = colleague("chem_tech", "技术负责人"), principal = colleague("chem_boss", "主要负责人");
        signers = List.of(new Caller("reviewer", reviewer, token(reviewer), false), new Caller("principal", principal, token(principal), false));
        // the manager is also the employee the seeding names wherever a person is asked for (a risk point's 包保责任人):
        // a 包保 check is recorded by its guarantor only
        jdbc.sql("update user_account set employee_id = :emp where username = :u").param("emp", employee).param("u", manager).update();
        var callers = List.of(new Caller("enterprise", manager, token(manager), false),
                new Caller("regulator", REGULATOR, token(REGULATOR), true));
        for (Caller c : callers) seed(c, writes);
        // the platform's administrator makes what no one else may (a 数据上报 sender), and nothing more
        var admin = new Caller("admin", "admin", token("admin"), true);
        seed(admin, writes);
        followUps(callers.get(0), callers.get(1));
        // the principal also acts where the manager may not (a permit's approval, the 备案), the city bureau where the
        // town may not (a referral the town sent it is the city's to accept, answer or return), and the administrator on
        // the platform's settings (预警规则, 数据质量规则): after the others, on records of the test's enterprise only
        return List.of(callers.get(0), callers.get(1), signers.get(1), new Caller("city", "gov_city", token("gov_city"), true), admin);
    }

    /** The second and third people of a risk assessment's sign-off (审核, 审定), in the test's enterprise. */
    private List<Caller> signers;
    /** An enterprise of 新桥镇 other than the test's: declared its neighbour, so that a 重大/较大 risk can be told to it. */
    private long neighbour;

    /** Another account of the test's enterprise with the roles of a demo account of the chemical works. */
    private String colleague(String like, String title) {
        String username = manager + "_" + like;
        long user = jdbc.sql("""
                insert into user_account (username, password_hash, display_name, kind, enterprise_id)
                select :u, password_hash, :n, 'ENTERPRISE', :e from user_account where username = :like returning id""")
                .param("u", username).param("n", "输入检验" + title).param("e", enterprise).param("like", like).query(Long.class).single();
        jdbc.sql("insert into user_role (user_id, role_id) select :u, role_id from user_role r join user_account a on a.id = r.user_id "
                + "where a.username = :like").param("u", user).param("like", like).update();
        return username;
    }

    /**
     * 审核 and 审定 of each assessment the manager submitted, by the two other people, through the documented writes
     * (each checked for its audit record): the point then has its level, and a 重大/较大 one may be told to the
     * neighbours. Not a creation, so the seeding's discovery does not make it; the probes still send these writes.
     */
    private void signOff() {
        List<Long> assessments = createdIn("/api/v1/risk-assessments");
        for (long id : assessments) {
            if (!signed.add(id)) continue;
            for (int i = 0; i < 2; i++) {
                String path = "/api/v1/risk-assessments/{id}/" + (i == 0 ? "review" : "approve");
                Operation o = writes.stream().filter(w -> w.path().equals(path)).findFirst().orElseThrow();
                var a = send(signers.get(i), o, path.replace("{id}", String.valueOf(id)), wellFormed(o));
                seeding.add(signers.get(i).name + " " + o.label() + " → " + a.status() + " " + abbreviate(a.body()));
            }
        }
    }

    private final java.util.Set<Long> signed = new java.util.HashSet<>();

    /** The regulator of 新桥镇, whose scope holds the test's enterprise. */
    private static final String REGULATOR = "gov_town";

    private String token(String username) {
        var a = hostile.send("POST", "/api/v1/auth/token", Map.of("Content-Type", "application/json"),
                HostileInput.utf8("{\"username\":\"" + username + "\",\"password\":\"Demo@2026\"}"));
        assertThat(a.status()).as("token for %s: %s", username, a.body()).isEqualTo(200);
        return JSON.readTree(a.body()).get("token").asString();
    }

    private int forwarded;

    /** Sends one write as the caller; a success must have left the caller's audit record. */
    private HostileInput.Answer send(Caller c, Operation o, String path, Probe p) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Authorization", "Bearer " + c.token);
        headers.put("X-Forwarded-For", "10.5." + (forwarded / 250 % 250) + "." + (forwarded++ % 250));
        headers.put("Content-Type", p.contentType);
        long mark = audited.mark();
        var a = hostile.send(o.method(), withRequiredQuery(o, path), headers, p.body);
        audited.api(o, c.username, mark, a, c.name + " " + o.label() + " at " + path + " [" + p.name + "]");
        return a;
    }

    /**
     * The path with each required query parameter the request does not set already: a photo's {@code stage} is one
     * (a multipart upload's fields beside its file are parameters of the operation, not of the body's schema).
     */
    private String withRequiredQuery(Operation o, String path) {
        var with = new StringBuilder(path);
        for (JsonNode p : o.op().path("parameters")) {
            if (!"query".equals(p.path("in").asString()) || !p.path("required").asBoolean(false)) continue;
            String name = p.get("name").asString();
            JsonNode value = example(name, p.path("schema"), 1);
            if (!value.isValueNode() || Pattern.compile("[?&]" + Pattern.quote(name) + "=").matcher(path).find()) continue;
            with.append(with.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(value.asString(), StandardCharsets.UTF_8));
        }
        return with.toString();
    }

    /**
     * A small real picture, drawn here: a photo upload is sniffed and decoded (JPEG, PNG or WebP), and a picture of a
     * few bytes' header only would be refused before the checks behind it are reached.
     */
    private static final byte[] PICTURE = picture();

    private static byte[] picture() {
        var image = new java.awt.image.BufferedImage(32, 24, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(java.awt.Color.ORANGE);
        g.fillRect(0, 0, 32, 24);
        g.setColor(java.awt.Color.RED);
        g.fillOval(8, 4, 16, 16);
        g.dispose();
        var out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private String read(Caller c, String path) {
        var a = hostile.send("GET", path, Map.of("Authorization", "Bearer " + c.token), null);
        if (a.status() == 200 && path.matches("/api/v1/webhooks/\\d+")) {
            // Once 恢复 is accepted, the delivery worker sends what waited in the background and sets the subscription's
            // run of failures back to 0 whenever it gets there: a change of no probe's making, so not compared.
            var node = (ObjectNode) JSON.readTree(a.body());
            node.remove("consecutiveFailures");
            return a.status() + " " + node;
        }
        return a.status() + " " + a.body();
    }

    // ---- finding real ids -------------------------------------------------------------------------------------------

    /** Ids found so far, by collection path template (e.g. /api/v1/hazards), newest first. */
    private final Map<String, List<Long>> created = new LinkedHashMap<>();

    /**
     * Gives the test's own enterprise records: every documented creation (a POST to a collection whose records are
     * addressed elsewhere by id, e.g. {@code …/risk-points/{id}/units} → {@code /risk-units/{id}}), sent a well-formed
     * body once its path ids can be filled, in rounds so that a record under another (a unit under its risk point) or
     * referring to another finds it.
     */
    private void seed(Caller c, List<Operation> writes) {
        for (int round = 0; round < 3; round++) {
            if (c.name.equals("enterprise")) signOff();
            for (Operation o : writes) {
                if (!o.method().equals("POST") || created.containsKey(c.name + " " + o.path()) || !creation(o.path())) continue;
                if (c.name.equals("admin") && madeBySomeone.contains(o.path())) continue;
                Target t = target(c, o.path());
                if (t.path == null) continue;
                created.put(c.name + " " + o.path(), List.of());
                corrections.clear();
                hints(o);
                var a = send(c, o, t.path, wellFormed(o));
                // a refusal that names the values a field takes ("状态应为 OPERATING/SUSPENDED/CLOSED") is followed
                for (int retry = 0; retry < 4 && a.status() == 400 && learn(a.body()); retry++) a = send(c, o, t.path, wellFormed(o));
                seeding.add(c.name + " " + o.label() + " → " + a.status() + " " + (a.status() / 100 == 2 ? abbreviate(a.body()) : a.body()));
                if (a.status() / 100 == 2) {
                    seeded++;
                    madeBySomeone.add(o.path());
                }
                // refused for a reference not made yet (a hazard's risk point, a drill's plan): the next round tries again
                else if ((a.status() == 400 || a.status() == 404) && round < 2) created.remove(c.name + " " + o.path());
                if (a.status() / 100 == 2 && a.body().startsWith("{")) {
                    JsonNode id = JSON.readTree(a.body()).path("id"), code = JSON.readTree(a.body()).path("code");
                    if (id.isIntegralNumber()) created.computeIfAbsent(createdCollection(o.path()), k -> new ArrayList<>()).add(0, id.asLong());
                    else if (code.isString()) codes.add(code.asString()); // a 群众举报's tracking code: see followUps
                }
            }
        }
    }

    private final List<String> seeding = new ArrayList<>();
    /** Creations that some caller made while seeding: the administrator makes only what no one else could. */
    private final java.util.Set<String> madeBySomeone = new java.util.HashSet<>();
    /** The codes a creation answered instead of an id (a 群众举报's tracking code). */
    private final java.util.Set<String> codes = new java.util.HashSet<>();

    /**
     * The documented writes that make what the writes behind ids act on, but are no creation of a collection: each sent
     * once after the seeding, as the one who would send it, and each checked for its audit record. Readings beyond the
     * 高高报 of the test's monitoring point, a minute apart (past any debounce the seeding gives it), raise an alarm,
     * and a third back inside the limits by more than the deadband ends its excursion, so that once acknowledged it may
     * be cleared (消除 needs the readings back). The last is at the clock's now, which stands still in tests: a point
     * whose last reading is older than a few of its intervals (the seeding's is 1 s) goes 离线, and that alarm, which
     * nothing clears, would be the first listed. The regulator's run of the 预警规则 raises the fresh enterprise's alerts
     * (no 承诺 today, among others). The test's drill is recorded, which its 整改措施 need before they can be made; the
     * action is then made as any creation, and its 完成 is reached.
     */
    private void followUps(Caller enterprise, Caller regulator) {
        List<Long> points = createdIn("/api/v1/monitoring/points");
        if (!points.isEmpty()) {
            var now = clock.instant();
            long point = points.get(0);
            follow(enterprise, "/api/v1/monitoring/readings", null, """
                    {"readings":[{"pointId":%d,"value":99,"ts":"%s"},{"pointId":%d,"value":99,"ts":"%s"},{"pointId":%d,"value":5,"ts":"%s"}]}"""
                    .formatted(point, now.minusSeconds(120), point, now.minusSeconds(60), point, now));
        }
        List<Long> drills = createdIn("/api/v1/emergency-drills");
        if (!drills.isEmpty()) {
            String record = "/api/v1/emergency-drills/{id}/record";
            follow(enterprise, record, record.replace("{id}", String.valueOf(drills.get(0))), null);
            created.remove(enterprise.name + " /api/v1/emergency-drills/{id}/actions");
            seed(enterprise, writes.stream().filter(w -> w.path().equals("/api/v1/emergency-drills/{id}/actions")).toList());
        }
        follow(regulator, "/api/v1/alerts/run", null, "{}");
        subscriptions(enterprise);
        // a 群众举报 answers its tracking code only (the reporter is no user): the handler finds it by the code in the
        // listing, and its id is then the test's as any other creation's (its pages, its API)
        var a = hostile.send("GET", "/api/v1/reports", Map.of("Authorization", "Bearer " + regulator.token), null);
        List<JsonNode> reports = new ArrayList<>();
        if (a.status() == 200) items(JSON.readTree(a.body()), reports, 0);
        reports.stream().filter(r -> codes.contains(r.path("code").asString(""))).map(r -> r.get("id").asLong())
                .forEach(id -> created.computeIfAbsent("/api/v1/reports", k -> new ArrayList<>()).add(id));
    }

    /** A receiving system on loopback (nothing is sent off this machine: the tests allow loopback hosts only). */
    private cn.shuangkong.webhooks.Receiver receiver;
    @Autowired
    private cn.shuangkong.webhooks.internal.WebhookSender sender;

    /**
     * 事件推送: two subscriptions of the manager's to a receiver on loopback, both told of the hazards registered, so
     * that 重发 and 恢复 act on the test's own records. Made by the documented creation with a receiver's address, which
     * the seeding's well-formed body (no address) cannot be: the one at {@code /up} is answered 200 and its delivery is
     * re-sent; the one at {@code /down} is answered 503 until the sender suspends it (after 3 failures in a row in
     * tests), and it is resumed. Three hazards, each one delivery; the clock stands still, so no retry comes between.
     */
    private void subscriptions(Caller enterprise) {
        try {
            receiver = new cn.shuangkong.webhooks.Receiver();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        receiver.answer("/down", 503, 503, 503); // then 200: once resumed, what waited is delivered
        long up = 0, down = 0;
        for (String at : List.of("/up", "/down")) {
            var a = follow(enterprise, "/api/v1/webhooks", null, """
                    {"name":"输入检验推送%s","url":"%s","events":["hazard.registered"]}""".formatted(at, receiver.url(at)));
            long id = JSON.readTree(a.body()).get("id").asLong();
            created.computeIfAbsent("/api/v1/webhooks", k -> new ArrayList<>()).add(0, id); // newest first: the one to resume
            if (at.equals("/up")) up = id; else down = id;
        }
        for (int i = 0; i < 3; i++) {
            follow(enterprise, "/api/v1/hazards", null, """
                    {"source":"SELF_CHECK","type":"UNSAFE_CONDITION","title":"输入检验推送 %d","description":"输入检验推送，现场核实","location":"罐区"}"""
                    .formatted(i));
        }
        long suspended = down;
        org.awaitility.Awaitility.await().alias("the subscription at /down suspended").atMost(cn.shuangkong.support.Patience.CONDITION).until(() -> {
            sender.sendDue();
            return jdbc.sql("select state from webhook_subscription where id = :id").param("id", suspended).query(String.class).single();
        }, "SUSPENDED"::equals);
        // the deliveries as their owner finds them, in the subscription's log
        var a = hostile.send("GET", "/api/v1/webhooks/" + up + "/deliveries", Map.of("Authorization", "Bearer " + enterprise.token), null);
        List<JsonNode> deliveries = new ArrayList<>();
        if (a.status() == 200) items(JSON.readTree(a.body()), deliveries, 0);
        assertThat(deliveries).as("the deliveries of the subscription at /up: " + a.body()).isNotEmpty();
        deliveries.forEach(d -> created.computeIfAbsent("/api/v1/webhooks/deliveries", k -> new ArrayList<>()).add(d.get("id").asLong()));
    }

    /** One documented POST, to the template's concrete path if given, with the body given or else a well-formed one. */
    private HostileInput.Answer follow(Caller c, String template, String path, String body) {
        Operation o = writes.stream().filter(w -> w.path().equals(template) && w.method().equals("POST")).findFirst().orElseThrow();
        String at = path == null ? template : path;
        var a = send(c, o, at, body == null ? wellFormed(o) : new Probe("follow-up", at, "application/json", HostileInput.utf8(body), null, false));
        seeding.add(c.name + " " + o.label() + " → " + a.status() + " " + abbreviate(a.body()));
        assertThat(a.status()).as("%s %s: %s", c.name, at, a.body()).isBetween(200, 299);
        return a;
    }
    /** Documented creations that succeeded while seeding (each checked for its audit record by {@link #send}). */
    private int seeded;
    /** Values a refusal named for a field, used by the next well-formed body. */
    private final Map<String, String> corrections = new LinkedHashMap<>();
    private static final Pattern CODE = Pattern.compile("\\b[A-Z][A-Z0-9_]{1,}\\b");

    /** A value the operation's description gives for a field ("template 如 HAZCHEM_TANK_FARM"), taken as a client would. */
    private void hints(Operation o) {
        String text = o.op().path("description").asString("") + " " + o.op().path("summary").asString("");
        JsonNode content = o.op().path("requestBody").path("content").path("application/json");
        for (var p : resolve(content.path("schema")).path("properties").properties()) {
            Matcher m = Pattern.compile("\\b" + Pattern.quote(p.getKey()) + "\\b[^A-Za-z]{0,12}([A-Z][A-Z0-9_]{2,})").matcher(text);
            if (m.find()) corrections.put(p.getKey(), m.group(1));
        }
    }

    /**
     * Follows a refusal: a field whose message names a code takes it; one whose message names none ("请选择风险点类型")
     * takes the next of the values the document lists for a property of that name elsewhere (a response's enum).
     */
    private boolean learn(String problem) {
        boolean learnt = false;
        for (var e : JSON.readTree(problem).path("errors").properties()) {
            Matcher m = CODE.matcher(e.getValue().asString());
            String value = m.find() ? m.group() : null;
            if (value == null) {
                List<String> known = enumsNamed(e.getKey());
                int next = known.indexOf(corrections.get(e.getKey())) + 1;
                value = next < known.size() ? known.get(next) : null;
            }
            if (value != null && !value.equals(corrections.get(e.getKey()))) {
                corrections.put(e.getKey(), value);
                learnt = true;
            }
        }
        return learnt;
    }

    /** The first value of each enum the document gives a property of this name, in any schema. */
    private List<String> enumsNamed(String property) {
        List<String> values = new ArrayList<>();
        JsonNode schemas = doc.path("components").path("schemas");
        // by the schemas' names, not the document's order (which a run need not repeat)
        for (String name : new java.util.TreeSet<>(schemas.propertyNames())) {
            JsonNode p = schemas.get(name).path("properties").path(property);
            if (p.has("$ref")) p = resolve(p);
            if (p.has("enum") && !values.contains(p.get("enum").get(0).asString())) values.add(p.get("enum").get(0).asString());
        }
        return values;
    }

    /**
     * Whether a POST creates records of a collection: its last segment names one whose records some path addresses by
     * id, or it answers 201 Created (…/risk-points/from-template).
     */
    private boolean creation(String template) {
        String last = template.substring(template.lastIndexOf('/') + 1);
        if (last.startsWith("{")) return false;
        if (doc.get("paths").get(template).path("post").path("responses").has("201")) return true;
        return collection(last);
    }

    private boolean collection(String segment) {
        for (var p : doc.get("paths").properties()) {
            Matcher m = Pattern.compile("/([a-z-]+)/\\{").matcher(p.getKey());
            while (m.find()) if (sameCollection(m.group(1), segment)) return true;
        }
        return false;
    }

    /** The collection a creation adds to: the template up to its last segment that names one. */
    private String createdCollection(String template) {
        String t = template;
        while (t.lastIndexOf('/') > 0 && !collection(t.substring(t.lastIndexOf('/') + 1))) t = t.substring(0, t.lastIndexOf('/'));
        return t.lastIndexOf('/') > 0 ? t : template;
    }

    /** {@code risk-units} and {@code units} name the same records; so do {@code risk-points} and {@code risk-points}. */
    private static boolean sameCollection(String a, String b) {
        return a.equals(b) || a.endsWith("-" + b) || b.endsWith("-" + a);
    }

    /**
     * Ids the test created in a collection of this name, newest first: of the collection itself if the test made any
     * there (/supervision/blacklist is not a contractor's …/blacklist), else of any collection of the same name.
     */
    private List<Long> createdIn(String collectionTemplate) {
        if (created.containsKey(collectionTemplate) && !created.get(collectionTemplate).isEmpty()) return created.get(collectionTemplate);
        String last = collectionTemplate.substring(collectionTemplate.lastIndexOf('/') + 1);
        List<Long> ids = new ArrayList<>();
        created.forEach((template, list) -> {
            if (!template.contains(" ") && sameCollection(template.substring(template.lastIndexOf('/') + 1), last)) ids.addAll(list);
        });
        return ids;
    }

    private boolean documentedGet(String template) {
        return doc.get("paths").has(template) && doc.get("paths").get(template).has("get");
    }

    /** A write's path with every id filled in, and the GET that shows the record the last id names (null if none). */
    record Target(String path, String read, String why) { }

    private Target target(Caller c, String template) {
        Matcher m = PARAM.matcher(template);
        StringBuilder concrete = new StringBuilder();
        String read = null;
        int end = 0;
        while (m.find()) {
            String name = m.group(1);
            String collectionTemplate = template.substring(0, m.start() - 1);
            String collection = concrete + template.substring(end, m.start() - 1);
            String value;
            if (name.equals("enterpriseId")) {
                value = String.valueOf(enterprise);
            } else {
                value = pick(c, collectionTemplate, collection, name);
                if (value == null) return new Target(null, null, "no " + name + " in " + collection);
            }
            concrete.append(template, end, m.start()).append(value);
            end = m.end();
            String itemTemplate = template.substring(0, m.end());
            read = documentedGet(itemTemplate) ? concrete.toString() : documentedGet(collectionTemplate) ? collection : null;
        }
        concrete.append(template.substring(end));
        return new Target(concrete.toString(), read, null);
    }

    /**
     * A record of the collection the test created, else the first the caller lists (its own enterprise's, for one
     * who sees more); for a parameter that is not an id ({@code code}), the listed field of that name.
     */
    private String pick(Caller c, String collectionTemplate, String collection, String name) {
        List<Long> ours = createdIn(collectionTemplate);
        // an enterprise's people act on their own enterprise (its 备案, its 数据上报), not on one the regulator registered
        if (!c.sharedScope && name.equals("id") && collectionTemplate.endsWith("/enterprises")) return String.valueOf(enterprise);
        // a collection listed only as the caller's own (…/guarantor-checks/mine): the checks are generated, not created
        String listing = !documentedGet(collectionTemplate) && documentedGet(collectionTemplate + "/mine") ? "/mine" : "";
        if (!documentedGet(collectionTemplate + listing) || collection.contains("{")) return ours.isEmpty() ? null : String.valueOf(ours.get(0));
        var a = hostile.send("GET", collection + listing, Map.of("Authorization", "Bearer " + c.token), null);
        List<JsonNode> items = new ArrayList<>();
        if (a.status() == 200 && (a.body().startsWith("{") || a.body().startsWith("["))) items(JSON.readTree(a.body()), items, 0);
        String key = items.stream().anyMatch(i -> i.has(name)) ? name : "id";
        if (key.equals("id") && !ours.isEmpty()) return String.valueOf(ours.get(0));
        for (JsonNode i : items) {
            if (!i.has(key) || i.get(key).isNull()) continue;
            boolean own = ours.contains(i.path("id").asLong(-1)) || i.path("enterpriseId").asLong(-1) == enterprise;
            // a setting named by its code (a 预警规则) is no enterprise's: the one who may change it takes the first
            boolean setting = !key.equals("id") && !i.has("enterpriseId");
            if (!c.sharedScope || own || setting) return i.get(key).asString();
        }
        return null;
    }

    /** The records of a listing: a top-level array, or the first array of objects in a page or wrapper. */
    private static void items(JsonNode n, List<JsonNode> out, int depth) {
        if (n.isArray()) {
            n.forEach(i -> {
                if (i.isObject()) out.add(i);
            });
            return;
        }
        if (n.isObject() && depth < 2) {
            for (var p : n.properties()) {
                if (p.getValue().isArray() && !p.getValue().isEmpty() && p.getValue().get(0).isObject()) {
                    items(p.getValue(), out, depth + 1);
                    return;
                }
            }
        }
    }

    // ---- probes -----------------------------------------------------------------------------------------------------

    /** One request's body; {@code field} is the body property it makes hostile; {@code mustRefuse}: never accepted. */
    record Probe(String name, String path, String contentType, byte[] body, String field, boolean mustRefuse) { }

    private Probe wellFormed(Operation o) {
        operationPath = o.path();
        JsonNode content = o.op().path("requestBody").path("content");
        if (content.has("multipart/form-data")) {
            Map<String, String> fields = new LinkedHashMap<>();
            String file = "file";
            JsonNode schema = resolve(content.get("multipart/form-data").path("schema"));
            for (var p : schema.path("properties").properties()) {
                JsonNode ps = resolve(p.getValue());
                if ("binary".equals(ps.path("format").asString())) file = p.getKey();
                else fields.put(p.getKey(), example(p.getKey(), ps, 1).asString());
            }
            return new Probe("well-formed", o.path(), "multipart/form-data; boundary=----skfuzz",
                    HostileInput.multipart("----skfuzz", fields, file, "a.png", PICTURE), null, false);
        }
        JsonNode schema = content.has("application/json") ? resolve(content.get("application/json").path("schema")) : null;
        // a body that is a bare array of ids names its records by the path (…/risk-points: the plan's risk points), as
        // a property would (riskPointIds): the test's own, not another enterprise's id 1
        String name = schema != null && schema.path("type").asString("").equals("array") ? idsNamed(o.path()) : null;
        return new Probe("well-formed", o.path(), "application/json",
                HostileInput.utf8(schema == null ? "{}" : JSON.writeValueAsString(example(name, schema, 0))), null, false);
    }

    /** The property a list of the path's last collection would be named: {@code …/risk-points} → {@code riskPointIds}. */
    private static String idsNamed(String template) {
        List<String> words = words(template.substring(template.lastIndexOf('/') + 1));
        var name = new StringBuilder(words.get(0));
        words.stream().skip(1).forEach(w -> name.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1)));
        return name + "Ids";
    }

    /** The smaller corpus: for each property of the body, the values that broke checks of real records. */
    private List<Probe> probes(Operation o, String path) {
        operationPath = o.path();
        List<Probe> probes = new ArrayList<>();
        for (JsonNode p : o.op().path("parameters")) {
            if (!"query".equals(p.path("in").asString())) continue;
            String name = p.get("name").asString();
            for (String bad : List.of("abc", "-1", "99999999999999999999", "0001-01-01", "\u202e1", OVERLONG.substring(0, 600))) {
                probes.add(new Probe("query " + name + "=" + abbreviate(bad), path + (path.contains("?") ? "&" : "?") + name + "="
                        + URLEncoder.encode(bad, StandardCharsets.UTF_8), "application/json", wellFormed(o).body, name, bad.startsWith("\u202e")));
            }
        }
        JsonNode content = o.op().path("requestBody").path("content");
        if (content.has("multipart/form-data")) {
            JsonNode schema = resolve(content.get("multipart/form-data").path("schema"));
            Map<String, String> fields = new LinkedHashMap<>();
            String file = "file";
            for (var p : schema.path("properties").properties()) {
                JsonNode ps = resolve(p.getValue());
                if ("binary".equals(ps.path("format").asString())) file = p.getKey();
                else fields.put(p.getKey(), example(p.getKey(), ps, 1).asString());
            }
            for (String field : fields.keySet()) {
                for (String bad : List.of("", "-1", "a\u0000b", "\u202e输入检验", "0001-01-01", OVERLONG)) {
                    var f = new LinkedHashMap<>(fields);
                    f.put(field, bad);
                    probes.add(new Probe((bad == OVERLONG ? "overlong " : "") + field + "=" + abbreviate(bad), path, "multipart/form-data; boundary=----skfuzz",
                            HostileInput.multipart("----skfuzz", f, file, "a.png", PICTURE), field, bad.startsWith("\u202e")));
                }
            }
            return probes;
        }
        if (!content.has("application/json")) return probes;
        JsonNode schema = resolve(content.get("application/json").path("schema"));
        if (!schema.has("properties")) return probes;
        for (var property : schema.get("properties").properties()) {
            String field = property.getKey();
            JsonNode ps = resolve(property.getValue());
            String type = ps.path("type").asString(""), format = ps.path("format").asString("");
            List<Object[]> bads = new ArrayList<>(); // label, raw JSON, must be refused
            bads.add(new Object[] {"null", "null", false});
            bads.add(new Object[] {"[]", "[]", false});
            bads.add(new Object[] {"-1", "-1", false});
            bads.add(new Object[] {"huge number", "99999999999999999999", false});
            bads.add(new Object[] {"NO_SUCH_VALUE", "\"NO_SUCH_VALUE\"", false});
            if (type.equals("string") && format.isEmpty() && !ps.has("enum")) {
                bads.add(new Object[] {"overlong", JSON.writeValueAsString(OVERLONG), false});
                bads.add(new Object[] {"direction control", JSON.writeValueAsString("\u202e输入检验"), true});
                bads.add(new Object[] {"NUL", JSON.writeValueAsString("a\u0000b"), false});
            }
            if (format.equals("date") || format.equals("date-time")) {
                for (String day : List.of("0001-01-01", "+999999999-12-31")) {
                    bads.add(new Object[] {"implausible " + day, "\"" + (format.equals("date") ? day : day + "T08:00:00Z") + "\"", true});
                }
                bads.add(new Object[] {"2026-13-45", "\"2026-13-45\"", true});
            }
            if (type.equals("array")) bads.add(new Object[] {"[null]", "[null]", false});
            for (Object[] bad : bads) {
                ObjectNode body = (ObjectNode) example(null, schema, 0);
                body.put(field, "__HOLE__");
                String text = JSON.writeValueAsString(body).replace("\"__HOLE__\"", (String) bad[1]);
                probes.add(new Probe((bad[0].equals("overlong") ? "overlong " : "") + field + "=" + bad[0], path, "application/json",
                        HostileInput.utf8(text), field, (Boolean) bad[2]));
            }
        }
        return probes;
    }

    private JsonNode resolve(JsonNode schema) {
        for (int i = 0; i < 5 && schema.has("$ref"); i++) schema = doc.at(schema.get("$ref").asString().substring(1));
        if (schema.has("allOf") && schema.get("allOf").size() == 1) return resolve(schema.get("allOf").get(0));
        if (schema.has("oneOf") && !schema.get("oneOf").isEmpty()) return resolve(schema.get("oneOf").get(0));
        return schema;
    }

    /**
     * What a well-behaved client of this enterprise would send: dates today, the first enum value, and a property that
     * names a record ({@code riskPointId}, {@code unitId}) the id of one the test created in a collection of that name.
     */
    private JsonNode example(String name, JsonNode schema, int depth) {
        schema = resolve(schema);
        String type = schema.path("type").asString("object");
        if (schema.get("type") != null && schema.get("type").isArray()) type = schema.get("type").get(0).asString();
        var f = JSON.getNodeFactory();
        if (name != null && domainExample("-" + name) != null) return f.nullNode();
        if (schema.has("enum")) return f.stringNode(schema.get("enum").get(0).asString());
        switch (type) {
            case "array":
                var a = f.arrayNode();
                JsonNode item = depth < 3 ? example(singular(name), schema.path("items"), depth + 1) : null;
                if (item != null && !item.isNull()) a.add(item); // ids of records the test has none of: none
                return a;
            case "object":
                String given = name == null ? null : domainExample(name);
                if (given != null && given.startsWith("{")) return JSON.readTree(given);
                var o = f.objectNode();
                if (depth < 3) for (var p : schema.path("properties").properties()) o.set(p.getKey(), example(p.getKey(), p.getValue(), depth + 1));
                return o;
            case "integer":
                Long ref = reference(name);
                // a record the test has none of (a hazard's 管控措施) is left out, as a client would: not another's id 1
                if (ref == null && name != null && name.endsWith("Id") && !name.equals("id")) return f.nullNode();
                return f.numberNode(ref != null ? ref : 1L);
            case "number":
                if (schema.path("example").isNumber()) return schema.get("example"); // a factor's value from its scale (LEC's C)
                if (name != null && domainExample(name) != null) return f.numberNode(new java.math.BigDecimal(domainExample(name)));
                String n = name == null ? "" : name.toLowerCase();
                return f.numberNode(n.contains("lon") || n.contains("lng") ? 120.3 : n.contains("lat") ? 32.05 : n.startsWith("plan") || n.length() == 1 ? 0.5
                        : threshold(n) != null ? threshold(n) : 1.5);
            case "boolean":
                return f.booleanNode(true);
            default:
                if (name != null && corrections.containsKey(name)) return f.stringNode(corrections.get(name));
                String domain = name == null ? null : domainExample(name);
                if (domain != null) return f.stringNode(domain);
                return f.stringNode(fitted(text(name == null ? "" : name.toLowerCase(), schema.path("format").asString("")), schema));
        }
    }

    /** The path template of the operation whose body is being built: a domain example may hold for one resource only. */
    private String operationPath = "";

    /**
     * Examples the schema cannot give, because the rule is the domain's: each the smallest value its service accepts,
     * keyed by property, or by {@code path-fragment property} where two resources read the same name differently.
     * Without them the creation is refused and nothing behind it (a risk point's events, hazards, permits) is reached.
     */
    private static final Map<String, String> DOMAIN_EXAMPLES = Map.ofEntries(
            // RiskRegistry.checkPoint: a GeoJSON geometry on the site plan; one of RiskTerms.PointKind (a free string in the draft)
            Map.entry("sitePosition", "{\"type\":\"Point\",\"coordinates\":[120,80]}"),
            Map.entry("/risk-points kind", "EQUIPMENT"),
            // an enterprise's 行业代码 is a GB/T 4754 code
            Map.entry("industryCode", "C2614"),
            // 身份证号码: 18 digits with the GB 11643 check character (the standard's own example)
            Map.entry("idNumber", "11010519491231002X"),
            // EmergencyResources.Category, a free string in the draft
            Map.entry("/emergency-resources category", "EQUIPMENT"),
            // a 特种作业操作证's category is one of the national catalogue (Certificates.SPECIAL_OPERATION_CATEGORIES); 焊接与热切割作业,
            // which the permit's first worker role (WELDER, of 动火) needs its employee to hold
            Map.entry("/certificates category", "焊接与热切割作业"),
            // a contractor's person's certificate: the enterprise's own 特种作业操作证 above already has the default number
            Map.entry("/people/{personId}/certificates number", "输入检验-承包商"),
            // RiskRegistry.insertEvent: a GB/T 13861 factor and GB 6441 accident types of the edition in force (V11's templates)
            Map.entry("factorCode", "2101"),
            Map.entry("accidentTypes", "08"),
            // a new risk point has a unit of its own name already
            Map.entry("/units name", "输入检验单元"),
            // EmergencyPlans.Kind, a free string in the draft
            Map.entry("/emergency-plans kind", "COMPREHENSIVE"),
            // a 群众举报, a new enterprise name their town: 新桥镇, where the test's enterprise is
            Map.entry("regionCode", "321282100"),
            // the first level a hazard's schema lists is 重大, which needs a clause of the 判定标准 (MajorHazardCriteria)
            Map.entry("criterionCode", "CHEM-2017-15"),
            // the first kind a permit's schema lists is 动火, whose level is named (PermitKind); 特级, as the body's
            // insideDike (true, as every boolean of the seeding) makes it anyway
            Map.entry("/permits level", "特级"),
            // left out ("-" before the property): the seeding puts its own contractor on the 黑名单, and a contractor
            // so listed may take no new work — a permit of the enterprise's own staff names none
            Map.entry("/permits -contractorId", "left out"),
            // left out: a 双随机 draw picks its enterprises by lot, so the test's is seldom in the draw it made, and an
            // inspection needs none
            Map.entry("/supervision/inspections -drawId", "left out"),
            // GB 18218 表2: a substance's 危险性类别 symbol
            Map.entry("/major-hazard-sources category", "W2"),
            // references named other than their collection ("=" before the property: the collection it names): what a
            // department refers (抄告) is one of ItemKind, a 隐患 first
            Map.entry("/referrals =itemId", "hazards"),
            // a 区域风险's category is one of RegionalRisks.CATEGORIES (Chinese labels, no code a refusal could name) and
            // its inputs are the factors of its method (the description's LEC): a map the schema cannot describe
            Map.entry("/regional-risks category", "其他"),
            Map.entry("/regional-risks inputs", "{\"l\":3,\"e\":6,\"c\":15}"),
            // GB 18218: 50 t of a W2 substance (临界量 10 t) makes the unit a 重大危险源, whose 包保责任人 (the risk point's)
            // are then given their periodic checks
            Map.entry("/major-hazard-sources quantity", "50"),
            // left out: with no uuid the 数据上报 resends all of the enterprise's refused records (a uuid that names none
            // is refused as absent)
            Map.entry("/exchange/enterprises/{id}/resend -uuid", "left out"));

    private String domainExample(String property) {
        for (var e : DOMAIN_EXAMPLES.entrySet()) {
            String[] key = e.getKey().split(" ");
            if (key.length == 1 ? key[0].equals(property) : key[1].equals(property) && operationPath.contains(key[0])) return e.getValue();
        }
        return null;
    }

    /** Alarm thresholds in their order (低低报 < 低报 < 高报 < 高高报), null for a number that is none. */
    private static Double threshold(String name) {
        return switch (name) {
            case "lowlow" -> 1.0;
            case "low" -> 2.0;
            case "high" -> 8.0;
            case "highhigh" -> 9.0;
            default -> null;
        };
    }

    /** A text padded to the schema's minLength and cut to its maxLength. */
    private static String fitted(String text, JsonNode schema) {
        int min = schema.path("minLength").asInt(0), max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        StringBuilder t = new StringBuilder(text);
        while (t.length() < min) t.append('文');
        return t.length() > max ? t.substring(0, max) : t.toString();
    }

    /**
     * A plausible text by the field's format and name: dates behind for what happened, ahead for what is planned or
     * begins, and further ahead for what ends, expires or falls due — so a pair (start/end, from/to, issuedOn/expiresOn)
     * is in order.
     */
    private String text(String name, String format) {
        boolean ends = name.contains("expir") || name.contains("until") || name.contains("due") || name.contains("deadline")
                || (name.matches(".*(end|to)(on|at|date|time|day)?$") && !name.endsWith("photo"));
        boolean begins = !ends && (name.contains("start") || name.contains("from") || name.contains("planned") || name.contains("begin") || name.contains("valid"));
        return switch (format) {
            case "date" -> (ends ? today.plusDays(30) : begins ? today.plusDays(1) : today.minusDays(1)).toString();
            case "date-time" -> (ends || begins ? today.plusDays(2) : today.minusDays(1)).atTime(ends ? 12 : 8, 0) + ":00+08:00";
            case "byte" -> java.util.Base64.getEncoder().encodeToString(HostileInput.PNG);
            default -> name.contains("phone") || name.contains("mobile") || name.contains("tel") ? "13800138000"
                    : name.contains("creditcode") ? creditCode()
                    // 执法证号 is unique on the platform: the other test method's enterprise registered 输入检验 already
                    : name.equals("badgeno") ? "输入检验-" + enterprise
                    : name.contains("url") ? "https://" + HOOK_HOST + "/hook"
                    : name.contains("email") ? "fuzz@example.com"
                    : name.contains("username") || name.contains("assignee") ? manager
                    // a 群众举报 of the same content and place is merged into the earlier one (another test's): the place is the enterprise's
                    : name.equals("location") && operationPath.contains("/public/reports") ? "输入检验企业-" + enterprise + " 门口"
                    : name.equals("content") || name.contains("description") ? "输入检验的描述文字" // "至少 5 个字"
                    : "输入检验";
        };
    }

    private int creditCodes;

    /** A valid code no other enterprise has: the test's enterprise id and a counter (no random: the same in every run). */
    private String creditCode() {
        String first = "91320000" + "%09d".formatted(enterprise * 1000 + creditCodes++);
        return first + cn.shuangkong.organization.CreditCode.checkCharacter(first);
    }

    private static String singular(String name) {
        return name == null ? null : name.endsWith("Ids") ? name.substring(0, name.length() - 1) : name;
    }

    /**
     * The id of a record the test created whose collection is named as the property is ({@code riskPointId} →
     * …/risk-points), word by word from the end: {@code sourceId} is a major-hazard-source's, not an emergency-resource's.
     */
    private Long reference(String property) {
        if (property == null) return null;
        if (property.equals("enterpriseId")) return enterprise;
        if (!property.endsWith("Id")) return null;
        String wanted = normal(property.substring(0, property.length() - 2));
        if (wanted.endsWith("unit") && !wanted.equals("riskunit")) return unit;
        if (wanted.equals("post")) return post;
        if (wanted.matches(".*(employee|person|operator|guarantor|guardian|responsible|leader|manager|inspector|owner|keeper).*")) return employee;
        if (wanted.endsWith("department")) return operationPath.contains("/reports/") ? town : department;
        if (wanted.equals("neighbour")) return neighbour;
        String named = domainExample("=" + property);
        List<String> words = words(named != null ? named : property.substring(0, property.length() - 2));
        for (boolean shortName : new boolean[] {false, true}) { // riskUnitId → …/risk-points/{id}/units, once no risk-units
            for (var e : created.entrySet()) {
                if (e.getKey().contains(" ") || e.getValue().isEmpty()) continue;
                List<String> last = words(e.getKey().substring(e.getKey().lastIndexOf('/') + 1));
                if (shortName ? endsWith(words, last) : endsWith(last, words)) return e.getValue().get(0);
            }
        }
        return null;
    }

    /** The words of a property or a path segment, each singular: {@code majorHazardSource}, {@code major-hazard-sources}. */
    private static List<String> words(String name) {
        return java.util.Arrays.stream(name.split("-|(?<=[a-z])(?=[A-Z])")).map(RealIdFuzzTest::normal).filter(w -> !w.isEmpty()).toList();
    }

    private static boolean endsWith(List<String> all, List<String> tail) {
        return all.size() >= tail.size() && all.subList(all.size() - tail.size(), all.size()).equals(tail);
    }

    private static String normal(String s) {
        String n = s.toLowerCase().replaceAll("[^a-z]", "");
        return n.endsWith("ies") ? n.substring(0, n.length() - 3) + "y" : n.endsWith("s") ? n.substring(0, n.length() - 1) : n;
    }

    // ---- the page forms ---------------------------------------------------------------------------------------------

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    /** A signed-in browser session; for one who sees more than the test's enterprise, {@code sharedScope}. */
    record Session(String name, String username, HostileInput http, String csrf, boolean sharedScope, Map<String, String> pages) { }

    record PageRoute(String pattern, Map<String, Class<?>> fields, String fileField) { }

    private static final Pattern PAGE_PARAM = Pattern.compile("\\{([^}:]+)(?::([^}]+))?}");

    @Test
    void every_page_form_behind_a_real_id_refuses_hostile_values_with_the_error_page_and_changes_nothing() {
        seeded();
        var regulator = new HostileInput(hostile.base, jdbc);
        var administrator = new HostileInput(hostile.base, jdbc);
        var admin = new Session("admin", "admin", administrator, administrator.signIn("admin"), true, new LinkedHashMap<>());
        adminPages(admin);
        // the administrator last: it acts only where the others may not (the 系统 pages), on what the test made
        var sessions = List.of(new Session("enterprise", manager, hostile, hostile.signIn(manager), false, new LinkedHashMap<>()),
                new Session("regulator", REGULATOR, regulator, regulator.signIn(REGULATOR), true, new LinkedHashMap<>()), admin);
        List<PageRoute> routes = pageRoutes();
        assertThat(routes).as("page forms behind a path id").hasSizeGreaterThan(40);

        List<String> failures = new ArrayList<>();
        Map<String, String> reached = new TreeMap<>(), unreached = new TreeMap<>();
        int tried = 0, lengthNamed = 0;
        long started = System.nanoTime();
        Map<String, Long> rows = hostile.rowCounts();
        Runnable restoreSettings = settings(); // the administrator's 预警规则 form is posted too
        // two passes: a form whose id only a later record's page shows (a drill's 整改措施 完成, on the drill's page) is
        // tried again once every route's pages have been seen
        List<PageRoute> passes = new ArrayList<>(routes);
        passes.addAll(routes);
        for (int i = 0; i < passes.size(); i++) {
            PageRoute r = passes.get(i);
            if (i == routes.size()) unreached.clear(); // what the second pass still does not reach is the report's
            for (Session s : sessions) {
                if (reached.containsKey(r.pattern)) break;
                String[] found = pagePath(s, r.pattern); // path, the page showing the record
                if (found == null) {
                    unreached.merge(r.pattern, s.name + ": no id on its pages", (a, b) -> a + "; " + b);
                    continue;
                }
                var first = post(s, found[0], r, Map.of());
                rows = hostile.rowCounts();
                if (first.status() == 403 || first.status() == 404) {
                    unreached.merge(r.pattern, s.name + ": " + first.status() + " at " + found[0], (a, b) -> a + "; " + b);
                    continue;
                }
                reached.put(r.pattern, s.name + " " + found[0]);
                unreached.remove(r.pattern);
                // what the handler declares, and what the page's form sends (a handler may read a Map, or fields named per item)
                Map<String, Class<?>> fields = new LinkedHashMap<>(formFields(s, found[0]));
                fields.putAll(r.fields);
                // a field per item (result-1, result-2 …) is probed in its first item only: a page renders per answer;
                // and the corpus of a type goes to the route's first field of that type only (the direction control above
                // goes to every field): the widened seeding reaches three times the forms, and a form checks its fields of
                // one type alike (ADR 0077, session 14)
                var shapes = new java.util.HashSet<String>();
                var types = new java.util.HashSet<Class<?>>();
                Map<String, Class<?>> probed = new LinkedHashMap<>();
                fields.forEach((f, type) -> {
                    if (shapes.add(f.replaceAll("\\d+", "#")) && types.add(type)) probed.put(f, type);
                });
                List<Object[]> probes = new ArrayList<>(); // name, hostile fields, must be refused, field
                Map<String, String> all = new LinkedHashMap<>();
                fields.keySet().forEach(f -> all.put(f, "\u202e1"));
                probes.add(new Object[] {"direction control in every field", all, true, null});
                probed.forEach((field, type) -> {
                    for (String bad : pageCorpus(type)) {
                        probes.add(new Object[] {(bad == OVERLONG ? "overlong " : "") + field + "=" + abbreviate(bad), Map.of(field, bad),
                                bad.startsWith("0001") && temporal(type), field});
                    }
                });
                // A page answers a refusal with its error page (4xx) or by showing the form again with the message, often
                // after a redirect: the record's page is read again after each answer that may have saved something, and
                // compared once at the end with what it showed after the last of them.
                snapshot(s, found[1]);
                String before = snapshot(s, found[1]);
                List<String> refusedSince = new ArrayList<>();
                for (Object[] p : probes) {
                    @SuppressWarnings("unchecked") var a = post(s, found[0], new PageRoute(r.pattern, fields, r.fileField), (Map<String, String>) p[1]);
                    tried++;
                    String what = s.name + " " + found[0] + " [" + p[0] + "] → " + a.status();
                    if (a.status() >= 500 || a.status() < 0) {
                        failures.add(what + " " + abbreviate(a.body()));
                    } else if (a.status() >= 400 && !(found[0].startsWith("/api/") ? a.isProblem() && a.hasChineseDetail() : a.isChinesePage())) {
                        failures.add(what + " not the Chinese error page: " + abbreviate(a.body()));
                    }
                    if (String.valueOf(p[0]).startsWith("overlong ") && a.status() == 400 && a.body().contains("长度")) {
                        if (a.body().contains(String.valueOf(p[3]))) lengthNamed++;
                        else failures.add(what + " over-long text refused without naming the field");
                    }
                    boolean refused = a.status() >= 400 || (Boolean) p[2];
                    var now = hostile.rowCounts();
                    if (refused && !now.equals(rows)) failures.add(what + " refused but rows changed: " + diff(rows, now));
                    rows = now;
                    if (refused) {
                        refusedSince.add(String.valueOf(p[0]));
                    } else {
                        snapshot(s, found[1]); // the first read shows (and ends) the flash message of a redirect
                        before = snapshot(s, found[1]);
                        refusedSince.clear();
                    }
                }
                if (!refusedSince.isEmpty() && !before.equals(snapshot(s, found[1]))) {
                    failures.add(s.name + " " + found[0] + " refused " + refusedSince + " but " + found[1] + " changed");
                }
            }
        }
        restoreSettings.run();
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        System.out.printf("Real-id page fuzz: %d forms behind ids, %d reached with a real id, %d requests in %d s, %d over-long refusals naming the field,"
                + " %d page posts seen succeeding, %d failures, %d stack traces%n", routes.size(), reached.size(), tried, seconds, lengthNamed, audited.pages,
                failures.size(), hostile.stackTraces.seen.size());
        reached.forEach((k, v) -> System.out.println("  reached: " + k + " as " + v));
        unreached.forEach((k, v) -> System.out.println("  not reached: " + k + " — " + v));
        failures.stream().limit(80).forEach(f -> System.out.println("  " + f));
        hostile.stackTraces.seen.stream().distinct().limit(20).forEach(x -> System.out.println("  log: " + x));
        System.out.print(audited.report("Real-id page fuzz, audit (" + seeded + " creations while seeding)"));
        // the order of the routes is fixed (by pattern, a 停用 or 取消 after the rest), so every run reaches the same forms:
        // 75 forms, 38 creations, 24 page posts (the administrator's and 事件推送's among them); the floors a little under
        assertThat(reached.size()).as("page forms reached with a real id (the discovery must not break)").isGreaterThanOrEqualTo(69);
        assertThat(seeded).as("documented creations that succeeded while seeding").isGreaterThanOrEqualTo(34);
        assertThat(audited.pages).as("page form posts seen succeeding, checked for their audit record").isGreaterThanOrEqualTo(20);
        assertThat(audited.unaudited).as("writes that changed state without an audit record").isEmpty();
        assertThat(failures.size()).as("hostile values behind real ids answered badly, the first: " + String.join("\n", failures.stream().limit(20).toList())).isZero();
        assertThat(hostile.stackTraces.seen).as("stack traces in the log").isEmpty();
    }

    /**
     * What the administrator's pages act on, made through those pages' own forms (no API makes accounts or roles): an
     * account of the test's enterprise with the manager's role, and a role of its own — so that 停用/启用, 解锁, the resets
     * and a role's permissions are posted hostile values on the test's records, never on a demo account or a role other
     * classes sign in with. Each creation is a page post checked for its audit record; its id is found as the
     * administrator finds it, in the search of 用户管理 and on the page the new role's creation leads to.
     */
    private void adminPages(Session s) {
        String username = manager + "_opened";
        String role = jdbc.sql("select r.code from role r join user_role ur on ur.role_id = r.id join user_account a on a.id = ur.user_id "
                + "where a.username = :u order by r.code limit 1").param("u", manager).query(String.class).single();
        var account = new LinkedHashMap<String, String>();
        account.put("username", username);
        account.put("displayName", "输入检验账号");
        account.put("phone", "13800138000");
        account.put("kind", "ENTERPRISE");
        account.put("enterpriseId", String.valueOf(enterprise));
        account.put("roleCodes", role);
        account.put("password", "Fuzz#2026-" + enterprise);
        var a = post(s, "/admin/users", new PageRoute("/admin/users", asFields(account), null), account);
        seeding.add("admin POST /admin/users → " + a.status() + " " + a.location());
        String found = fetch(s, "/admin/users?q=" + username);
        Matcher user = Pattern.compile("action=\"/admin/users/(\\d+)/").matcher(found);
        if (user.find()) created.put("/admin/users", List.of(Long.valueOf(user.group(1))));
        var newRole = new LinkedHashMap<String, String>();
        newRole.put("code", "FUZZ_" + enterprise);
        newRole.put("name", "输入检验角色-" + enterprise);
        newRole.put("description", "输入检验");
        a = post(s, "/admin/roles", new PageRoute("/admin/roles", asFields(newRole), null), newRole);
        seeding.add("admin POST /admin/roles → " + a.status() + " " + a.location());
        Matcher id = Pattern.compile("[?&]id=(\\d+)").matcher(String.valueOf(a.location()));
        if (id.find()) {
            created.put("/admin/roles", List.of(Long.valueOf(id.group(1))));
            fetch(s, "/admin/roles?id=" + id.group(1)); // its form posts to /admin/roles/{id}
        }
        assertThat(created).as("the administrator's account and role, made through its pages: " + seeding.subList(seeding.size() - 2, seeding.size()))
                .containsKeys("/admin/users", "/admin/roles");
    }

    private static Map<String, Class<?>> asFields(Map<String, String> form) {
        Map<String, Class<?>> fields = new LinkedHashMap<>();
        form.keySet().forEach(f -> fields.put(f, String.class));
        return fields;
    }

    /** Per field, by the type the handler reads it as: the values that broke checks of real records. */
    private static List<String> pageCorpus(Class<?> type) {
        if (type == String.class) return List.of(OVERLONG, "a\u0000b");
        if (temporal(type)) return List.of("0001-01-01", "2026-13-45");
        if (type.isEnum()) return List.of("NO_SUCH_VALUE");
        return List.of("-1", "99999999999999999999");
    }

    private static boolean temporal(Class<?> type) {
        return java.time.temporal.Temporal.class.isAssignableFrom(type);
    }

    /** Posts the route's form as the session; one redirected to a success must have left the session's audit record. */
    private HostileInput.Answer post(Session s, String path, PageRoute r, Map<String, String> hostileFields) {
        long mark = audited.mark();
        var a = postForm(s, path, r, hostileFields);
        audited.page("POST " + r.pattern, s.username, mark, a, s.http, s.name + " POST " + path + " " + hostileFields.keySet());
        return a;
    }

    private HostileInput.Answer postForm(Session s, String path, PageRoute r, Map<String, String> hostileFields) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", s.csrf);
        r.fields.forEach((f, type) -> form.put(f, hostileFields.containsKey(f) ? hostileFields.get(f) : pageExample(type)));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-CSRF-TOKEN", s.csrf);
        headers.put("X-Forwarded-For", "10.4." + (forwarded / 250 % 250) + "." + (forwarded++ % 250));
        if (r.fileField != null) {
            headers.put("Content-Type", "multipart/form-data; boundary=----skfuzz");
            return s.http.send("POST", path, headers, HostileInput.multipart("----skfuzz", form, r.fileField, "a.png", HostileInput.PNG));
        }
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        var body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return s.http.send("POST", path, headers, HostileInput.utf8(body.toString()));
    }

    private String pageExample(Class<?> type) {
        if (type == LocalDate.class) return today.toString();
        if (temporal(type)) return today + "T08:00";
        if (type.isEnum()) return type.getEnumConstants()[0].toString();
        if (type == Boolean.class || type == boolean.class) return "true";
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "1";
        return "输入检验";
    }

    /** The page as a person sees it, without what each showing makes anew (CSRF token, nonce, hidden keys). */
    private static String snapshot(Session s, String page) {
        var a = s.http.send("GET", page, Map.of(), null);
        return a.status() + " " + a.body().replaceAll("((?:name=\"_csrf\" (?:content|value)|nonce)=\")[^\"]+", "$1")
                .replaceAll("<input[^>]*type=\"hidden\"[^>]*>", ""); // a fresh idempotency key per form shown
    }

    /**
     * The route with its ids filled from the session's own pages: each id is the first that a link or form on the
     * page of the path so far (or its parent's, or a page already seen) points to; for one who sees more, only a
     * record the test created (a page that merely names the test's enterprise may be another's record: a 群众举报 page
     * lists the town's enterprises to assign it to). Answers the path and the page of the record the last id names.
     */
    private String[] pagePath(Session s, String pattern) {
        Matcher m = PAGE_PARAM.matcher(pattern);
        String concrete = "", page = null;
        int end = 0;
        while (m.find()) {
            String prefix = concrete + pattern.substring(end, m.start() - 1);
            String value = null;
            if (m.group(2) != null && m.group(2).matches("[a-z|]+")) {
                value = m.group(2).split("\\|")[0]; // {kind:teams|experts|resources}
            } else {
                boolean numeric = m.group(1).toLowerCase().endsWith("id") || m.group(2) != null;
                fetch(s, prefix);
                if (prefix.lastIndexOf('/') > 0) fetch(s, prefix.substring(0, prefix.lastIndexOf('/')));
                // a setting is named by its code (/alerts/rules/COMMITMENT_MISSING), an action by a word
                String word = m.group(1).equals("code") ? "[A-Z][A-Z0-9_]+" : "[a-z-]+";
                Pattern link = Pattern.compile("(?:href|action)=\"" + Pattern.quote(prefix) + "/(" + (numeric ? "\\d+" : word) + ")[\"/?#]");
                for (String html : List.copyOf(s.pages.values())) {
                    Matcher l = link.matcher(html);
                    while (value == null && l.find()) {
                        String candidate = l.group(1);
                        if (!s.sharedScope || !numeric || createdIn(prefix).contains(Long.valueOf(candidate))) value = candidate;
                    }
                    if (value != null) break;
                }
            }
            if (value == null) return null;
            concrete = prefix + "/" + value;
            if (value.matches("\\d+")) page = concrete;
            fetch(s, concrete);
            end = m.end();
        }
        return new String[] {concrete + pattern.substring(end), page == null ? concrete : page};
    }

    /** The fields of the form on the session's pages that posts to {@code path}, read as text. */
    private static Map<String, Class<?>> formFields(Session s, String path) {
        Map<String, Class<?>> fields = new LinkedHashMap<>();
        Pattern form = Pattern.compile("<form[^>]*action=\"" + Pattern.quote(path) + "\"[^>]*>(.*?)</form>", Pattern.DOTALL);
        for (String html : s.pages.values()) {
            Matcher f = form.matcher(html);
            if (!f.find()) continue;
            Matcher input = Pattern.compile("<(?:input|select|textarea)[^>]*name=\"([^\"]+)\"").matcher(f.group(1));
            while (input.find()) if (!input.group(1).equals("_csrf")) fields.put(input.group(1), String.class);
            break;
        }
        return fields;
    }

    private static String fetch(Session s, String page) {
        return s.pages.computeIfAbsent(page, p -> {
            var a = s.http.send("GET", p, Map.of(), null);
            return a.status() == 200 && a.contentType().startsWith("text/html") ? a.body() : "";
        });
    }

    /** The POST routes of the page controllers behind a path id, and the request parameters each one reads, by type. */
    private List<PageRoute> pageRoutes() {
        List<PageRoute> routes = new ArrayList<>();
        // the handler registry iterates in hash order, which moves between runs: sorted below, by pattern
        mapping.getHandlerMethods().forEach((info, method) -> {
            if (AnnotatedElementUtils.hasAnnotation(method.getBeanType(), ResponseBody.class)) return;
            if (!info.getMethodsCondition().getMethods().contains(RequestMethod.POST)) return;
            Map<String, Class<?>> fields = new LinkedHashMap<>();
            String fileField = null;
            for (MethodParameter p : method.getMethodParameters()) {
                p.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
                RequestParam rp = p.getParameterAnnotation(RequestParam.class);
                Class<?> type = p.getParameterType();
                String name = rp == null ? p.getParameterName() : !rp.name().isEmpty() ? rp.name() : !rp.value().isEmpty() ? rp.value() : p.getParameterName();
                if (type.getName().contains("Multipart")) fileField = name;
                else if (rp != null && !Map.class.isAssignableFrom(type)) fields.put(name, List.class.isAssignableFrom(type) ? String.class : type);
                else if (type.isRecord()) for (var c : type.getRecordComponents()) fields.put(c.getName(), c.getType());
            }
            for (String pattern : info.getPatternValues()) {
                if (pattern.contains("{") && !pattern.startsWith("/account/password")) routes.add(new PageRoute(pattern, fields, fileField));
            }
        });
        routes.sort(java.util.Comparator.comparing((PageRoute r) -> stage(r.pattern)).thenComparing(PageRoute::pattern));
        return routes;
    }

    private static String abbreviate(String s) {
        s = s.replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static String diff(Map<String, Long> before, Map<String, Long> after) {
        var d = new LinkedHashMap<String, String>();
        after.forEach((t, n) -> {
            if (!n.equals(before.get(t))) d.put(t, before.get(t) + "→" + n);
        });
        return d.toString();
    }
}
