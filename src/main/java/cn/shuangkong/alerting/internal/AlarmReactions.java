package cn.shuangkong.alerting.internal;

import cn.shuangkong.shared.Workers;
import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.monitoring.AlarmCleared;
import cn.shuangkong.monitoring.AlarmRaised;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A sensor alarm's alert, made off the thread that stored the reading (ADR 0051). The alarm's transaction only writes
 * what it owes — a row of {@code alarm_alert_owed}, so a rolled-back alarm owes nothing and one whose instance dies
 * right after its commit still gets its alert — and wakes this module's one worker after it commits. The worker takes
 * every owed row in order and makes their alerts, and deletes the rows, in one transaction: a burst of alarms is a few
 * commits, not one or three per alarm, and the ingestion worker never waits for the alert centre.
 *
 * <p>One worker at a time cluster-wide (an advisory lock), taking rows in the order they were written, so a raise is
 * applied before its clear; a raise that still arrives after its alarm was cleared (a retry) closes the alert it made.
 * A batch that fails is made row by row, so that one row the database refuses stays owed without holding the others;
 * whatever stays owed (a failure, a dead instance's rows) is taken again at the next poll, on any instance.
 */
@Component
class AlarmReactions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlarmReactions.class);
    /** One drainer cluster-wide: "SH" 0051. */
    private static final long LOCK = 0x5348_0051L;
    private static final int BATCH = 500;
    /** How long to wait for another instance's drain to finish before trying again. */
    private static final Duration BUSY = Duration.ofMillis(20);

    /** One owed row: a raise carries the alarm's facts as monitoring published them, a clear only the alarm. */
    record Owed(long id, long alarmId, boolean cleared, long enterpriseId, Long riskPointId, String level, String title,
                String link, Instant raisedAt) {
        AlarmRaised raised() {
            return new AlarmRaised(alarmId, enterpriseId, riskPointId, level, title, link, raisedAt);
        }
    }

    private enum Drained { ALL, MORE, BUSY, FAILED }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AlertEngine engine;
    private final Duration poll;
    /** Set by a commit that owes something; cleared by the worker as it starts a drain. */
    private final AtomicBoolean due = new AtomicBoolean(true);
    private volatile Thread worker;
    private volatile boolean running;

    AlarmReactions(JdbcClient jdbc, TransactionTemplate tx, AlertEngine engine,
                   @Value("${shuangkong.alerting.alarm-poll:PT5S}") Duration poll) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.engine = engine;
        this.poll = poll;
    }

    @EventListener
    void on(AlarmRaised alarm) {
        jdbc.sql("""
                insert into alarm_alert_owed (alarm_id, cleared, enterprise_id, risk_point_id, level, title, link, raised_at)
                values (:a, false, :e, :r, :l, :t, :link, :at)""")
                .param("a", alarm.alarmId()).param("e", alarm.enterpriseId()).param("r", alarm.riskPointId())
                .param("l", alarm.level()).param("t", alarm.title()).param("link", alarm.link())
                .param("at", alarm.raisedAt() == null ? null : Timestamp.from(alarm.raisedAt())).update();
        wakeAfterCommit();
    }

    @EventListener
    void on(AlarmCleared cleared) {
        jdbc.sql("insert into alarm_alert_owed (alarm_id, cleared, enterprise_id) values (:a, true, :e)")
                .param("a", cleared.alarmId()).param("e", cleared.enterpriseId()).update();
        wakeAfterCommit();
    }

    /** The worker is woken once the owed row is visible to it: after the alarm's commit, or now without a transaction. */
    private void wakeAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            wake();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wake();
            }
        });
    }

    private void wake() {
        due.set(true);
        Thread w = worker;
        if (w != null) LockSupport.unpark(w);
    }

    private void loop() {
        int failures = 0;
        while (running) {
            if (!due.getAndSet(false)) {
                // woken by a commit that owes, else the poll; after a failure sooner, 0.25 s doubling up to the poll
                long wait = failures == 0 ? poll.toNanos() : Math.min(poll.toNanos(), Duration.ofMillis(250L << Math.min(failures - 1, 8)).toNanos());
                LockSupport.parkNanos(this, wait);
                due.set(false);
            }
            Drained d;
            do {
                d = drainOnce();
            } while (d == Drained.MORE && running);
            failures = d == Drained.FAILED ? failures + 1 : 0;
            if (d == Drained.BUSY) { // another instance is draining and may have read its rows before ours committed
                due.set(true);
                LockSupport.parkNanos(this, BUSY.toNanos());
            }
        }
    }

    /** One batch of owed rows, oldest first; a batch that fails is made row by row. */
    Drained drainOnce() {
        try {
            return tx.execute(status -> react(null));
        } catch (RuntimeException batchFailed) {
            log.warn("Sensor alarm alerts failed for a batch, retrying one by one: {}", batchFailed.toString());
            List<Long> ids;
            try {
                ids = jdbc.sql("select id from alarm_alert_owed order by id limit :n").param("n", BATCH).query(Long.class).list();
            } catch (RuntimeException databaseAway) {
                return Drained.FAILED;
            }
            for (long id : ids) {
                try {
                    tx.execute(status -> react(id));
                } catch (RuntimeException failed) {
                    log.warn("Sensor alarm alert (owed row {}) failed; it stays owed: {}", id, failed.toString());
                }
            }
            return Drained.FAILED; // what failed is tried again after a pause, not at once
        }
    }

    /** Makes the alerts of a batch of owed rows (or of the one row {@code only}) and deletes those rows. */
    private Drained react(Long only) {
        if (!TransactionLocks.tryTake(jdbc, LOCK)) return Drained.BUSY;
        List<Owed> owed = jdbc.sql("""
                select id, alarm_id, cleared, enterprise_id, risk_point_id, level, title, link, raised_at from alarm_alert_owed
                 where cast(:only as bigint) is null or id = :only order by id limit :n""")
                .param("only", only).param("n", BATCH).query(Owed.class).list();
        if (owed.isEmpty()) return Drained.ALL;
        List<AlarmRaised> raised = new ArrayList<>();
        Set<Long> alarms = new LinkedHashSet<>();
        for (Owed o : owed) {
            if (!o.cleared()) raised.add(o.raised());
            alarms.add(o.alarmId());
        }
        engine.react(raised, alarms);
        jdbc.sql("delete from alarm_alert_owed where id = any(:ids)")
                .param("ids", owed.stream().map(Owed::id).toArray(Long[]::new)).update();
        return owed.size() == BATCH ? Drained.MORE : Drained.ALL;
    }

    @Override
    public void start() {
        running = true;
        worker = Workers.start("alarm-alerts", this::loop);
    }

    @Override
    public void stop() {
        running = false;
        // woken by an unpark, not an interrupt, which would break a drain's database call; a drain cut short by the
        // shutdown leaves its rows owed for the next start
        Workers.stop(worker, LockSupport::unpark, Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 3000; // stops after ingestion, whose last batches may still owe alerts
    }
}
