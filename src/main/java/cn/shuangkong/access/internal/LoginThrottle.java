package cn.shuangkong.access.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per (name, client) and per client, within a window as long as the lockout. A pair that fails
 * {@code maxPerPair} times is locked; a client that fails {@code maxPerClient} times, whatever the names, is locked
 * for every name. A success clears only its pair: a client must not wipe its record by signing in to an account it owns.
 */
@Component
public class LoginThrottle {

    /** What a failure led to: nothing yet, or a lock just now (of the pair, or of the whole client). */
    public enum Outcome { COUNTED, PAIR_LOCKED, CLIENT_LOCKED }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final int maxPerPair;
    private final int maxPerClient;
    private final Duration lockout;

    public LoginThrottle(JdbcClient jdbc, Clock clock, @Value("${shuangkong.security.max-failed-logins}") int maxPerPair,
                  @Value("${shuangkong.security.max-failed-logins-per-client}") int maxPerClient,
                  @Value("${shuangkong.security.lockout}") Duration lockout) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxPerPair = maxPerPair;
        this.maxPerClient = maxPerClient;
        this.lockout = lockout;
    }

    public boolean locked(String username, String client) {
        return jdbc.sql("""
                select exists(select 1 from login_failure where username = :u and client = :c and locked_until > :now)
                    or exists(select 1 from login_client_failure where client = :c and locked_until > :now)
                """).param("u", username).param("c", client).param("now", Timestamp.from(clock.instant()))
                .query(Boolean.class).single();
    }

    public Outcome fail(String username, String client) {
        Instant now = clock.instant();
        boolean pair = count("insert into login_failure (username, client, failures, first_at) values (:u, :c, 1, :now)"
                + " on conflict (username, client) do update set", maxPerPair, username, client, now);
        boolean all = count("insert into login_client_failure (client, failures, first_at) values (:c, 1, :now)"
                + " on conflict (client) do update set", maxPerClient, null, client, now);
        return all ? Outcome.CLIENT_LOCKED : pair ? Outcome.PAIR_LOCKED : Outcome.COUNTED;
    }

    /** Adds one failure to a counter (a new window if the last one is over); true if this one locked it. */
    private boolean count(String upsert, int max, String username, String client, Instant now) {
        String table = username == null ? "login_client_failure" : "login_failure";
        String fresh = table + ".first_at <= :windowStart";
        var sql = jdbc.sql(upsert + """
                 failures = case when %1$s then 1 else %2$s.failures + 1 end,
                       first_at = case when %1$s then :now else %2$s.first_at end
                returning failures
                """.formatted(fresh, table))
                .param("c", client).param("now", Timestamp.from(now)).param("windowStart", Timestamp.from(now.minus(lockout)));
        if (username != null) sql = sql.param("u", username);
        int failures = sql.query(Integer.class).single();
        if (failures < max) return false;
        jdbc.sql("update " + table + " set locked_until = :until, failures = 0, first_at = :now where client = :c"
                        + (username == null ? "" : " and username = :u"))
                .param("until", Timestamp.from(now.plus(lockout))).param("now", Timestamp.from(now)).param("c", client)
                .params(username == null ? java.util.Map.of() : java.util.Map.of("u", username)).update();
        return true;
    }

    void succeeded(String username, String client) {
        jdbc.sql("delete from login_failure where username = :u and client = :c").param("u", username).param("c", client).update();
    }

    /** An admin's 解锁: every pair of the name, from every client. */
    void release(String username) {
        jdbc.sql("delete from login_failure where username = :u").param("u", username).update();
    }
}
