package cn.shuangkong.permit.internal;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Each minute, on one instance at a time, records the expiry of the permits whose validity has passed (ADR 0043), in
 * batches so that a backlog (after downtime) does not make one long transaction. Readers see a permit expired from the
 * moment its validity ends whether or not this has run yet ({@link Permits.Permit#statusAt}).
 */
@Component
public class PermitExpiry {

    public static final int BATCH = 200;

    private final Permits permits;

    public PermitExpiry(Permits permits) {
        this.permits = permits;
    }

    @Scheduled(cron = "${shuangkong.permit.expiry-cron:0 * * * * *}")
    @SchedulerLock(name = "permit-expiry", lockAtMostFor = "PT5M", lockAtLeastFor = "PT20S")
    void sweep() {
        while (permits.expireDue(BATCH) == BATCH) {
            // a full batch: there may be more
        }
    }
}
