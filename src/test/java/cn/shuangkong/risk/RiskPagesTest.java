package cn.shuangkong.risk;

import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** 风险分级管控 in Chromium: the chemical works' safety manager builds and assesses a risk point; the city sees major risks. */
class RiskPagesTest extends PageTest {

    /** Waits for the page a click led to: a form post may still be loading when the click returns. */
    private static String textOnceShown(String expected) {
        try {
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Patience.CONDITION)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> d.findElement(org.openqa.selenium.By.tagName("body")).getText().contains(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("\"" + expected + "\" never shown at " + browser.path() + "; the page says: " + browser.text(), e);
        }
        return browser.text();
    }

    @Test
    void the_safety_manager_copies_a_template_assesses_an_event_and_cannot_review_it_alone() {
        browser.loginAs("ent_chem").open("/risks");
        assertThat(browser.text()).contains("安全风险分级管控清单", "甲类储罐区（甲醇、甲苯）", "本企业风险等级");
        assertThat(browser.find("#risk-table tbody tr td .level").getText()).isEqualTo("重大风险");
        browser.screenshot("risks-list-ent_chem");

        browser.open("/risks/templates?code=DUST_EXPLOSION");
        assertThat(browser.text()).contains("除尘系统粉尘爆炸");
        browser.screenshot("risks-templates");
        browser.find("#copy-form #name").clear();
        browser.find("#copy-form #name").sendKeys("页面测试 · 抛光除尘系统");
        new Select(browser.find("#copy-form #orgUnitId")).selectByIndex(2);
        new Select(browser.find("#copy-form #responsibleEmployeeId")).selectByIndex(1);
        browser.find("#copy-form button[type=submit]").click();
        assertThat(textOnceShown("已从模板创建风险点")).contains("已从模板创建风险点：页面测试 · 抛光除尘系统", "除尘系统粉尘爆炸", "作业场所积尘");
        assertThat(browser.path()).matches("/risks/\\d+");

        var firstEvent = browser.find(".event");
        firstEvent.findElement(org.openqa.selenium.By.tagName("summary")).click();
        new Select(firstEvent.findElement(org.openqa.selenium.By.name("method"))).selectByValue("LS");
        new Select(firstEvent.findElement(org.openqa.selenium.By.name("f_LS_l"))).selectByValue("4");
        new Select(firstEvent.findElement(org.openqa.selenium.By.name("f_LS_s"))).selectByValue("5");
        firstEvent.findElement(org.openqa.selenium.By.name("reason")).sendKeys("首次辨识评价");
        browser.screenshot("risk-assess-form");
        firstEvent.findElement(org.openqa.selenium.By.cssSelector("button[type=submit]")).click();
        assertThat(textOnceShown("评价已提交")).contains("评价已提交，等待审核人审核", "待审核", "LS = 20");

        browser.find("#assessments button[type=submit]").click();
        textOnceShown("审核人不能是分析人本人");
        assertThat(browser.find(".alert.error").getText()).isEqualTo("审核人不能是分析人本人");
        browser.screenshot("risk-detail-new");
    }

