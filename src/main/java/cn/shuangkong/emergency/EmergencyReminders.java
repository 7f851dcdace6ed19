package cn.shuangkong.emergency;

import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * 应急提醒: the module's in-app inbox (the pattern of the hazard inbox) and the sweep that reminds an enterprise's
 * emergency managers of equipment and materials expiring within the configured days. Each expiry date reminds once,
 * whatever the number of sweeps or instances; a renewed item (new expiry date) reminds again.
 */
@Component
public class EmergencyReminders {

    /** What a reminder is about. */
    public enum Kind {
        EXPIRY("到期提醒"), NEIGHBOUR_NOTICE("相邻单位告知");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    public record Reminder(long id, String username, String kind, String message, String link, Instant createdAt, Instant readAt) {
        public String kindLabel() {
            return Kind.valueOf(kind).label;
        }
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int days;

    EmergencyReminders(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock,
                       @Value("${shuangkong.emergency.expiry-reminder-days:30}") int days) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.days = days;
    }

    @Scheduled(cron = "${shuangkong.emergency.expiry-cron:0 20 * * * *}")
    void scheduled() {
        sweep();
    }

    /** Reminds of every item expiring within the configured days (or already expired) not yet reminded for that date. */
    @Transactional
    public int sweep() {
        LocalDate today = LocalDate.now(clock);
        record Due(long id, long enterpriseId, String regionCode, String category, String name, String location, LocalDate expiresOn) { }
        List<Due> due = jdbc.sql("""
                select r.id, r.enterprise_id, e.region_code, r.category, r.name, r.location, r.expires_on
                  from emergency_resource r join enterprise e on e.id = r.enterprise_id
                 where r.expires_on is not null and r.expires_on <= :limit
                   and (r.reminded_for is null or r.reminded_for <> r.expires_on)
                 order by r.id for update of r skip locked
                """).param("limit", today.plusDays(days)).query(Due.class).list();
        for (Due d : due) {
            String what = (d.category().equals("EQUIPMENT") ? "应急装备" : "应急物资") + "「" + d.name() + "」（" + d.location() + "）";
            String message = d.expiresOn().isBefore(today) ? what + "已于 " + d.expiresOn() + " 过期，请立即更换"
                    : what + "将于 " + d.expiresOn() + " 到期，请及时更换或检验";
            send(managersOf(d.enterpriseId()), Kind.EXPIRY, message, "/emergency/resources#resource-" + d.id());
            jdbc.sql("update emergency_resource set reminded_for = expires_on where id = :id").param("id", d.id()).update();
            events.publishEvent(new StateChanged("到期提醒", "emergency_resource", String.valueOf(d.id()), message,
                    d.enterpriseId(), d.regionCode()));
        }
        return due.size();
    }

    void send(Collection<String> usernames, Kind kind, String message, String link) {
        Timestamp now = Timestamp.from(clock.instant());
        for (String u : new LinkedHashSet<>(usernames)) {
            jdbc.sql("insert into emergency_reminder (username, kind, message, link, created_at) values (:u, :k, :m, :l, :t)")
                    .param("u", u).param("k", kind.name()).param("m", message.length() > 500 ? message.substring(0, 500) : message)
                    .param("l", link).param("t", now).update();
        }
    }

    /** The enterprise's accounts that maintain its emergency records. */
    List<String> managersOf(long enterpriseId) {
        return jdbc.sql("""
                select distinct a.username from user_account a
                  join user_role ur on ur.user_id = a.id
                  join role_permission rp on rp.role_id = ur.role_id and rp.permission = 'emergency:register:write'
                 where a.enterprise_id = :e and a.enabled
                """).param("e", enterpriseId).query(String.class).list();
    }

    public List<Reminder> inbox(String username, int limit) {
        return jdbc.sql("select id, username, kind, message, link, created_at, read_at from emergency_reminder where username = :u order by id desc limit :n")
                .param("u", username).param("n", limit).query(Reminder.class).list();
    }

    public long unread(String username) {
        return jdbc.sql("select count(*) from emergency_reminder where username = :u and read_at is null").param("u", username)
                .query(Long.class).single();
    }

    public void markAllRead(String username) {
        jdbc.sql("update emergency_reminder set read_at = :t where username = :u and read_at is null")
                .param("t", Timestamp.from(clock.instant())).param("u", username).update();
    }
}
