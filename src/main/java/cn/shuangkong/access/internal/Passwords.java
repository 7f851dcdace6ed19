package cn.shuangkong.access.internal;

import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changing one's own password, under the {@link PasswordPolicy}. The form asks for the current password, so that a
 * borrowed session cannot take the account over; repeated wrong answers lock the form, and a change ends the
 * account's other sessions and its API tokens.
 */
@Service
public class Passwords {

    private final StoredAccounts accounts;
    private final PasswordEncoder encoder;
    private final AccountSessions sessions;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate separately;
    private final int maxFailures;
    private final Duration lockout;

    Passwords(StoredAccounts accounts, PasswordEncoder encoder, AccountSessions sessions, ApplicationEventPublisher events,
              JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions,
              @Value("${shuangkong.security.max-failed-logins}") int maxFailures,
              @Value("${shuangkong.security.lockout}") Duration lockout) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.sessions = sessions;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    /** Changes the password of {@code user}, whose current session ({@code keepSessionId}) stays signed in. */
    @Transactional
    public void change(CurrentUser user, String current, String next, String repeat, String keepSessionId) {
        var account = accounts.byId(user.id()).orElseThrow();
        Instant now = clock.instant();
        if (account.passwordChangeLockedUntil() != null && account.passwordChangeLockedUntil().isAfter(now)) {
            throw new DomainException(HttpStatus.TOO_MANY_REQUESTS, "当前密码连续输错" + maxFailures + "次，修改密码已暂停"
                    + lockout.toMinutes() + "分钟，请稍后再试", null);
        }
        if (current == null || !encoder.matches(current, account.passwordHash())) {
            // counted in a transaction of its own: the refusal below rolls this one back
            boolean locked = Boolean.TRUE.equals(separately.execute(tx -> wrongCurrent(user, now)));
            throw locked
                    ? new DomainException(HttpStatus.TOO_MANY_REQUESTS, "当前密码连续输错" + maxFailures + "次，修改密码已暂停"
                            + lockout.toMinutes() + "分钟，请稍后再试", null)
                    : DomainException.invalid("current", "当前密码不正确");
        }
        if (next == null || !next.equals(repeat)) {
            throw DomainException.invalid("repeat", "两次输入的新密码不一致");
        }
        PasswordPolicy.problemWith(user.username(), next).ifPresent(p -> {
            throw DomainException.invalid("next", p);
        });
        jdbc.sql("""
                update user_account set password_hash = :h, password_change_failures = 0, password_change_locked_until = null
                 where id = :id""").param("h", encoder.encode(next)).param("id", user.id()).update();
        int[] revoked = sessions.revoke(user.id(), user.username(), keepSessionId);
        events.publishEvent(new StateChanged("修改密码", "user_account", String.valueOf(user.id()),
                user.username() + "（结束其他会话 " + revoked[0] + " 个，吊销API令牌 " + revoked[1] + " 个）", user.enterpriseId(), null));
    }

    private boolean wrongCurrent(CurrentUser user, Instant now) {
        int failures = jdbc.sql("update user_account set password_change_failures = password_change_failures + 1 where id = :id"
                        + " returning password_change_failures").param("id", user.id()).query(Integer.class).single();
        if (failures < maxFailures) return false;
        jdbc.sql("update user_account set password_change_failures = 0, password_change_locked_until = :until where id = :id")
                .param("until", Timestamp.from(now.plus(lockout))).param("id", user.id()).update();
        events.publishEvent(new StateChanged("修改密码锁定", "user_account", String.valueOf(user.id()),
                user.username() + " 修改密码时当前密码连续输错" + maxFailures + "次", user.enterpriseId(), null));
        return true;
    }
}
