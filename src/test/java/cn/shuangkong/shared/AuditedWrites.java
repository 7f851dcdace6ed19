package cn.shuangkong.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Every change of state is audited" (ADR 0004), held over every write the hostile-input tests already make (ADR 0077):
 * a documented API write answered 2xx, or a page form post redirected to a page that says it succeeded, must have left
 * at least one audit record by the caller in that request. The callers are the tests' own accounts (a fresh enterprise's
 * manager, 新桥镇's regulator while no other test runs), and the records counted are those appended after the request
 * was sent, so the count is the request's own.
 */
final class AuditedWrites {

    private static final String QUALITY_CHECK = "a re-check of derived findings: audited (数据质量检查) when it opens or resolves a "
            + "finding or moves the score; one that finds nothing new changes nothing but the time it was checked";

    /**
     * The writes whose success leaves no audit record by the caller, by design, by route ("METHOD pattern", as the
     * OpenAPI document or the page controller's mapping spells it), and why: the only place they are listed.
     * {@link AuditedWritesTest} fails for one that is no longer a write of the platform.
     */
    static final Map<String, String> EXEMPT = Map.of(
            "POST /api/v1/auth/token", "a login: the caller is named by the body, not by a token, so this count cannot find it;"
                    + " the token's issue is audited (签发API令牌) as the account itself, which AuthenticationTest checks",
            "POST /api/v1/risk-assessments/evaluate", "a calculator: grades the values it is sent (LEC, LS, MES …) and saves nothing",
            "POST /api/v1/major-hazard-sources/evaluate", "a calculator: GB 18218 identification and grading of the substances "
                    + "sent, saves nothing",
            "POST /api/v1/monitoring/readings", "telemetry, the HTTP door of the ingestion MQTT and Kafka feed (ADR 0021): a "
                    + "measurement is no one's decision and comes at the sensors' rate; what it changes (an alarm raised, "
                    + "upgraded or ended) is audited",
            "POST /quality/enterprises/{id}/check", QUALITY_CHECK,
            "POST /api/v1/quality/enterprises/{id}/check", QUALITY_CHECK,
            "POST /api/v1/monitoring/alarms/{id}/hazard", "the first call opens a hazard (audited as its 登记); a repeat "
                    + "answers the same hazard, 200 like the first, and changes nothing",
            "POST /api/v1/alerts/run", "立即运行 of the 预警规则: each alert it raises or resolves is audited as the caller's; a run "
                    + "that finds only alerts open already changes nothing — and the scheduled run every quarter hour, as the "
                    + "system, may have raised the test's own first (RealIdFuzzTest failed so once, at 15:00)");

    private final JdbcClient jdbc;
    /** Success without an audit record, each with what was sent. */
    final List<String> unaudited = new ArrayList<>();
    /** Routes whose success was checked, with how many successes each. */
    final Map<String, Integer> checked = new TreeMap<>();
    /** Page form posts seen succeeding. */
    int pages;
    /** Exempt routes seen succeeding. */
    final Set<String> exemptSeen = new TreeSet<>();

    AuditedWrites(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest audit record's id, read just before a write is sent. */
    long mark() {
        return jdbc.sql("select coalesce(max(id), 0) from audit_record").query(Long.class).single();
    }

    /** How many records {@code actor} appended since {@code mark}. */
    private long since(long mark, String actor) {
        return jdbc.sql("select count(*) from audit_record where id > :m and actor = :a").param("m", mark).param("a", actor)
                .query(Long.class).single();
    }

    /** Routes seen answering 201 Created: on them, a 200 is a repeat (the platform's idempotent creations). */
    private final Set<String> creating = new TreeSet<>();

    /**
     * After an API write: a 2xx answer must have left a record of {@code actor}'s since {@code mark}, unless its route
     * is exempt, in which case it must have left none. A 200 from a creation that answers 201 when it creates (hazards,
     * inspection records: "重复提交只记录一次") is a repeat answered with what the first request made — no change, so
     * not counted.
     */
    void api(HostileInput.Operation o, String actor, long mark, HostileInput.Answer a, String what) {
        if (a.status() == 201) creating.add(o.label());
        if (a.status() / 100 != 2 || a.status() == 200 && (creating.contains(o.label()) || o.op().path("responses").has("201"))) return;
        succeeded(o.label(), actor, since(mark, actor), what + " → " + a.status());
    }

    /**
     * After a page form post: one redirected (3xx) to a page that shows the success message ({@code alert ok}, the flash
     * {@code message}) must have left a record. A redirect to a form showing its error, or an answer of 200 (a form shown
     * again), says nothing about success and is not counted. The redirect is always followed: a flash message left
     * unread would be shown by the next redirect to the same page, as if that post had succeeded.
     */
    void page(String route, String actor, long mark, HostileInput.Answer a, HostileInput session, String what) {
        if (a.status() / 100 != 3 || a.location() == null) return;
        var shown = session.send("GET", a.location().replaceFirst("^https?://[^/]+", "").replaceFirst("#.*", ""), Map.of(), null);
        if (!shown.body().contains("class=\"alert ok\"")) return;
        pages++;
        succeeded(route, actor, since(mark, actor), what + " → " + a.status());
    }

    private void succeeded(String route, String actor, long records, String what) {
        checked.merge(route, 1, Integer::sum);
        if (EXEMPT.containsKey(route)) {
            exemptSeen.add(route);
        } else if (records == 0) {
            unaudited.add(what + ": succeeded without an audit record by " + actor);
        }
    }

    int successes() {
        return checked.values().stream().mapToInt(Integer::intValue).sum();
    }

    String report(String name) {
        var out = new StringBuilder(String.format("%s: %d successful writes on %d routes checked for their audit record, %d without%n",
                name, successes(), checked.size(), unaudited.size()));
        checked.forEach((route, n) -> out.append("  checked: ").append(route).append(" ×").append(n)
                .append(exemptSeen.contains(route) ? " (exempt)" : "").append('\n'));
        unaudited.stream().distinct().limit(60).forEach(u -> out.append("  unaudited: ").append(u).append('\n'));
        return out.toString();
    }
}
