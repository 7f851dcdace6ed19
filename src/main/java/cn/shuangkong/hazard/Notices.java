package cn.shuangkong.hazard;

import cn.shuangkong.access.PermissionHolders;
import cn.shuangkong.hazard.internal.Mailer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The in-app inbox: one row per person and notice, written in the transaction of the change it reports. */
@Repository
public class Notices {

    /** What a notice is about. */
    public enum Kind {
        ASSIGNED("整改任务"), EXTENSION("延期申请"), DUE_SOON("即将到期"), OVERDUE("已逾期"), ESCALATED("逾期升级"), MAJOR("重大隐患"), SUPERVISED("挂牌督办"), SENT_BACK("退回整改"),
        TASK_DUE_SOON("排查即将截止"), CHECKLIST("检查任务"), PHOTO_REUSED("照片重复使用"),
        EMERGENCY_EXPIRY("应急物资到期"), NEIGHBOUR_NOTICE("相邻单位告知"), CERTIFICATE_EXPIRY("证书到期"),
        CONTRACTOR_EXPIRY("承包商资质到期"),
        REFERRAL("部门抄告"), REFERRAL_ANSWER("治理反馈"), WEBHOOK_SUSPENDED("推送订阅已暂停"), BULLETIN("风险动态信息通报");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One notice in someone's inbox. */
    public record Notice(long id, String username, Kind kind, Long hazardId, String message, Instant createdAt, Instant readAt,
                         String link) {
        /** Where the notice leads: its own link, else the hazard it is about. */
        public String target() {
            return link != null ? link : hazardId != null ? "/hazards/" + hazardId : "/inbox";
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Mailer mailer;
    private final PermissionHolders holders;

    Notices(JdbcClient jdbc, Clock clock, Mailer mailer, PermissionHolders holders) {
        this.holders = holders;
        this.jdbc = jdbc;
        this.clock = clock;
        this.mailer = mailer;
    }

    void send(Collection<String> usernames, Kind kind, long hazardId, String message) {
        sendAll(List.of(new Outgoing(usernames, kind, hazardId, message)));
    }

    /** A notice about a hazard to some people, as {@link #sendAll} takes many. */
    public record Outgoing(Collection<String> usernames, Kind kind, long hazardId, String message) { }

    /** Several notices in one statement (a sweep's), each person's in order; e-mailed after the transaction commits. */
    public void sendAll(List<Outgoing> notices) {
        List<Row> rows = new ArrayList<>();
        for (Outgoing n : notices) rows.addAll(rows(n.usernames(), n.kind(), n.hazardId(), null, n.message()));
        write(rows);
    }

    /**
     * A notice about something other modules own (a task window closing, a checklist inspection to do), linking to
     * its page; written in the caller's transaction and e-mailed after it commits.
     */
    public void notify(Collection<String> usernames, Kind kind, String link, String message) {
        write(rows(usernames, kind, null, link, message));
    }

    /** One person's copy of a notice. */
    private record Row(String username, Kind kind, Long hazardId, String link, String message) { }

    /** A notice's rows: one per person named (each once, none for a null name), its text at most 500 characters. */
    private static List<Row> rows(Collection<String> usernames, Kind kind, Long hazardId, String link, String message) {
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

    /** The enterprise's accounts that may accept hazards: its safety managers and principals, the level above the rectifier. */
    public List<String> managersOf(long enterpriseId) {
        return holders.ofEnterprise(enterpriseId, "hazard:accept");
    }

    /**
     * Regulator accounts whose region covers the enterprise: the 属地 regulators a 重大隐患 is reported to. Industry
     * limits are left to the list pages, which filter by the full jurisdiction.
     */
    public List<String> regulatorsOf(long enterpriseId) {
        return holders.regulatorsOfArea(enterpriseId, "hazard:supervise");
    }

    public List<Notice> inbox(String username, int limit) {
        return jdbc.sql("select * from notice where username = :u order by id desc limit :n")
                .param("u", username).param("n", limit).query(Notice.class).list();
    }

    public long unread(String username) {
        return jdbc.sql("select count(*) from notice where username = :u and read_at is null").param("u", username)
                .query(Long.class).single();
    }

    public void markAllRead(String username) {
        jdbc.sql("update notice set read_at = :t where username = :u and read_at is null")
                .param("t", Timestamp.from(clock.instant())).param("u", username).update();
    }
}
