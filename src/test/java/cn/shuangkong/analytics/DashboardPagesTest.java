package cn.shuangkong.analytics;

import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The regulator's dashboard as a person uses it: the city at a glance, a drill to a town, an enterprise, a hazard. */
class DashboardPagesTest extends PageTest {

    private void waitForCharts() {
        new WebDriverWait(browser.driver(), Patience.CONDITION).until(d ->
                "true".equals(d.findElement(By.cssSelector("[data-dashboard]")).getAttribute("data-loaded")));
    }

    @Test
    void the_city_drills_from_its_dashboard_to_a_town_an_enterprise_and_its_hazards() {
        browser.loginAs("gov_city").open("/dashboard");
        waitForCharts();
        assertThat(browser.find("h1").getText()).isEqualTo("靖江市 · 监管驾驶舱");
        assertThat(browser.all("#d-map canvas")).isNotEmpty();
        assertThat(browser.all("#d-levels canvas")).isNotEmpty();
        assertThat(browser.all("#d-area-table tbody tr")).hasSize(12);
        browser.screenshot("dashboard-gov_city");

        browser.find("#d-area-table a[href$='region=321282401']").click();
        waitForCharts();
        assertThat(browser.find("h1").getText()).isEqualTo("滨江新区 · 监管驾驶舱");
        assertThat(browser.find(".crumbs").getText()).contains("靖江市");
        browser.find(".dash-enterprises a[href*='/dashboard/enterprises/']").click();
        assertThat(browser.path()).matches("/dashboard/enterprises/\\d+");
        assertThat(browser.find(".crumbs").getText()).contains("靖江市", "滨江新区");
        var risk = browser.find("#d-points a[href^='/risks/']");
        String riskName = risk.getText();
        risk.click();
        assertThat(browser.path()).matches("/risks/\\d+");
        assertThat(browser.text()).contains(riskName);

        // From the city's open major hazards straight to the hazard.
        browser.open("/dashboard");
        var hazards = browser.all("#d-major-hazard-table a[href^='/hazards/']");
        if (!hazards.isEmpty()) {
            String title = hazards.get(0).getText();
            hazards.get(0).click();
            assertThat(browser.path()).matches("/hazards/\\d+");
            assertThat(browser.text()).contains(title);
        }

        browser.open("/dashboard/screen");
        waitForCharts();
        assertThat(browser.find("h1").getText()).contains("靖江市", "监测预警大屏");
        assertThat(browser.find("#s-enterprises").getText()).matches("\\d+");
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1600, 900));
        waitForCharts();
        browser.screenshot("dashboard-screen-gov_city");
    }

    @Test
    void the_screen_clock_shows_the_platform_time_in_the_platform_zone_not_the_browser_s() {
        var start = clock.instant();
        clock.advance(Duration.ofHours(30)); // a platform clock far from the wall's, so a browser's own clock cannot pass
        try {
            browser.loginAs("gov_city").open("/dashboard/screen");
            waitForCharts();
            new WebDriverWait(browser.driver(), Patience.CONDITION).until(d -> !d.findElement(By.id("s-clock")).getText().isBlank());
            var shown = java.time.LocalDateTime.parse(browser.find("#s-clock").getText(),
                    java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss"));
            var platform = java.time.LocalDateTime.ofInstant(clock.instant(), clock.getZone());
            assertThat(Duration.between(platform, shown).abs()).isLessThan(Duration.ofMinutes(2));
        } finally {
            clock.set(start); // other tests share the clock
        }
    }

    @Test
    void the_town_sees_its_own_dashboard_and_regional_map_and_an_enterprise_none() {
        browser.loginAs("gov_town").open("/dashboard");
        waitForCharts();
        assertThat(browser.find("h1").getText()).isEqualTo("新桥镇 · 监管驾驶舱");
        assertThat(browser.text()).doesNotContain("滨江新区", "华泰化工");
        browser.screenshot("dashboard-gov_town");
        browser.open("/dashboard?region=321282401");
        assertThat(browser.text()).contains("不存在或不在您的数据范围内");

        browser.open("/regional");
        waitForCharts();
        assertThat(browser.all("#regional-risks tbody tr")).isNotEmpty();
        browser.screenshot("regional-gov_town");
        browser.open("/regional/new");
        browser.find("#name").sendKeys("测试页面燃气管网");
        browser.find("form.form button[type=submit]").click();
        assertThat(browser.find(".alert.error").getText()).contains("区域风险未保存");
        assertThat(browser.text()).contains("请选择乡镇（街道）或村（社区）", "请选择风险类别", "LEC 法缺少因子 L");

        browser.loginAs("ent_mech").open("/dashboard");
        assertThat(browser.text()).contains("没有访问权限").doesNotContain("新桥镇 · 监管驾驶舱");
        assertThat(browser.all("a[href='/dashboard']")).isEmpty();
    }
}
