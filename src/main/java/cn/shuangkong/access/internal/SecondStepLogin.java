package cn.shuangkong.access.internal;

import cn.shuangkong.access.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * The login page's second step ({@code /login/code}): checks the code of the login pending in the session and signs
 * the session in, as the form login would have — a new session id (no fixation), a new CSRF token, the context saved
 * where the web chain reads it.
 */
@Component
public class SecondStepLogin {

    private final PasswordLogin login;
    private final Clock clock;
    private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final HttpSessionCsrfTokenRepository csrf = new HttpSessionCsrfTokenRepository();

    SecondStepLogin(PasswordLogin login, Clock clock) {
        this.login = login;
        this.clock = clock;
    }

    /** Whether a login waits for its code in this request's session. */
    public boolean pending(HttpServletRequest request) {
        return pendingOf(request).isPresent();
    }

    private Optional<PendingLogin> pendingOf(HttpServletRequest request) {
        return PendingLogin.of(request.getSession(false), clock.instant());
    }

    /**
     * Signs the session in with {@code code}; empty when no login is pending (never begun, or expired). A wrong code is
     * refused with an {@code AuthenticationException} and the login stays pending; a lock ends it.
     */
    public Optional<CurrentUser> complete(String code, HttpServletRequest request, HttpServletResponse response) {
        var pending = pendingOf(request);
        if (pending.isEmpty()) return Optional.empty();
        CurrentUser user;
        try {
            user = login.secondStep(pending.get().accountId(), code, request.getRemoteAddr());
        } catch (org.springframework.security.authentication.AccountStatusException e) {
            PendingLogin.end(request.getSession(false));
            throw e;
        }
        PendingLogin.end(request.getSession(false));
        request.changeSessionId();
        csrf.saveToken(null, request, response);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        return Optional.of(user);
    }
}
