package cn.shuangkong.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What pgjdbc's {@code autosave=conservative} (ADR 0048) costs, A/B at the same moment on one embedded PostgreSQL:
 * {@code ./mvnw -o -Pbench test -Dtest=AutosaveProfile}. A transaction shaped like a hazard step (the row locked,
 * three reads, an {@code update … returning}, an insert, an {@code insert … returning}), on one connection per setting,
 * in alternating blocks; the messages the driver sends for one such transaction (its own log: savepoints and syncs,
 * a sync being one round trip); and whether a transaction's savepoints overflow PostgreSQL's cache of 64
 * subtransactions per backend ({@code pg_stat_get_backend_subxact}), for the step and for a batch of 100 writes.
 */
@Tag("benchmark")
class AutosaveProfile {

    /** The driver's default, the platform's setting, and option 2 of ADR 0048 (never server-prepare) for comparison. */
    private static final String[] MODES = {"autosave=never", "autosave=conservative", "prepareThreshold=0"};

    @Test
    void a_hazard_step_shaped_transaction_with_and_without_autosave() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "autosave-profile");
        try (var pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
                .setPGStartupWait(Duration.ofSeconds(120)).start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            try (Connection setup = DriverManager.getConnection(url)) {
                setup.createStatement().execute("""
                        create table item (id bigint primary key, title text, state text, n int, changed_at timestamptz);
                        insert into item select i, 'title ' || i, 'OPEN', 0, now() from generate_series(1, 10000) i;
                        create table item_log (id bigserial primary key, item_id bigint, note text, at timestamptz default now());
                        analyze""");
            }
            Connection[] connections = new Connection[MODES.length];
            for (int m = 0; m < MODES.length; m++) {
                connections[m] = DriverManager.getConnection(url + "&" + MODES[m]);
                connections[m].setAutoCommit(false);
                for (int i = 0; i < 200; i++) step(connections[m], i); // warm: every statement server-prepared
            }
            System.out.printf("%n=== autosave A/B (ADR 0048), load %s ===%n", load());
            for (int m = 0; m < MODES.length; m++) {
                int[] sent = messagesOfOneStep(connections[m]);
                System.out.printf("  %-22s one step: 7 statements, %d SAVEPOINT sent, %d round trips (syncs)%n", MODES[m], sent[0], sent[1]);
            }
            long[] nanos = new long[MODES.length];
            int blocks = 20, perBlock = 250;
            for (int b = 0; b < blocks; b++) {
                for (int k = 0; k < MODES.length; k++) {
                    int m = (b + k) % MODES.length; // rotate which goes first
                    long t0 = System.nanoTime();
                    for (int i = 0; i < perBlock; i++) step(connections[m], b * perBlock + i);
                    nanos[m] += System.nanoTime() - t0;
                }
            }
            for (int m = 0; m < MODES.length; m++) {
                System.out.printf("  %-22s %d steps: %.1f µs a step (%.1f µs a statement)%n", MODES[m], blocks * perBlock,
                        nanos[m] / 1e3 / (blocks * perBlock), nanos[m] / 1e3 / (blocks * perBlock) / 7);
            }
            for (int m = 1; m < MODES.length; m++) {
                System.out.printf("  %s − the default: %+.1f µs a step, %+.1f %%%n", MODES[m],
                        (nanos[m] - nanos[0]) / 1e3 / (blocks * perBlock), 100.0 * (nanos[m] - nanos[0]) / nanos[0]);
            }
            System.out.printf("  load %s%n", load());
            try (Connection observer = DriverManager.getConnection(url)) {
                for (int m = 0; m < 2; m++) {
                    for (int writes : new int[] {7, 100}) {
                        System.out.printf("  %-22s a transaction of %3d update … returning: subtransactions %s%n",
                                MODES[m], writes, subtransactions(connections[m], observer, writes));
                    }
                }
            }
            for (Connection c : connections) c.close();
        }
    }

    private static void step(Connection c, int i) throws SQLException {
        long id = 1 + Math.floorMod(i * 7919L, 10000);
        query(c, "select * from item where id = ? for update", id);
        for (int r = 0; r < 3; r++) query(c, "select * from item where id = ?", 1 + (id + r) % 10000);
        query(c, "update item set n = n + 1, changed_at = now() where id = ? returning *", id);
        try (var s = c.prepareStatement("insert into item_log (item_id, note) values (?, 'step')")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
        query(c, "insert into item_log (item_id, note) values (?, 'step') returning id", id);
        c.commit();
    }

    private static void query(Connection c, String sql, long id) throws SQLException {
        try (var s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            try (var rs = s.executeQuery()) {
                while (rs.next()) rs.getObject(1);
            }
        }
    }

    /** The driver's own log of what it sends, for one step: SAVEPOINTs, and Syncs (each ends a round trip). */
    private static int[] messagesOfOneStep(Connection c) throws SQLException {
        Logger driver = Logger.getLogger("org.postgresql");
        var savepoints = new AtomicInteger();
        var syncs = new AtomicInteger();
        Handler counter = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String text = r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()); // the pattern and its arguments
                if (text.contains("SAVEPOINT PGJDBC_AUTOSAVE")) savepoints.incrementAndGet();
                if (text.contains("FE=> Sync")) syncs.incrementAndGet();
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        counter.setLevel(Level.ALL);
        Level before = driver.getLevel();
        driver.setLevel(Level.FINEST);
        driver.addHandler(counter);
        try {
            step(c, 1);
        } finally {
            driver.removeHandler(counter);
            driver.setLevel(before);
        }
        return new int[] {savepoints.get(), syncs.get()};
    }

    /** Holds a transaction of {@code writes} row-returning updates open and asks another session for its subtransactions. */
    private static String subtransactions(Connection c, Connection observer, int writes) throws SQLException {
        int pid;
        try (var rs = c.createStatement().executeQuery("select pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        for (int i = 0; i < writes; i++) query(c, "update item set n = n + 1 where id = ? returning *", 1 + i);
        try (var rs = observer.createStatement().executeQuery("""
                select (pg_stat_get_backend_subxact(b)).subxact_count, (pg_stat_get_backend_subxact(b)).subxact_overflowed
                  from pg_stat_get_backend_idset() b where pg_stat_get_backend_pid(b) = """ + pid)) {
            rs.next();
            return rs.getInt(1) + " cached" + (rs.getBoolean(2) ? ", OVERFLOWED" : ", not overflowed");
        } finally {
            c.rollback();
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
