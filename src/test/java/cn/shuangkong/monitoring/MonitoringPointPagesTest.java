package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** ent_chem adds a monitoring point from the pages, is told its thresholds are out of order, fixes them, edits and disables it. */
class MonitoringPointPagesTest extends PageTest {

    @Test
    void the_safety_manager_adds_a_gas_detector_fixes_its_threshold_order_and_later_disables_it() {
        long chem = enterpriseIdOf("ent_chem");
        long riskPoint = jdbc.sql("select id from risk_point where enterprise_id = :e order by id limit 1").param("e", chem)
                .query(Long.class).single();
        String code = "GT-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        browser.loginAs("ent_chem").open("/monitoring/live");
        browser.find("#new-point").click();
        browser.find("input[name=code]").sendKeys(code);
        browser.find("input[name=name]").sendKeys("装卸站可燃气体探测器");
        browser.find("input[name=unit]").sendKeys("%LEL");
        new Select(browser.find("select[name=riskPointId]")).selectByValue(String.valueOf(riskPoint));
        browser.find("input[name=high]").sendKeys("50");
        browser.find("input[name=highHigh]").sendKeys("25");
        browser.find("input[name=intervalSeconds]").clear();
        browser.find("input[name=intervalSeconds]").sendKeys("30");
        browser.submit("#point-form button[type=submit]");

        assertThat(browser.find("#point-form").getText()).contains("高高报阈值须高于高报阈值");
        browser.screenshot("monitoring-point-error");
        assertThat(jdbc.sql("select count(*) from monitoring_point where code = :c").param("c", code).query(Long.class).single()).isZero();

        browser.find("input[name=highHigh]").clear();
        browser.find("input[name=highHigh]").sendKeys("75");
        browser.submit("#point-form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/monitoring/live");
        assertThat(browser.find("#live").getText()).contains(code, "装卸站可燃气体探测器", "高 50 高高 75 %LEL");
        browser.screenshot("monitoring-point-live");
        long id = jdbc.sql("select id from monitoring_point where enterprise_id = :e and code = :c").param("e", chem).param("c", code)
                .query(Long.class).single();
        assertThat(jdbc.sql("select interval_seconds from monitoring_point where id = :id").param("id", id).query(Integer.class).single())
                .isEqualTo(30);

        // Another enterprise cannot open it; the owner edits and disables it, every change audited.
        browser.loginAs("ent_mech").open("/monitoring/points/" + id + "/edit");
        assertThat(browser.text()).doesNotContain(code).contains("不存在");
        browser.loginAs("ent_chem").open("/monitoring/points/" + id + "/edit");
        browser.find("input[name=high]").clear();
        browser.find("input[name=high]").sendKeys("40");
        browser.submit("#point-form button[type=submit]");
        assertThat(browser.find("#live-" + id).getText()).contains("高 40 高高 75 %LEL");
        browser.open("/monitoring/points/" + id + "/edit");
        browser.submit("#point-state button");
        assertThat(browser.find("#live-" + id).getText()).contains("已停用");
        assertThat(jdbc.sql("select action from audit_record where entity_type = 'monitoring_point' and entity_id = :id order by id")
                .param("id", String.valueOf(id)).query(String.class).list()).containsExactly("新增监测点", "修改监测点", "停用监测点");
    }
}
