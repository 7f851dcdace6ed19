package cn.shuangkong.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static cn.shuangkong.support.TokenRequests.someClient;

import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.ExternalUrl;
import cn.shuangkong.support.FormSession;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.TokenRequests;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;

/** 双因素认证: binding an authenticator app, the login's second step on the page and over the API, spent codes, locks, reset. */
class SecondFactorTest extends PlatformTest {

    private static final String PASSWORD = "Right#2026x";
    private static final Pattern SECRET = Pattern.compile("<code id=\"secret\">([A-Z2-7 ]+)</code>");
    private static final Pattern RECOVERY = Pattern.compile("<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>");

    @Autowired
    UserAdministration users;

    @Autowired
    CurrentUsers currentUsers;

    @Autowired
    SecondFactors factors;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    ExternalUrl externalUrl;

    @Autowired
    LoginLog loginLog;

    @Autowired
    Passwords passwords;

    @Autowired
    StoredAccounts stored;

    private String newAccount() {
        String name = "tfa_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        openAccount(new UserAdministration.NewUser(name, "双因素测试", null, "PLATFORM", null, null, null, List.of("PLATFORM_ADMIN"), PASSWORD));
        return name;
    }

    /** The code the app shows now for {@code secret}. */
    private String codeNow(String secret) {
        return Totp.code(secret.replace(" ", ""), Totp.stepAt(clock.instant().getEpochSecond()));
    }

    private String audited(String action, String name) {
        long id = stored.byUsername(name).orElseThrow().id();
        return jdbc.sql("select actor || ': ' || summary from audit_record where action = :a and entity_type = 'user_account' and entity_id = :id"
                        + " order by id desc limit 1").param("a", action).param("id", String.valueOf(id)).query(String.class).optional().orElse("");
    }

    /** Binds an app on the account page as {@code name}; answers the secret and the recovery codes the page showed. */
    private Map.Entry<String, List<String>> enrolOnThePage(String name) {
        var page = new FormSession(port).login(name, PASSWORD);
        assertThat(page.get("/account/second-factor").body()).contains("未启用");
        var begun = page.post("/account/second-factor/begin", Map.of());
        var secret = SECRET.matcher(begun.body());
        assertThat(secret.find()).as("the secret is on the page").isTrue();
        assertThat(begun.body()).contains("data:image/png;base64,"); // the QR code to scan
        assertThat(page.post("/account/second-factor/confirm", Map.of("code", "000000")).body()).contains("验证码不正确");
        var confirmed = page.post("/account/second-factor/confirm", Map.of("code", codeNow(secret.group(1))));
        assertThat(confirmed.body()).contains("双因素认证已启用", "只显示这一次");
        List<String> codes = RECOVERY.matcher(confirmed.body()).results().map(m -> m.group(1)).toList();
        assertThat(codes).hasSize(SecondFactors.RECOVERY_CODES).doesNotHaveDuplicates();
        assertThat(audited("启用双因素认证", name)).isEqualTo(name + ": " + name + "：绑定身份验证器，生成恢复码 10 个");
        // shown once: the page does not show them again
        assertThat(page.get("/account/second-factor").body()).contains("已启用", "未使用的恢复码：10 个").doesNotContain(codes.get(0));
        clock.advance(Duration.ofSeconds(30)); // the code used to confirm is spent
        return Map.entry(secret.group(1).replace(" ", ""), codes);
    }

    private HttpResponse<String> token(String client, String username, String password, String code) {
        return new TokenRequests(port).token(client, username, password, code);
    }

    @Test
    void after_binding_an_app_the_login_page_asks_for_its_code_and_signs_in_only_with_it() {
        String name = newAccount();
        String secret = enrolOnThePage(name).getKey();

        var browser = new FormSession(port);
        var step1 = browser.passwordStep(name, PASSWORD);
        assertThat(step1.headers().firstValue("Location").orElse("")).endsWith("/login/code");
        // not signed in between the steps
        assertThat(browser.get("/account/password").statusCode()).isEqualTo(302);
        assertThat(browser.get("/login/code").body()).contains("动态验证码");
        assertThat(browser.post("/login/code", Map.of("code", "123456")).body()).contains(PasswordLogin.CODE_BAD);
        var step2 = browser.post("/login/code", Map.of("code", codeNow(secret)));
        assertThat(step2.statusCode()).isEqualTo(302);
        assertThat(step2.headers().firstValue("Location").orElse("")).doesNotContain("login");
        assertThat(browser.get("/account/password").statusCode()).isEqualTo(200);

        // the same code, seen over a shoulder, does not sign in a second session
        var other = new FormSession(port);
        other.passwordStep(name, PASSWORD);
        assertThat(other.post("/login/code", Map.of("code", codeNow(secret))).body()).contains(PasswordLogin.CODE_BAD);
        assertThat(other.get("/account/password").statusCode()).isEqualTo(302);
    }

