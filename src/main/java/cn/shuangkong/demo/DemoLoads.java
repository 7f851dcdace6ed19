package cn.shuangkong.demo;

import cn.shuangkong.shared.TransactionLocks;
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

    /**
     * Reserves {@code n} ids of a table's identity column, in the order single inserts would have taken them, so that a
     * loader can insert a tree (rows naming their parent) as one batch instead of a round trip per row (issue 12 item 9:
     * the demo load is round trips, not work) and still give each row the id it always had.
     */
    static java.util.List<Long> reserveIds(JdbcClient jdbc, String table, int n) {
        return jdbc.sql("select nextval(pg_get_serial_sequence(:t, 'id')) as id from generate_series(1, :n) order by id")
                .param("t", table).param("n", n).query(Long.class).list();
    }

    /**
     * A demo photo, shipped as the PNG file the loaders used to draw at every start (src/main/resources/demo/photos):
     * drawing it loaded Java2D, fonts and the PNG writer on the path to ready for a picture that never changes (ADR 0046).
     */
    static byte[] photo(String file) {
        try (var in = DemoLoads.class.getResourceAsStream("/demo/photos/" + file)) {
            if (in == null) throw new IllegalStateException("demo photo missing: " + file);
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void holdUntilCommit(JdbcClient jdbc) {
        TransactionLocks.waitFor(jdbc, ClusterLocks.DEMO_LOAD);
    }
}
