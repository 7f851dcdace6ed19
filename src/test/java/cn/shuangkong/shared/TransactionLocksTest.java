package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.support.Patience;
import cn.shuangkong.support.PlatformTest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** A lock taken for a transaction is held by it alone until it ends, and none is taken outside a transaction. */
class TransactionLocksTest extends PlatformTest {

    private static final long KEY = 0x5348_7E57L;

    @Autowired
    TransactionTemplate tx;

    @Test
    void a_lock_is_the_holding_transactions_until_it_ends_and_a_shared_one_excludes_only_a_sole_holder() throws Exception {
        var other = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch held = new CountDownLatch(1), checked = new CountDownLatch(1);
            var holder = other.submit(() -> tx.executeWithoutResult(s -> {
                TransactionLocks.waitForShared(jdbc, KEY);
                held.countDown();
                await(checked);
            }));
            await(held);
            assertThat(tx.<Boolean>execute(s -> TransactionLocks.tryTake(jdbc, KEY))).as("held shared by another transaction").isFalse();
            tx.executeWithoutResult(s -> TransactionLocks.waitForShared(jdbc, KEY)); // a second shared holder does not wait
            checked.countDown();
            holder.get(10, TimeUnit.SECONDS);
            assertThat(tx.<Boolean>execute(s -> TransactionLocks.tryTake(jdbc, KEY))).as("free once that transaction ended").isTrue();
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void a_named_lock_makes_the_second_transaction_wait_for_the_first_to_commit() throws Exception {
        String name = "test-lock|" + System.nanoTime();
        var other = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch held = new CountDownLatch(1), release = new CountDownLatch(1);
            var first = other.submit(() -> tx.executeWithoutResult(s -> {
                TransactionLocks.waitFor(jdbc, name);
                held.countDown();
                await(release);
            }));
            await(held);
            long[] acquiredAt = new long[1];
            var second = Executors.newSingleThreadExecutor();
            try {
                var taken = second.submit(() -> tx.executeWithoutResult(s -> {
                    TransactionLocks.waitFor(jdbc, name);
                    acquiredAt[0] = System.nanoTime();
                }));
                Awaitility.await().alias("the second transaction waits for the lock").atMost(Patience.CONDITION).until(() ->
                        jdbc.sql("select count(*) from pg_locks where locktype = 'advisory' and not granted").query(Long.class).single() > 0);
                assertThat(taken).isNotDone();
                long released = System.nanoTime();
                release.countDown();
                taken.get(10, TimeUnit.SECONDS);
                assertThat(acquiredAt[0]).as("the second got the lock only after the first let go").isGreaterThan(released);
            } finally {
                second.shutdownNow();
            }
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void outside_a_transaction_a_lock_is_refused_rather_than_released_at_once() {
        assertThatThrownBy(() -> TransactionLocks.waitFor(jdbc, KEY)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TransactionLocks.tryTake(jdbc, KEY)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TransactionLocks.waitForAll(jdbc, java.util.List.of("a"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void every_lock_named_together_is_held_until_the_transaction_ends() throws Exception {
        String a = "test-all|a|" + System.nanoTime(), b = "test-all|b|" + System.nanoTime();
        var pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch held = new CountDownLatch(1), release = new CountDownLatch(1);
            var first = pool.submit(() -> tx.executeWithoutResult(s -> {
                TransactionLocks.waitForAll(jdbc, java.util.List.of(b, a, b)); // a repeat and any order: each once
                held.countDown();
                await(release);
            }));
            await(held);
            var second = pool.submit(() -> tx.executeWithoutResult(s -> TransactionLocks.waitFor(jdbc, a)));
            Awaitility.await().alias("a lock named with others is held too").atMost(Patience.CONDITION).until(() ->
                    jdbc.sql("select count(*) from pg_locks where locktype = 'advisory' and not granted").query(Long.class).single() > 0);
            assertThat(second).isNotDone();
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
