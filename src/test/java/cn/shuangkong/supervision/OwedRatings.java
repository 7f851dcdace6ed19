package cn.shuangkong.supervision;

import cn.shuangkong.support.Patience;
import static org.awaitility.Awaitility.await;

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
        await().alias("enterprise " + enterpriseId + " owes no rating recompute").atMost(Patience.CONDITION)
                .until(() -> !owed(jdbc, enterpriseId));
    }

    public static boolean owed(JdbcClient jdbc, long enterpriseId) {
        return jdbc.sql("select exists(select 1 from rating_owed where enterprise_id = :e)").param("e", enterpriseId)
                .query(Boolean.class).single();
    }
}
