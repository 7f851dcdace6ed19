package cn.shuangkong.hazard;

import cn.shuangkong.access.PermissionHolders;
import cn.shuangkong.hazard.internal.Outbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The in-app inbox: one row per person and notice, written in the transaction of the change it reports (by
 * {@code internal.Outbox}, which also e-mails it after the commit).
 */
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
    private final Outbox outbox;
    private final PermissionHolders holders;

    Notices(JdbcClient jdbc, Clock clock, Outbox outbox, PermissionHolders holders) {
        this.holders = holders;
        this.jdbc = jdbc;
        this.clock = clock;
        this.outbox = outbox;
    }

    void send(Collection<String> usernames, Kind kind, long hazardId, String message) {
        outbox.send(usernames, kind, hazardId, message);
    }

    /**
     * A notice about something other modules own (a task window closing, a checklist inspection to do), linking to
     * its page; written in the caller's transaction and e-mailed after it commits.
     */
    public void notify(Collection<String> usernames, Kind kind, String link, String message) {
        outbox.notify(usernames, kind, link, message);
    }

    /** The enterprise's accounts that may accept hazards: its safety managers and principals, the level above the rectifier. */
    public List<String> managersOf(long enterpriseId) {
        return holders.ofEnterprise(enterpriseId, "hazard:accept");
    }

    /** The 属地 regulators a 重大隐患 is reported to ({@code internal.Outbox}, which the overdue sweep asks too). */
    List<String> regulatorsOf(long enterpriseId) {
        return outbox.regulatorsOf(enterpriseId);
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
