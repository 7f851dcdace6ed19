package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import org.junit.jupiter.api.Test;

/** 安全风险研判与承诺公告: the principal signs today's notice, the regulator sees who has and who has not. */
class CommitmentPagesTest extends PageTest {

    @Test
    void the_principal_signs_todays_commitment_once_and_the_city_sees_it_beside_the_enterprises_that_missed_it() {
        browser.loginAs("gov_city").open("/risks/commitments");
        assertThat(browser.find("#missing").getText()).contains("家企业当日未发布承诺公告");

        browser.loginAs("chem_boss").open("/risks/commitment");
        browser.find("input[name=ops][value=HOT_WORK]").click();
        browser.find("#contractors").clear();
        browser.find("#contractors").sendKeys("12");
        browser.find("form[action$='/risks/commitment'] button").click();
        assertThat(browser.find(".alert.ok").getText()).isEqualTo("今日安全承诺公告已签署发布");
        assertThat(browser.find("#commitment").getText()).contains("动火", "12", "我承诺");
        browser.screenshot("risks-commitment");

        browser.loginAs("gov_city").open("/risks/commitments");
        var chemRow = browser.all("#commitment-table tbody tr").stream()
                .filter(r -> r.getText().contains("江苏华泰化工有限公司")).findFirst().orElseThrow();
        assertThat(chemRow.getText()).contains("已发布");
        assertThat(browser.all("#commitment-table tbody tr").stream().anyMatch(r -> r.getText().contains("未发布"))).isTrue();
        browser.screenshot("risks-commitments-gov_city");

        assertThat(jdbc.sql("select count(*) from audit_record where action = '发布安全承诺公告'").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_safety_manager_who_is_not_the_principal_cannot_sign_it() {
        browser.loginAs("ent_mech").open("/risks/commitment");
        assertThat(browser.all("form[action$='/risks/commitment']")).isEmpty();
    }
}
