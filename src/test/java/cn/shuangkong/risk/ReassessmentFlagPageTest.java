package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A risk point flagged 待重新评价 says so on its page, with the reason, until an approved assessment clears it. */
class ReassessmentFlagPageTest extends PageTest {

    @Autowired
    Reassessments reassessments;

    @Test
    void the_risk_point_page_shows_why_the_point_awaits_reassessment() {
        long point = jdbc.sql("""
                select p.id from risk_point p join user_account u on u.enterprise_id = p.enterprise_id
                 where u.username = 'ent_mech' order by p.id limit 1
                """).query(Long.class).single();
        reassessments.flag(point, "管控措施“设备点检”排查异常");
        String reason = reassessments.reasonOf(point).orElseThrow();

        browser.loginAs("ent_mech").open("/risks/" + point);
        assertThat(browser.all("#reassessment")).as("the flag is on the page").isNotEmpty();
        assertThat(browser.find("#reassessment").getText()).contains("待重新评价", reason);
        browser.screenshot("risk-detail-reassessment");
        browser.phone().open("/risks/" + point);
        browser.screenshot("risk-detail-reassessment-phone");
    }
}
