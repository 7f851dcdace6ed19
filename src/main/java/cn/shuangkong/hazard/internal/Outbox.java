package cn.shuangkong.hazard.internal;

import cn.shuangkong.access.PermissionHolders;
import cn.shuangkong.hazard.Notices;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The writing of notices into the in-app inbox, in the transaction of the change they report, and their e-mail after it
 * commits: what {@code Notices} sends for hazard and the other modules, and the overdue sweep's batch
 * ({@link HazardDeadlines}). Reading the inbox is {@code Notices}'.
 */
@Repository
public class Outbox {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Mailer mailer;
    private final PermissionHolders holders;

    Outbox(JdbcClient jdbc, Clock clock, Mailer mailer, PermissionHolders holders) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.mailer = mailer;
        this.holders = holders;
    }

    /** A notice about a hazard to some people, as {@link #sendAll} takes many. */
    record Outgoing(Collection<String> usernames, Notices.Kind kind, long hazardId, String message) { }

    /** A notice about a hazard, leading to its page. */
    public void send(Collection<String> usernames, Notices.Kind kind, long hazardId, String message) {
        sendAll(List.of(new Outgoing(usernames, kind, hazardId, message)));
    }

    /** Several notices in one statement (a sweep's), each person's in order. */
    void sendAll(List<Outgoing> notices) {
        List<Row> rows = new ArrayList<>();
        for (Outgoing n : notices) rows.addAll(rows(n.usernames(), n.kind(), n.hazardId(), null, n.message()));
        write(rows);
    }

    /** A notice about something other than a hazard, leading to its page. */
    public void notify(Collection<String> usernames, Notices.Kind kind, String link, String message) {
        write(rows(usernames, kind, null, link, message));
    }

    /**
     * Regulator accounts whose region covers the enterprise: the 属地 regulators a 重大隐患 is reported to. Industry
     * limits are left to the list pages, which filter by the full jurisdiction.
     */
    public List<String> regulatorsOf(long enterpriseId) {
        return holders.regulatorsOfArea(enterpriseId, "hazard:supervise");
    }

    /** One person's copy of a notice. */
    private record Row(String username, Notices.Kind kind, Long hazardId, String link, String message) { }

    /** A notice's rows: one per person named (each once, none for a null name), its text at most 500 characters. */
    private static List<Row> rows(Collection<String> usernames, Notices.Kind kind, Long hazardId, String link, String message) {
        String text = message.length() > 500 ? message.substring(0, 499) + "…" : message;
        List<Row> rows = new ArrayList<>();
        for (String u : new LinkedHashSet<>(usernames)) {
            if (u != null) rows.add(new Row(u, kind, hazardId, link, text));
        }
        return rows;
    }

    /** All rows in one statement (a notice to ten managers, a sweep's notices), ids in the order given. */
    private void write(List<Row> rows) {
        if (rows.isEmpty()) return;
        jdbc.sql("""
                insert into notice (username, kind, hazard_id, link, message, created_at)
                select u, k, h, l, m, :t from unnest(:u, :k, :h, :l, :m) with ordinality as r(u, k, h, l, m, n) order by n
                """)
                .param("u", rows.stream().map(Row::username).toArray(String[]::new))
                .param("k", rows.stream().map(r -> r.kind().name()).toArray(String[]::new))
                .param("h", rows.stream().map(Row::hazardId).toArray(Long[]::new))
                .param("l", rows.stream().map(Row::link).toArray(String[]::new))
                .param("m", rows.stream().map(Row::message).toArray(String[]::new))
                .param("t", Timestamp.from(clock.instant())).update();
        for (Row r : rows) {
            mailer.queue(r.username(), r.kind().label, r.message(),
                    r.link() != null ? r.link() : r.hazardId() != null ? "/hazards/" + r.hazardId() : "/inbox");
        }
    }
}
