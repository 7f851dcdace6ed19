package cn.shuangkong.shared;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * PostgreSQL advisory locks held until the caller's transaction ends: how work that must happen one at a time
 * cluster-wide (the audit chain, a rating recompute, one exchange batch, one client's public reports, the demo load)
 * takes its turn across instances. A key is a constant of the module that owns the work, or a name hashed by the
 * database ({@code hashtextextended}, 64 bits), so that two kinds of work never share a key by accident.
 * <p>
 * Outside a transaction such a lock would be released when its statement ends, guarding nothing: every method
 * refuses to run there, so that a caller that lost its {@code @Transactional} fails at once rather than silently.
 */
public final class TransactionLocks {

    private TransactionLocks() {
    }

    /** Waits until this transaction holds the lock {@code key} alone. */
    public static void waitFor(JdbcClient jdbc, long key) {
        run(jdbc, "select pg_advisory_xact_lock(:k)", key);
    }

    /** Waits until this transaction holds the lock named {@code name} alone. */
    public static void waitFor(JdbcClient jdbc, String name) {
        inTransaction();
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:k, 0))").param("k", name).query(Object.class).single();
    }

    /**
     * Waits until this transaction holds every lock named, taken one after the other in sorted order (so that two
     * transactions naming some of the same cannot each hold one the other waits for), in one statement however many.
     */
    public static void waitForAll(JdbcClient jdbc, java.util.Collection<String> names) {
        inTransaction();
        if (names.isEmpty()) return;
        jdbc.sql("""
                select count(pg_advisory_xact_lock(hashtextextended(k, 0)))
                  from (select distinct k from unnest(cast(:k as text[])) k order by k) s""")
                .param("k", names.toArray(String[]::new)).query(Long.class).single();
    }

    /** Waits until this transaction holds the lock {@code key} beside other shared holders (none holding it alone). */
    public static void waitForShared(JdbcClient jdbc, long key) {
        run(jdbc, "select pg_advisory_xact_lock_shared(:k)", key);
    }

    /** Takes the lock {@code key} for this transaction if nobody holds it; whether it did. */
    public static boolean tryTake(JdbcClient jdbc, long key) {
        inTransaction();
        return jdbc.sql("select pg_try_advisory_xact_lock(:k)").param("k", key).query(Boolean.class).single();
    }

    private static void run(JdbcClient jdbc, String sql, long key) {
        inTransaction();
        jdbc.sql(sql).param("k", key).query(Object.class).single();
    }

    private static void inTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A transaction-scoped advisory lock taken outside a transaction guards nothing");
        }
    }
}
