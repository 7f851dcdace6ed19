package cn.shuangkong.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.FormSession;
import cn.shuangkong.support.PlatformTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;

/** 口令: a password an admin set is changed by its owner before anything else; the admin's 重置密码; a maximum age. */
class PasswordResetTest extends PlatformTest {

    private static final Pattern TEMPORARY = Pattern.compile("id=\"temporary-password\">[^<]*<code>([^<]+)</code>");

    @Autowired
    UserAdministration users;

    @Autowired
    CurrentUsers currentUsers;

    @Autowired
    Passwords passwords;

    @Autowired
    StoredAccounts stored;

    @Autowired
    AccountSessions sessions;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager transactions;

    private static String newName() {
        return "pw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private Api.Response token(String name, String password) {
        return api().post("/api/v1/auth/token", Api.json(Map.of("username", name, "password", password)));
    }

    @Test
    void the_password_an_admin_chose_is_changed_by_its_owner_before_the_account_does_anything_else() {
        String name = newName();
        users.open(new UserAdministration.NewUser(name, "初始密码", null, "PLATFORM", null, null, null, List.of("PLATFORM_ADMIN"), "Initial#2026x"));
        var refused = token(name, "Initial#2026x");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("detail").asString()).startsWith(Passwords.MUST_CHANGE);

        var page = new FormSession(port).login(name, "Initial#2026x");
        var hazards = page.get("/hazards");
        assertThat(hazards.statusCode()).isEqualTo(302);
        assertThat(hazards.headers().firstValue("Location").orElse("")).endsWith("/account/password");
        assertThat(page.get("/account/password").body()).contains(Passwords.MUST_CHANGE);
        assertThat(page.post("/account/password", Map.of("current", "Initial#2026x", "next", "Initial#2026x", "repeat", "Initial#2026x"))
                .body()).contains("新密码不能与当前密码相同");
        assertThat(page.post("/account/password", Map.of("current", "Initial#2026x", "next", "Mine#2026only", "repeat", "Mine#2026only"))
                .body()).contains("密码已修改");
        assertThat(page.get("/hazards").statusCode()).isEqualTo(200);
        assertThat(token(name, "Mine#2026only").status()).isEqualTo(200);
    }

    @Test
    void the_admins_reset_shows_a_temporary_password_once_ends_the_sessions_and_the_owner_must_change_it() {
        String name = newName();
        long id = openAccount(new UserAdministration.NewUser(name, "忘记密码", null, "PLATFORM", null, null, null, List.of("PLATFORM_ADMIN"), "Forgot#2026x"));
        var owner = new FormSession(port).login(name, "Forgot#2026x");
        String oldToken = token(name, "Forgot#2026x").json().get("token").asString();

        var admin = new FormSession(port).login("admin", "Demo@2026");
        var answer = admin.post("/admin/users/" + id + "/password/reset", Map.of());
        var temporary = TEMPORARY.matcher(answer.body());
        assertThat(temporary.find()).as("the temporary password is on the admin's page").isTrue();
        assertThat(temporary.group()).as("and says whose it is").contains("账号 " + name + " 的临时密码");
        assertThat(PasswordPolicy.problemWith(name, temporary.group(1))).isEmpty();
        assertThat(admin.get("/admin/users").body()).doesNotContain(temporary.group(1)); // shown once
        assertThat(jdbc.sql("select actor || ': ' || summary from audit_record where action = '重置密码' and entity_id = :id")
                .param("id", String.valueOf(id)).query(String.class).single()).startsWith("admin: " + name).contains("结束会话 1 个", "吊销API令牌 1 个");

        assertThat(owner.get("/account/password").statusCode()).as("the owner's session ended").isEqualTo(302);
        assertThat(api().withToken(oldToken).get("/api/v1/me").status()).isEqualTo(401);
        assertThat(token(name, "Forgot#2026x").status()).isEqualTo(401);
        var back = new FormSession(port).login(name, temporary.group(1));
        assertThat(back.get("/").headers().firstValue("Location").orElse("")).endsWith("/account/password");
        back.post("/account/password", Map.of("current", temporary.group(1), "next", "Remembered#2026", "repeat", "Remembered#2026"));
        assertThat(token(name, "Remembered#2026").status()).isEqualTo(200);
    }

    @Test
    void where_the_operator_sets_a_maximum_age_an_older_password_must_be_changed() {
        var aging = new Passwords(stored, encoder, sessions, events, jdbc, clock, transactions, 5, Duration.ofMinutes(15), Duration.ofDays(90));
        String name = newName();
        long id = openAccount(new UserAdministration.NewUser(name, "定期更换", null, "PLATFORM", null, null, null, List.of("PLATFORM_ADMIN"), "Aging#2026x"));
        assertThat(aging.changeDue(id)).isEmpty();
        assertThat(passwords.changeDue(id)).isEmpty();
        clock.advance(Duration.ofDays(91));
        assertThat(aging.changeDue(id)).hasValue("密码已超过90天未更换，请先修改密码");
        assertThat(passwords.changeDue(id)).as("no maximum age by default").isEmpty();
        var me = currentUsers.named(name);
        aging.change(me, "Aging#2026x", "Fresh#2026y", "Fresh#2026y", null);
        assertThat(aging.changeDue(id)).isEmpty();
        assertThatThrownBy(() -> users.resetPassword(-1)).hasMessageContaining("账号不存在");
    }
}
