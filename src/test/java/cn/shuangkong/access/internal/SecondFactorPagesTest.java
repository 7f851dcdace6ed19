package cn.shuangkong.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/** 双因素认证 in the browser, as a person does it: bind the app on the phone-width page, then sign in with its code. */
class SecondFactorPagesTest extends PageTest {

    private static final String PASSWORD = "Phone#2026x";

    @Autowired
    UserAdministration users;

    @Test
    void a_person_binds_an_authenticator_app_and_then_signs_in_with_its_code() {
        String name = "tfp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        openAccount(new UserAdministration.NewUser(name, "双因素页面", null, "PLATFORM", null, null, null, List.of("PLATFORM_ADMIN"), PASSWORD));
        browser.phone().login(name, PASSWORD).open("/account/second-factor");
        assertThat(browser.text()).contains("未启用");
        browser.submit("form[action$='/second-factor/begin'] button");
        String secret = browser.awaitText("#secret", t -> t.length() >= 32).replace(" ", "");
        assertThat(browser.find("#second-factor-enrol img").getAttribute("src")).startsWith("data:image/png;base64,");
        browser.screenshot("second-factor-scan-phone");
        browser.find("#code").sendKeys(Totp.code(secret, Totp.stepAt(clock.instant().getEpochSecond())));
        browser.submit("form[action$='/second-factor/confirm'] button");
        assertThat(browser.awaitText("#recovery-codes", t -> t.contains("只显示这一次"))).contains("只显示这一次");
        assertThat(browser.all("#recovery-codes li")).hasSize(SecondFactors.RECOVERY_CODES);
        browser.screenshot("second-factor-recovery-codes-phone");

        clock.advance(Duration.ofSeconds(30));
        browser.desktop().driver().manage().deleteAllCookies();
        browser.open("/login");
        browser.find("#username").sendKeys(name);
        browser.find("#password").sendKeys(PASSWORD);
        browser.submit("button[type=submit]");
        assertThat(browser.awaitText(".login-box .sub", t -> t.contains("动态验证码"))).contains("动态验证码");
        assertThat(browser.path()).isEqualTo("/login/code");
        browser.screenshot("second-factor-login-code");
        browser.find("#code").sendKeys(Totp.code(secret, Totp.stepAt(clock.instant().getEpochSecond())));
        browser.submit("button[type=submit]");
        browser.awaitText(".topbar", t -> t.contains("双因素页面"));
        assertThat(browser.driver().findElements(By.cssSelector(".topbar"))).isNotEmpty();
        browser.open("/account/second-factor");
        assertThat(browser.text()).contains("已启用", "未使用的恢复码：10 个");

        // the admin's 登录日志 shows the two steps of that sign-in
        browser.loginAs("admin").open("/admin/login-log?username=" + name);
        assertThat(browser.text()).contains("登录成功", "密码正确，待输入动态验证码");
        browser.screenshot("login-log");
    }
}
