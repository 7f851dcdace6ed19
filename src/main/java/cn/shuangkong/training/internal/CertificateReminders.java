package cn.shuangkong.training.internal;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.access.People;
import cn.shuangkong.hazard.Notices;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.training.Certificates;
import cn.shuangkong.training.ContractorHolders;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * 证书到期提醒: the holder (if they have an account) and the enterprise's safety managers are told, in the one inbox,
 * of a certificate expiring within the configured days or already expired. Each expiry date reminds once, whatever the
 * number of sweeps or instances; a revoked certificate reminds no one; a renewal is a new certificate with its own date.
 */
@Component
public class CertificateReminders {

    private final JdbcClient jdbc;
    private final Notices notices;
    private final People people;
    private final Certificates certificates;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ObjectProvider<ContractorHolders> contractorHolders;

    CertificateReminders(JdbcClient jdbc, Notices notices, People people, Certificates certificates,
                         ApplicationEventPublisher events, Clock clock, ObjectProvider<ContractorHolders> contractorHolders) {
        this.contractorHolders = contractorHolders;
        this.jdbc = jdbc;
        this.notices = notices;
        this.people = people;
        this.certificates = certificates;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(cron = "${shuangkong.training.expiry-cron:0 25 * * * *}")
    @SchedulerLock(name = "certificate-reminders", lockAtMostFor = "PT30M", lockAtLeastFor = "PT5M")
    void scheduled() {
        sweep();
    }

    private record Due(long id, long enterpriseId, Long employeeId, Long contractorPersonId, String holder, String kind, String category,
                       String number, LocalDate expiresOn) { }

    /** Reminds of every certificate expiring within the configured days not yet reminded for its date; returns how many. */
    @Transactional
    public int sweep() {
        LocalDate today = LocalDate.now(clock);
        List<Due> due = jdbc.sql("""
                select c.id, c.enterprise_id, c.employee_id, c.contractor_person_id, m.name as holder, c.kind, c.category,
                       c.number, c.expires_on
                  from certificate c left join (%s) m on m.id = c.employee_id
                 where c.revoked_at is null and c.expires_on <= :limit
                   and (c.reminded_for is null or c.reminded_for <> c.expires_on)
                 order by c.id for update of c skip locked
                """.formatted(OrganizationFacts.employees())).param("limit", today.plusDays(certificates.soonDays())).query(Due.class).list();
        for (Due d : due) {
            // a contractor's person has no account: the safety managers are told, with a link to the contractor's page
            var contractor = d.contractorPersonId() == null ? Optional.<ContractorHolders.Holder>empty()
                    : Optional.ofNullable(contractorHolders.getIfAvailable()).flatMap(h -> h.holder(d.contractorPersonId()));
            String holder = d.employeeId() != null ? d.holder() : contractor.map(ContractorHolders.Holder::name).orElse("承包商人员");
            String link = contractor.map(ContractorHolders.Holder::link).orElse("/training#certificate-" + d.id());
            String what = holder + " 的" + Certificates.Kind.valueOf(d.kind()).label + "（" + d.category() + "，编号 " + d.number() + "）";
            String message = d.expiresOn().isBefore(today) ? what + "已于 " + d.expiresOn() + " 过期，持证作业须立即停止，请安排复审或换证"
                    : what + "将于 " + d.expiresOn() + " 到期，请及时复审或换证";
            List<String> to = new ArrayList<>(d.employeeId() == null ? List.of() : people.accountsOfEmployee(d.employeeId()));
            to.addAll(notices.managersOf(d.enterpriseId()));
            notices.notify(to, Notices.Kind.CERTIFICATE_EXPIRY, link, message);
            jdbc.sql("update certificate set reminded_for = expires_on where id = :id").param("id", d.id()).update();
            events.publishEvent(new StateChanged("证书到期提醒", "certificate", String.valueOf(d.id()), message, d.enterpriseId(), null));
        }
        return due.size();
    }
}
