package cn.shuangkong.referral;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PageTest;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** 部门抄告 on the pages: gov_city refers a hazard to the fire brigade, gov_fire answers, gov_city reads the answer. */
class ReferralPagesTest extends PageTest {

    @Test
    void the_city_refers_a_hazard_to_the_fire_brigade_which_answers_and_the_city_reads_the_answer() {
        long enterprise = jdbc.sql("""
                select id from enterprise where industry_code = 'C3441' and region_code = '321282100' and status = 'OPERATING'
                   and id not in (select enterprise_id from user_account where enterprise_id is not null)
                 order by id offset 3 limit 1
                """).query(Long.class).single();
        Api city = loggedIn("gov_city");
        long x = city.post("/api/v1/supervision/inspections", Api.json(Map.of("enterpriseId", enterprise,
                "inspectedOn", LocalDate.now(clock).toString(), "inspectors", "周卫东、陈海峰"))).json().get("id").asLong();
        long hazard = city.post("/api/v1/supervision/inspections/" + x + "/findings", Api.json(Map.of("title", "仓库消防栓被遮挡（页面抄告）",
                "description", "消防栓前堆放纸箱", "location", "成品仓库", "type", "UNSAFE_CONDITION",
                "deadline", LocalDate.now(clock).plusDays(10).toString()))).json().get("hazardId").asLong();

        browser.signIn("gov_city").open("/referrals?box=OUT&itemKind=HAZARD&itemId=" + hazard);
        new Select(browser.find("#refer-form select[name=toDepartmentId]")).selectByVisibleText("靖江市消防救援大队（F52、H、R、P）");
        browser.find("#refer-form textarea[name=note]").sendKeys("消防设施属消防救援机构监督职责，请检查并反馈");
        browser.submit("#refer-form button[type=submit]");
        assertThat(browser.awaitText("#referral-status", t -> t.contains("待签收"))).contains("待签收");
        assertThat(browser.find("#referred-item").getText()).contains("仓库消防栓被遮挡（页面抄告）", "成品仓库");
        String path = browser.path();
        browser.screenshot("referral-sent");

        browser.signIn("gov_fire").open("/referrals");
        assertThat(browser.find("#referral-table").getText()).contains("仓库消防栓被遮挡（页面抄告）", "靖江市应急管理局");
        browser.open(path);
        browser.submit("#accept");
        assertThat(browser.awaitText("#referral-status", t -> t.contains("已签收"))).contains("已签收");
        browser.find("#handle-form textarea[name=answer]").sendKeys("已到场检查，消防栓前纸箱已清走，对企业进行了警示教育");
        browser.submit("#handle");
        assertThat(browser.awaitText("#referral-status", t -> t.contains("已办结"))).contains("已办结反馈");
        browser.screenshot("referral-answered");

        browser.signIn("gov_city").open(path);
        assertThat(browser.find("#referral-answer").getText()).isEqualTo("已到场检查，消防栓前纸箱已清走，对企业进行了警示教育");
        assertThat(browser.find("#referral-steps").getText()).contains("抄告", "签收", "办结反馈");
        assertThat(browser.all("#answer-box")).isEmpty();

        // the enterprise has no referral pages, nor the 诚信 record
        browser.signIn("ent_mech").open(path);
        assertThat(browser.text()).doesNotContain("仓库消防栓被遮挡（页面抄告）");
        browser.open("/supervision/enterprises/" + enterprise + "/integrity");
        assertThat(browser.text()).doesNotContain("安全生产诚信档案");

        // the regulator's 诚信 record of that enterprise, and the public disclosure page without signing in
        browser.signIn("gov_city").open("/supervision/enterprises/" + enterprise + "/integrity");
        assertThat(browser.find("#integrity-findings").getText()).contains("仓库消防栓被遮挡（页面抄告）");
        browser.screenshot("integrity-record");
        browser.driver().manage().deleteAllCookies();
        browser.open("/public/disclosure?section=BLACKLIST");
        assertThat(browser.find("#blacklist-table").getText()).contains("列入中");
        browser.screenshot("public-disclosure");
        browser.open("/supervision/joint");
        assertThat(browser.path()).isEqualTo("/login");
    }
}
