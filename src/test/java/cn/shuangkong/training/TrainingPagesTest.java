package cn.shuangkong.training;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;

/** The safety manager keeps certificates on the 培训与持证 page: a refusal keeps what was typed, the list says each status. */
class TrainingPagesTest extends PageTest {

    private void date(String css, LocalDate value) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]", browser.find(css), value.toString());
    }

    @Test
    void a_certificate_entered_with_a_wrong_date_keeps_what_was_typed_then_lists_with_its_status() {
        LocalDate today = LocalDate.now(clock);
        browser.loginAs("ent_chem").open("/training");
        assertThat(browser.find("h1").getText()).isEqualTo("培训与持证");
        assertThat(browser.find("#certificates").getText()).as("the demo electrician's certificate expires within 30 days")
                .contains("电工作业", "即将到期");

        String number = "T-PAGE-" + System.nanoTime();
        browser.find("#certificate-form summary").click();
        new Select(browser.find("#certificate-form select[name=employeeId]")).selectByIndex(1);
        new Select(browser.find("#certificate-form select[name=kind]")).selectByValue("SPECIAL_OPERATION");
        browser.find("#certificate-form input[name=category]").sendKeys("焊接与热切割作业");
        browser.find("#certificate-form input[name=number]").sendKeys(number);
        browser.find("#certificate-form input[name=issuedBy]").sendKeys("泰州市应急管理局");
        date("#certificate-form input[name=issuedOn]", today.minusYears(1));
        date("#certificate-form input[name=expiresOn]", today.minusYears(2));
        browser.submit("#certificate-form button[type=submit]");

        assertThat(browser.awaitText(".alert.error", t -> !t.isBlank())).isEqualTo("有效期至必须晚于发证日期");
        assertThat(browser.find("#certificate-form input[name=number]").getAttribute("value")).isEqualTo(number);
        assertThat(browser.find("#certificate-form input[name=category]").getAttribute("value")).isEqualTo("焊接与热切割作业");
        date("#certificate-form input[name=expiresOn]", today.plusYears(5));
        browser.submit("#certificate-form button[type=submit]");

        assertThat(browser.awaitText(".alert.ok", t -> !t.isBlank())).isEqualTo("已登记证书");
        var row = browser.all("#certificates tbody tr").stream().filter(r -> r.getText().contains(number)).findFirst().orElseThrow();
        assertThat(row.getText()).contains("焊接与热切割作业", "有效");
        browser.screenshot("training-ent_chem");
        browser.phone().open("/training");
        browser.screenshot("training-ent_chem-phone");
        browser.desktop();
    }
}
