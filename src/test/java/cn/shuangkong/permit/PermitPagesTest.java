package cn.shuangkong.permit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The done-when story of 特殊作业票 as people do it in the browser: ent_chem applies for a 一级 动火 on the tank farm
 * on a Saturday and sees it raised to 特级 with the reason; a failing analysis shows red and keeps the permit from its
 * approval and its start, in Chinese; measures confirmed one by one; the 主要负责人 approves; the worker on a phone
 * reaches the permit from the risk point's page (where the QR code leads), starts, completes; it is closed; gov_city
 * sees it in the 报备 list and on the 大屏 while it is open, and not after.
 */
class PermitPagesTest extends PageTest {

    private Instant restore;

    @AfterEach
    void clockBack() {
        if (restore != null) clock.set(restore);
    }

    private void set(String css, String value) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]", browser.find(css), value);
    }

    private void recordAnalysis(String value) {
        if (browser.find("#analysis-form").getAttribute("open") == null) browser.find("#analysis-form summary").click();
        browser.find("#analysis-form input[name=analyser]").clear();
        browser.find("#analysis-form input[name=analyser]").sendKeys("王立新");
        browser.find("#analysis-form input[name=gas]").sendKeys("甲醇蒸气");
        new Select(browser.find("#analysis-form select[name=gasKind]")).selectByValue("COMBUSTIBLE");
        new Select(browser.find("#analysis-form select[name=lel]")).selectByValue("HIGH");
        browser.find("#analysis-form input[name=value]").sendKeys(value);
        browser.submit("#analysis-form button[type=submit]");
    }

    private int screenCount() {
        browser.open("/dashboard/screen");
        return Integer.parseInt(browser.awaitText("#s-permits", t -> t.matches("\\d+")));
    }

    @Test
    void a_saturday_hot_work_is_raised_to_top_level_refused_on_a_failing_analysis_then_run_to_its_close_and_watched_by_the_city() throws Exception {
        restore = clock.instant();
        ZoneId zone = clock.getZone();
        LocalDate saturday = LocalDate.now(clock).plusDays(1).with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY));
        clock.set(saturday.atTime(8, 0).atZone(zone).toInstant());
        long tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and name = '甲类储罐区（甲醇、甲苯）'")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();

        browser.loginAs("gov_city");
        int before = screenCount();

        // 申请: a 一级 动火 on a Saturday
        browser.loginAs("ent_chem").open("/permits");
        browser.find("#apply-link").click();
        browser.find("#kind-HOT_WORK").click();
        assertThat(browser.find("h1").getText()).isEqualTo("申请动火安全作业票");
        new Select(browser.find("#apply-form select[name=level]")).selectByVisibleText("一级");
        new Select(browser.find("#apply-form select[name=insideDike]")).selectByValue("false");
        new Select(browser.find("#apply-form select[name=riskPointId]")).selectByValue(String.valueOf(tankFarm));
        browser.find("#apply-form input[name=place]").sendKeys("甲类储罐区 T-102 罐外消防管线");
        browser.find("#apply-form svg.permit-plan").click();
        browser.find("#apply-form textarea[name=job]").sendKeys("焊补 T-102 罐外消防冷却水管线");
        set("#apply-form input[name=plannedStart]", saturday + "T09:00");
        set("#apply-form input[name=plannedEnd]", saturday + "T15:00");
        new Select(browser.find("#apply-form select[name=guardianId]")).selectByIndex(1);
        browser.find("#apply-form input[name=workerName]").sendKeys("李建国");
        browser.find("#apply-form input[name=hazard]").sendKeys("罐区可燃气体泄漏遇焊接火花");
        browser.find("#apply-form input[name=measure]").sendKeys("动火点 15 m 内隔离，配灭火器两具，持续监测可燃气体");
        assertThat(browser.find("#apply-form input[name=planX]").getAttribute("value")).as("the click on the plan").isNotBlank();
        browser.screenshot("permit-apply-ent_chem");
        browser.submit("#apply-form button[type=submit]");

        assertThat(browser.awaitText("#level-reason", t -> !t.isBlank())).contains("由一级升级为特级", "公休日");
        assertThat(browser.find("h1").getText()).contains("动火安全作业票（特级）", "待审批");
        long id = Long.parseLong(browser.path().replaceAll("\\D", ""));
        assertThat(browser.find("#validity").getText()).contains("09:00", "15:00", "剩余 7 小时");

        // 气体分析: 0.8 % of methanol vapour fails, shown red with the reason
        recordAnalysis("0.8");
        String failed = browser.awaitText("#analyses .analysis.bad", t -> t.contains("不合格"));
        assertThat(failed).contains("0.8% > 0.5%（爆炸下限≥4%）");
        assertThat(browser.find("#analyses .analysis.bad li.bad").getCssValue("color")).isEqualTo("rgba(198, 40, 40, 1)");

        // 安全措施: every item answered, signed by the signed-in person
        var radios = browser.all("#measure-form input[type=radio][value=true]");
        assertThat(radios).isNotEmpty();
        radios.forEach(WebElement::click);
        browser.submit("#measure-form button[type=submit]");
        assertThat(browser.awaitText("#measures h2", t -> t.contains("15 / 15"))).contains("15 / 15");
        assertThat(browser.find("#measures ol.measures li").getText()).contains("已落实", "确认人");
        assertThat(browser.find("#approval").getText()).as("the applicant may not approve").contains("申请人不能审批自己申请的作业票");
        assertThat(browser.all("#approve-form")).isEmpty();

        // 审批: chem_tech may not (特级 needs the 主要负责人); chem_boss is refused until an analysis passes
        browser.loginAs("chem_tech").open("/permits/" + id);
        assertThat(browser.find("#approval").getText()).contains("须由主要负责人或其授权人审批");
        assertThat(browser.all("#approve-form")).isEmpty();
        browser.loginAs("chem_boss").open("/permits/" + id);
        browser.submit("#approve-form button[type=submit]");
        assertThat(browser.awaitText("#approval .refusal", t -> !t.isBlank())).isEqualTo("动火作业审批前须有合格的气体分析");
        recordAnalysis("0.1");
        assertThat(browser.awaitText("#analyses .analysis.ok", t -> t.contains("合格"))).contains("0.1% ≤ 0.5%");
        browser.find("#approve-form input[name=opinion]").sendKeys("同意，严格落实监护");
        browser.submit("#approve-form button[type=submit]");
        assertThat(browser.awaitText("#approved-by", t -> !t.isBlank())).contains("已审批", "同意，严格落实监护");
        browser.screenshot("permit-approved-desktop");

        // the worker on a phone: the risk point's page (the QR's target) leads to the permit
        clock.set(saturday.atTime(9, 5).atZone(zone).toInstant());
        browser.loginAs("worker_chem").phone().open("/risks/" + tankFarm + "?scan");
        browser.find("#permits-here a[href='/permits/" + id + "']").click();
        assertThat(browser.awaitText("h1", t -> t.contains("作业票"))).contains("已审批");
        recordAnalysis("0.9");
        browser.submit("#start-form button[type=submit]");
        assertThat(browser.awaitText("#work .refusal", t -> !t.isBlank()))
                .contains("最近一次气体分析不合格：甲醇蒸气 0.9", "特级动火须全程视频录像");
        recordAnalysis("0.2");
        browser.find("#video-form input[name=reference]").sendKeys("NVR-03 通道 5");
        browser.submit("#video-form button[type=submit]");
        assertThat(browser.all("#blockers")).as("nothing keeps it from starting now").isEmpty();
        browser.submit("#start-form button[type=submit]");
        assertThat(browser.awaitText("#permit-status", t -> t.equals("作业中"))).isEqualTo("作业中");
        browser.screenshot("permit-worker-phone");
        assertThat(browser.sideways()).as("the phone page never scrolls sideways").isLessThanOrEqualTo(0);
        browser.desktop();

        // gov_city sees it live, in the list, on the plan and on the 大屏
        browser.loginAs("gov_city").open("/permits/filings");
        assertThat(browser.find("#filing-" + id).getText()).contains("江苏华泰化工", "特级", "甲类储罐区 T-102");
        assertThat(browser.all(".filing-maps svg .permit-mark")).isNotEmpty();
        browser.screenshot("permit-filings-gov_city");
        assertThat(screenCount()).isEqualTo(before + 1);

        // PDF in the standard's layout
        var pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/permits/" + id + "/permit.pdf"))
                .header("Cookie", browser.cookieHeader()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(Path.of("target", "screenshots", "permit.pdf"), pdf.body());
        try (var doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("动火安全作业票（特级）", "升级管理", "不合格", "确认人", "审批", "NVR-03");
        }

        // 完工验收 and 关闭 on the phone
        browser.loginAs("worker_chem").phone().open("/permits/" + id);
        browser.find("#complete-form input[name=note]").sendKeys("焊口无渗漏，工具已清点");
        browser.submit("#complete-form button[type=submit]");
        assertThat(browser.awaitText("#permit-status", t -> t.equals("已完工验收"))).isEqualTo("已完工验收");
        browser.submit("#close-form button[type=submit]");
        assertThat(browser.awaitText("#permit-status", t -> t.equals("已关闭"))).isEqualTo("已关闭");
        assertThat(browser.find("#steps").getText()).contains("申请", "气体分析", "确认安全措施", "审批", "开始作业", "完工验收", "关闭");
        browser.desktop();

        browser.loginAs("gov_city").open("/permits/filings");
        assertThat(browser.all("#filing-" + id)).as("a closed permit leaves the live list").isEmpty();
        assertThat(screenCount()).isEqualTo(before);
    }
}
