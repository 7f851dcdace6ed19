package cn.shuangkong.emergency.internal;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.access.PermissionHolders;
import cn.shuangkong.hazard.Notices;
import cn.shuangkong.shared.StateChanged;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * 应急提醒: reminds an enterprise's emergency managers, in the platform's one inbox ({@link Notices}, e-mailed when
 * configured), of equipment and materials expiring within the configured days, and tells neighbours of a 相邻单位告知.
 * Each expiry date reminds once, whatever the number of sweeps or instances; a renewed item (new expiry date) reminds
 * again when it in turn comes near.
 */
@Component
public class EmergencyReminders {

    private final JdbcClient jdbc;
    private final Notices notices;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int days;
    private final PermissionHolders holders;

    EmergencyReminders(JdbcClient jdbc, Notices notices, ApplicationEventPublisher events, Clock clock,
                       @Value("${shuangkong.emergency.expiry-reminder-days:30}") int days, PermissionHolders holders) {
        this.jdbc = jdbc;
        this.holders = holders;
        this.notices = notices;
        this.events = events;
        this.clock = clock;
        this.days = days;
    }

    @Scheduled(cron = "${shuangkong.emergency.expiry-cron:0 20 * * * *}")
    @SchedulerLock(name = "emergency-reminders", lockAtMostFor = "PT30M", lockAtLeastFor = "PT5M")
    void scheduled() {
        sweep();
    }

    private record Due(long id, long enterpriseId, String regionCode, String category, String name, String location, LocalDate expiresOn) { }

    /** Reminds of every item expiring within the configured days (or already expired) not yet reminded for that date. */
    @Transactional
    public int sweep() {
        LocalDate today = LocalDate.now(clock);
        List<Due> due = jdbc.sql("""
                select r.id, r.enterprise_id, e.region_code, r.category, r.name, r.location, r.expires_on
                  from emergency_resource r join (%s) e on e.id = r.enterprise_id
                 where r.expires_on is not null and r.expires_on <= :limit and r.retired_at is null
                   and (r.reminded_for is null or r.reminded_for <> r.expires_on)
                 order by r.id for update of r skip locked
                """.formatted(OrganizationFacts.enterprises())).param("limit", today.plusDays(days)).query(Due.class).list();
        for (Due d : due) {
            String what = (d.category().equals("EQUIPMENT") ? "应急装备" : "应急物资") + "「" + d.name() + "」（" + d.location() + "）";
            String message = d.expiresOn().isBefore(today) ? what + "已于 " + d.expiresOn() + " 过期，请立即更换"
                    : what + "将于 " + d.expiresOn() + " 到期，请及时更换或检验";
            send(managersOf(d.enterpriseId()), Notices.Kind.EMERGENCY_EXPIRY, message, "/emergency/resources#resource-" + d.id());
            jdbc.sql("update emergency_resource set reminded_for = expires_on where id = :id").param("id", d.id()).update();
            events.publishEvent(new StateChanged("到期提醒", "emergency_resource", String.valueOf(d.id()), message,
                    d.enterpriseId(), d.regionCode()));
        }
        return due.size();
    }

    void send(Collection<String> usernames, Notices.Kind kind, String message, String link) {
        notices.notify(usernames, kind, link, message);
    }

    /** The enterprise's accounts that maintain its emergency records. */
    List<String> managersOf(long enterpriseId) {
        return holders.ofEnterprise(enterpriseId, "emergency:register:write");
    }
}
