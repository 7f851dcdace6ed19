package cn.shuangkong.supervision.internal;

import cn.shuangkong.monitoring.AlarmRaised;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When ratings are recomputed: after any committed change that belongs to an enterprise (a hazard registered or
 * closed, a task done, an enforcement finding, a risk re-graded — every module publishes {@link StateChanged}), after
 * a sensor alarm, and nightly for everyone (the time windows move even when nothing happens).
 * <p>
 * Off the request thread and debounced per enterprise (ADR 0023): a change writes a {@code rating_owed} row for its
 * enterprise just before it commits (one row however many changes), so a failed change owes nothing; a worker on
 * every instance drains the rows every {@code rating-debounce}, recomputing and deleting them in one transaction. A
 * recompute that fails, or an instance that dies, leaves its rows owed for the next run, on any instance.
 */
@Component
public class RatingTriggers {

    private static final Logger log = LoggerFactory.getLogger(RatingTriggers.class);
    static final String OWN_ENTITY = "enterprise-rating";
    /** Enterprises recomputed in one transaction of the worker. */
    private static final int BATCH = 100;

    private final EnterpriseRatings ratings;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;

    public RatingTriggers(EnterpriseRatings ratings, JdbcClient jdbc, Clock clock, TransactionTemplate tx) {
        this.ratings = ratings;
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * Changes of an enterprise that move no input of the rating: its people's accounts, roles and API tokens. An API
     * sign-in issues a token, so without this every sign-in recomputed the rating, and its page said it was computed
     * 因 签发API令牌.
     */
    private static final java.util.Set<String> NOT_INPUTS = java.util.Set.of("api_token", "user_account", "role");

    @EventListener
    void on(StateChanged change) {
        if (change.enterpriseId() != null && !OWN_ENTITY.equals(change.entityType()) && !NOT_INPUTS.contains(change.entityType())) {
            owe(change.enterpriseId(), change.action());
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
        owe(alarm.enterpriseId(), "监测报警：" + alarm.level());
    }

    @Scheduled(cron = "${shuangkong.supervision.nightly-cron:0 30 2 * * *}", zone = "${shuangkong.time-zone:Asia/Shanghai}")
    @SchedulerLock(name = "rating-nightly", lockAtMostFor = "PT3H", lockAtLeastFor = "PT10M")
    void nightly() {
        int n = ratings.recomputeAll("每日例行计算");
        log.info("Nightly rating: {} enterprises", n);
    }

    /**
     * The rating of this enterprise is out of date. In a transaction, the row is written just before it commits (the
     * last reason of the transaction's changes is kept): the row lock is then held only through the commit, and a
     * rolled-back change owes nothing. An existing row gets a new stamp, so that a worker that read it before this
     * change committed does not delete it (its delete waits for this commit and then finds another stamp).
     */
    private void owe(long enterpriseId, String reason) {
        String why = reason.length() > 100 ? reason.substring(0, 100) : reason;
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            write(Map.of(enterpriseId, why));
            return;
        }
        @SuppressWarnings("unchecked")
        var owed = (Map<Long, String>) TransactionSynchronizationManager.getResource(this);
        if (owed == null) {
            Map<Long, String> fresh = new LinkedHashMap<>();
            TransactionSynchronizationManager.bindResource(this, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public int getOrder() {
                    return Ordered.HIGHEST_PRECEDENCE; // before the audit chain's append: see ADR 0023 on lock order
                }

                @Override
                public void beforeCommit(boolean readOnly) {
                    write(fresh);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(RatingTriggers.this);
                }
            });
            owed = fresh;
        }
        owed.put(enterpriseId, why);
    }

    private void write(Map<Long, String> owed) {
        if (owed.isEmpty()) return;
        Timestamp now = Timestamp.from(clock.instant());
        // In id order, so that two transactions owing the same enterprises lock their rows in the same order; one
        // statement for the transaction's enterprises (the demo's 数据质量 check owed 57 one by one, ADR 0063).
        var sorted = owed.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        jdbc.sql("""
                insert into rating_owed (enterprise_id, reason, owed_since)
                select o.e, o.r, :t from unnest(cast(:e as bigint[]), cast(:r as text[])) with ordinality as o (e, r, seq)
                 order by o.seq
                on conflict (enterprise_id) do update set reason = excluded.reason, stamp = nextval('rating_owed_stamp')
                """).param("e", sorted.stream().map(Map.Entry::getKey).toArray(Long[]::new))
                .param("r", sorted.stream().map(Map.Entry::getValue).toArray(String[]::new)).param("t", now).update();
    }

    /**
     * Recomputes the ratings owed, on whichever instance gets there first (one worker at a time cluster-wide: the
     * others skip this run). The rows are read without a lock, so a change committing meanwhile never waits for a
     * recompute, and deleted after the new ratings are saved only if their stamp is still the one read: a change
     * that came in between leaves its row owed for the next run. A batch that fails is retried one enterprise at a
     * time, so that one enterprise whose recompute keeps failing (and stays owed) does not hold up the others.
     */
    @Scheduled(fixedDelayString = "${shuangkong.supervision.rating-debounce:PT1S}",
            initialDelayString = "${shuangkong.supervision.rating-debounce:PT1S}")
    public void drain() {
        int done;
        do {
            try {
                done = tx.execute(s -> recomputeOwed(null));
            } catch (RuntimeException batchFailed) {
                log.warn("Rating recompute failed for a batch, retrying one by one: {}", batchFailed.getMessage());
                done = 0;
                for (Long id : jdbc.sql("select enterprise_id from rating_owed order by owed_since, enterprise_id limit :n")
                        .param("n", BATCH).query(Long.class).list()) {
                    try {
                        tx.execute(s -> recomputeOwed(id));
                    } catch (RuntimeException failed) {
                        log.warn("Rating recompute failed for enterprise {}; it stays owed: {}", id, failed.getMessage());
                    }
                }
            }
        } while (done == BATCH);
    }

    /** Recomputes up to a batch of owed ratings, or the one of {@code only}; how many (0 if another worker is at it). */
    private int recomputeOwed(Long only) {
        if (!ratings.tryLockRecomputes()) return 0;
        record Owed(long enterpriseId, String reason, long stamp) { }
        List<Owed> owed = jdbc.sql("""
                select enterprise_id, reason, stamp from rating_owed where cast(:only as bigint) is null or enterprise_id = :only
                 order by owed_since, enterprise_id limit :n""")
                .param("only", only).param("n", BATCH).query(Owed.class).list();
        if (owed.isEmpty()) return 0;
        Map<Long, String> reasons = new LinkedHashMap<>();
        owed.forEach(o -> reasons.put(o.enterpriseId(), o.reason()));
        ratings.recompute(reasons);
        jdbc.sql("""
                delete from rating_owed o using unnest(cast(:ids as bigint[]), cast(:stamps as bigint[])) as done(id, stamp)
                 where o.enterprise_id = done.id and o.stamp = done.stamp""")
                .param("ids", owed.stream().map(Owed::enterpriseId).toArray(Long[]::new))
                .param("stamps", owed.stream().map(Owed::stamp).toArray(Long[]::new)).update();
        return owed.size();
    }
}
