package cn.shuangkong.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.audit.internal.AuditChain;
import cn.shuangkong.audit.internal.AuditSealer;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.support.PlatformTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The chain sealed after commit (ADR 0038): writers append side by side, the sealer never seals past a writer that
 * has still to commit, the database lets a record be sealed once and changed in no other way, and the verifier
 * reports a record sealed out of order and a sealer that has stopped.
 */
class AuditSealingTest extends PlatformTest {

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditSealer sealer;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DataSource dataSource;

    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void a_writer_commits_while_another_is_committing_and_nothing_is_sealed_past_the_one_still_committing() throws Exception {
        String tag = "封存-" + UUID.randomUUID().toString().substring(0, 8);
        var appended = new CountDownLatch(1);
        var go = new CountDownLatch(1);
        var pool = Executors.newSingleThreadExecutor();
        // The scheduled sealers are kept out (they would queue for the chain and make the second writer wait behind them).
        try (var sealing = dataSource.getConnection(); var lock = sealing.prepareStatement("select pg_advisory_lock(?)")) {
            lock.setLong(1, AuditSealer.SEALING);
            lock.execute();
            try {
                var first = pool.submit(() -> transactions.executeWithoutResult(tx -> {
                    events.publishEvent(new StateChanged(tag, "probe", "first", "先开始提交", null, null));
                    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public int getOrder() {
                            return Ordered.LOWEST_PRECEDENCE; // after the trail's append, before the commit
                        }

                        @Override
                        public void beforeCommit(boolean readOnly) {
                            appended.countDown();
                            try {
                                go.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    });
                }));
                assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();

                // the first holds its append open: the second appends and commits all the same
                transactions.executeWithoutResult(tx -> events.publishEvent(new StateChanged(tag, "probe", "second", "后提交", null, null)));
                assertThat(hashOf(tag, "second")).as("committed, not yet sealed").isNull();
                assertThat(sealer.sealIfFree()).as("the first has an id below and has not committed").isZero();
                assertThat(hashOf(tag, "second")).isNull();

                go.countDown();
                first.get(30, TimeUnit.SECONDS);
            } finally {
                go.countDown();
                try (var unlock = sealing.prepareStatement("select pg_advisory_unlock(?)")) {
                    unlock.setLong(1, AuditSealer.SEALING);
                    unlock.execute();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        sealer.seal();
        long firstId = idOf(tag, "first"), secondId = idOf(tag, "second");
        assertThat(firstId).isLessThan(secondId);
        assertThat(hashOf(tag, "first")).isNotNull();
        assertThat(hashOf(tag, "second")).isNotNull();
        String beforeSecond = jdbc.sql("select hash from audit_record where id < :id order by id desc limit 1").param("id", secondId)
                .query(String.class).single();
        assertThat(jdbc.sql("select prev_hash from audit_record where id = :id").param("id", secondId).query(String.class).single())
                .isEqualTo(beforeSecond);
        var v = trail.verify();
        assertThat(v.intact()).as(String.valueOf(v.findings())).isTrue();
    }

    @Test
    void the_application_seals_a_record_once_and_changes_nothing_else() {
        trail.on(new StateChanged("封存测试", "probe", "once", "只封存一次", null, null));
        sealer.seal();
        long id = idOf("封存测试", "once");
        assertThat(hashOf("封存测试", "once")).isNotNull();
        assertThatThrownBy(() -> jdbc.sql("update audit_record set hash = :h, prev_hash = :h where id = :id")
                .param("h", AuditChain.GENESIS).param("id", id).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("update audit_record set summary = '无异常' where id = :id").param("id", id).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_record where id = :id").param("id", id).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
    }

    @Test
    void a_record_sealed_after_an_unsealed_one_and_a_stopped_sealer_are_findings() throws Exception {
        for (int i = 1; i <= 2; i++) trail.on(new StateChanged("封存顺序测试", "probe", "order-" + i, "第 " + i + " 条", null, null));
        sealer.seal();
        long first = idOf("封存顺序测试", "order-1"), second = idOf("封存顺序测试", "order-2");
        try (var db = new Tampering(postgres).save(first)) {
            db.unguarded("update audit_record set hash = null, prev_hash = null where id = ?", first);
            var v = trail.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenId()).isBetween(first, second);
            assertThat(v.reason()).isEqualTo("编号 " + second + " 的记录已封存入链，而其前面编号 " + first + " 的记录尚未封存：封存顺序被破坏，记录被插入或改动");
        }
        try (var db = new Tampering(postgres)) { // holds the chain: nothing is appended or sealed meanwhile
            db.exec("insert into audit_record (occurred_at, actor, action, entity_type, entity_id, summary, hash_version) values (?, 'system', '封存停滞测试', 'probe', 'stale', '待封存', 2)",
                    java.sql.Timestamp.from(clock.instant()));
            long unsealed = idOf("封存停滞测试", "stale");
            try {
                assertThat(trail.verify().intact()).as("a record committed moments ago waits for its seal").isTrue();
                clock.advance(Duration.ofMinutes(2));
                var v = trail.verify();
                assertThat(v.intact()).isFalse();
                assertThat(v.findings()).anyMatch(f -> f.contains("仍未封存") && f.contains("编号 " + unsealed));
            } finally {
                clock.advance(Duration.ofMinutes(-2));
                db.unguarded("delete from audit_record where id = ?", unsealed);
            }
        }
        var after = trail.verify();
        assertThat(after.intact()).as(String.valueOf(after.findings())).isTrue();
    }

    private long idOf(String action, String entityId) {
        return jdbc.sql("select id from audit_record where action = :a and entity_id = :e").param("a", action).param("e", entityId)
                .query(Long.class).single();
    }

    /** The record's hash, or null while it is unsealed. */
    private String hashOf(String action, String entityId) {
        return jdbc.sql("select coalesce(hash, '') from audit_record where action = :a and entity_id = :e").param("a", action)
                .param("e", entityId).query(String.class).optional().filter(h -> !h.isEmpty()).orElse(null);
    }
}
