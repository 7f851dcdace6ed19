package cn.shuangkong.access;

import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Changing one's own password, under the {@link PasswordPolicy}. */
@Service
public class Passwords {

    private final Accounts accounts;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;

    Passwords(Accounts accounts, PasswordEncoder encoder, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.events = events;
    }

    @Transactional
    public void change(CurrentUser user, String current, String next, String repeat) {
        var account = accounts.byId(user.id()).orElseThrow();
        if (current == null || !encoder.matches(current, account.passwordHash())) {
            throw DomainException.invalid("current", "当前密码不正确");
        }
        if (next == null || !next.equals(repeat)) {
            throw DomainException.invalid("repeat", "两次输入的新密码不一致");
        }
        PasswordPolicy.problemWith(user.username(), next).ifPresent(p -> {
            throw DomainException.invalid("next", p);
        });
        accounts.changePassword(user.id(), encoder.encode(next));
        events.publishEvent(new StateChanged("修改密码", "user_account", String.valueOf(user.id()), user.username(), user.enterpriseId(), null));
    }
}
