package cn.shuangkong.permit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.contractor.Contractors;
import cn.shuangkong.permit.internal.PermitKind;
import cn.shuangkong.risk.DailyCommitments;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.Browser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The 承诺公告 wired to the real permit and contractor modules (issue 14, "done when"): the form starts from the
 * chemical works' open permits and its contractors on site, a commitment hiding an open 特级动火 is refused, a true
 * one is signed, and the city sees the contradiction when another 特级 opens after signing.
 */
class CommitmentAgainstPermitsTest extends PermitTestBase {

    @Autowired
    DailyCommitments commitments;

    @Autowired
    Contractors contractors;

    /** What the contractor register counts on the chemical works' site: its people of the contractors there. */
    private int peopleOnSite(LocalDate day) {
        return contractors.onSite(chem(), day).stream().mapToInt(Contractors.OnSite::people).sum();
    }

    /** The 承包商在场 the chemical works' 承诺公告 form starts from on that day, as the form reads it. */
    private Integer onSite(LocalDate day) {
        return commitments.notice(cn.shuangkong.shared.Jurisdiction.platform(), chem(), day).onSite();
    }

    @Test
    void the_commitments_contractor_count_starts_from_the_contractors_on_site() {
        Api chem = loggedIn("ent_chem");
        LocalDate today = commitments.today();
        Integer before = onSite(today);
        assertThat(before).as("the contractor module answers").isNotNull().isEqualTo(peopleOnSite(today));
        long fresh = contractor(chem, "靖江市在场测试检修有限公司", today.plusYears(1));
        contractorPerson(chem, fresh, "钱一");
        contractorPerson(chem, fresh, "钱二");
        assertThat(onSite(today)).isEqualTo(before + 2);
        // cooperation ended: off the site, and back to the count other tests see
        assertThat(chem.post("/api/v1/contractors/" + fresh + "/end", "{}").status()).isEqualTo(204);
        assertThat(onSite(today)).isEqualTo(before);
    }

    /** A 特级动火 at an ordinary point, applied, analysed, every measure confirmed and approved by the principal: open. */
    private long openTopHotWork(Instant start) {
        Api chem = loggedIn("ent_chem");
        long welder = certified("钱永福", "焊接与热切割作业");
        long id = applied(chem, application("HOT_WORK", "特级", plainPoint(), start, start.plusSeconds(6 * 3600),
                List.of(worker(welder, "WELDER"))));
        assertThat(analyse(chem, id, clock.instant(), List.of(combustible("甲醇", "0.2"), oxygen("20.9"))).status()).isEqualTo(201);
        confirmAll(loggedIn("worker_chem"), id, PermitKind.HOT_WORK);
        var approved = loggedIn("chem_boss").post("/api/v1/permits/" + id + "/approve", Api.json(Map.of("opinion", "同意，全程录像")));
        assertThat(approved.status()).as(approved.body()).isEqualTo(204);
        return id;
    }

    @Test
    void the_form_starts_from_todays_permits_a_hidden_top_hot_work_is_refused_and_one_opened_after_signing_shows_to_the_city() {
        // a working day of its own, far from the days other tests sign on, early in the morning
        LocalDate day = LocalDate.now(clock.withZone(ZONE)).plusDays(420);
        while (calendar.dayOff(day).isPresent()) day = day.plusDays(1);
        clock.set(day.atTime(7, 0).atZone(ZONE).toInstant());
        Api chem = loggedIn("ent_chem");
        long onSite = contractor(chem, "靖江市承诺测试保温有限公司", day.plusYears(1));
        contractorPerson(chem, onSite, "孙一");
        contractorPerson(chem, onSite, "孙二");
        long first = openTopHotWork(day.atTime(9, 0).atZone(ZONE).toInstant());
        Long second = null;
        Browser browser = new Browser("http://localhost:" + port);
        try {
            browser.loginAs("chem_boss").open("/risks/commitment");
            assertThat(browser.find("input[name='work-HOT_WORK-特级']").getAttribute("value")).as("from the permits").isEqualTo("1");
            assertThat(browser.find("#contractors").getAttribute("value")).as("from the contractor register")
                    .isEqualTo(String.valueOf(peopleOnSite(day))).isNotEqualTo("0");
            browser.find("input[name='work-HOT_WORK-特级']").clear();
            browser.find("input[name='work-HOT_WORK-特级']").sendKeys("0");
            new Select(browser.find("#riskLevel")).selectByValue("HIGH");
            if (browser.find("#judgement").getAttribute("value").isBlank()) browser.find("#judgement").sendKeys("特级动火一项，措施落实，风险受控。");
            browser.submit("form[action$='/risks/commitment'] button");
            assertThat(browser.find(".alert.error").getText()).contains("承诺的特殊作业少于今日已开出的作业票", "特级动火：承诺 0 项，作业票 1 项");
            assertThat(commitments.of(chem(), day)).as("nothing signed").isEmpty();

            browser.find("input[name='work-HOT_WORK-特级']").clear();
            browser.find("input[name='work-HOT_WORK-特级']").sendKeys("1");
            new Select(browser.find("#riskLevel")).selectByValue("HIGH");
            if (browser.find("#judgement").getAttribute("value").isBlank()) browser.find("#judgement").sendKeys("特级动火一项，措施落实，风险受控。");
            browser.submit("form[action$='/risks/commitment'] button");
            assertThat(browser.find(".alert.ok").getText()).isEqualTo("今日安全承诺公告已签署发布");
            assertThat(commitments.of(chem(), day).orElseThrow().specialWorkTotal()).isEqualTo(1);

            // a second 特级 opens after the principal signed: the city's review reads the permits again
            clock.set(day.atTime(8, 0).atZone(ZONE).toInstant());
            second = openTopHotWork(day.atTime(11, 0).atZone(ZONE).toInstant());
            browser.loginAs("gov_city").open("/risks/commitments?day=" + day);
            var rows = browser.all("#commitment-table tbody tr");
            assertThat(rows).isNotEmpty();
            var chemRow = rows.stream().filter(r -> r.getText().contains("江苏华泰化工有限公司")).findFirst().orElseThrow();
            assertThat(chemRow.getText()).contains("已发布", "与作业票不符：特级动火：承诺 1 项，作业票 2 项");
            assertThat(browser.find("#contradicted").getText()).contains("与当日作业票不符");
            browser.screenshot("risks-commitments-contradicted");
        } finally {
            browser.close();
            // nothing left open or on site for the tests that read today's permits and contractors
            for (Long id : java.util.Arrays.asList(first, second)) {
                if (id != null) loggedIn("ent_chem").post("/api/v1/permits/" + id + "/cancel", Api.json(Map.of("reason", "测试结束")));
            }
            loggedIn("ent_chem").post("/api/v1/contractors/" + onSite + "/end", "{}");
        }
    }
}
