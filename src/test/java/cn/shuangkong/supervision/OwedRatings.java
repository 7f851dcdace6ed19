package cn.shuangkong.supervision;

import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Ratings are recomputed off the request thread (ADR 0023): a test that reads a rating after a change first waits
 * until the enterprise owes no recompute. The owed row goes in the same transaction that saves the new rating, so
 * once it is gone the rating follows every change committed before.
 */
public final class OwedRatings {

    private OwedRatings() {
    }

    public static void awaitRecomputed(JdbcClient jdbc, long enterpriseId) {
        Instant deadline = Instant.now().plus(Patience.CONDITION);
        while (owed(jdbc, enterpriseId)) {
            assertThat(Instant.now()).as("enterprise %d still owes a rating recompute after %s", enterpriseId, Patience.CONDITION).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // poll, not a fixed wait
        }
    }

    public static boolean owed(JdbcClient jdbc, long enterpriseId) {
        return jdbc.sql("select exists(select 1 from rating_owed where enterprise_id = :e)").param("e", enterpriseId)
                .query(Boolean.class).single();
    }
}
