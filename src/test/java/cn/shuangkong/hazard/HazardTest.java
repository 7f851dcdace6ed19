package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.hazard.internal.Grading;
import cn.shuangkong.hazard.internal.RemediationPlan;
import cn.shuangkong.shared.DomainException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The closed loop of one hazard, step by step, with every refusal a user could run into. */
class HazardTest {

    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    static Hazard found(HazardSource source, Grading grading) {
        var report = new HazardReport(source, HazardType.UNSAFE_CONDITION, null, "配电箱未上锁", "二号车间配电箱门未上锁", "二号车间", null, null);
        return Hazard.found(1L, report, grading, "finder", NOW);
    }

    static RemediationPlan plan(LocalDate deadline) {
        return new RemediationPlan("fixer", "加装挂锁并落实每日检查", new BigDecimal("300"), deadline, "设置警戒区");
    }

    /**
     * The hazard as the overdue sweep leaves it after its deadline day (internal.HazardDeadlines marks it in SQL, set-based;
     * HazardDeadlinesTest holds when): the steps below must lift the mark.
     */
    static void markedOverdue(Hazard h) {
        h.overdue = true;
        h.escalatedAt = NOW;
    }

    static void assertRefused(Runnable step, HttpStatus status, String words) {
        assertThatThrownBy(step::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).contains(words);
        });
    }

    @Test
    void a_snapshot_waits_for_confirmation_and_enters_the_loop_once_confirmed() {
        Hazard h = found(HazardSource.SNAPSHOT, Grading.general());
        assertThat(h.state()).isEqualTo(HazardState.PENDING_CONFIRMATION);
        assertThat(h.allowedActions()).containsExactlyInAnyOrder(HazardAction.CONFIRM, HazardAction.REJECT);
        h.confirm(Grading.byJudgement("储罐区可燃气体报警器全部失效"));
        assertThat(h.state()).isEqualTo(HazardState.REGISTERED);
        assertThat(h.major()).isTrue();
    }

    @Test
    void a_rejected_snapshot_needs_a_reason_and_ends_the_loop() {
        Hazard h = found(HazardSource.SNAPSHOT, Grading.general());
        assertRefused(() -> h.reject(" "), HttpStatus.BAD_REQUEST, "驳回理由");
        h.reject("重复上报");
        assertThat(h.state()).isEqualTo(HazardState.REJECTED);
        assertThat(h.allowedActions()).isEmpty();
        assertRefused(() -> h.confirm(Grading.general()), HttpStatus.CONFLICT, "无（闭环已结束）");
    }

    @Test
    void a_self_check_finding_is_registered_at_once() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.general());
        assertThat(h.state()).isEqualTo(HazardState.REGISTERED);
        assertThat(h.allowedActions()).containsExactlyInAnyOrder(HazardAction.FIX_ON_SPOT, HazardAction.ASSIGN);
    }

    @Test
    void a_fix_on_the_spot_needs_an_after_photo_and_a_second_person() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.general());
        assertRefused(() -> h.fixOnSpot("fixer", "已上锁", 0, NOW), HttpStatus.BAD_REQUEST, "整改后的照片");
        h.fixOnSpot("fixer", "已上锁", 1, NOW);
        assertThat(h.state()).isEqualTo(HazardState.FIXED_ON_SPOT);
        assertRefused(() -> h.confirmFix("fixer", NOW), HttpStatus.FORBIDDEN, "整改人以外");
        h.confirmFix("manager", NOW);
        assertThat(h.state()).isEqualTo(HazardState.CLOSED);
        assertThat(h.closedAt()).isEqualTo(NOW);
    }

    @Test
    void a_refused_fix_on_the_spot_goes_back_to_registered() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.general());
        h.fixOnSpot("fixer", "已上锁", 1, NOW);
        assertRefused(() -> h.refuseFix("manager", "", NOW), HttpStatus.BAD_REQUEST, "退回理由");
        h.refuseFix("manager", "锁具不合格", NOW);
        assertThat(h.state()).isEqualTo(HazardState.REGISTERED);
    }

    @Test
    void a_major_hazard_cannot_be_fixed_on_the_spot() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.byJudgement("可燃气体报警器失效"));
        assertThat(h.allowedActions()).doesNotContain(HazardAction.FIX_ON_SPOT);
        assertRefused(() -> h.fixOnSpot("fixer", "x", 1, NOW), HttpStatus.CONFLICT, "下达限期整改");
    }

    @Test
    void a_major_hazard_without_the_five_implementations_cannot_start_remediation_and_the_missing_ones_are_listed() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.byJudgement("可燃气体报警器失效"));
        var partial = new RemediationPlan("fixer", "更换报警器", null, TODAY.plusDays(10), " ");
        assertThatThrownBy(() -> h.assign(partial, TODAY)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.getMessage()).contains("五落实").contains("资金、预案");
            assertThat(e.fieldErrors()).containsOnlyKeys("funds", "contingencyPlan");
        });
        assertThat(h.state()).isEqualTo(HazardState.REGISTERED);
        h.assign(plan(TODAY.plusDays(10)), TODAY);
        assertThat(h.state()).isEqualTo(HazardState.RECTIFYING);
    }

    @Test
    void a_general_hazard_needs_responsible_measures_and_deadline_but_not_funds() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.general());
        assertRefused(() -> h.assign(new RemediationPlan(null, "", null, null, null), TODAY), HttpStatus.BAD_REQUEST, "责任、措施、时限");
        assertRefused(() -> h.assign(new RemediationPlan("fixer", "上锁", null, TODAY.minusDays(1), null), TODAY), HttpStatus.BAD_REQUEST, "不能早于今天");
        h.assign(new RemediationPlan("fixer", "上锁", null, TODAY, null), TODAY);
        assertThat(h.state()).isEqualTo(HazardState.RECTIFYING);
        assertThat(h.responsible()).isEqualTo("fixer");
    }

    @Test
    void rectification_needs_evidence_and_acceptance_by_someone_else() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.general());
        h.assign(plan(TODAY.plusDays(5)), TODAY);
        assertRefused(() -> h.complete("fixer", "已整改", 0, NOW), HttpStatus.BAD_REQUEST, "证据");
        assertRefused(() -> h.complete("fixer", "", 1, NOW), HttpStatus.BAD_REQUEST, "整改情况");
        h.complete("fixer", "已加装挂锁", 1, NOW);
        assertThat(h.state()).isEqualTo(HazardState.RECTIFIED);
        assertRefused(() -> h.accept("fixer", true, null, NOW), HttpStatus.FORBIDDEN, "不能验收自己");
        h.accept("manager", true, "合格", NOW);
        assertThat(h.state()).isEqualTo(HazardState.CLOSED);
        assertThat(h.acceptedBy()).isEqualTo("manager");
    }

    @Test
    void a_failed_acceptance_sends_the_hazard_back_to_rectification_with_an_opinion() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.general());
        h.assign(plan(TODAY.plusDays(5)), TODAY);
        h.complete("fixer", "已整改", 1, NOW);
        assertRefused(() -> h.accept("manager", false, null, NOW), HttpStatus.BAD_REQUEST, "意见");
        h.accept("manager", false, "挂锁型号不符", NOW);
        assertThat(h.state()).isEqualTo(HazardState.RECTIFYING);
        assertThat(h.allowedActions()).contains(HazardAction.COMPLETE);
    }

    @Test
    void an_illegal_step_is_refused_with_409_naming_the_allowed_ones() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.general());
        h.assign(plan(TODAY.plusDays(5)), TODAY);
        assertRefused(() -> h.accept("manager", true, null, NOW), HttpStatus.CONFLICT, "当前允许的操作：整改完成、申请延期");
    }

    @Test
    void an_extension_is_requested_and_approved_by_someone_else_and_lifts_overdue() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.general());
        h.assign(plan(TODAY.plusDays(1)), TODAY);
        markedOverdue(h);
        assertRefused(() -> h.requestExtension("fixer", TODAY, "备件未到"), HttpStatus.BAD_REQUEST, "须晚于当前期限");
        h.requestExtension("fixer", TODAY.plusDays(10), "备件未到");
        assertThat(h.allowedActions()).contains(HazardAction.DECIDE_EXTENSION).doesNotContain(HazardAction.REQUEST_EXTENSION);
        assertRefused(() -> h.decideExtension("fixer", true), HttpStatus.FORBIDDEN, "自己的延期");
        h.decideExtension("manager", true);
        assertThat(h.deadline()).isEqualTo(TODAY.plusDays(10));
        assertThat(h.overdue()).isFalse();
        assertThat(h.extensionPending()).isFalse();
    }

    @Test
    void a_refused_extension_keeps_the_deadline() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.general());
        h.assign(plan(TODAY.plusDays(1)), TODAY);
        h.requestExtension("fixer", TODAY.plusDays(10), "备件未到");
        h.decideExtension("manager", false);
        assertThat(h.deadline()).isEqualTo(TODAY.plusDays(1));
        assertThat(h.allowedActions()).contains(HazardAction.REQUEST_EXTENSION);
    }

    @Test
    void a_supervised_major_hazard_needs_the_regulators_approval_to_be_closed() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.byJudgement("可燃气体报警器失效"));
        assertThat(h.allowedActions()).contains(HazardAction.SUPERVISE);
        assertRefused(() -> h.supervise("gov", " ", "市级", TODAY.plusDays(30), TODAY), HttpStatus.BAD_REQUEST, "文号");
        h.supervise("gov", "靖应急督〔2026〕1号", "市级", TODAY.plusDays(30), TODAY);
        assertThat(h.allowedActions()).doesNotContain(HazardAction.SUPERVISE);
        h.assign(plan(TODAY.plusDays(20)), TODAY);
        h.complete("fixer", "已更换", 1, NOW);
        h.accept("manager", true, "合格", NOW);
        assertThat(h.state()).isEqualTo(HazardState.AWAITING_REGULATOR);
        assertRefused(() -> h.decideClosure("gov", false, "", NOW), HttpStatus.BAD_REQUEST, "意见");
        h.decideClosure("gov", false, "复核发现报警值设定错误", NOW);
        assertThat(h.state()).isEqualTo(HazardState.RECTIFYING);
        h.complete("fixer", "已重新设定报警值", 2, NOW);
        h.accept("manager", true, "合格", NOW);
        h.decideClosure("gov", true, null, NOW);
        assertThat(h.state()).isEqualTo(HazardState.CLOSED);
    }

    @Test
    void a_moved_supervision_deadline_carries_the_rectification_deadline_bound_to_it_and_lifts_its_overdue_mark() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.byJudgement("可燃气体报警器失效"));
        assertRefused(() -> h.adjustSupervisionDeadline(TODAY.plusDays(9), "核查", TODAY), HttpStatus.CONFLICT, "未挂牌督办");
        h.assign(plan(TODAY.plusDays(40)), TODAY);
        h.supervise("gov", 7L, "靖应急督〔2026〕2号", "市级", TODAY.plusDays(3), TODAY);
        assertThat(h.deadline()).isEqualTo(TODAY.plusDays(3));
        markedOverdue(h);

        LocalDate later = TODAY.plusDays(4);
        assertRefused(() -> h.adjustSupervisionDeadline(later.minusDays(1), "核查", later), HttpStatus.BAD_REQUEST, "今天或以后");
        assertRefused(() -> h.adjustSupervisionDeadline(later.plusDays(9), " ", later), HttpStatus.BAD_REQUEST, "理由");
        assertRefused(() -> h.adjustSupervisionDeadline(TODAY.plusDays(3), "核查", TODAY), HttpStatus.BAD_REQUEST, "相同");
        assertThat(h.adjustSupervisionDeadline(later.plusDays(9), "停产检修", later)).isEqualTo(TODAY.plusDays(3));
        assertThat(h.supervisionDeadline()).isEqualTo(later.plusDays(9));
        assertThat(h.deadline()).as("bound to the old 督办期限: it follows").isEqualTo(later.plusDays(9));
        assertThat(h.overdue()).isFalse();
        assertThat(h.supervisionDepartmentId()).isEqualTo(7L);

        h.adjustSupervisionDeadline(later.plusDays(5), "险情加重", later);
        assertThat(h.deadline()).as("a later one is brought forward").isEqualTo(later.plusDays(5));
    }

    @Test
    void an_earlier_rectification_deadline_of_the_enterprises_own_stays_when_the_supervision_deadline_moves() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.byJudgement("可燃气体报警器失效"));
        h.supervise("gov", "靖应急督〔2026〕3号", "市级", TODAY.plusDays(30), TODAY);
        h.assign(plan(TODAY.plusDays(10)), TODAY);
        h.adjustSupervisionDeadline(TODAY.plusDays(60), "延长", TODAY);
        assertThat(h.deadline()).isEqualTo(TODAY.plusDays(10));
        h.complete("fixer", "已更换", 1, NOW);
        h.accept("manager", true, "合格", NOW);
        h.decideClosure("gov", true, null, NOW);
        assertRefused(() -> h.adjustSupervisionDeadline(TODAY.plusDays(70), "延长", TODAY), HttpStatus.CONFLICT, "已销号");
    }

    @Test
    void a_general_hazard_cannot_be_supervised() {
        Hazard h = found(HazardSource.SELF_CHECK, Grading.general());
        assertRefused(() -> h.supervise("gov", "1号", "市级", TODAY, TODAY), HttpStatus.CONFLICT, "挂牌督办");
    }

    @Test
    void a_criterion_makes_a_hazard_major_and_is_cited_while_judgement_needs_a_reason() {
        var criterion = new MajorHazardCriteria.Criterion("CHEM-2017-2", "化工", "第2项", "资质/人员", "特种作业人员未持证上岗");
        Grading g = Grading.of(HazardLevel.GENERAL, criterion, null);
        assertThat(g.major()).isTrue();
        assertThat(g.criterionCode()).isEqualTo("CHEM-2017-2");
        assertThatThrownBy(() -> Grading.of(HazardLevel.MAJOR, null, "  ")).isInstanceOf(DomainException.class)
                .hasMessageContaining("判定理由");
    }
}
