package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import org.junit.jupiter.api.Test;

/** 实时监测 → 网关接入: the manager generates the gateway password and sees it once (ADR 0015). */
class GatewayAccessPageTest extends PageTest {

    @Test
    void the_manager_generates_the_gateway_password_and_sees_it_only_once() {
        browser.signIn("ent_chem").open("/monitoring/live");
        browser.find("#gateway-link").click();
        browser.submit("#gateway-generate");
        String password = browser.find("#gateway-password-value").getText();
        assertThat(password).hasSizeGreaterThan(20);
        String credit = jdbc.sql("select credit_code from enterprise where id = :e").param("e", enterpriseIdOf("ent_chem"))
                .query(String.class).single();
        assertThat(browser.find("#gateway-username").getText()).isEqualTo(credit);
        assertThat(browser.find("#gateway-status").getText()).contains("已于", "生成");
        browser.screenshot("monitoring-gateway");

        browser.open("/monitoring/gateway");
        assertThat(browser.text()).doesNotContain(password).contains("重新生成密码");
    }
}
