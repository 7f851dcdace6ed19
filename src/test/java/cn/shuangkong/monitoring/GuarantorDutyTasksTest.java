package cn.shuangkong.monitoring;

import cn.shuangkong.monitoring.internal.GuarantorChecks;
import cn.shuangkong.monitoring.internal.GuarantorTaskLists;
import cn.shuangkong.risk.internal.RiskDrafts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.inspection.DutyTasks;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PageTest;
import cn.shuangkong.support.TestActor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * 包保任务清单: each 包保 person of a 重大危险源 gets the numbered items of their role as tasks of their own, once per
 * period, typed by role; only they complete them; 运行效果评估 counts them per role.
 */
class GuarantorDutyTasksTest extends PageTest {

    @Autowired
    GuarantorTaskLists lists;

    @Autowired
    DutyTasks duties;

    @Autowired
    cn.shuangkong.inspection.internal.InspectionScheduler scheduler;

    @Autowired
    cn.shuangkong.risk.internal.RiskRegistry registry;

    @Autowired
    cn.shuangkong.organization.OrgStructure structure;

    /** A fresh enterprise with a 重大危险源 risk point and its three 包保 persons (principal, technical, operator). */
    private long[] site() {
        var site = FreshEnterprise.create(jdbc, "包保测试化工");
        long e = site.id(), unit = site.unitId();
        long[] people = new long[3];
        for (int i = 0; i < 3; i++) {
            people[i] = structure.addEmployee(e, null, List.of("王总", "李工", "张班长").get(i), null,
                    List.of("总经理", "技术负责人", "班长").get(i));
        }
        // through the risk register, as an enterprise would record it (its 风险分析单元 included)
        long point = registry.createPoint(cn.shuangkong.shared.Jurisdiction.platform(), e, new RiskDrafts.PointDraft("FXD-001",
                "液氯储罐区", "AREA", unit, null, null, true, null, people[0], people[1], people[2])).id();
        return new long[] {e, point, people[0], people[1], people[2]};
    }

    /** The 包保 tasks of a role at the site's point, as the person holding the role reads them ({@code s}: what site() answers). */
    private List<DutyTasks.Task> of(long[] s, DutyTasks.Type type) {
        return duties.mine(new TestActor(s[0], s[2 + type.ordinal()], Set.of())).stream()
                .filter(t -> t.riskPointId() == s[1] && t.taskType() == type).toList();
    }

