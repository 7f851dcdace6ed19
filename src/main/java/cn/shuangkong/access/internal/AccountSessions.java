package cn.shuangkong.access.internal;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ends what an account has signed in elsewhere: its web sessions (Spring Session's table, keyed by principal name)
 * and its API tokens. Called when the password changes (someone else may know the old one) and when an admin stops
 * the account; in the caller's transaction, so a refused change revokes nothing.
 */
@Component
class AccountSessions {

    private final JdbcClient jdbc;
    private final Clock clock;

    AccountSessions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Revokes every session but {@code keepSessionId} (null: all of them) and every API token; the counts revoked. */
    int[] revoke(long userId, String username, String keepSessionId) {
        int sessions = jdbc.sql("delete from spring_session where principal_name = :u and session_id is distinct from :keep")
                .param("u", username).param("keep", keepSessionId).update();
        int tokens = jdbc.sql("update api_token set revoked_at = :now where user_id = :id and revoked_at is null")
                .param("now", Timestamp.from(clock.instant())).param("id", userId).update();
        return new int[] {sessions, tokens};
    }
}
