package cn.shuangkong.access.internal;

import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
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

    public static final String MUST_CHANGE = "您的密码由管理员设置，请先修改为只有您知道的密码";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final StoredAccounts accounts;
    private final PasswordEncoder encoder;
    private final AccountSessions sessions;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate separately;
    private final int maxFailures;
    private final Duration lockout;
    private final Duration maxAge;

    Passwords(StoredAccounts accounts, PasswordEncoder encoder, AccountSessions sessions, ApplicationEventPublisher events,
              JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions,
              @Value("${shuangkong.security.max-failed-logins}") int maxFailures,
              @Value("${shuangkong.security.lockout}") Duration lockout,
              @Value("${shuangkong.security.password-max-age:0d}") Duration maxAge) {
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
        this.maxAge = maxAge;
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
        if (next.equals(current)) throw DomainException.invalid("next", "新密码不能与当前密码相同");
        jdbc.sql("""
                update user_account set password_hash = :h, password_change_failures = 0, password_change_locked_until = null,
                       password_must_change = false, password_changed_at = :now
                 where id = :id""").param("h", encoder.encode(next)).param("now", Timestamp.from(now)).param("id", user.id()).update();
        int[] revoked = sessions.revoke(user.id(), user.username(), keepSessionId);
        events.publishEvent(new StateChanged("修改密码", "user_account", String.valueOf(user.id()),
                user.username() + "（结束其他会话 " + revoked[0] + " 个，吊销API令牌 " + revoked[1] + " 个）", user.enterpriseId(), null));
    }

    private record PasswordState(boolean passwordMustChange, Instant passwordChangedAt) { }

    private static final RowMapper<PasswordState> PASSWORD_STATES = Rows.of(PasswordState.class);

    /**
     * Why {@code userId} must change its password before anything else — an admin set it (a new account, a reset), or
     * it is older than {@code shuangkong.security.password-max-age} — or empty when it need not.
     */
    public Optional<String> changeDue(long userId) {
        var row = jdbc.sql("select password_must_change, password_changed_at from user_account where id = :id").param("id", userId)
                .query(PASSWORD_STATES).optional();
        if (row.isEmpty()) return Optional.empty();
        if (row.get().passwordMustChange()) return Optional.of(MUST_CHANGE);
        Instant changed = row.get().passwordChangedAt();
        if (!maxAge.isZero() && changed != null && changed.plus(maxAge).isBefore(clock.instant())) {
            return Optional.of("密码已超过" + maxAge.toDays() + "天未更换，请先修改密码");
        }
        return Optional.empty();
    }

    /**
     * An admin's reset of {@code userId}'s password to a new temporary one, which its owner must change at the next
     * sign-in (the caller ends the sessions, lifts the locks and records it); answers the temporary password.
     */
    String resetToTemporary(long userId, String username) {
        String temporary = temporary(username);
        jdbc.sql("update user_account set password_hash = :h, password_must_change = true, password_changed_at = :now where id = :id")
                .param("h", encoder.encode(temporary)).param("now", Timestamp.from(clock.instant())).param("id", userId).update();
        return temporary;
    }

    /** A password the policy accepts, for an admin's reset: 12 letters and digits from an unambiguous alphabet, and a symbol. */
    private static String temporary(String username) {
        String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        while (true) {
            StringBuilder p = new StringBuilder();
            for (int i = 0; i < 12; i++) p.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
            p.insert(4 + RANDOM.nextInt(4), "#");
            if (PasswordPolicy.problemWith(username, p.toString()).isEmpty()) return p.toString();
        }
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