    @Test
    void a_risk_point_sheet_shows_events_measures_and_the_signed_timeline() throws Exception {
        long id = jdbc.sql("select id from risk_point where name = '甲类储罐区（甲醇、甲苯）'").query(Long.class).single();
        browser.loginAs("ent_chem").open("/risks/" + id);
        assertThat(browser.text()).contains("储罐超装溢罐", "液位计", "公司", "分析 陆海峰（安全科长）", "审定", "已生效",
                "技术负责人 沈国平").doesNotContain("包保责任未落实");
        browser.screenshot("risk-detail-tank-farm");
        String card = browser.find("a[href$='/notice-card.pdf']").getDomAttribute("href");
        assertThat(card).endsWith("/risks/" + id + "/notice-card.pdf");
        var pdf = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + card)).header("Cookie", browser.cookieHeader()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5)).as("the session route serves the same PDF").isEqualTo("%PDF-");
        browser.phone().open("/risks");
        browser.screenshot("risks-list-phone");
    }

    @Test
    void the_city_regulator_sees_the_major_risks_of_the_whole_city() {
        browser.loginAs("gov_city").open("/risks/major");
        assertThat(browser.text()).contains("重大风险清单", "甲类储罐区（甲醇、甲苯）", "滨江新区");
        assertThat(browser.all("#major-table tbody tr .level")).allSatisfy(l -> assertThat(l.getText()).isEqualTo("重大风险"));
        browser.screenshot("risks-major-gov_city");
        browser.loginAs("gov_town").open("/risks/major");
        assertThat(browser.text()).doesNotContain("甲类储罐区（甲醇、甲苯）");
    }

    @Test
    void the_tank_farm_inspector_sees_the_risks_measures_and_emergency_actions_of_his_post_on_a_phone() {
        browser.loginAs("worker_chem").phone().open("/risks/my-post");
        assertThat(browser.text()).contains("我的岗位风险", "甲类储罐区（甲醇、甲苯）", "储罐超装溢罐", "由您负责排查", "应急处置", "119")
                .doesNotContain("氯化反应釜 R-201");
        browser.screenshot("risks-my-post-phone");
    }

    @Test
    void the_principal_signs_the_filing_on_the_page_and_the_city_regulator_reads_it() {
        browser.loginAs("chem_boss").open("/risks/filing");
        browser.find("#filing-status button[type=submit]").click();
        assertThat(textOnceShown("已签署并提交")).contains("已签署并提交", "已备案", "当前清单与最近一次备案一致");
        browser.screenshot("risks-filing-chem_boss");

        browser.loginAs("gov_city").open("/risks/filings");
        assertThat(browser.find("#filing-table").getText()).contains("江苏华泰化工有限公司");
        String snapshot = browser.all("#filing-table tbody tr").stream().filter(r -> r.getText().contains("江苏华泰化工有限公司")).findFirst()
                .orElseThrow().findElement(org.openqa.selenium.By.tagName("a")).getAttribute("href"); // the chemical works' filing
        browser.driver().get(snapshot);
        assertThat(textOnceShown("SHA-256")).contains("SHA-256", "甲类储罐区（甲醇、甲苯）");
        browser.screenshot("risks-filing-snapshot-gov_city");
    }

    @Test
    void the_four_colour_site_map_draws_the_tank_farm_red_and_lists_points_without_a_position() {
        browser.loginAs("ent_chem").open("/risks/map");
        var tankFarm = browser.all("#site-map a").stream()
                .filter(a -> a.getText().contains("甲类储罐区（甲醇、甲苯）") && a.getText().contains("重大风险")).findFirst().orElseThrow();
        assertThat(tankFarm.findElement(org.openqa.selenium.By.tagName("polygon")).getAttribute("fill")).isEqualTo("#d9363e");
        assertThat(browser.text()).contains("未标注位置的风险点", "储罐清罐作业（有限空间）");
        browser.screenshot("risks-site-map");
        tankFarm.findElement(org.openqa.selenium.By.tagName("polygon")).click();
        textOnceShown("风险事件与管控措施");
        assertThat(browser.path()).matches("/risks/\\d+");
    }

    @Test
    void the_safety_manager_edits_a_risk_point_and_a_bad_position_is_explained_in_chinese() {
        long id = jdbc.sql("select id from risk_point where name = '燃气蒸汽锅炉 B-01'").query(Long.class).single();
        browser.loginAs("ent_chem").open("/risks/" + id + "/edit");
        assertThat(browser.find("#name").getAttribute("value")).isEqualTo("燃气蒸汽锅炉 B-01");
        browser.find("#sitePosition").clear();
        browser.find("#sitePosition").sendKeys("锅炉房东侧");
        browser.find("form.form button[type=submit]").click();
        assertThat(textOnceShown("平面图位置应为")).contains("平面图位置应为 GeoJSON 几何对象");
        browser.screenshot("risk-edit-error");
        browser.find("#sitePosition").clear();
        browser.find("#sitePosition").sendKeys("{\"type\":\"Point\",\"coordinates\":[170,455]}");
        browser.find("form.form button[type=submit]").click();
        assertThat(textOnceShown("风险点已保存")).contains("风险点已保存");
    }

    @Test
    void the_gate_screen_shows_the_major_and_high_risks_with_their_measures() {
        browser.loginAs("ent_chem").open("/risks/board");
        assertThat(browser.text()).contains("安全风险公告栏", "甲类储罐区（甲醇、甲苯）", "氯化反应釜 R-201", "应急处置", "119")
                .doesNotContain("燃气蒸汽锅炉 B-01");
        browser.screenshot("risks-board");
    }
}
