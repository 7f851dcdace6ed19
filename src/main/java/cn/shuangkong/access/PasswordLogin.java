package cn.shuangkong.access;

import cn.shuangkong.shared.StateChanged;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The one place where a username and password are checked, for the login page and for the token API alike:
 * a locked account is refused before its password is looked at, and five failures lock it for fifteen minutes.
 */
@Component
public class PasswordLogin implements AuthenticationProvider {

    private final Accounts accounts;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final int maxFailures;
    private final Duration lockout;

    PasswordLogin(Accounts accounts, PasswordEncoder encoder, Clock clock, ApplicationEventPublisher events,
                  @Value("${shuangkong.security.max-failed-logins}") int maxFailures,
                  @Value("${shuangkong.security.lockout}") Duration lockout) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.clock = clock;
        this.events = events;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    public CurrentUser check(String username, String password) {
        var account = accounts.byUsername(username == null ? "" : username.trim())
                .orElseThrow(() -> new BadCredentialsException("用户名或密码错误"));
        if (!account.enabled()) {
            throw new DisabledException("账号已停用，请联系管理员");
        }
        if (account.lockedUntil() != null && account.lockedUntil().isAfter(clock.instant())) {
            throw new LockedException("密码连续输错" + maxFailures + "次，账号已锁定" + lockout.toMinutes() + "分钟");
        }
        if (password == null || !encoder.matches(password, account.passwordHash())) {
            accounts.recordFailure(account.id(), maxFailures, clock.instant().plus(lockout));
            if (account.failedAttempts() + 1 >= maxFailures) {
                events.publishEvent(new StateChanged("账号锁定", "user_account", String.valueOf(account.id()),
                        account.username() + " 连续" + maxFailures + "次密码错误", account.enterpriseId(), null));
            }
            throw new BadCredentialsException("用户名或密码错误");
        }
        accounts.recordSuccess(account.id());
        return accounts.toCurrentUser(account);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        CurrentUser user = check(authentication.getName(), String.valueOf(authentication.getCredentials()));
        return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
