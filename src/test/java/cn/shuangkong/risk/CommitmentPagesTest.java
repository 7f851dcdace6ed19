package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** 安全风险研判与承诺公告: the principal signs today's notice field by field, the regulator sees who has and who has not. */
class CommitmentPagesTest extends PageTest {

    @Test
    void the_principal_signs_todays_commitment_once_and_the_city_sees_its_fields_beside_the_enterprises_that_missed_it() {
        browser.loginAs("gov_city").open("/risks/commitments");
        assertThat(browser.find("#missing").getText()).contains("家企业当日未发布承诺公告");

        long published = publishedByChem();
        browser.loginAs("chem_boss").open("/risks/commitment");
        assertThat(browser.find("#work-form").getText()).contains("特级动火", "一级动火", "二级动火", "受限空间", "断路");
        browser.find("input[name='work-HOT_WORK-二级']").clear();
        browser.find("input[name='work-HOT_WORK-二级']").sendKeys("2");
        browser.find("#contractors").clear();
        browser.find("#contractors").sendKeys("12");
        String source = browser.all("select[name^='source-']").get(0).getAttribute("name");
        new Select(browser.find("select[name='" + source + "']")).selectByValue("ABNORMAL");
        new Select(browser.find("#riskLevel")).selectByValue("HIGH");
        browser.submit("form[action$='/risks/commitment'] button");
        // an abnormal 重大危险源 needs a note: refused beside the field, with what was typed kept
        assertThat(browser.find(".alert.error").getText()).contains("的异常情况");
        assertThat(browser.find("#contractors").getAttribute("value")).isEqualTo("12");
        assertThat(browser.find("input[name='work-HOT_WORK-二级']").getAttribute("value")).isEqualTo("2");
        browser.screenshot("risks-commitment-form-refused");
        browser.find("input[name='" + source + "-note']").sendKeys("T-102 液位计故障，已切换备用");
        browser.submit("form[action$='/risks/commitment'] button");
        assertThat(browser.find(".alert.ok").getText()).isEqualTo("今日安全承诺公告已签署发布");
        assertThat(browser.find("#commitment").getText()).contains("二级动火", "12", "我承诺", "较大风险");
        assertThat(browser.find("#sources").getText()).contains("异常", "T-102 液位计故障");
        browser.screenshot("risks-commitment");
        browser.phone().open("/risks/commitment");
        browser.screenshot("risks-commitment-phone");
        browser.desktop();

        browser.loginAs("gov_city").open("/risks/commitments");
        var chemRow = browser.all("#commitment-table tbody tr").stream()
                .filter(r -> r.getText().contains("江苏华泰化工有限公司")).findFirst().orElseThrow();
        assertThat(chemRow.getText()).containsAnyOf("已发布", "迟报").contains("二级动火 2", "1 个异常", "较大风险");
        assertThat(browser.all("#commitment-table tbody tr").stream().anyMatch(r -> r.getText().contains("未发布"))).isTrue();
        browser.screenshot("risks-commitments-gov_city");

        // once: the refused attempt is not recorded (other tests, on other days of the shared clock, sign their own)
        assertThat(publishedByChem()).isEqualTo(published + 1);
    }

    private long publishedByChem() {
        return jdbc.sql("select count(*) from audit_record where action = '发布安全承诺公告' and enterprise_id = :e")
                .param("e", enterpriseIdOf("chem_boss")).query(Long.class).single();
    }

    @Test
    void a_safety_manager_who_is_not_the_principal_cannot_sign_it() {
        browser.loginAs("ent_mech").open("/risks/commitment");
        assertThat(browser.all("form[action$='/risks/commitment']")).isEmpty();
        assertThat(browser.find("#not-published").getText()).contains("须由本企业主要负责人签署发布");
    }
}
