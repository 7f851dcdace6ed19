package cn.shuangkong.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static cn.shuangkong.support.TokenRequests.someClient;

import cn.shuangkong.access.internal.LoginThrottle;
import cn.shuangkong.access.internal.PasswordLogin;
import cn.shuangkong.access.internal.UserAdministration;
import cn.shuangkong.support.FormSession;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.TokenRequests;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/** 登录与口令: one answer for unknown names and wrong passwords, locks per (name, client) and per client, revocation. */
class AuthenticationTest extends PlatformTest {

    private static final String PASSWORD = "Right#2026x";

    @Autowired
    UserAdministration users;

    @Autowired
    cn.shuangkong.access.internal.CurrentUsers currentUsers;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    cn.shuangkong.access.internal.SecondFactors factors;

    @Autowired
    cn.shuangkong.access.internal.LoginLog loginLog;

    @Autowired
    cn.shuangkong.access.internal.Passwords passwords;

    @Autowired
    cn.shuangkong.access.internal.StoredAccounts stored;

    @Autowired
    ApplicationEventPublisher events;

    private String newAccount() {
        String name = "auth_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        openAccount(new UserAdministration.NewUser(name, "测试账号", null, "PLATFORM", null, null, null, List.of("PLATFORM_ADMIN"), PASSWORD));
        return name;
    }

    /** POST /api/v1/auth/token as a client behind the (trusted, loopback) proxy. */
    private HttpResponse<String> token(String client, String username, String password) {
        return new TokenRequests(port).token(client, username, password, null);
    }

    private static String detail(HttpResponse<String> r) {
        JsonNode json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(r.body());
        return json.get("detail").asString();
    }

    @Test
    void the_shipped_stand_in_hash_costs_what_a_hash_the_encoder_makes_now_costs() {
        // ADR 0067: same algorithm and strength, so an unknown name's check takes as long as a real account's
        assertThat(encoder.upgradeEncoding(PasswordLogin.STAND_IN)).isFalse();
        String fresh = encoder.encode("Whatever#2026");
        assertThat(PasswordLogin.STAND_IN.substring(0, PasswordLogin.STAND_IN.lastIndexOf('$')))
                .isEqualTo(fresh.substring(0, fresh.lastIndexOf('$')));
    }

    @Test
    void an_unknown_name_and_a_wrong_password_take_the_same_path_to_the_same_answer() {
        AtomicInteger hashed = new AtomicInteger();
        PasswordEncoder counting = new PasswordEncoder() {
            public String encode(CharSequence raw) { return encoder.encode(raw); }
            public boolean matches(CharSequence raw, String hash) { hashed.incrementAndGet(); return encoder.matches(raw, hash); }
        };
        var login = new PasswordLogin(currentUsers, counting, new LoginThrottle(jdbc, clock, 5, 30, Duration.ofMinutes(15)), events, factors, loginLog, passwords, stored);
        String name = newAccount();

        hashed.set(0);
        assertThatThrownBy(() -> login.check("nobody_" + UUID.randomUUID().toString().substring(0, 8), "whatever", "192.0.2.10"))
                .isInstanceOf(BadCredentialsException.class).hasMessage(PasswordLogin.BAD);
        assertThat(hashed).hasValue(1);
        hashed.set(0);
        assertThatThrownBy(() -> login.check(name, "Wrong#2026", "192.0.2.10"))
                .isInstanceOf(BadCredentialsException.class).hasMessage(PasswordLogin.BAD);
        assertThat(hashed).hasValue(1);

        // over HTTP: the same status and the same words
        String client = someClient();
        var unknown = token(client, "nobody_" + UUID.randomUUID().toString().substring(0, 8), "Wrong#2026");
        var wrong = token(client, name, "Wrong#2026");
        assertThat(unknown.statusCode()).isEqualTo(401).isEqualTo(wrong.statusCode());
        assertThat(detail(unknown)).isEqualTo(detail(wrong)).isEqualTo("用户名或密码错误");
    }

    @Test
    void five_failures_lock_the_name_for_that_client_only_so_the_owner_still_gets_in_from_elsewhere() {
        String name = newAccount(), guesser = someClient(), owner = someClient();
        for (int i = 0; i < 5; i++) {
            assertThat(token(guesser, name, "Guess#" + i + "xx").statusCode()).isEqualTo(401);
        }
        var refused = token(guesser, name, PASSWORD);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(detail(refused)).isEqualTo(PasswordLogin.LOCKED);
        assertThat(token(owner, name, PASSWORD).statusCode()).isEqualTo(200);
        // the token the owner got is in the trail as the owner's doing, not the system's
        assertThat(jdbc.sql("select actor from audit_record where entity_type = 'api_token' and summary like :s order by id desc limit 1")
                .param("s", "%API 登录%").query(String.class).single()).isEqualTo(name);
        assertThat(jdbc.sql("select count(*) from audit_record where action = '登录锁定' and summary like :s")
                .param("s", name + " 自 " + guesser + "%").query(Long.class).single()).isEqualTo(1);

        // an unknown name locks the same way, so a lock tells nothing about whether the account exists
        String ghost = "ghost_" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) token(guesser, ghost, "Guess#" + i + "xx");
        assertThat(detail(token(guesser, ghost, PASSWORD))).isEqualTo(detail(refused));

