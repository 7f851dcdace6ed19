package cn.shuangkong.supervision;

import cn.shuangkong.shared.AlarmRaised;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * When ratings are recomputed: after any committed change that belongs to an enterprise (a hazard registered or
 * closed, a task done, an enforcement finding, a risk re-graded — every module publishes {@link StateChanged}), after
 * a sensor alarm, and nightly for everyone (the time windows move even when nothing happens). The enterprises touched
 * by one transaction are recomputed once, after it commits, so a failed change leaves the rating as it was; a
 * recompute that fails stays owed in the event publication registry and is retried.
 */
@Component
class RatingTriggers {

    private static final Logger log = LoggerFactory.getLogger(RatingTriggers.class);
    static final String OWN_ENTITY = "enterprise-rating";

    private final EnterpriseRatings ratings;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    RatingTriggers(EnterpriseRatings ratings, JdbcClient jdbc, ApplicationEventPublisher events) {
        this.ratings = ratings;
        this.jdbc = jdbc;
        this.events = events;
    }

    @EventListener
    void on(StateChanged change) {
        if (change.enterpriseId() != null && !OWN_ENTITY.equals(change.entityType())) {
            stale(change.enterpriseId(), change.action());
        }
    }

    @EventListener
    void on(AlarmRaised alarm) {
        jdbc.sql("""
                insert into supervision_alarm (alarm_id, enterprise_id, level, title, raised_at) values (:a, :e, :l, :t, :at)
                on conflict (alarm_id) do nothing
                """).param("a", alarm.alarmId()).param("e", alarm.enterpriseId()).param("l", alarm.level())
                .param("t", alarm.title().length() > 300 ? alarm.title().substring(0, 300) : alarm.title())
                .param("at", Timestamp.from(alarm.raisedAt())).update();
        stale(alarm.enterpriseId(), "监测报警：" + alarm.level());
    }

    @Scheduled(cron = "${shuangkong.supervision.nightly-cron:0 30 2 * * *}", zone = "${shuangkong.time-zone:Asia/Shanghai}")
    @SchedulerLock(name = "rating-nightly", lockAtMostFor = "PT3H", lockAtLeastFor = "PT10M")
    void nightly() {
        int n = ratings.recomputeAll("每日例行计算");
        log.info("Nightly rating: {} enterprises", n);
    }

    /**
     * The rating of this enterprise is out of date: said once per enterprise and transaction, as an event that
     * Spring Modulith's registry records in that same transaction, so that the recompute below is owed until it
     * has succeeded — however it fails, it is retried (EventRetries), never logged away.
     */
    private void stale(long enterpriseId, String reason) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            @SuppressWarnings("unchecked")
            var said = (Set<Long>) TransactionSynchronizationManager.getResource(this);
            if (said == null) {
                Set<Long> fresh = new HashSet<>();
                TransactionSynchronizationManager.bindResource(this, fresh);
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        TransactionSynchronizationManager.unbindResourceIfPossible(RatingTriggers.this);
                    }
                });
                said = fresh;
            }
            if (!said.add(enterpriseId)) return;
        }
        events.publishEvent(new RatingStale(enterpriseId, reason.length() > 100 ? reason.substring(0, 100) : reason));
    }

    /**
     * After the change commits, in a transaction of its own (outside any transaction: at once, as before). A failure
     * propagates to Spring Modulith, which leaves the publication incomplete for EventRetries.
     */
    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void recompute(RatingStale stale) {
        ratings.recompute(Map.of(stale.enterpriseId(), stale.reason()));
    }

    /** An enterprise's rating no longer reflects its data; {@code reason} is recorded with the new rating. */
    record RatingStale(long enterpriseId, String reason) {
    }
}
