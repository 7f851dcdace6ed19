package cn.shuangkong.permit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.permit.internal.PermitExpiry;
import cn.shuangkong.permit.internal.PermitKind;
import cn.shuangkong.permit.internal.Permits;
import cn.shuangkong.permit.internal.SafetyMeasures;
import cn.shuangkong.permit.internal.WorkerRole;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.PageTest;
import cn.shuangkong.support.TestActor;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A permit's expiry is a recorded moment (ADR 0043): once the clock passes its validity, the page, the 报备 list and
 * the 大屏 count say so before the sweep has run and after it, the sweep stores it as expired at that moment with an
 * audit record, and the work may only be accepted and closed. The countdown on the page ticks to 已过期, and permits
 * of one enterprise are linked from the page, shown on both.
 */
class PermitExpiryPagesTest extends PageTest {

    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Autowired
    Permits permits;

    @Autowired
    SafetyMeasures measures;

    @Autowired
    OrgStructure org;

    private Instant restore;
    private long chem;
    private TestActor applicant;
    private TestActor principal;

    @BeforeEach
    void people() {
        restore = clock.instant();
        chem = enterpriseIdOf("ent_chem");
        applicant = new TestActor(chem, null, Set.of("permit:read", "permit:write"));
        long boss = org.addEmployee(chem, null, "吴振华" + System.nanoTime() % 10000, null, "总经理");
        principal = new TestActor(chem, boss, Set.of("permit:read", "permit:approve", "permit:approve:top"));
    }

    @AfterEach
    void clockBack() {
        clock.set(restore);
    }

    /** A 一级 吊装 (120 t) of the chemical works over [start, end], measures confirmed; approved by the principal if asked. */
    private long liftingJob(Instant start, Instant end, boolean approve) {
        long point = jdbc.sql("select id from risk_point where enterprise_id = :e and not major_hazard_source order by id limit 1")
                .param("e", chem).query(Long.class).single();
        long guardian = org.addEmployee(chem, null, "秦守义" + System.nanoTime() % 10000, null, "安全员");
        long id = permits.apply(applicant, new Permits.Application(PermitKind.LIFTING, null, "二号装置区换热器吊装点", null, null,
                point, null, "吊装 E-201 换热器管束", List.of(new Permits.HazardLine("吊物坠落伤人", "设警戒区，专人指挥，吊物下严禁站人")),
                guardian, List.of(new Permits.WorkerLine(null, "司索工 周明", WorkerRole.WORKER)), null, null, start, end,
                null, null, null, new BigDecimal("120"), null, List.of()));
        permits.confirmMeasures(applicant, id, measures.of(PermitKind.LIFTING).stream()
                .map(i -> new Permits.Confirmation(i.code(), true)).toList());
        if (approve) permits.approve(principal, id, "同意");
        return id;
    }

    /** The clock to the second: the database keeps microseconds (rounded), so a time with nanoseconds may not come back the same. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private String stored(long id) {
        return jdbc.sql("select status from permit where id = :id").param("id", id).query(String.class).single();
    }

    private List<String> audited(long id, String action) {
        return jdbc.sql("select summary from audit_record where entity_type = 'permit' and entity_id = :id and action = :a order by id")
                .param("id", String.valueOf(id)).param("a", action).query(String.class).list();
    }

    /** What gov_city's 报备 list and the 大屏 say now: the ids listed, and both counts, which must agree with the service. */
    private List<Long> filedAgreeing() {
        browser.open("/permits/filings");
        int listed = Integer.parseInt(browser.find("#filing-count").getText());
        List<Long> ids = browser.all("#filing-table tr[id^=filing-]").stream()
                .map(r -> Long.parseLong(r.getAttribute("id").substring("filing-".length()))).toList();
        browser.open("/dashboard/screen");
        int onScreen = Integer.parseInt(browser.awaitText("#s-permits", t -> t.matches("\\d+")));
        int service = permits.openTopLevelWork(Jurisdiction.platform()).stream().filter(p -> p.enterpriseId() == chem).toList().size();
        assertThat(ids).hasSize(listed);
        assertThat(onScreen).as("the 大屏 counts what the 报备 list lists").isEqualTo(listed);
        assertThat(ids.stream().filter(id -> permits.find(Jurisdiction.platform(), id).enterpriseId() == chem).count())
                .as("the chemical works' part of the list is the service's").isEqualTo(service);
        return ids;
    }

