package cn.shuangkong.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.support.PlatformTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The chain is appended just before each transaction commits (ADR 0023): eight writers at once, some transactions
 * with several changes and some rolled back, leave exactly the committed changes, in order, and a chain that verifies.
 */
class ConcurrentAppendTest extends PlatformTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    AuditTrail trail;

    @Test
    void eight_concurrent_writers_leave_every_committed_change_and_a_chain_that_verifies() throws Exception {
        String tag = "并发-" + UUID.randomUUID().toString().substring(0, 8);
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        int n = i;
                        transactions.executeWithoutResult(tx -> {
                            events.publishEvent(new StateChanged(tag, "probe", writer + "-" + n, "第一步", null, null));
                            events.publishEvent(new StateChanged(tag, "probe", writer + "-" + n, "第二步", null, null));
                            if (n % 5 == 4) tx.setRollbackOnly();
                        });
                    }
                }));
            }
            for (var f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        List<String> steps = jdbc.sql("select summary from audit_record where action = :a order by id").param("a", tag)
                .query(String.class).list();
        assertThat(steps).hasSize(8 * 12 * 2);
        for (String id : jdbc.sql("select distinct entity_id from audit_record where action = :a").param("a", tag).query(String.class).list()) {
            assertThat(jdbc.sql("select summary from audit_record where action = :a and entity_id = :e order by id")
                    .param("a", tag).param("e", id).query(String.class).list()).containsExactly("第一步", "第二步");
        }
        Verification v = trail.verify();
        assertThat(v.intact()).as(String.valueOf(v.findings())).isTrue();
    }
}
