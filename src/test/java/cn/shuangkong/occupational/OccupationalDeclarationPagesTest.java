package cn.shuangkong.occupational;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;

/**
 * The safety manager files the 职业病危害项目申报 the page says is due and records a 检测 result that settles an
 * exceeding one; a regulator of the town reads which enterprises have filed and which have not.
 */
class OccupationalDeclarationPagesTest extends PageTest {

    private long owed(String what) {
        return browser.all("tr[data-owed='" + what + "']").size();
    }

    @Test
    void the_manager_files_the_change_declaration_and_a_conforming_result_settles_the_exceeding_one() {
        long chem = enterpriseIdOf("ent_chem");
        LocalDate today = LocalDate.now(clock);
        long filedBefore = jdbc.sql("select count(*) from occupational_declaration where enterprise_id = :e").param("e", chem).query(Long.class).single();

        browser.loginAs("ent_chem").open("/occupational#declaration");
        assertThat(filedBefore).as("the demo's first filing").isPositive();
        assertThat(owed("REDECLARE")).as("the boiler's heat was added after the demo's filing").isEqualTo(1);
        assertThat(browser.find("tr[data-owed='REDECLARE']").getText()).contains("须变更申报", "新增", "高温");
        assertThat(owed("DETECTION_EXCEEDED")).as("the boiler's noise").isPositive();
        assertThat(browser.find("#detection-todos").getText()).contains("锅炉工 · 噪声", "检测超标", "88.6 dB(A)");
        browser.screenshot("occupational-declaration-ent_chem");

        // a change declaration without the manager's name comes back with the reason typed
        browser.find("#declaration-form summary").click();
        new Select(browser.find("#declaration-form select[name=kind]")).selectByValue("CHANGE");
        browser.find("#declaration-form input[name=healthManager]").clear();
        browser.find("#declaration-form textarea[name=reason]").clear();
        browser.find("#declaration-form textarea[name=reason]").sendKeys("锅炉房新增高温");
        browser.submit("#declaration-form button[type=submit]");
        assertThat(browser.awaitText(".alert.error", t -> !t.isBlank())).isEqualTo("请填写职业卫生管理人员");
        assertThat(browser.find("#declaration-form textarea[name=reason]").getAttribute("value")).isEqualTo("锅炉房新增高温");
        browser.find("#declaration-form input[name=healthManager]").sendKeys("王建华（职业卫生管理员）");
        browser.submit("#declaration-form button[type=submit]");
        assertThat(browser.awaitText(".alert.ok", t -> !t.isBlank())).isEqualTo("已申报职业病危害项目");
        assertThat(browser.find("h1").getText()).contains("变更申报");
        assertThat(browser.find("dl.props").getText()).contains("内容与摘要相符", "王建华（职业卫生管理员）", "锅炉房新增高温");
        assertThat(browser.find("#declared-factors").getText()).contains("高温", "噪声", "甲醇");
        browser.screenshot("occupational-declaration-detail");
        browser.phone().open(browser.path());
        browser.screenshot("occupational-declaration-detail-phone");
        browser.desktop();
        assertThat(jdbc.sql("select count(*) from occupational_declaration where enterprise_id = :e").param("e", chem).query(Long.class).single())
                .isEqualTo(filedBefore + 1);

        browser.open("/occupational#declaration");
        assertThat(owed("REDECLARE")).as("filed as it stands").isZero();

        // a result within the limit for the boiler's noise settles the exceeding one
        long boilerNoise = jdbc.sql("""
                select f.id from occupational_factor f join org_unit u on u.id = f.post_id
                 where f.enterprise_id = :e and u.name = '锅炉工' and f.name = '噪声'""").param("e", chem).query(Long.class).single();
        browser.find("#detection-form summary").click();
        new Select(browser.find("#detection-form select[name=factorId]")).selectByValue(String.valueOf(boilerNoise));
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]",
                browser.find("#detection-form input[name=detectedOn]"), today.toString());
        browser.find("#detection-form input[name=organisation]").sendKeys("江苏安衡职业卫生检测评价有限公司");
        browser.find("#detection-form input[name=reportNo]").sendKeys("JJ-ZJ-PAGE-1");
        browser.find("#detection-form input[name=measured]").sendKeys("83.2");
        new Select(browser.find("#detection-form select[name=limitKind]")).selectByValue("LEX");
        browser.find("#detection-form input[name=limitValue]").sendKeys("八十五");
        browser.find("#detection-form input[name=unit]").sendKeys("dB(A)");
        browser.submit("#detection-form button[type=submit]");
        assertThat(browser.awaitText(".alert.error", t -> !t.isBlank())).isEqualTo("职业接触限值须为数字");
        assertThat(browser.find("#detection-form input[name=reportNo]").getAttribute("value")).isEqualTo("JJ-ZJ-PAGE-1");
        browser.find("#detection-form input[name=limitValue]").clear();
        browser.find("#detection-form input[name=limitValue]").sendKeys("85");
        browser.submit("#detection-form button[type=submit]");
        assertThat(browser.awaitText(".alert.ok", t -> !t.isBlank())).isEqualTo("已登记检测结果");
        assertThat(browser.find("#detection-todos").getText()).doesNotContain("锅炉工 · 噪声");
        assertThat(browser.find("#detection-results").getText()).contains("JJ-ZJ-PAGE-1", "符合");

        browser.phone().open("/occupational#declaration");
        browser.screenshot("occupational-declaration-ent_chem-phone");
        browser.open("/occupational#detections");
        browser.screenshot("occupational-detections-ent_chem-phone");
        browser.desktop();
        browser.open("/occupational?lang=en#declaration");
        browser.screenshot("occupational-declaration-ent_chem-en");
        browser.open("/occupational?lang=zh_CN");

        // the town's regulator: the machinery works has factors and has not filed
        long mech = enterpriseIdOf("ent_mech");
        browser.loginAs("gov_town").open("/occupational#compliance");
        assertThat(browser.find("#compliance-" + mech).getText()).contains("江苏泰和机械制造有限公司", "未申报");
        assertThat(browser.all("#compliance-" + chem)).as("the chemical works is not the town's").isEmpty();
        browser.screenshot("occupational-compliance-gov_town");
        browser.phone().open("/occupational#compliance");
        browser.screenshot("occupational-compliance-gov_town-phone");
        browser.desktop();
        long chemFiling = jdbc.sql("select max(id) from occupational_declaration where enterprise_id = :e").param("e", chem).query(Long.class).single();
        browser.open("/occupational/declarations/" + chemFiling);
        assertThat(browser.text()).as("a filing of another town").contains("不存在或不在您的数据范围内").doesNotContain("王建华");

        browser.loginAs("gov_city").open("/occupational#compliance");
        assertThat(browser.find("#compliance-" + chem).getText()).contains("江苏华泰化工有限公司", "变更申报");
        long latest = jdbc.sql("select max(id) from occupational_declaration where enterprise_id = :e").param("e", chem).query(Long.class).single();
        browser.find("#filing-" + latest + " a").click();
        assertThat(browser.find("h1").getText()).contains("江苏华泰化工有限公司");
        assertThat(browser.all("#declaration-form")).isEmpty();
        browser.screenshot("occupational-declaration-gov_city");
    }
}
