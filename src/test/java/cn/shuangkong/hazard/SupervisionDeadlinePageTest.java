package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PageTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The regulator's 调整督办期限 on the hazard's page, on a phone: offered to the listing department only, the new date
 * shown in the 挂牌督办 card and the 整改期限, the reason in the 处理记录.
 */
class SupervisionDeadlinePageTest extends PageTest {

    @Test
    void the_listing_regulator_moves_the_supervision_deadline_on_a_phone() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
        Api chem = loggedIn("ent_chem");
        var body = HazardApiTest.report("SELF_CHECK", "督办页面测试：罐区围堰排水阀常开");
        body.put("level", "MAJOR");
        body.put("majorReason", "涉及重大危险源罐区");
        long id = chem.post("/api/v1/hazards", Api.json(body)).json().get("id").asLong();
        assertThat(chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem", today.plusDays(30)))).status()).isEqualTo(200);
        assertThat(loggedIn("gov_city").post("/api/v1/hazards/" + id + "/supervision",
                Api.json(Map.of("docNo", "靖应急督〔2026〕67号", "level", "市级", "deadline", today.plusDays(10).toString()))).status()).isEqualTo(200);

        browser.signIn("gov_market").open("/hazards/" + id);
        assertThat(browser.text()).contains("督办页面测试");
        assertThat(browser.all("#adjust-supervision")).as("not the listing department: not offered").isEmpty();

        browser.signIn("gov_city").phone().open("/hazards/" + id);
        assertThat(browser.find("#listing-department").getText()).isEqualTo("靖江市应急管理局");
        var form = browser.find("#adjust-supervision");
        assertThat(form.getText()).contains("调整督办期限").contains("当前督办期限 " + today.plusDays(10));
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]",
                browser.find("#adjust-supervision input[name=deadline]"), today.plusDays(25).toString());
        browser.find("#adjust-supervision textarea[name=reason]").sendKeys("围堰改造需采购专用阀门，同意延期");
        browser.screenshot("hazard-adjust-supervision-phone");
        browser.submit("#adjust-supervision button[type=submit]");

        assertThat(browser.awaitText(".alert.ok", t -> t.contains("已调整督办期限"))).contains("已调整督办期限");
        String page = browser.text();
        assertThat(page).contains("督办期限由 " + today.plusDays(10) + " 延长至 " + today.plusDays(25))
                .contains("整改期限由 " + today.plusDays(10) + " 调整为 " + today.plusDays(25))
                .contains("围堰改造需采购专用阀门，同意延期");
        assertThat(browser.find("#timeline").getText()).contains("调整督办期限");
        assertThat(browser.sideways()).as("no sideways scrolling at phone width").isLessThanOrEqualTo(0);
        browser.screenshot("hazard-supervision-adjusted-phone");
    }
}
