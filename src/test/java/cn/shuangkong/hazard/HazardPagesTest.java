package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.hazard.internal.HazardDeadlines;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.EnterprisePerson;
import cn.shuangkong.support.Browser;
import cn.shuangkong.support.PageTest;
import java.awt.Color;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import java.time.Duration;

/** The hazard pages as the demo people use them in Chromium, on a desk and on a phone; screenshots in target/screenshots. */
class HazardPagesTest extends PageTest {

    @Autowired
    HazardDeadlines deadlines;

    @Autowired
    HazardRegister register;


    private void setValue(WebElement input, String value) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]", input, value);
    }

    /** Signs in and waits until the login has gone through, so that the next page is opened as that person. */
    /** Clicks a submit button and waits for the next page, so that assertions never read the page being left. */
    private long currentHazardId() {
        return Long.parseLong(browser.path().replaceAll("\\D+", ""));
    }

    @Test
    void a_worker_snaps_a_hazard_on_a_phone_and_it_goes_round_the_loop_to_closure() {
        // From the home page, as a worker on a phone finds it: the 随手拍 button under the post's notice.
        browser.signIn("worker_chem").phone().open("/");
        assertThat(browser.find("a.btn[href$='/risks/my-post']").getText()).isEqualTo("我的岗位风险");
        browser.screenshot("home-worker-phone");
        browser.find("a.btn[href$='/hazards/snap']").click();
        assertThat(browser.path()).isEqualTo("/hazards/snap");
        browser.find("#snap-photo").sendKeys(Photos.pngFile(Color.RED).toAbsolutePath().toString());
        browser.find("input[name=title]").sendKeys("楼梯扶手松动");
        browser.find("input[name=location]").sendKeys("办公楼二楼楼梯");
        browser.screenshot("hazard-snap-phone");
        browser.submit("form.snap button[type=submit]");
        assertThat(browser.text()).contains("已上报，等待安全管理人员确认").contains("待确认");
        long id = currentHazardId();
        browser.screenshot("hazard-snap-sent-phone");

        browser.desktop();
        browser.signIn("ent_chem").open("/hazards?state=PENDING_CONFIRMATION");
        assertThat(browser.text()).contains("楼梯扶手松动");
        browser.screenshot("hazard-list-pending");
        browser.open("/hazards/" + id);
        browser.submit("form[action$='/actions/confirm'] button");
        assertThat(browser.text()).contains("已确认登记").contains("已登记");
        new Select(browser.find("form[action$='/actions/assign'] select[name=responsible]")).selectByValue("worker_chem");
        setValue(browser.find("form[action$='/actions/assign'] input[name=deadline]"), LocalDate.now(clock).plusDays(5).toString());
        browser.find("form[action$='/actions/assign'] textarea[name=measures]").sendKeys("紧固扶手螺栓，全楼排查");
        browser.screenshot("hazard-detail-registered");
        browser.submit("form[action$='/actions/assign'] button");
        assertThat(browser.text()).contains("整改中").contains("紧固扶手螺栓");

        browser.signIn("worker_chem").phone().open("/hazards/mine");
        assertThat(browser.text()).contains("楼梯扶手松动");
        browser.screenshot("hazard-mine-phone");
        browser.open("/hazards/" + id);
        browser.find("form[action$='/actions/complete'] input[name=photo]").sendKeys(Photos.pngFile(Color.GREEN).toAbsolutePath().toString());
        browser.find("form[action$='/actions/complete'] textarea[name=note]").sendKeys("已紧固全部螺栓");
        browser.submit("form[action$='/actions/complete'] button");
        assertThat(browser.text()).contains("整改完成待验收");
        assertThat(browser.all("form[action$='/actions/accept']")).as("a worker is not offered acceptance").isEmpty();
        browser.screenshot("hazard-rectified-phone");

        browser.desktop();
        browser.signIn("ent_chem").open("/hazards/" + id);
        browser.submit("form[action$='/actions/accept'] button[value=true]");
        assertThat(browser.text()).contains("已销号");
        assertThat(browser.find("#timeline").getText()).contains("随手拍上报隐患").contains("确认登记").contains("下达限期整改")
                .contains("整改完成").contains("验收");
        assertThat(browser.all(".photos img")).hasSize(2);
        browser.screenshot("hazard-detail-closed");
    }

    @Test
    void a_snap_without_a_photo_is_answered_in_chinese_and_keeps_what_was_typed() {
        browser.signIn("worker_chem").phone().open("/hazards/snap");
        browser.find("input[name=title]").sendKeys("地面油污");
        browser.find("input[name=location]").sendKeys("压缩机房");
        browser.submit("form.snap button[type=submit]");
        assertThat(browser.text()).contains("随手拍须附现场照片");
        assertThat(browser.find("input[name=title]").getAttribute("value")).isEqualTo("地面油污");
        browser.screenshot("hazard-snap-error-phone");
    }

    @Test
    void an_incomplete_registration_is_answered_field_by_field_and_a_major_hazard_cites_its_criterion() {
        browser.signIn("ent_chem").open("/hazards/new");
        browser.submit("form.form button[type=submit]");
        assertThat(browser.text()).contains("请选择隐患类型");
        browser.screenshot("hazard-form-error");
        new Select(browser.find("select[name=type]")).selectByValue("UNSAFE_CONDITION");
        browser.find("input[name=title]").sendKeys("液氯充装未使用万向管道");
        browser.find("input[name=location]").sendKeys("液氯充装站");
        browser.find("textarea[name=description]").sendKeys("液氯钢瓶充装仍使用金属软管。");
        new Select(browser.find("select[name=criterionCode]")).selectByValue("CHEM-2017-7");
        browser.submit("form.form button[type=submit]");
        assertThat(browser.text()).contains("重大隐患").contains("第7项").contains("万向管道充装系统");
        assertThat(browser.all("form[action$='/actions/fix-on-spot']")).as("no 即查即改 for a 重大隐患").isEmpty();
        browser.screenshot("hazard-detail-major");
    }

    private long majorHazard(String username, String title, String reason, String location) {
        long enterprise = enterpriseIdOf(username);
        return register.register(new EnterprisePerson(username, enterprise), enterprise, new HazardReport(HazardSource.SELF_CHECK,
                HazardType.UNSAFE_CONDITION, null, title, title + "，现场核实属实", location, null, null),
                new HazardRegister.GradingInput(HazardLevel.MAJOR, null, reason), null).hazard().id();
    }

    @Test
    void the_city_regulator_sees_the_major_hazards_of_the_city_and_supervises_one() {
        // registered through the register (at the test clock's time, as a person of each enterprise), so they are the
        // newest whatever moment the shared clock has reached: the page shows 20, other tests add 重大隐患 of their own
        long id = majorHazard("ent_chem", "防火堤破损", "储罐区防火堤破损，一旦泄漏无法围堵", "甲类罐区");
        // and one of an enterprise of another town
        majorHazard("ent_mech", "冲压机光电保护失效", "冲压机光电保护装置失效", "冲压车间");
        browser.signIn("gov_city").open("/hazards/major");
        assertThat(browser.text()).contains("重大隐患督办").contains("防火堤破损").contains("冲压机光电保护失效");
        browser.screenshot("hazard-major-gov_city");
        browser.open("/hazards/" + id);
        browser.find("form[action$='/actions/supervise'] input[name=docNo]").sendKeys("靖应急督〔2026〕21号");
        setValue(browser.find("form[action$='/actions/supervise'] input[name=deadline]"), LocalDate.now(clock).plusDays(30).toString());
        browser.submit("form[action$='/actions/supervise'] button");
        assertThat(browser.text()).contains("已挂牌督办").contains("靖应急督〔2026〕21号");
        browser.screenshot("hazard-supervised-gov_city");

        browser.signIn("gov_town").open("/hazards/" + id);
        assertThat(browser.text()).as("outside 新桥镇's jurisdiction").contains("不存在或不在您的数据范围内");
    }

    @Test
    void the_register_filters_overdue_hazards_and_the_inbox_lists_the_notices() {
        // Two hazards of its own, assigned three days ago: one due that day (逾期 now), one due in ten days. 第三方排查 is
        // a source no other test reports with, so the filtered register is this test's alone (the page shows 20).
        Instant start = clock.instant();
        LocalDate then = LocalDate.now(clock).minusDays(3);
        try {
            clock.set(start.minus(Duration.ofDays(3)));
            assigned("卸车鹤管静电跨接线脱落", then);
            assigned("卸车区洗眼器水压不足", then.plusDays(10));
        } finally {
            clock.set(start); // other tests share the clock
        }
        deadlines.sweep(); // what the scheduled sweep does: the first is late by the clock as it is, for every later sweep too

        browser.signIn("ent_chem").open("/hazards?source=THIRD_PARTY&overdue=true");
        assertThat(browser.text()).contains("卸车鹤管静电跨接线脱落").doesNotContain("卸车区洗眼器水压不足");
        browser.screenshot("hazard-list-overdue");
        browser.open("/hazards?source=THIRD_PARTY&overdue=false");
        assertThat(browser.text()).contains("卸车区洗眼器水压不足").doesNotContain("卸车鹤管静电跨接线脱落");
        browser.open("/hazards");
        browser.screenshot("hazard-list");
        browser.signIn("worker_chem").desktop().open("/hazards/mine");
        assertThat(browser.find(".side a[href='/inbox'] .badge").getText()).as("unread count beside 消息").matches("\\d+");
        browser.screenshot("hazard-mine-desktop-badge");
        browser.phone().open("/inbox");
        assertThat(browser.text()).contains("整改已逾期（期限 " + then + "）：卸车鹤管静电跨接线脱落");
        browser.screenshot("hazard-inbox-phone");
    }

    /** A 第三方排查 hazard of 化工 assigned to worker_chem with the deadline given, through the API as the enterprise does it. */
    private void assigned(String title, LocalDate deadline) {
        Api chem = loggedIn("ent_chem");
        var created = chem.post("/api/v1/hazards", Api.json(HazardApiTest.report("THIRD_PARTY", title)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        var r = chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem", deadline)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
