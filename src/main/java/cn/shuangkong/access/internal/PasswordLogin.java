package cn.shuangkong.access.internal;

import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.shared.StateChanged;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
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
    public static final String CODE_NEEDED = "该账号已启用双因素认证：请同时提供动态验证码（code），或一个恢复码";
    public static final String CODE_BAD = "动态验证码错误或已使用过";
    public static final String ENROL_FIRST = "本平台要求此类账号启用双因素认证：请先在页面登录，于“我的账号 → 双因素认证”绑定身份验证器";

    private final CurrentUsers currentUsers;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    private final ApplicationEventPublisher events;
    private final SecondFactors factors;
    private final LoginLog log;
    private final Passwords passwords;
    private final StoredAccounts stored;
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

    public PasswordLogin(CurrentUsers currentUsers, PasswordEncoder encoder, LoginThrottle throttle, ApplicationEventPublisher events,
                         SecondFactors factors, LoginLog log, Passwords passwords, StoredAccounts stored) {
        this.currentUsers = currentUsers;
        this.encoder = encoder;
        this.throttle = throttle;
        this.events = events;
        this.factors = factors;
        this.log = log;
        this.passwords = passwords;
        this.stored = stored;
        this.standIn = !encoder.upgradeEncoding(STAND_IN) ? CompletableFuture.completedFuture(STAND_IN)
                : CompletableFuture.supplyAsync(() -> encoder.encode(java.util.UUID.randomUUID().toString()),
                task -> {
                    Thread thread = new Thread(task, "password-stand-in");
                    thread.setDaemon(true);
                    thread.start();
                });
    }

    /** Checks a login by password alone (an account without a second factor) from {@code client}; see the four-argument form. */
    public CurrentUser check(String username, String password, String client) {
        return check(username, password, null, client);
    }

    /**
     * Checks a login over the API from {@code client} (the caller's address) with the password and, for an account that
     * has enrolled a second factor ({@link SecondFactors}), its {@code code}; every refusal is an
     * {@code AuthenticationException}, and every answer is in the {@link LoginLog}. A right password is not counted as
     * a success until the code is right too: otherwise each right password would clear the count of wrong codes, and
     * the codes could be guessed without end.
     */
    public CurrentUser check(String username, String password, String code, String client) {
        var attempt = new Attempt(name(username), client, LoginLog.Channel.API);
        var a = password(attempt, password);
        if (factors.enabled(a.id())) {
            if (code == null || code.isBlank()) throw attempt.refused(a, LoginLog.Outcome.CODE_MISSING, new BadCredentialsException(CODE_NEEDED));
            secondFactor(attempt, a, code);
        } else if (factors.required(a.kind())) {
            throw attempt.refused(a, LoginLog.Outcome.NOT_ENROLLED, new InsufficientAuthenticationException(ENROL_FIRST));
        }
        var due = passwords.changeDue(a.id());
        if (due.isPresent()) {
            throw attempt.refused(a, LoginLog.Outcome.PASSWORD_CHANGE_DUE,
                    new InsufficientAuthenticationException(due.get() + "：请先在页面登录，于“修改密码”中修改，再通过 API 登录"));
        }
        return attempt.signedIn(a);
    }

    /**
     * The login page's second step: {@code accountId}'s password was right moments ago in this session (the first step
     * ended in {@link SecondFactorNeeded}), and now its {@code code}.
     */
    public CurrentUser secondStep(long accountId, String code, String client) {
        var a = stored.byId(accountId).orElseThrow(() -> new DisabledException("账号已停用，请联系管理员"));
        var attempt = new Attempt(a.username(), client, LoginLog.Channel.PAGE);
        if (!a.enabled()) throw attempt.refused(a, LoginLog.Outcome.DISABLED, new DisabledException("账号已停用，请联系管理员"));
        if (code == null || code.isBlank()) throw attempt.refused(a, LoginLog.Outcome.CODE_MISSING, new BadCredentialsException(CODE_NEEDED));
        secondFactor(attempt, a, code);
        return attempt.signedIn(a);
    }

    /** A sign-out of the page, for the log. */
    public void signedOut(CurrentUser user, String client) {
        log.record(user.username(), user.id(), client, LoginLog.Channel.PAGE, LoginLog.Outcome.LOGOUT);
    }

    private static String name(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /** One attempt to sign in: who, from where, by which way; its refusals and its success are logged as they happen. */
    private final class Attempt {
        final String name, from;
        final LoginLog.Channel channel;

        Attempt(String name, String client, LoginLog.Channel channel) {
            this.name = name;
            this.from = client == null ? "" : client;
            this.channel = channel;
        }

        <E extends RuntimeException> E refused(StoredAccounts.Account a, LoginLog.Outcome outcome, E refusal) {
            log.record(name, a == null ? null : a.id(), from, channel, outcome);
            return refusal;
        }

        CurrentUser signedIn(StoredAccounts.Account a) {
            throttle.succeeded(name, from);
            log.record(name, a.id(), from, channel, LoginLog.Outcome.SUCCESS);
            return currentUsers.of(a);
        }
    }

    /** The account whose password {@code password} is, or the refusal; counts a wrong one, counts no success. */
    private StoredAccounts.Account password(Attempt attempt, String password) {
        var account = stored.byUsername(attempt.name);
        // Always hash, locked or not, known or not: the answer's timing must not tell which.
        boolean matches = encoder.matches(password == null ? "" : password, account.map(StoredAccounts.Account::passwordHash).orElseGet(standIn::join));
        if (throttle.locked(attempt.name, attempt.from)) {
            throw attempt.refused(account.orElse(null), LoginLog.Outcome.LOCKED, new LockedException(LOCKED));
        }
        if (account.isEmpty() || !matches) {
            failed(attempt, account, "连续密码错误");
            throw attempt.refused(account.orElse(null), LoginLog.Outcome.BAD_PASSWORD, new BadCredentialsException(BAD));
        }
        var a = account.get();
        if (!a.enabled()) {
            throw attempt.refused(a, LoginLog.Outcome.DISABLED, new DisabledException("账号已停用，请联系管理员"));
        }
        return a;
    }

    /** Refuses a wrong or spent code as a wrong password is refused: counted per (name, client) and per client. */
    private void secondFactor(Attempt attempt, StoredAccounts.Account a, String code) {
        if (throttle.locked(attempt.name, attempt.from)) throw attempt.refused(a, LoginLog.Outcome.LOCKED, new LockedException(LOCKED));
        if (!factors.verify(a.id(), code)) {
            failed(attempt, java.util.Optional.of(a), "连续动态验证码错误");
            throw attempt.refused(a, LoginLog.Outcome.BAD_CODE, new BadCredentialsException(CODE_BAD));
        }
    }

    private void failed(Attempt attempt, java.util.Optional<StoredAccounts.Account> account, String what) {
        var outcome = throttle.fail(attempt.name, attempt.from);
        if (outcome != LoginThrottle.Outcome.COUNTED) {
            events.publishEvent(new StateChanged("登录锁定", "user_account", account.map(a -> String.valueOf(a.id())).orElse(null),
                    (outcome == LoginThrottle.Outcome.CLIENT_LOCKED ? "客户端 " + attempt.from + " 多次登录失败，暂停其全部登录"
                            : attempt.name + " 自 " + attempt.from + " " + what + "，暂停该客户端登录此账号"),
                    account.map(StoredAccounts.Account::enterpriseId).orElse(null), null));
        }
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

    /**
     * The login page's first step. An account with a second factor is not signed in here: the step ends in
     * {@link SecondFactorNeeded}, which the page's failure handler turns into the code page ({@code /login/code}).
     */
    @Override
    public Authentication authenticate(Authentication authentication) {
        String client = authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        var attempt = new Attempt(name(authentication.getName()), client, LoginLog.Channel.PAGE);
        var a = password(attempt, String.valueOf(authentication.getCredentials()));
        if (factors.enabled(a.id())) throw attempt.refused(a, LoginLog.Outcome.CODE_WAITING, new SecondFactorNeeded(a.id()));
        CurrentUser user = attempt.signedIn(a);
        return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
