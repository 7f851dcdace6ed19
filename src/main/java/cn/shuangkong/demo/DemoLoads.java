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

    static void holdUntilCommit(JdbcClient jdbc) {
        jdbc.sql("select pg_advisory_xact_lock(:k)").param("k", ClusterLocks.DEMO_LOAD).query(Object.class).single();
    }
}
