package cn.shuangkong.demo;

import cn.shuangkong.shared.ClusterLocks;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Instances that start together on one database load the demo once (ADR 0020): each loader takes this advisory lock
 * in its transaction before it looks for its marker, so a second instance waits for the first to commit and then
 * finds the marker. A loader that dies releases the lock with its connection.
 */
final class DemoLoads {

    private DemoLoads() {
    }

    /** Whether the part of the demo under this marker is already in the database. */
    static boolean loaded(JdbcClient jdbc, String marker) {
        return jdbc.sql("select count(*) from demo_marker where name = :n").param("n", marker).query(Long.class).single() > 0;
    }

    /** Records that the part under this marker is loaded, in the loader's own transaction. */
    static void markLoaded(JdbcClient jdbc, String marker, java.time.Clock clock) {
        jdbc.sql("insert into demo_marker (name, loaded_at) values (:n, :t)").param("n", marker)
                .param("t", java.sql.Timestamp.from(clock.instant())).update();
    }

    static void holdUntilCommit(JdbcClient jdbc) {
        jdbc.sql("select pg_advisory_xact_lock(:k)").param("k", ClusterLocks.DEMO_LOAD).query(Object.class).single();
    }
}
