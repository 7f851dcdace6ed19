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

    /**
     * The writes that succeed without changing state, by route ("METHOD pattern", as the OpenAPI document or the page
     * controller's mapping spells it), and why: the only place they are listed. {@link AuditedWritesTest} fails for one
     * that no longer exists, and a check fails for one that left an audit record after all.
     */
    static final Map<String, String> CHANGE_NOTHING = Map.of(
            "POST /api/v1/auth/token", "a login: it issues a bearer token to the caller and changes no record of the platform");

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

    /**
     * After an API write: a 2xx answer must have left a record of {@code actor}'s since {@code mark}, unless its route
     * changes nothing, in which case it must have left none.
     */
    void api(String route, String actor, long mark, HostileInput.Answer a, String what) {
        if (a.status() / 100 == 2) succeeded(route, actor, since(mark, actor), what + " → " + a.status());
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
        if (CHANGE_NOTHING.containsKey(route)) {
            exemptSeen.add(route);
            if (records > 0) unaudited.add(what + ": listed as changing nothing, but left " + records + " audit records (unlist it)");
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
        checked.forEach((route, n) -> out.append("  checked: ").append(route).append(" ×").append(n).append('\n'));
        unaudited.stream().distinct().limit(60).forEach(u -> out.append("  unaudited: ").append(u).append('\n'));
        return out.toString();
    }
}
