package cn.shuangkong.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import org.junit.jupiter.api.Test;

/** 应急管理 in the browser: one click from a risk point to its nearest resources, and a bad form answered in Chinese. */
class EmergencyPagesTest extends PageTest {

    @Test
    void the_chemical_works_sees_its_nearest_resources_and_emergency_card_and_a_bad_form_names_each_field() {
        long tanks = jdbc.sql("select id from risk_point where name = '甲类储罐区（甲醇、甲苯）'").query(Long.class).single();
        browser.loginAs("ent_chem").open("/risks/" + tanks);
        browser.find("a[href='/emergency/near?riskPointId=" + tanks + "']").click();
        assertThat(browser.path()).isEqualTo("/emergency/near");
        assertThat(browser.find("h1").getText()).contains("甲类储罐区", "重大风险");
        assertThat(browser.find("#emergency-card").getAttribute("href")).endsWith("/risks/" + tanks + "/notice-card.pdf");
        assertThat(browser.text()).contains("甲类储罐区火灾爆炸专项应急预案", "甲醇储罐泄漏现场处置方案");
        // the demo's nearest; other tests place their own (named 测试 · …) right by the tank farm too
        var first = browser.all("#near-list li").stream().map(li -> li.getText()).filter(t -> !t.contains("测试 · ")).findFirst().orElseThrow();
        assertThat(first).as("the 消防站 fire monitor and team sit right by the tank farm").containsAnyOf("消防", "空气呼吸器");
        assertThat(browser.all("#near-map .res-marker")).hasSizeGreaterThanOrEqualTo(6);
        browser.screenshot("emergency-near");

        browser.open("/emergency/plans/" + jdbc.sql("select id from emergency_plan where title = '甲类储罐区火灾爆炸专项应急预案'").query(Long.class).single());
        assertThat(browser.find("#versions").getText()).contains("第 2 版", "现行", "第 1 版", "已替代");
        browser.screenshot("emergency-plan");

        // The shared clock may have been moved on by other tests, so the item that expires soon is made relative to it.
        long chem = jdbc.sql("select id from enterprise where name = '江苏华泰化工有限公司'").query(Long.class).single();
        jdbc.sql("""
                insert into emergency_resource (enterprise_id, category, name, quantity, unit, location, expires_on, created_at)
                values (:e, 'EQUIPMENT', '便携式四合一气体检测仪', 2, '台', '罐区值班室', :exp, now())
                """).param("e", chem).param("exp", java.time.LocalDate.now(clock).plusDays(10)).update();
        long before = jdbc.sql("select count(*) from emergency_resource").query(Long.class).single();
        browser.open("/emergency/resources");
        assertThat(browser.find("#items").getText()).contains("正压式空气呼吸器", "便携式四合一气体检测仪", "即将到期");
        browser.find("#resource-form input[name=name]").sendKeys("防爆对讲机");
        browser.find("#resource-form input[name=quantity]").sendKeys("-3");
        browser.find("#resource-form input[name=planX]").sendKeys("1500");
        browser.find("#resource-form button[type=submit]").click();
        assertThat(browser.find(".alert.error").getText()).contains("提交的数据有误");
        String form = browser.find("#resource-form").getText();
        assertThat(form).contains("请选择类别（应急装备或应急物资）", "数量不能为负数", "请填写计量单位", "请填写存放地点",
                "平面图横坐标应在 0～1000 之间");
        assertThat(browser.find("#resource-form input[name=name]").getAttribute("value")).as("what was typed stays").isEqualTo("防爆对讲机");
        browser.screenshot("emergency-resources-errors");
        assertThat(jdbc.sql("select count(*) from emergency_resource").query(Long.class).single()).isEqualTo(before);

        browser.open("/inbox");
        assertThat(browser.text()).as("the expiry reminder is in the one inbox").contains("应急物资到期", "正压式空气呼吸器");
        browser.find("a[href*='/emergency/resources#resource-']").click();
        assertThat(browser.path()).isEqualTo("/emergency/resources");

        browser.open("/emergency/drills");
        assertThat(browser.find("#drill-table").getText()).contains("逾期未演练", "已演练 · 整改中");
        browser.screenshot("emergency-drills");

        browser.loginAs("gov_city").open("/emergency/neighbours");
        assertThat(browser.find("#notice-table").getText()).contains("江苏华泰化工有限公司", "甲类储罐区");
        browser.screenshot("emergency-neighbours-gov_city");
        browser.loginAs("gov_town").open("/emergency/plans");
        assertThat(browser.find("#plan-table").getText()).doesNotContain("江苏华泰化工有限公司");
    }

    @Test
    void a_team_is_edited_its_members_changed_and_retired_from_the_resources_page() {
        long chem = jdbc.sql("select id from enterprise where name = '江苏华泰化工有限公司'").query(Long.class).single();
        long team = jdbc.sql("""
                insert into emergency_team (enterprise_id, name, kind, leader, phone, created_at)
                values (:e, '测试 · 页面维护队', '兼职救援队', '王强', '0512-1234567', now()) returning id
                """).param("e", chem).query(Long.class).single();
        String row = "#team-" + team;
        browser.loginAs("ent_chem").open("/emergency/resources");
        browser.find(row + " summary").click();
        browser.find(row + " .member-form input[name=name]").sendKeys("周平");
        browser.find(row + " .member-form input[name=role]").sendKeys("通讯");
        browser.find(row + " .member-form input[name=phone]").sendKeys("13800000002");
        browser.find(row + " .member-form button").click();
        assertThat(browser.find(".alert.ok").getText()).contains("已增加队员：周平");
        assertThat(browser.find(row).getText()).contains("周平（通讯） 13800000002");

        browser.find(row + " summary").click();
        var phone = browser.find(row + " form.form input[name=phone]");
        phone.clear();
        phone.sendKeys("电话号码");
        browser.screenshot("emergency-team-edit");
        browser.find(row + " form.form button[type=submit]").click();
        assertThat(browser.find(".alert.error").getText()).contains("联系电话格式不正确");
        assertThat(jdbc.sql("select phone from emergency_team where id = :id").param("id", team).query(String.class).single())
                .as("nothing saved").isEqualTo("0512-1234567");

        browser.find(row + " summary").click();
        browser.find(row + " form[action$='/retire'] button").click();
        browser.driver().switchTo().alert().accept();
        assertThat(browser.find(".alert.ok").getText()).contains("已停用");
        assertThat(browser.all(row)).isEmpty();
        assertThat(jdbc.sql("select retired_at is not null from emergency_team where id = :id").param("id", team).query(Boolean.class).single()).isTrue();
    }
}