    @Test
    void each_guarantor_gets_the_numbered_items_of_their_role_once_per_period_and_only_they_complete_them() {
        long[] s = site();
        long e = s[0];
        Instant now = clock.instant();
        lists.issueAll(now);
        lists.issueAll(now); // a second run (or instance) adds nothing
        assertThat(of(s, DutyTasks.Type.PRINCIPAL)).extracting(DutyTasks.Task::itemNo).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
        assertThat(of(s, DutyTasks.Type.TECHNICAL)).hasSize(lists.of(GuarantorChecks.Role.TECHNICAL).size());
        var operator = of(s, DutyTasks.Type.OPERATOR);
        assertThat(operator).hasSize(4).allSatisfy(t -> {
            assertThat(t.employeeId()).isEqualTo(s[4]);
            assertThat(t.cycleLabel()).isEqualTo("每周");
            assertThat(t.open()).isTrue();
        });
        assertThat(of(s, DutyTasks.Type.PRINCIPAL).get(0).cycleLabel()).isEqualTo("每季度");

        var mine = duties.mine(new TestActor(e, s[4], Set.of()));
        assertThat(mine).isNotEmpty().allSatisfy(t -> assertThat(t.taskType()).isEqualTo(DutyTasks.Type.OPERATOR));
        long task = operator.get(0).id();
        assertThatThrownBy(() -> duties.record(new TestActor(e, s[2], Set.of()), task, "NORMAL", null))
                .isInstanceOf(DomainException.class).hasMessageContaining("的包保任务，只能由本人完成")
                .extracting(x -> ((DomainException) x).status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThatThrownBy(() -> duties.record(new TestActor(e, s[4], Set.of()), task, "ABNORMAL", " "))
                .hasMessage("发现异常时请写明情况");
        var done = duties.record(new TestActor(e, s[4], Set.of()), task, "ABNORMAL", "液氯泄漏报警器显示故障");
        assertThat(done.statusLabel()).isEqualTo("已完成（发现异常）");
        assertThat(jdbc.sql("select title from hazard where id = :h").param("h", done.hazardId()).query(String.class).single())
                .isEqualTo("包保任务发现异常：液氯泄漏报警器显示故障");
        assertThatThrownBy(() -> duties.record(new TestActor(e, s[4], Set.of()), task, "NORMAL", null)).hasMessage("该包保任务已完成");
        assertThat(jdbc.sql("select count(*) from audit_record where action = '完成包保任务' and entity_id = :t")
                .param("t", String.valueOf(task)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void the_evaluation_counts_each_role_apart_due_done_on_time_and_overdue() {
        long[] s = site();
        long e = s[0];
        Instant now = clock.instant();
        lists.issueAll(now.minus(Duration.ofDays(14)));   // two weeks ago: that week's operator items are over, undone
        lists.issueAll(now.minus(Duration.ofDays(7)));
        var lastWeek = of(s, DutyTasks.Type.OPERATOR).stream().filter(t -> !t.open()).toList();
        assertThat(lastWeek).isNotEmpty().allSatisfy(t -> assertThat(t.status()).isEqualTo("OVERDUE"));
        assertThatThrownBy(() -> duties.record(new TestActor(e, s[4], Set.of()), lastWeek.get(0).id(), "NORMAL", null))
                .hasMessage("该包保任务已逾期，不能补记");

        var figures = duties.byRole(Jurisdiction.enterprise(e, "测试企业"), now.minus(Duration.ofDays(30)), now);
        assertThat(figures).extracting(DutyTasks.RoleFigures::label).containsExactly("主要负责人", "技术负责人", "操作负责人");
        var op = figures.get(2);
        assertThat(op.overdue()).isEqualTo(lastWeek.size());
        assertThat(op.doneOnTime()).isZero();
        assertThat(op.rate()).isEqualTo(0.0);
    }

    @Test
    void the_operator_completes_an_item_on_a_phone_and_the_city_sees_the_roles_in_the_evaluation() {
        // What the scheduled jobs do, at the clock as it is: this period's items issued, and 逾期 as the clock has it (a
        // run while another test had moved the clock on marked this week's items overdue).
        lists.issueAll(clock.instant());
        scheduler.markOverdue();
        browser.loginAs("worker_chem").phone().open("/inspection/mine");
        String list = browser.find("#duty-tasks").getText();
        assertThat(list).contains("包保任务清单", "操作负责人 第", "逾期");
        // a period ends at midnight, read as the end of its last day ("截止 12-07 24:00"), never as a day later
        assertThat(list).containsPattern("截止 \\d\\d-\\d\\d 24:00").doesNotContainPattern("截止 \\d\\d-\\d\\d 00:00");
        browser.screenshot("inspection-mine-duty-tasks-phone");
        var open = browser.all("#duty-tasks form");
        assertThat(open).isNotEmpty();
        String action = open.get(0).getAttribute("action");
        new Select(open.get(0).findElement(org.openqa.selenium.By.name("result"))).selectByValue("ABNORMAL");
        browser.submit("#duty-tasks form[action='" + action.substring(action.indexOf("/inspection")) + "'] button");
        assertThat(browser.find(".alert.error").getText()).isEqualTo("发现异常时请写明情况");
        browser.find("#duty-tasks form[action$='" + action.substring(action.indexOf("/inspection")) + "'] input[name=note]")
                .sendKeys("罐区东侧消防通道畅通，巡检记录齐全");
        // found nothing after all (an abnormal one would register a hazard at the demo's tank farm; the service test covers it)
        new Select(browser.find("#duty-tasks form[action$='" + action.substring(action.indexOf("/inspection")) + "'] select"))
                .selectByValue("NORMAL");
        browser.submit("#duty-tasks form[action$='" + action.substring(action.indexOf("/inspection")) + "'] button");
        assertThat(browser.find(".alert.ok").getText()).startsWith("已完成包保任务：操作负责人 第");
        assertThat(browser.find("#duty-tasks").getText()).contains("罐区东侧消防通道畅通");
        browser.desktop().open("/inspection/mine");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView()", browser.find("#duty-tasks"));
        browser.screenshot("inspection-mine-duty-tasks");

        browser.loginAs("gov_city").open("/evaluation");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView()", browser.find("#duty-roles"));
        var rows = browser.all("#duty-roles tbody tr");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2).getText()).startsWith("操作负责人");
        browser.screenshot("evaluation-duty-roles");
    }
}
