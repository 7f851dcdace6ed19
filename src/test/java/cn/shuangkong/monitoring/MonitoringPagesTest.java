package cn.shuangkong.monitoring;

import cn.shuangkong.monitoring.internal.MqttConnector;
import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.shuangkong.support.PageTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The tour: ent_chem declares the tank farm, watches live readings, an alarm fires, is acknowledged and cleared. */
class MonitoringPagesTest extends PageTest {

    @Autowired MqttConnector mqtt;

    @Test
    void the_chemical_works_declares_its_tank_farm_and_handles_a_level_alarm_from_the_live_chart() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        long tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", chem).query(Long.class).single();
        browser.loginAs("ent_chem").open("/monitoring/sources/new?riskPointId=" + tankFarm);
        browser.find("input[name=population]").sendKeys("60");
        browser.find("input[name=name0]").sendKeys("甲醇");
        browser.find("input[name=category0]").sendKeys("W5.3");
        browser.find("input[name=quantity0]").sendKeys("-4000");
        browser.find("#declare-form button[type=submit]").click();
        assertThat(browser.awaitText("#substances", t -> t.contains("数量须为不小于0的吨数"))).contains("数量须为不小于0的吨数"); // named at its row
        browser.find("input[name=quantity0]").clear();
        browser.find("input[name=quantity0]").sendKeys("4000");
        browser.find("input[name=name1]").sendKeys("108-88-3");
        browser.find("input[name=category1]").sendKeys("W5.3");
        browser.find("input[name=quantity1]").sendKeys("4400");
        browser.find("#declare-form button[type=submit]").click();
        assertThat(browser.awaitText("#grade", "三级重大危险源"::equals)).isEqualTo("三级重大危险源");
        assertThat(browser.find("#result").getText()).contains("16.8", "25.2", "甲苯");
        assertThat(browser.find("#checks").getText()).contains("主要负责人", "技术负责人", "操作负责人");
        browser.screenshot("monitoring-source");

        // The tank's level gateway reports over MQTT: five minutes of readings with a 40-second excursion past 8.5 m.
        String credit = jdbc.sql("select credit_code from enterprise where id = :e").param("e", chem).query(String.class).single();
        var device = new MqttClient(mqtt.brokerUrl(), "gw-" + UUID.randomUUID(), new MemoryPersistence());
        device.connect(Gateways.credentialsOf(loggedIn("ent_chem")));
        Instant start = clock.instant().minusSeconds(300);
        for (int s = 0; s <= 300; s += 5) {
            double v = s >= 200 && s < 240 ? 8.8 : 7.6 + 0.1 * Math.sin(s / 30.0);
            var m = new MqttMessage(("{\"value\":" + String.format("%.2f", v) + ",\"ts\":\"" + start.plusSeconds(s) + "\"}").getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            device.publish("shuangkong/v1/" + credit + "/LT-101", m);
        }
        device.disconnect();
        device.close();
        long point = jdbc.sql("select id from monitoring_point where enterprise_id = :e and code = 'LT-101'").param("e", chem).query(Long.class).single();
        // this excursion's alarm: other tests may have left alarms of their own on the same point
        // (not its 离线 alarm, which the first readings end: under load the excursion's batch may come later)
        await().alias("the excursion's alarm raised and returned").atMost(Patience.CONDITION)
                .until(() -> jdbc.sql("select count(*) from alarm where point_id = :p and level <> 'OFFLINE' and returned_at is not null and state = 'ACTIVE' and raised_at >= :start")
                        .param("p", point).param("start", java.sql.Timestamp.from(start)).query(Long.class).single() == 1);

        browser.open("/monitoring/live");
        await().alias("the live chart loaded").atMost(Patience.CONDITION).until(() -> "true".equals(browser.find("#live").getAttribute("data-loaded")));
        assertThat(browser.find("#open-alarms").getText()).contains("T-101 甲醇储罐液位 高报");
        browser.screenshot("monitoring-live");

        browser.all("#open-alarms a").stream().filter(a -> a.getText().contains("T-101 甲醇储罐液位")).findFirst().orElseThrow().click();
        await().alias("the alarm chart loaded").atMost(Patience.CONDITION).until(() -> "true".equals(browser.find("#alarm-chart").getAttribute("data-loaded")));
        assertThat(browser.find("#alarm-state").getText()).isEqualTo("未确认");
        assertThat(browser.find("#emergency a").getAttribute("href")).contains("/emergency/near?riskPointId=" + tankFarm);
        browser.screenshot("monitoring-alarm");
        browser.find("input[name=note]").sendKeys("进料阀内漏，已关闭切断阀");
        browser.find("#alarm-action").click();
        // the form post navigates: the old page goes stale
        await().alias("the alarm shown 已确认").atMost(Patience.CONDITION).until(() -> "已确认".equals(textOf("#alarm-state")));
        assertThat(browser.find(".alert.ok").getText()).isEqualTo("已确认报警");
        browser.find("#alarm-action").click();
        await().alias("the alarm shown 已消除").atMost(Patience.CONDITION).until(() -> "已消除".equals(textOf("#alarm-state")));
        assertThat(browser.text()).contains("进料阀内漏，已关闭切断阀");
    }

    private static String textOf(String css) {
        try {
            return browser.find(css).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
            return null;
        }
    }
}
