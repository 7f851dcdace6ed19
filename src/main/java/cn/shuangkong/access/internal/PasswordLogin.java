package cn.shuangkong.access.internal;

import cn.shuangkong.access.Accounts;
import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.shared.StateChanged;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * The one place where a username and password are checked, for the login page and for the token API alike. An unknown
 * name and a wrong password take the same path (the password is hashed against a stand-in hash) and get the same
 * answer; locks are per (name, client) and per client ({@link LoginThrottle}), and a disabled account is named as
 * such only to someone who knows its password.
 */
@Component
public class PasswordLogin implements AuthenticationProvider {

    public static final String BAD = "用户名或密码错误";
    public static final String LOCKED = "登录失败次数过多，已锁定15分钟，请稍后再试或联系管理员";

    private final Accounts accounts;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    private final ApplicationEventPublisher events;
    /**
     * A hash of a random password made by the same encoder, so that checking it costs what checking a real one does.
     * Its password was thrown away: no name that has no account can log in whatever it matches, and a hash made at
     * every start cost a BCrypt round of CPU while the start-up is CPU-bound (ADR 0067).
     */
    public static final String STAND_IN = "{bcrypt}$2a$10$GDHPhY2qTocBlzq1F0CYT.9Pmn4ALlBziV.mhNEr9VMmBJgxFFmiC";

    /**
     * {@link #STAND_IN}, or, for an encoder that wants a stronger hash than it (the cost must be the same as a real
     * one's), a fresh hash made beside the start-up rather than in it; the first login waits for it if it is not there.
     */
    private final CompletableFuture<String> standIn;

    public PasswordLogin(Accounts accounts, PasswordEncoder encoder, LoginThrottle throttle, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.throttle = throttle;
        this.events = events;
        this.standIn = !encoder.upgradeEncoding(STAND_IN) ? CompletableFuture.completedFuture(STAND_IN)
                : CompletableFuture.supplyAsync(() -> encoder.encode(java.util.UUID.randomUUID().toString()),
                task -> {
                    Thread thread = new Thread(task, "password-stand-in");
                    thread.setDaemon(true);
                    thread.start();
                });
    }

    /** Checks a login from {@code client} (the caller's address); every refusal is an {@code AuthenticationException}. */
    public CurrentUser check(String username, String password, String client) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (name.length() > 64) name = name.substring(0, 64);
        String from = client == null ? "" : client;
        var account = accounts.byUsername(name);
        // Always hash, locked or not, known or not: the answer's timing must not tell which.
        boolean matches = encoder.matches(password == null ? "" : password, account.map(Accounts.Account::passwordHash).orElseGet(standIn::join));
        if (throttle.locked(name, from)) {
            throw new LockedException(LOCKED);
        }
        if (account.isEmpty() || !matches) {
            var outcome = throttle.fail(name, from);
            if (outcome != LoginThrottle.Outcome.COUNTED) {
                events.publishEvent(new StateChanged("登录锁定", "user_account", account.map(a -> String.valueOf(a.id())).orElse(null),
                        (outcome == LoginThrottle.Outcome.CLIENT_LOCKED ? "客户端 " + from + " 多次登录失败，暂停其全部登录"
                                : name + " 自 " + from + " 连续密码错误，暂停该客户端登录此账号"),
                        account.map(Accounts.Account::enterpriseId).orElse(null), null));
            }
            throw new BadCredentialsException(BAD);
        }
        var a = account.get();
        if (!a.enabled()) {
            throw new DisabledException("账号已停用，请联系管理员");
        }
        throttle.succeeded(name, from);
        return accounts.toCurrentUser(a);
    }

    /**
     * Runs what a login over the API does for the account it has just checked (the token's issue) as that account, so
     * that the audit trail names who did it instead of "system": the request carries no credentials of its own yet.
     */
    public <T> T asSignedIn(CurrentUser user, java.util.function.Supplier<T> work) {
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String client = authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        CurrentUser user = check(authentication.getName(), String.valueOf(authentication.getCredentials()), client);
        return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