        clock.advance(Duration.ofMinutes(16));
        assertThat(token(guesser, name, PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void a_client_failing_across_many_names_is_refused_for_every_name_and_only_that_client() {
        var throttle = new LoginThrottle(jdbc, clock, 5, 3, Duration.ofMinutes(15));
        String sprayer = "spray-" + UUID.randomUUID(), other = "other-" + UUID.randomUUID();
        assertThat(throttle.fail("admin", sprayer)).isEqualTo(LoginThrottle.Outcome.COUNTED);
        assertThat(throttle.fail("gov_city", sprayer)).isEqualTo(LoginThrottle.Outcome.COUNTED);
        assertThat(throttle.fail("ent_chem", sprayer)).isEqualTo(LoginThrottle.Outcome.CLIENT_LOCKED);
        assertThat(throttle.locked("gov_town", sprayer)).isTrue();
        assertThat(throttle.locked("gov_town", other)).isFalse();
        assertThat(throttle.locked("admin", other)).isFalse();
    }

    @Test
    void the_admins_unlock_frees_the_name_for_every_client() {
        String name = newAccount(), guesser = someClient();
        for (int i = 0; i < 5; i++) token(guesser, name, "Guess#" + i + "xx");
        assertThat(detail(token(guesser, name, PASSWORD))).isEqualTo(PasswordLogin.LOCKED);
        users.unlock(stored.byUsername(name).orElseThrow().id());
        assertThat(token(guesser, name, PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void a_stopped_account_is_named_as_such_only_to_someone_who_knows_its_password() {
        String name = newAccount(), client = someClient();
        users.setEnabled(stored.byUsername(name).orElseThrow().id(), false);
        assertThat(detail(token(client, name, "Wrong#2026"))).isEqualTo("用户名或密码错误");
        assertThat(detail(token(client, name, PASSWORD))).contains("已停用");
    }

    @Test
    void changing_the_password_ends_the_other_sessions_and_the_api_tokens_but_not_this_session() {
        String name = newAccount();
        var here = session().login(name, PASSWORD);
        var elsewhere = session().login(name, PASSWORD);
        String apiToken = api().login(name, PASSWORD).token();
        assertThat(elsewhere.get("/account/password").statusCode()).isEqualTo(200);

        var changed = here.post("/account/password", Map.of("current", PASSWORD, "next", "Next#2026y", "repeat", "Next#2026y"));
        assertThat(changed.body()).contains("密码已修改");

        assertThat(here.get("/account/password").statusCode()).isEqualTo(200);
        var gone = elsewhere.get("/account/password");
        assertThat(gone.statusCode()).isEqualTo(302);
        assertThat(gone.headers().firstValue("Location").orElse("")).contains("/login");
        assertThat(api().withToken(apiToken).get("/api/v1/me").status()).isEqualTo(401);
        assertThat(jdbc.sql("select summary from audit_record where action = '修改密码' and summary like :s order by id desc limit 1")
                .param("s", name + "%").query(String.class).single()).contains("结束其他会话 1 个", "吊销API令牌 1 个");
    }

    @Test
    void stopping_an_account_ends_its_sessions_and_tokens_at_once() {
        String name = newAccount();
        var session = session().login(name, PASSWORD);
        String apiToken = api().login(name, PASSWORD).token();
        users.setEnabled(stored.byUsername(name).orElseThrow().id(), false);
        assertThat(session.get("/account/password").statusCode()).isEqualTo(302);
        assertThat(api().withToken(apiToken).get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void five_wrong_current_passwords_lock_the_change_password_form() {
        String name = newAccount();
        var session = session().login(name, PASSWORD);
        for (int i = 0; i < 4; i++) {
            assertThat(session.post("/account/password", Map.of("current", "Guess#" + i + "xx", "next", "Next#2026y", "repeat", "Next#2026y"))
                    .body()).contains("当前密码不正确");
        }
        assertThat(session.post("/account/password", Map.of("current", "Guess#9xx", "next", "Next#2026y", "repeat", "Next#2026y"))
                .body()).contains("修改密码已暂停");
        // locked even for the right current password, and the password is unchanged
        assertThat(session.post("/account/password", Map.of("current", PASSWORD, "next", "Next#2026y", "repeat", "Next#2026y"))
                .body()).contains("修改密码已暂停");
        assertThat(api().login(name, PASSWORD).token()).isNotBlank();
        assertThat(jdbc.sql("select count(*) from audit_record where action = '修改密码锁定' and summary like :s")
                .param("s", name + "%").query(Long.class).single()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(16));
        assertThat(session.post("/account/password", Map.of("current", PASSWORD, "next", "Next#2026y", "repeat", "Next#2026y"))
                .body()).contains("密码已修改");
    }

    private FormSession session() {
        return new FormSession(port);
    }
}
