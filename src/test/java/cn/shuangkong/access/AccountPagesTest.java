package cn.shuangkong.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.internal.UserAdministration;
import cn.shuangkong.support.PageTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/** The account's pages in the browser, and behaviours that moved from inline handlers into app.js (no inline script). */
class AccountPagesTest extends PageTest {

    @Autowired
    UserAdministration users;

    @Test
    void a_new_api_token_is_shown_once_on_the_page_and_works_at_once() {
        String name = "tok_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        openAccount(new UserAdministration.NewUser(name, "令牌测试", null, "PLATFORM", null, null, null, List.of("PLATFORM_ADMIN"), "Token#2026x"));
        browser.login(name, "Token#2026x").open("/account/tokens");
        browser.find("form.filters input[name=name]").sendKeys("企业DCS对接");
        browser.submit("form.filters button[type=submit]");
        String token = browser.awaitText("#new-token", t -> t.startsWith("sk_"));
        assertThat(token).startsWith("sk_").hasSizeGreaterThan(40);
        assertThat(browser.text()).contains("只显示这一次", "企业DCS对接", "有效", "读取、写入", "全部模块");
        browser.screenshot("account-token-issued");
        assertThat(api().withToken(token).get("/api/v1/me").json().get("username").asString()).isEqualTo(name);

        browser.open("/account/tokens");
        assertThat(browser.all("#new-token")).isEmpty();
        assertThat(browser.text()).doesNotContain(token);
    }

    @Test
    void a_retire_button_asks_first_and_a_no_leaves_the_resource_in_place() {
        browser.loginAs("ent_chem").open("/emergency/resources");
        var retire = browser.all("form[action$='/retire'][data-confirm] button");
        assertThat(retire).isNotEmpty();
        int before = browser.all("form[action$='/retire']").size();
        // open the row's 编辑 box, stand in for the person answering 取消, and note what they were asked
        ((JavascriptExecutor) browser.driver()).executeScript(
                "arguments[0].closest('details').open = true;"
                + "window.__asked = []; window.confirm = function (q) { window.__asked.push(q); return false; };", retire.get(0));
        retire.get(0).click();
        assertThat(String.valueOf(((JavascriptExecutor) browser.driver()).executeScript("return window.__asked.join('|')")))
                .contains("确定停用？");
        assertThat(browser.path()).isEqualTo("/emergency/resources");
        assertThat(browser.all("form[action$='/retire']")).hasSize(before);
    }

    @Test
    void choosing_an_assessment_method_shows_only_its_factors() {
        browser.loginAs("gov_town").open("/regional/new");
        var method = new Select(browser.find("#method"));
        method.selectByValue("LS");
        assertThat(browser.find(".factor-group[data-method=LS]").isDisplayed()).isTrue();
        assertThat(browser.find(".factor-group[data-method=LEC]").isDisplayed()).isFalse();
        method.selectByValue("LEC");
        assertThat(browser.find(".factor-group[data-method=LEC]").isDisplayed()).isTrue();
        assertThat(browser.find(".factor-group[data-method=LS]").isDisplayed()).isFalse();
    }
}
