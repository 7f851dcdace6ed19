package cn.shuangkong.contractor;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The safety manager registers a contractor and one of its people on the 承包商管理 pages, on a desktop and on a phone
 * (nothing scrolls sideways); the training page's certificates are cards on a phone; a regulator reads the blacklist.
 */
class ContractorPagesTest extends PageTest {

    @Test
    void a_contractor_registered_with_a_wrong_credit_code_keeps_what_was_typed_and_its_new_person_may_not_enter_unbriefed() {
        // The demo's 安全生产许可证 expires 20 days after the demo was loaded; other tests move the shared clock, so the
        // page is read on a day 20 days before that licence's expiry.
        var licenceUntil = jdbc.sql("""
                select min(q.valid_until) from contractor_qualification q join contractor c on c.id = q.contractor_id
                 where c.name = '江苏安达石化设备安装工程有限公司'""").query(java.time.LocalDate.class).single();
        var start = clock.instant();
        clock.set(licenceUntil.minusDays(20).atTime(10, 0).atZone(clock.getZone()).toInstant());
        try {
            browser.loginAs("ent_chem").open("/contractors");
            assertThat(browser.find("h1").getText()).isEqualTo("承包商管理");
            assertThat(browser.find("#contractors").getText()).as("the demo's 安全生产许可证 expires within 30 days")
                    .contains("江苏安达石化设备安装工程有限公司", "资质即将到期");
        } finally {
            clock.set(start);
        }

        String name = "页面测试承包商" + System.nanoTime() % 100000;
        browser.find("#contractor-form summary").click();
        browser.find("#contractor-form input[name=name]").sendKeys(name);
        browser.find("#contractor-form input[name=creditCode]").sendKeys("91321282MA1N4K7QX0");
        browser.find("#contractor-form input[name=workScope]").sendKeys("储罐清洗");
        browser.find("#contractor-form input[name=contactName]").sendKeys("钱工");
        browser.find("#contractor-form input[name=contactPhone]").sendKeys("13800002222");
        browser.submit("#contractor-form button[type=submit]");

        assertThat(browser.awaitText(".alert.error", t -> !t.isBlank())).contains("统一社会信用代码");
        assertThat(browser.find("#contractor-form .err").getText()).as(browser.find("#contractor-form").getAttribute("outerHTML"))
                .contains("校验位");
        assertThat(browser.find("#contractor-form input[name=name]").getAttribute("value")).isEqualTo(name);
        var code = browser.find("#contractor-form input[name=creditCode]");
        code.clear();
        code.sendKeys(ContractorTest.creditCode());
        browser.submit("#contractor-form button[type=submit]");

        assertThat(browser.awaitText(".alert.ok", t -> !t.isBlank())).isEqualTo("已登记承包商");
        assertThat(browser.find("h1").getText()).contains(name);
        assertThat(browser.find("#admissibility").getText()).contains("未登记任何资质");

        browser.find("#person-form summary").click();
        browser.find("#person-form input[name=name]").sendKeys("页面测试工人");
        browser.find("#person-form input[name=idNumber]").sendKeys(ContractorTest.idNumber());
        browser.find("#person-form input[name=job]").sendKeys("清罐工");
        browser.submit("#person-form button[type=submit]");
        assertThat(browser.awaitText(".alert.ok", t -> !t.isBlank())).isEqualTo("已登记人员");
        var row = browser.all("#people tbody tr").stream().filter(r -> r.getText().contains("页面测试工人")).findFirst().orElseThrow();
        assertThat(row.getText()).contains("3212**********", "不得入厂", "未接受入厂安全交底");
        browser.screenshot("contractor-ent_chem");

        browser.phone();
        try {
            browser.open(browser.path());
            assertThat(browser.sideways()).as("the contractor page on a phone").isLessThanOrEqualTo(0);
            browser.screenshot("contractor-ent_chem-phone");
            ((JavascriptExecutor) browser.driver()).executeScript("document.getElementById('people').scrollIntoView()");
            browser.screenshot("contractor-ent_chem-phone-people");
            browser.open("/contractors");
            assertThat(browser.sideways()).as("the contractor list on a phone").isLessThanOrEqualTo(0);
            browser.open("/training");
            assertThat(browser.sideways()).as("the training page on a phone").isLessThanOrEqualTo(0);
            assertThat(browser.find("#certificates thead").isDisplayed()).as("certificates are cards, without a table head").isFalse();
            browser.screenshot("training-ent_chem-phone-cards");
        } finally {
            browser.desktop();
        }
    }

    @Test
    void a_regulator_reads_the_contractor_blacklist_of_its_area_without_forms() {
        browser.loginAs("gov_city").open("/contractors");
        assertThat(browser.find("#blacklist").getText()).contains("泰兴市宏远建筑劳务有限公司", "在册");
        assertThat(browser.all("#contractor-form")).isEmpty();
        browser.screenshot("contractors-gov_city");
        browser.all("#contractors a").stream().filter(a -> a.getText().equals("江苏安达石化设备安装工程有限公司")).findFirst().orElseThrow().click();
        assertThat(browser.awaitText("#people", t -> t.contains("王小军"))).contains("不得入厂", "未接受入厂安全交底");
        assertThat(browser.all("#person-form")).as("read-only").isEmpty();
        browser.screenshot("contractor-gov_city");
    }
}