    @Test
    void past_its_validity_a_permit_reads_expired_everywhere_and_the_sweep_records_the_moment_with_an_audit_record() {
        Instant start = now().plus(Duration.ofMinutes(2)), end = start.plus(Duration.ofMinutes(30));
        long job = liftingJob(start, end, true);
        clock.set(start.plusSeconds(60));
        permits.start(applicant, job);

        browser.loginAs("gov_city");
        assertThat(filedAgreeing()).contains(job);

        // 90 s past the validity: expired for every reader, though the sweep has not run
        clock.set(end.plusSeconds(90));
        assertThat(stored(job)).isEqualTo("IN_PROGRESS");
        assertThat(filedAgreeing()).doesNotContain(job);
        browser.loginAs("ent_chem").open("/permits/" + job);
        assertThat(browser.find("#permit-status").getText()).isEqualTo("已过期");

        // the sweep stores it at the moment its validity ended, audited once however often it runs
        assertThat(permits.expireDue(PermitExpiry.BATCH)).isPositive();
        assertThat(permits.expireDue(PermitExpiry.BATCH)).isZero();
        assertThat(stored(job)).isEqualTo("EXPIRED");
        assertThat(jdbc.sql("select expired_at = valid_until from permit where id = :id").param("id", job).query(Boolean.class).single())
                .as("expired at the end of its validity, not when the sweep ran").isTrue();
        var audit = audited(job, "作业票过期失效");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0)).contains("有效期至", HMS.format(end.atZone(clock.getZone())), "届满，作业票过期失效（作业中：须停止作业");
        assertThat(jdbc.sql("select s.at = p.valid_until from permit_step s join permit p on p.id = s.permit_id where s.permit_id = :id and s.action = '过期失效'")
                .param("id", job).query(Boolean.class).single()).as("the timeline has it at its moment").isTrue();

        browser.open("/permits/" + job);
        assertThat(browser.find("#permit-status").getText()).isEqualTo("已过期");
        assertThat(browser.find("#validity").getText()).contains("过期失效", "须完工验收并关闭");
        assertThat(browser.find("#steps").getText()).contains("过期失效", "平台");
        assertThat(browser.all("#extend")).as("no extension after expiry").isEmpty();
        assertThat(browser.all("#link-form")).as("nor a new link").isEmpty();
        assertThat(browser.all("#countdown")).isEmpty();
        browser.screenshot("permit-expired-desktop");
        browser.loginAs("gov_city");
        assertThat(filedAgreeing()).doesNotContain(job);

        // the job had begun: the site is still accepted and the permit closed, on the page
        browser.loginAs("ent_chem").open("/permits/" + job);
        browser.find("#complete-form input[name=note]").sendKeys("吊装已停止，现场已清理");
        browser.submit("#complete-form button[type=submit]");
        assertThat(browser.awaitText("#permit-status", t -> t.equals("已完工验收"))).isEqualTo("已完工验收");
        assertThat(audited(job, "完工验收")).hasSize(1);
    }

    @Test
    void a_permit_valid_until_midnight_reads_valid_to_24_00_of_the_day_before_on_its_page_in_the_list_and_on_paper() throws Exception {
        LocalDate tomorrow = LocalDate.now(clock).plusDays(1);
        Instant start = tomorrow.atTime(20, 0).atZone(clock.getZone()).toInstant();
        Instant midnight = tomorrow.plusDays(1).atStartOfDay(clock.getZone()).toInstant();
        long job = liftingJob(start, midnight, false);
        String day = DateTimeFormatter.ofPattern("MM-dd").format(tomorrow);

        browser.loginAs("ent_chem").open("/permits/" + job);
        assertThat(browser.find("#permit-window").getText()).isEqualTo(day + " 20:00 ～ " + day + " 24:00");
        browser.open("/permits");
        assertThat(browser.find("#permit-" + job).getText()).contains(day + " 20:00 ～ " + day + " 24:00");
        var pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/permits/" + job + "/permit.pdf"))
                .header("Cookie", browser.cookieHeader()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (var doc = Loader.loadPDF(pdf.body())) {
            assertThat(new PDFTextStripper().getText(doc).replaceAll("\\s+", ""))
                    .contains("至" + DateTimeFormatter.ofPattern("yyyy年M月d日").format(tomorrow) + "24时00分止");
        }

        // the expiry is a moment that happened: at 00:00 of the day after, though the validity it ends reads 24:00
        clock.set(midnight.plusSeconds(5));
        permits.expireDue(PermitExpiry.BATCH);
        assertThat(audited(job, "作业票过期失效")).singleElement().asString()
                .contains("有效期至 " + DateTimeFormatter.ofPattern("yyyy年M月d日").format(tomorrow) + " 24:00:00 届满");
        browser.open("/permits/" + job);
        assertThat(browser.find("#expired-at").getText())
                .isEqualTo("已于 " + DateTimeFormatter.ofPattern("MM-dd").format(tomorrow.plusDays(1)) + " 00:00 过期失效");
    }

    @Test
    void an_application_never_approved_in_its_window_expires_and_a_step_that_finds_it_first_records_it() {
        Instant start = now().plus(Duration.ofMinutes(2)), end = start.plus(Duration.ofMinutes(20));
        long waiting = liftingJob(start, end, false);
        clock.set(end.plusSeconds(5));
        assertThatThrownBy(() -> permits.approve(principal, waiting, "同意")).isInstanceOf(DomainException.class)
                .hasMessageContaining("过期失效").hasMessageContaining("不能审批");
        assertThat(stored(waiting)).as("a refused step records nothing; the sweep will").isEqualTo("APPLIED");
        permits.expireDue(PermitExpiry.BATCH);
        assertThat(audited(waiting, "作业票过期失效")).singleElement().asString().contains("未获审批");

        // 完工验收 of a started job past its validity, before the sweep: the expiry is recorded first, then the acceptance
        clock.set(restore);
        Instant s2 = now().plus(Duration.ofMinutes(2)), e2 = s2.plus(Duration.ofMinutes(20));
        long started = liftingJob(s2, e2, true);
        clock.set(s2);
        permits.start(applicant, started);
        clock.set(e2.plusSeconds(5));
        permits.complete(applicant, started, "吊装已停止，现场已清理");
        assertThat(jdbc.sql("select action from audit_record where entity_type = 'permit' and entity_id = :id order by id")
                .param("id", String.valueOf(started)).query(String.class).list()).endsWith("作业票过期失效", "完工验收");
        assertThat(stored(started)).isEqualTo("COMPLETED");
    }

    @Test
    void the_countdown_ticks_on_desk_and_phone_and_says_expired_at_zero() throws Exception {
        Instant start = now().plus(Duration.ofMinutes(2)), end = start.plus(Duration.ofHours(3));
        long job = liftingJob(start, end, true);
        clock.set(end.minus(Duration.ofMinutes(65)));
        browser.loginAs("ent_chem").open("/permits/" + job);
        assertThat(browser.find("#countdown").getText()).isEqualTo("剩余 1 小时 5 分");
        browser.screenshot("permit-countdown-desktop");
        // without script the page says the same, as the server drew it
        var html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/permits/" + job))
                .header("Cookie", browser.cookieHeader()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(html.body()).contains(">剩余 1 小时 5 分<");

        clock.set(end.minus(Duration.ofMinutes(3)));
        browser.phone().open("/permits/" + job);
        assertThat(browser.awaitText("#countdown", t -> t.matches("剩余 2 分 \\d\\d 秒"))).as("ticks by the second in the last hour")
                .matches("剩余 2 分 \\d\\d 秒");
        browser.screenshot("permit-countdown-phone");

        clock.set(end.minusSeconds(2));
        browser.open("/permits/" + job);
        assertThat(browser.awaitText("#countdown", t -> t.contains("已过期"))).contains("已过期", "刷新页面");
        browser.screenshot("permit-countdown-expired-phone");
        assertThat(browser.sideways()).as("no sideways scrolling at phone width").isLessThanOrEqualTo(0);
        clock.set(end.plusSeconds(1));
        browser.find("#countdown a").click();
        assertThat(browser.awaitText("#permit-status", t -> t.equals("已过期"))).as("reloaded, past the validity").isEqualTo("已过期");
    }

    @Test
    void permits_of_one_enterprise_are_linked_on_the_page_and_shown_both_ways_while_another_enterprises_is_not_found() {
        Instant start = now().plus(Duration.ofHours(1)), end = start.plus(Duration.ofHours(2));
        long one = liftingJob(start, end, false), other = liftingJob(start, end, false);
        // the form is offered only while something is left to link: after linking the other, this third one (the
        // enterprise's other permits may all have run out by the shared clock)
        liftingJob(start, end, false);
        long foreign = jdbc.sql("select p.id from permit p join user_account u on u.enterprise_id = p.enterprise_id where u.username = 'ent_mech' limit 1")
                .query(Long.class).single();
        String otherNumber = permits.find(Jurisdiction.platform(), other).number();
        String oneNumber = permits.find(Jurisdiction.platform(), one).number();

        browser.loginAs("ent_chem").open("/permits/" + one);
        assertThat(browser.all("#link-permit option[value='" + foreign + "']")).as("only the enterprise's own permits are offered").isEmpty();
        new Select(browser.find("#link-permit")).selectByValue(String.valueOf(other));
        browser.screenshot("permit-link-desktop");
        browser.submit("#link-form button[type=submit]");
        assertThat(browser.awaitText("#links", t -> t.contains(otherNumber))).contains(otherNumber, "吊装");
        assertThat(browser.all("#link-permit option[value='" + other + "']")).as("not offered twice").isEmpty();
        browser.open("/permits/" + other);
        assertThat(browser.find("#links").getText()).as("shown both ways").contains(oneNumber);
        assertThat(browser.find("#steps").getText()).contains("关联作业票", oneNumber);
        browser.phone().open("/permits/" + other);
        browser.screenshot("permit-linked-phone");
        browser.desktop();

        // hostile picks: nothing, another enterprise's permit (404, the platform's error page), the permit itself
        browser.open("/permits/" + one);
        browser.submit("#link-form button[type=submit]");
        assertThat(browser.awaitText("#links .refusal", t -> !t.isBlank())).isEqualTo("请选择要关联的作业票");
        setOption(foreign);
        browser.submit("#link-form button[type=submit]");
        assertThat(browser.awaitText("h1", t -> !t.isBlank())).isEqualTo("页面不存在");
        browser.open("/permits/" + one);
        setOption(one);
        browser.submit("#link-form button[type=submit]");
        assertThat(browser.awaitText("#links .refusal", t -> !t.isBlank())).isEqualTo("作业票不能与自身关联");
        assertThat(jdbc.sql("select count(*) from permit_link where permit_id in (:a, :b) or linked_id in (:a, :b)")
                .param("a", one).param("b", foreign).query(Long.class).single()).isEqualTo(1);
    }

    /** Puts a value the list does not offer into the link form, as a hand-made request would. */
    private void setOption(long id) {
        ((JavascriptExecutor) browser.driver()).executeScript(
                "var o = document.createElement('option'); o.value = arguments[1]; o.text = 'x'; arguments[0].add(o); arguments[0].value = arguments[1]",
                browser.find("#link-permit"), String.valueOf(id));
    }
}
