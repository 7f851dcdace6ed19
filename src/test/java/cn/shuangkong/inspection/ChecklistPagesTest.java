package cn.shuangkong.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Browser;
import cn.shuangkong.support.PageTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** 专项检查 in Chromium: the safety manager launches one at a desk, the worker does it on a phone. */
class ChecklistPagesTest extends PageTest {

    private void click(WebElement e) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].click()", e);
    }

    @Test
    void the_manager_launches_a_confined_space_check_and_the_worker_does_it_on_a_phone() {
        browser.signIn("ent_chem").open("/inspection/checklists");
        assertThat(browser.text()).contains("有限空间作业专项检查").contains("冬季“四防”检查").contains("平台内置");
        browser.screenshot("checklists-list");
        browser.find("#checklist-table a[href$='/inspection/checklists/" + jdbc.sql(
                "select id from checklist where name = '有限空间作业专项检查'").query(Long.class).single() + "']").click();
        assertThat(browser.text()).as("a 化工 enterprise is judged by the 化工 standard").contains("异常即重大 · CHEM-2017-18");
        browser.find("#launch-form input[name=area]").sendKeys("污水处理站调节池");
        click(browser.find("#launch-form input[name=assignees][value=worker_chem]"));
        browser.screenshot("checklist-launch");
        browser.submit("#launch-form button[type=submit]");
        assertThat(browser.text()).contains("检查已下达").contains("污水处理站调节池");
        long run = Long.parseLong(browser.path().replaceAll("\\D+", ""));

        browser.signIn("worker_chem").phone().open("/inspection/mine");
        assertThat(browser.text()).contains("有限空间作业专项检查").contains("污水处理站调节池");
        browser.screenshot("checklist-mine-phone");
        browser.open("/inspection/checklists/runs/" + run);
        var items = browser.all("#checklist-run-form .check-item");
        assertThat(items).hasSize(5);
        browser.submit("#checklist-run-form button[type=submit]");
        assertThat(browser.text()).contains("第 1 项未选择");
        for (int i = 0; i < items.size(); i++) {
            var card = browser.all("#checklist-run-form .check-item").get(i);
            click(card.findElement(org.openqa.selenium.By.cssSelector("input[value=" + (i == 0 ? "ABNORMAL" : "NORMAL") + "]")));
            if (i == 0) card.findElement(org.openqa.selenium.By.cssSelector("textarea")).sendKeys("调节池入口未设警示标志，无有限空间台账");
        }
        browser.screenshot("checklist-run-phone");
        browser.submit("#checklist-run-form button[type=submit]");
        assertThat(browser.text()).contains("检查记录已提交，已登记 1 条隐患").contains("提交后不能修改").contains("重大");
        browser.screenshot("checklist-record-phone");

        long hazard = jdbc.sql("""
                select a.hazard_id from checklist_answer a join checklist_record r on r.id = a.record_id
                 where r.inspection_id = :i and a.hazard_id is not null""").param("i", run).query(Long.class).single();
        browser.desktop();
        browser.signIn("gov_city").open("/hazards/" + hazard);
        assertThat(browser.text()).contains("重大隐患").contains("化工和危险化学品重大隐患判定标准（2017）").contains("污水处理站调节池");
        browser.screenshot("checklist-hazard-at-regulator");
    }
}
