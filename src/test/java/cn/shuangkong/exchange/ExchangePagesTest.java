package cn.shuangkong.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.exchange.internal.ExchangeSync;
import cn.shuangkong.support.PageTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** 数据上报 as an enterprise and a regulator see it: its records with their state and reason, and 重新上报. */
class ExchangePagesTest extends PageTest {

    @Autowired private ExchangeSync sync;

    @Test
    void the_enterprise_sees_its_records_and_why_one_is_held_back_and_the_regulator_sees_it_in_its_list() {
        long chem = enterpriseIdOf("ent_chem");
        var hazard = loggedIn("ent_chem").post("/api/v1/hazards", cn.shuangkong.support.Api.json(java.util.Map.of("source", "SELF_CHECK",
                "type", "UNSAFE_CONDITION", "title", "页面测试 · 围堰排水阀常开", "description", "围堰排水阀未关闭", "location", "罐区")));
        assertThat(hazard.status()).isEqualTo(201);
        sync.sync(chem);

        browser.desktop().loginAs("ent_chem").open("/exchange");
        assertThat(browser.path()).isEqualTo("/exchange/enterprises/" + chem);
        assertThat(browser.text()).contains("数据上报").contains("待上报").contains("风险分析对象");
        browser.open("/exchange/enterprises/" + chem + "?status=HELD");
        assertThat(browser.all("#exchange-records tbody tr[data-status='HELD']")).isNotEmpty();
        assertThat(browser.text()).contains("页面测试 · 围堰排水阀常开").contains("「整改责任人」（liablePerson）不能为空");
        browser.screenshot("exchange-enterprise");
        browser.phone();
        try {
            browser.open("/exchange/enterprises/" + chem + "?status=HELD");
            assertThat(browser.sideways()).as("the records on a phone").isLessThanOrEqualTo(0);
            assertThat(browser.find("#exchange-records thead").isDisplayed()).as("each record is a card, without a table head").isFalse();
            var card = browser.all("#exchange-records tbody tr[data-status='HELD']").stream()
                    .filter(r -> r.getText().contains("页面测试 · 围堰排水阀常开")).findFirst().orElseThrow();
            assertThat(card.getCssValue("display")).as("a record is a card of its own").isEqualTo("block");
            assertThat(card.getText()).contains("「整改责任人」（liablePerson）不能为空", "重新上报");
            ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView()", card);
            browser.screenshot("exchange-enterprise-phone");
        } finally {
            browser.desktop();
        }
        browser.submit("#exchange-records tbody tr[data-status='HELD'] button");
        assertThat(browser.text()).contains("条记录已重新排队上报");

        browser.loginAs("gov_city").open("/exchange");
        assertThat(browser.text()).contains("江苏华泰化工有限公司");
        browser.screenshot("exchange-regulator");
        browser.loginAs("ent_mech").open("/exchange/enterprises/" + chem);
        assertThat(browser.text()).as("another enterprise's upload is not found").contains("不存在或不在您的数据范围内");
    }
}