    @Test
    void a_login_waiting_for_its_code_lapses_after_five_minutes() {
        String name = newAccount();
        String secret = enrolOnThePage(name).getKey();
        var browser = new FormSession(port);
        browser.passwordStep(name, PASSWORD);
        clock.advance(Duration.ofMinutes(6));
        var late = browser.post("/login/code", Map.of("code", codeNow(secret)));
        assertThat(late.headers().firstValue("Location").orElse("")).contains("/login?error=codeExpired");
        assertThat(browser.get("/account/password").statusCode()).isEqualTo(302);
        // and the code page without a pending login sends to the login page
        assertThat(new FormSession(port).get("/login/code").headers().firstValue("Location").orElse("")).contains("/login?error=codeExpired");
    }

    @Test
    void the_api_token_needs_the_code_too_and_wrong_codes_lock_as_wrong_passwords_do() {
        String name = newAccount();
        String secret = enrolOnThePage(name).getKey();
        String client = someClient();
        var bare = token(client, name, PASSWORD, null);
        assertThat(bare.statusCode()).isEqualTo(401);
        assertThat(bare.body()).contains(PasswordLogin.CODE_NEEDED);
        // four wrong codes with the right password: the right password does not wipe the count of wrong codes
        for (int i = 0; i < 4; i++) {
            var wrong = token(client, name, PASSWORD, "00000" + i);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains(PasswordLogin.CODE_BAD);
        }
        assertThat(token(client, name, PASSWORD, "111111").body()).contains(PasswordLogin.CODE_BAD);
        var locked = token(client, name, PASSWORD, codeNow(secret));
        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(locked.body()).contains(PasswordLogin.LOCKED);
        assertThat(audited("登录锁定", name)).contains("连续动态验证码错误");
        // from elsewhere, with the code, the owner gets the token
        var ok = token(someClient(), name, PASSWORD, codeNow(secret));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"token\"");
    }

    @Test
    void a_recovery_code_signs_in_once_and_the_admin_can_reset_a_lost_phone() {
        String name = newAccount();
        var enrolled = enrolOnThePage(name);
        String recovery = enrolled.getValue().get(3);
        assertThat(token(someClient(), name, PASSWORD, recovery.toUpperCase()).statusCode()).isEqualTo(200);
        assertThat(audited("使用恢复码登录", name)).endsWith("剩余恢复码 9 个");
        assertThat(token(someClient(), name, PASSWORD, recovery).body()).contains(PasswordLogin.CODE_BAD);

        long id = stored.byUsername(name).orElseThrow().id();
        assertThat(users.resetSecondFactor(id)).as("the account it reset, for the page to name").isEqualTo(name);
        assertThat(audited("重置双因素认证", name)).endsWith(name);
        assertThat(factors.enabled(id)).isFalse();
        assertThat(token(someClient(), name, PASSWORD, null).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> users.resetSecondFactor(id)).isInstanceOf(DomainException.class).hasMessageContaining("未启用");
    }

    @Test
    void turning_it_off_takes_a_current_code() {
        String name = newAccount();
        String secret = enrolOnThePage(name).getKey();
        var page = new FormSession(port);
        page.passwordStep(name, PASSWORD);
        page.post("/login/code", Map.of("code", codeNow(secret)));
        clock.advance(Duration.ofSeconds(30));
        page.get("/account/second-factor");
        page.post("/account/second-factor/disable", Map.of("code", "999999"));
        assertThat(page.get("/account/second-factor").body()).contains("验证码不正确，双因素认证未关闭");
        page.post("/account/second-factor/disable", Map.of("code", codeNow(secret)));
        assertThat(page.get("/account/second-factor").body()).contains("双因素认证已关闭");
        assertThat(audited("关闭双因素认证", name)).isEqualTo(name + ": " + name);
        assertThat(token(someClient(), name, PASSWORD, null).statusCode()).isEqualTo(200);
    }

    @Test
    void where_the_platform_requires_it_an_account_without_it_gets_no_api_token_and_cannot_turn_it_off() {
        var requiring = new SecondFactors(jdbc, events, clock, externalUrl, Set.of(CurrentUser.Kind.PLATFORM));
        var login = new PasswordLogin(currentUsers, encoder, new LoginThrottle(jdbc, clock, 5, 30, Duration.ofMinutes(15)), events, requiring, loginLog, passwords, stored);
        String name = newAccount();
        assertThatThrownBy(() -> login.check(name, PASSWORD, null, someClient()))
                .isInstanceOf(InsufficientAuthenticationException.class).hasMessage(PasswordLogin.ENROL_FIRST);
        assertThat(requiring.required("PLATFORM")).isTrue();
        assertThat(requiring.required("ENTERPRISE")).isFalse();

        String secret = enrolOnThePage(name).getKey();
        assertThat(login.check(name, PASSWORD, codeNow(secret), someClient()).username()).isEqualTo(name);
        clock.advance(Duration.ofSeconds(30));
        var me = currentUsers.named(name);
        assertThatThrownBy(() -> requiring.disable(me, codeNow(secret))).isInstanceOf(DomainException.class).hasMessageContaining("不能关闭");
    }

    @Test
    void where_the_platform_requires_it_every_page_leads_to_the_binding_page_until_an_app_is_bound() throws Exception {
        var requiring = new SecondFactors(jdbc, events, clock, externalUrl, Set.of(CurrentUser.Kind.PLATFORM));
        var registry = new org.springframework.web.servlet.config.annotation.InterceptorRegistry() {
            java.util.List<Object> added() { return getInterceptors(); }
        };
        new AccountObligations(passwords, requiring).addInterceptors(registry);
        var interceptor = (org.springframework.web.servlet.handler.MappedInterceptor) registry.added().get(0);
        String name = newAccount();
        var me = currentUsers.named(name);
        var context = org.springframework.security.core.context.SecurityContextHolder.getContext();
        context.setAuthentication(org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(me, null, me.getAuthorities()));
        try {
            var home = request("/hazards");
            var answer = new org.springframework.mock.web.MockHttpServletResponse();
            assertThat(interceptor.matches(home)).isTrue();
            assertThat(interceptor.preHandle(home, answer, new Object())).isFalse();
            assertThat(answer.getRedirectedUrl()).isEqualTo("/account/second-factor");
            assertThat(interceptor.preHandle(request("/account/second-factor"), new org.springframework.mock.web.MockHttpServletResponse(), new Object())).isTrue();
            assertThat(interceptor.preHandle(request("/account/second-factor/begin"), new org.springframework.mock.web.MockHttpServletResponse(), new Object())).isTrue();
            assertThat(interceptor.matches(request("/api/v1/hazards"))).isFalse();

            enrolOnThePage(name);
            var later = request("/hazards");
            assertThat(interceptor.preHandle(later, new org.springframework.mock.web.MockHttpServletResponse(), new Object())).isTrue();
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
    }

    @Test
    void the_login_log_has_every_attempt_with_its_outcome_client_and_channel_and_the_sign_out() {
        String name = newAccount();
        String secret = enrolOnThePage(name).getKey();
        String client = someClient();
        token(client, name, "Wrong#2026", null);
        token(client, name, PASSWORD, null);
        token(client, name, PASSWORD, "000000");
        token(client, name, PASSWORD, codeNow(secret));
        var browser = new FormSession(port);
        browser.passwordStep(name, PASSWORD);
        clock.advance(Duration.ofSeconds(30));
        browser.post("/login/code", Map.of("code", codeNow(secret)));
        browser.get("/account/password");
        browser.post("/logout", Map.of());
        token(client, "nobody_" + name, "Whatever#1", null);

        var mine = loginLog.search(name, false, new cn.shuangkong.shared.PageResult.Request(1, 50)).items();
        // newest first; the page's two logins of enrolOnThePage (password only, before the app was bound) come last
        assertThat(mine.stream().map(e -> e.channel() + " " + e.outcome() + (e.client().equals(client) ? " ←client" : "")).toList())
                .startsWith("PAGE LOGOUT", "PAGE SUCCESS", "PAGE CODE_WAITING", "API SUCCESS ←client", "API BAD_CODE ←client",
                        "API CODE_MISSING ←client", "API BAD_PASSWORD ←client", "PAGE SUCCESS");
        assertThat(mine).allMatch(e -> e.userId() != null);
        var failures = loginLog.search(name, true, new cn.shuangkong.shared.PageResult.Request(1, 50)).items();
        assertThat(failures).extracting(LoginLog.Entry::outcome)
                .containsExactly(LoginLog.Outcome.BAD_CODE, LoginLog.Outcome.CODE_MISSING, LoginLog.Outcome.BAD_PASSWORD);
        var unknown = loginLog.search("nobody_" + name, false, new cn.shuangkong.shared.PageResult.Request(1, 5)).items();
        assertThat(unknown).singleElement().satisfies(e -> {
            assertThat(e.userId()).isNull();
            assertThat(e.outcome()).isEqualTo(LoginLog.Outcome.BAD_PASSWORD);
        });

        // the admin's page shows them, and an enterprise's account may not see it
        var admin = new FormSession(port).login("admin", "Demo@2026");
        var page = admin.get("/admin/login-log?failures=true&username=" + name);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(name, client, "动态验证码错误", "未提供动态验证码", "用户名或密码错误").doesNotContain("登录成功");
        assertThat(new FormSession(port).login("ent_chem", "Demo@2026").get("/admin/login-log").statusCode()).isEqualTo(403);
    }

    /** A page request as the dispatcher has it when interceptors are matched (its path parsed). */
    private static org.springframework.mock.web.MockHttpServletRequest request(String path) {
        var r = new org.springframework.mock.web.MockHttpServletRequest("GET", path);
        org.springframework.web.util.ServletRequestPathUtils.parseAndCache(r);
        return r;
    }
}
