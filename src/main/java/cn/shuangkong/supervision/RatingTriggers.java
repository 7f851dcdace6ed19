package cn.shuangkong.supervision;

import cn.shuangkong.shared.AlarmRaised;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * When ratings are recomputed: after any committed change that belongs to an enterprise (a hazard registered or
 * closed, a task done, an enforcement finding, a risk re-graded — every module publishes {@link StateChanged}), after
 * a sensor alarm, and nightly for everyone (the time windows move even when nothing happens). The enterprises touched
 * by one transaction are recomputed once, after it commits, so a failed change leaves the rating as it was.
 */
@Component
class RatingTriggers {

    private static final Logger log = LoggerFactory.getLogger(RatingTriggers.class);
    static final String OWN_ENTITY = "enterprise-rating";

    private final EnterpriseRatings ratings;
    private final JdbcClient jdbc;

    RatingTriggers(EnterpriseRatings ratings, JdbcClient jdbc) {
        this.ratings = ratings;
        this.jdbc = jdbc;
    }

    @EventListener
    void on(StateChanged change) {
        if (change.enterpriseId() != null && !OWN_ENTITY.equals(change.entityType())) {
            later(change.enterpriseId(), change.action());
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
        later(alarm.enterpriseId(), "监测报警：" + alarm.level());
    }

    @Scheduled(cron = "${shuangkong.supervision.nightly-cron:0 30 2 * * *}", zone = "${shuangkong.time-zone:Asia/Shanghai}")
    void nightly() {
        int n = ratings.recomputeAll("每日例行计算");
        log.info("Nightly rating: {} enterprises", n);
    }

    private void later(long enterpriseId, String reason) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            recompute(Map.of(enterpriseId, reason));
            return;
        }
        @SuppressWarnings("unchecked")
        var pending = (Map<Long, String>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Map<Long, String> fresh = new LinkedHashMap<>();
            TransactionSynchronizationManager.bindResource(this, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(RatingTriggers.this);
                    if (status == STATUS_COMMITTED) recompute(fresh);
                }
            });
            pending = fresh;
        }
        pending.putIfAbsent(enterpriseId, reason);
    }

    private void recompute(Map<Long, String> enterprises) {
        try {
            ratings.recompute(enterprises);
        } catch (RuntimeException e) {
            log.warn("Rating recompute failed for {}: {}", enterprises.keySet(), e.toString());
        }
    }
}
