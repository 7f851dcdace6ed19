package cn.shuangkong.access.internal;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A login half done: the password was right, the code is still to come. Kept in the session (which lives on the
 * server, so it cannot be forged) for a few minutes; the code page reads it, and a new password step replaces it.
 */
public record PendingLogin(long accountId, Instant until) implements Serializable {

    static final String ATTRIBUTE = PendingLogin.class.getName();
    static final Duration LIFETIME = Duration.ofMinutes(5);

    static void start(HttpSession session, long accountId, Instant now) {
        session.setAttribute(ATTRIBUTE, new PendingLogin(accountId, now.plus(LIFETIME)));
    }

    /** The login pending in {@code session} and not yet expired at {@code now}. */
    public static Optional<PendingLogin> of(HttpSession session, Instant now) {
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof PendingLogin p)) return Optional.empty();
        return p.until().isAfter(now) ? Optional.of(p) : Optional.empty();
    }

    public static void end(HttpSession session) {
        if (session != null) session.removeAttribute(ATTRIBUTE);
    }
}
