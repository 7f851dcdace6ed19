package cn.shuangkong.contractor.internal;

import cn.shuangkong.hazard.Notices;
import cn.shuangkong.shared.StateChanged;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * 承包商资质到期提醒, as certificates are reminded: the enterprise's safety managers are told in the inbox of a
 * contractor's current 资质 expiring within the certificates' window or already expired. Each expiry date reminds
 * once, whatever the number of sweeps or instances; a renewed 资质 (a later one of the same kind) reminds no one.
 */
@Component
public class ContractorReminders {

    private final JdbcClient jdbc;
    private final Notices notices;
    private final ContractorRegister register;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ContractorReminders(JdbcClient jdbc, Notices notices, ContractorRegister register, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.notices = notices;
        this.register = register;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(cron = "${shuangkong.contractor.expiry-cron:0 35 * * * *}")
    @SchedulerLock(name = "contractor-qualification-reminders", lockAtMostFor = "PT30M", lockAtLeastFor = "PT5M")
    void scheduled() {
        sweep();
    }

    private record Due(long id, long contractorId, long enterpriseId, String contractor, String kind, String number,
                       LocalDate validUntil) { }

    /** Reminds of every current 资质 expiring within the window not yet reminded for its date; returns how many. */
    @Transactional
    public int sweep() {
        LocalDate today = LocalDate.now(clock);
        List<Due> due = jdbc.sql("""
                select q.id, q.contractor_id, q.enterprise_id, c.name as contractor, q.kind, q.number, q.valid_until
                  from contractor_qualification q join contractor c on c.id = q.contractor_id
                 where q.valid_until <= :limit and c.state = 'ACTIVE'
                   and (q.reminded_for is null or q.reminded_for <> q.valid_until)
                   and not exists (select 1 from contractor_qualification o where o.contractor_id = q.contractor_id and o.kind = q.kind
                                      and (o.valid_until > q.valid_until or (o.valid_until = q.valid_until and o.id > q.id)))
                 order by q.id for update of q skip locked
                """).param("limit", today.plusDays(register.soonDays())).query(Due.class).list();
        for (Due d : due) {
            String what = "承包商「" + d.contractor() + "」的" + d.kind() + "（编号 " + d.number() + "）";
            String message = d.validUntil().isBefore(today) ? what + "已于 " + d.validUntil() + " 过期，不得再承揽作业，请督促其换证"
                    : what + "将于 " + d.validUntil() + " 到期，请督促其及时换证";
            notices.notify(notices.managersOf(d.enterpriseId()), Notices.Kind.CONTRACTOR_EXPIRY,
                    "/contractors/" + d.contractorId() + "#qualifications", message);
            jdbc.sql("update contractor_qualification set reminded_for = valid_until where id = :id").param("id", d.id()).update();
            events.publishEvent(new StateChanged("承包商资质到期提醒", "contractor_qualification", String.valueOf(d.id()), message,
                    d.enterpriseId(), null));
        }
        return due.size();
    }
}
