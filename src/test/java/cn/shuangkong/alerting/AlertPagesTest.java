package cn.shuangkong.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.hazard.Photos;
import cn.shuangkong.support.PageTest;
import java.awt.Color;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** What gov_city and a citizen see: the alert centre with the demo's 走过场 case, closing with a note; the public report. */
class AlertPagesTest extends PageTest {

    @Test
    void gov_city_opens_the_formality_case_reads_the_evidence_and_closes_it_only_with_a_note() {
        browser.loginAs("gov_city").open("/alerts");
        assertThat(browser.text()).contains("预警中心").contains("集中勾选").contains("照片重复使用").contains("签到位置偏离");
        browser.screenshot("alerts-centre");
        browser.open("/alerts?category=FORMALITY");
        browser.find("#alert-table a[href*='/alerts/']").click();
        assertThat(browser.awaitText("#evidence", t -> t.contains("排查记录 #"))).contains("排查记录 #");
        // The demo's case (the first of the rule, raised when the demo loaded): other tests' bulk ticks at a clock they
        // moved on raise newer ones, listed ahead of it.
        long demoCase = jdbc.sql("select id from alert where rule_code = 'FORMALITY_BULK_TICK' and status <> 'CLOSED' order by id limit 1")
                .query(Long.class).single();
        browser.open("/alerts?rule=FORMALITY_BULK_TICK");
        browser.find("#alert-table a[href$='/alerts/" + demoCase + "']").click();
        assertThat(browser.awaitText("#evidence", t -> t.contains("12 项任务"))).contains("于 3 个风险点完成 12 项任务");
        browser.find("#acknowledge").click();
        assertThat(browser.awaitText("#alert-status", "已确认"::equals)).isEqualTo("已确认");
        browser.find("#close").click();
        assertThat(browser.awaitText("#alert-error", t -> t.contains("关闭说明"))).contains("关闭预警须填写关闭说明");
        browser.screenshot("alert-close-needs-note");
        browser.find("#close-note").sendKeys("已约谈企业主要负责人，责令重新组织排查并对巡检员进行培训");
        browser.find("#close").click();
        assertThat(browser.awaitText("#alert-status", "已关闭"::equals)).isEqualTo("已关闭");
        assertThat(browser.find("#timeline").getText()).contains("触发").contains("确认").contains("关闭").contains("已约谈企业主要负责人");
        browser.open("/evaluation");
        assertThat(browser.all("#enterprise-ranking tbody tr")).hasSizeGreaterThan(2);
        assertThat(browser.text()).contains("E = (A + B) × α").contains("包保责任人排名").contains("主要负责人");
        browser.screenshot("evaluation-ranking");
        browser.loginAs("admin").open("/alerts/rules");
        long rules = jdbc.sql("select count(*) from alert_rule").query(Long.class).single();
        assertThat(rules).isGreaterThanOrEqualTo(12);
        assertThat(browser.all("#rule-table form.rule-form")).as("every rule is on the page to be set").hasSize((int) rules);
        browser.screenshot("alert-rules-admin");
    }

    @Test
    void a_citizen_files_a_report_from_a_phone_without_logging_in_and_reads_its_status() {
        browser.driver().manage().deleteAllCookies();
        browser.phone().open("/public/report");
        assertThat(browser.path()).isEqualTo("/public/report");
        browser.find("button[type=submit]").click();
        assertThat(browser.awaitText("#report-error", t -> t.contains("请描述"))).contains("请描述发现的隐患");
        browser.find("textarea[name=content]").sendKeys("新桥镇菜市场后面的液化气钢瓶露天堆放几十个，没人看管 " + UUID.randomUUID().toString().substring(0, 6));
        new Select(browser.find("select[name=regionCode]")).selectByVisibleText("新桥镇");
        browser.find("input[name=location]").sendKeys("新桥镇菜市场北门");
        browser.find("input[name=photos]").sendKeys(Photos.pngFile(Color.DARK_GRAY).toAbsolutePath().toString());
        browser.find("input[name=contactPhone]").sendKeys("13700000009");
        browser.screenshot("public-report-form");
        browser.find("button[type=submit]").click();
        String code = browser.awaitText("#tracking-code", t -> t != null && !t.isBlank());
        assertThat(code).matches("JB[0-9A-Z]{8}");
        assertThat(browser.find("#report-status").getText()).isEqualTo("待受理");
        browser.screenshot("public-report-code");
        assertThat(jdbc.sql("select count(*) from public_report_photo p join public_report r on r.id = p.report_id where r.code = :c")
                .param("c", code).query(Long.class).single()).isEqualTo(1);
        browser.desktop().loginAs("gov_city").open("/reports");
        assertThat(browser.text()).contains(code).contains("待受理").contains("核查中").contains("已转隐患整改").contains("不予受理");
        browser.screenshot("public-reports-regulator");
        long converted = jdbc.sql("select id from public_report where contact_name = '赵女士'").query(Long.class).single();
        browser.open("/reports/" + converted);
        assertThat(browser.find("#reporter").getText()).as("the city bureau is not the handling department").contains("仅承办部门可见")
                .doesNotContain("赵女士");
        browser.loginAs("gov_town").open("/reports/" + converted);
        assertThat(browser.find("#reporter").getText()).contains("赵女士").contains("13951100003");
        assertThat(browser.text()).contains("已转隐患整改").contains("隐患 #").contains("已奖励 300");
        browser.screenshot("public-report-handled");
    }
}
