package cn.shuangkong.quality;

import cn.shuangkong.quality.internal.QualityChecks;
import cn.shuangkong.quality.internal.QualityRules;
import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.organization.CreditCode;
import cn.shuangkong.organization.EnterpriseDraft;
import cn.shuangkong.organization.EnterpriseRegistry;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.internal.RiskAssessments;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.EnterprisePerson;
import cn.shuangkong.support.PlatformTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 数据质量: each rule finds what it describes in data made through the domain services, names the record and how to
 * fix it, costs the score its weight, and resolves itself once the data is put right.
 */
class QualityRulesTest extends PlatformTest {

    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    @Autowired QualityChecks checks;
    @Autowired QualityScores scores;
    @Autowired QualityRules rules;
    @Autowired EnterpriseRegistry enterprises;
    @Autowired OrgStructure structure;
    @Autowired RiskRegistry registry;
    @Autowired RiskAssessments assessments;
    @Autowired HazardRegister hazards;
    @Autowired cn.shuangkong.risk.RiskFilings filings;

    /** A fresh enterprise with a company, a workshop, a team and two people. */
    private record Site(long id, long company, long workshop, long team, long keeper, long electrician) {
        Jurisdiction scope() { return Jurisdiction.enterprise(id, "本企业"); }
    }

    private Site site() {
        String first17 = ("91321282" + UUID.randomUUID().toString().replace("-", "").toUpperCase().chars()
                .mapToObj(c -> String.valueOf(ALPHABET.charAt(c % ALPHABET.length()))).collect(Collectors.joining())).substring(0, 17);
        var e = enterprises.register(Jurisdiction.platform(), new EnterpriseDraft("数据质量测试企业" + first17.substring(10),
                first17 + CreditCode.checkCharacter(first17), "C3441", "321282100", null, "SMALL", 60, null, null, null, null,
                null, null, null, "OPERATING", false, false, false, false, false, false));
        long company = structure.addUnit(new cn.shuangkong.support.EnterprisePerson("安全管理人员", e.id()), e.id(), null, "公司", OrgStructure.Tier.COMPANY);
        long workshop = structure.addUnit(new cn.shuangkong.support.EnterprisePerson("安全管理人员", e.id()), e.id(), company, "装配车间", OrgStructure.Tier.WORKSHOP);
        long team = structure.addUnit(new cn.shuangkong.support.EnterprisePerson("安全管理人员", e.id()), e.id(), workshop, "装配一班", OrgStructure.Tier.TEAM);
        return new Site(e.id(), company, workshop, team, structure.addEmployee(e.id(), null, "周建华", null, "班长"),
                structure.addEmployee(e.id(), null, "缪国强", null, "电工"));
    }

    private void grade(Site s, long event, String basis, int l, int severity) {
        Map<String, BigDecimal> inputs = new LinkedHashMap<>();
        inputs.put("l", BigDecimal.valueOf(l));
        inputs.put("s", BigDecimal.valueOf(severity));
        long id = assessments.submit(new EnterprisePerson("analyst", s.id()), event, new RiskDrafts.AssessmentDraft(basis, "LS", inputs, "测试评价"));
        assessments.review(new EnterprisePerson("reviewer", s.id()), id);
        assessments.approve(new EnterprisePerson("approver", s.id()), id);
    }

    private Map<String, List<QualityScores.Finding>> findings(Site s) {
        return scores.findings(Jurisdiction.platform(), s.id(), false).stream()
                .collect(Collectors.groupingBy(QualityScores.Finding::ruleCode));
    }

    @Test
    void a_sloppy_register_is_found_rule_by_rule_scored_and_resolved_once_it_is_put_right() {
        Site s = site();
        // 较大 (LS 3×5) press line: one measure at team level only, with an inspection content that says nothing
        var press = registry.createPoint(s.scope(), s.id(), new RiskDrafts.PointDraft("ZL-001", "冲压线", "EQUIPMENT", s.workshop(),
                null, null, false, null));
        long crush = registry.addEvent(s.scope(), press.id(), new RiskDrafts.EventDraft("冲床压手", "光电保护失效", "2102", List.of("03"), "手指截断"));
        long vague = registry.addMeasure(s.scope(), press.id(), new RiskDrafts.MeasureDraft("MANAGEMENT", "班前检查光电保护", "TEAM",
                s.team(), s.keeper(), "同上", BigDecimal.ONE, "SHIFT", List.of(crush)));
        grade(s, crush, "RESIDUAL", 3, 5);
        // an electrical room graded 低 inherently but worse after control — and its only measure held by someone who leaves
        var room = registry.createPoint(s.scope(), s.id(), new RiskDrafts.PointDraft("ZL-002", "配电室", "AREA", s.workshop(),
                null, null, false, null));
        long shock = registry.addEvent(s.scope(), room.id(), new RiskDrafts.EventDraft("触电", "绝缘垫破损", "2103", List.of("05"), "触电"));
        long mat = registry.addMeasure(s.scope(), room.id(), new RiskDrafts.MeasureDraft("MANAGEMENT", "每日检查绝缘垫", null,
                s.workshop(), s.electrician(), "绝缘垫无破损、无积水", BigDecimal.ONE, "DAY", List.of(shock)));
        grade(s, shock, "INHERENT", 2, 2);
        grade(s, shock, "RESIDUAL", 3, 4);
        structure.recordLeaving(s.id(), s.electrician(), LocalDate.now(clock).minusDays(3));
        // a graded point with no measure at all
        var store = registry.createPoint(s.scope(), s.id(), new RiskDrafts.PointDraft("ZL-003", "油漆库", "AREA", s.workshop(),
                null, null, false, null));
        long fire = registry.addEvent(s.scope(), store.id(), new RiskDrafts.EventDraft("油漆库火灾", "稀释剂泄漏遇火源", "2203", List.of("08"), "火灾"));
        grade(s, fire, "RESIDUAL", 2, 4);

        var outcome = checks.check(s.id(), "测试");

        var found = findings(s);
        assertThat(found.keySet()).containsExactlyInAnyOrder("HIGH_RISK_LOW_TIER", "MEASURE_VAGUE", "RESIDUAL_ABOVE_INHERENT",
                "RESPONSIBLE_HAS_LEFT", "POINT_WITHOUT_CONTENT");
        assertThat(found.get("HIGH_RISK_LOW_TIER").get(0).recordName()).isEqualTo("ZL-001 冲压线");
        assertThat(found.get("HIGH_RISK_LOW_TIER").get(0).message()).contains("较大风险").contains("车间级");
        assertThat(found.get("MEASURE_VAGUE").get(0).recordId()).isEqualTo(vague);
        assertThat(found.get("MEASURE_VAGUE").get(0).message()).contains("同上");
        assertThat(found.get("MEASURE_VAGUE").get(0).link()).isEqualTo("/risks/" + press.id());
        assertThat(found.get("RESIDUAL_ABOVE_INHERENT").get(0).message()).contains("残余风险为一般风险").contains("固有风险低风险");
        assertThat(found.get("RESPONSIBLE_HAS_LEFT").get(0).recordId()).isEqualTo(mat);
        assertThat(found.get("RESPONSIBLE_HAS_LEFT").get(0).message()).contains("缪国强").contains("离职");
        assertThat(found.get("POINT_WITHOUT_CONTENT").get(0).recordName()).isEqualTo("ZL-003 油漆库");
        assertThat(found.values().stream().flatMap(List::stream)).allSatisfy(f -> assertThat(f.fix()).isNotBlank());
        int expected = 100 - rules.all().stream().filter(r -> found.containsKey(r.code()))
                .mapToInt(r -> r.deduction(found.get(r.code()).size())).sum();
        assertThat(outcome.score()).isEqualTo(expected).isLessThan(100);
        assertThat(scores.scoreOf(s.id())).contains(expected);

        // put right: a workshop-level measure, a real content, a measure for the store; the rest stays
        registry.addMeasure(s.scope(), press.id(), new RiskDrafts.MeasureDraft("ENGINEERING", "冲床加装双手按钮和光电保护联锁", "WORKSHOP",
                s.workshop(), s.keeper(), "双手按钮、光电保护联锁有效", BigDecimal.ONE, "WEEK", List.of(crush)));
        registry.addMeasure(s.scope(), store.id(), new RiskDrafts.MeasureDraft("MANAGEMENT", "油漆库防爆、通风、限量存放", null,
                s.workshop(), s.keeper(), "防爆灯具完好、排风正常、存量不超过一周用量", BigDecimal.ONE, "WEEK", List.of(fire)));
        var after = checks.check(s.id(), "测试：整改后");

        assertThat(findings(s).keySet()).containsExactlyInAnyOrder("MEASURE_VAGUE", "RESIDUAL_ABOVE_INHERENT", "RESPONSIBLE_HAS_LEFT");
        assertThat(after.score()).isGreaterThan(outcome.score());
        assertThat(scores.findings(Jurisdiction.platform(), s.id(), true)).extracting(QualityScores.Finding::ruleCode)
                .contains("HIGH_RISK_LOW_TIER", "POINT_WITHOUT_CONTENT");
        assertThat(jdbc.sql("select count(*) from audit_record where entity_type = 'quality' and entity_id = :id")
                .param("id", String.valueOf(s.id())).query(Long.class).single()).as("each run that changed something is audited")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_failed_measure_flags_its_point_until_an_approved_reassessment_and_a_change_triggers_the_check_by_itself() {
        Site s = site();
        var valve = registry.createPoint(s.scope(), s.id(), new RiskDrafts.PointDraft("ZL-101", "空压机储气罐", "EQUIPMENT", s.workshop(),
                null, null, false, null));
        long burst = registry.addEvent(s.scope(), valve.id(), new RiskDrafts.EventDraft("储气罐超压", "安全阀失效", "2101", List.of("17"), "容器爆炸"));
        long check = registry.addMeasure(s.scope(), valve.id(), new RiskDrafts.MeasureDraft("MANAGEMENT", "安全阀每年校验", null,
                s.workshop(), s.keeper(), "安全阀铅封完好、校验标签在有效期内", BigDecimal.ONE, "WEEK", List.of(burst)));
        grade(s, burst, "RESIDUAL", 2, 4);
        checks.check(s.id(), "测试");
        assertThat(findings(s)).isEmpty();
        assertThat(scores.scoreOf(s.id())).contains(100);

        clock.advance(java.time.Duration.ofMinutes(5));
        hazards.register(new EnterprisePerson("keeper", s.id()), s.id(), new HazardReport(HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION,
                valve.id(), "安全阀校验过期", "铅封脱落，校验标签已过期两个月", "空压机房", clock.instant(), null, check),
                HazardRegister.GradingInput.general(), null);

        // the hazard's commit queues the enterprise; the debounced run finds the point not re-assessed since
        org.awaitility.Awaitility.await().atMost(Patience.CONDITION)
                .until(() -> findings(s).containsKey("FAILED_MEASURE_NOT_REASSESSED"));
        var finding = findings(s).get("FAILED_MEASURE_NOT_REASSESSED").get(0);
        assertThat(finding.recordName()).isEqualTo("ZL-101 空压机储气罐");
        assertThat(finding.message()).contains("安全阀校验过期");

        clock.advance(java.time.Duration.ofMinutes(5));
        grade(s, burst, "RESIDUAL", 2, 4);
        checks.check(s.id(), "测试：重新评价后");
        assertThat(findings(s)).doesNotContainKey("FAILED_MEASURE_NOT_REASSESSED");
    }

    @Test
    void a_switched_off_rule_finds_nothing_and_only_an_admin_changes_rules() {
        Site s = site();
        var room = registry.createPoint(s.scope(), s.id(), new RiskDrafts.PointDraft("ZL-201", "配电室", "AREA", s.workshop(),
                null, null, false, null));
        long shock = registry.addEvent(s.scope(), room.id(), new RiskDrafts.EventDraft("触电", "柜门敞开", "2103", List.of("05"), "触电"));
        registry.addMeasure(s.scope(), room.id(), new RiskDrafts.MeasureDraft("MANAGEMENT", "配电室巡检", null, s.workshop(), s.keeper(),
                "/", BigDecimal.ONE, "DAY", List.of(shock)));
        grade(s, shock, "RESIDUAL", 2, 3);
        checks.check(s.id(), "测试");
        assertThat(findings(s)).containsKey("MEASURE_VAGUE");

        var enterpriseUser = loggedIn("ent_mech");
        assertThat(enterpriseUser.put("/api/v1/quality/rules/MEASURE_VAGUE", "{\"enabled\": false}").status()).isEqualTo(403);
        var admin = loggedIn("admin");
        try {
            var r = admin.put("/api/v1/quality/rules/MEASURE_VAGUE", "{\"enabled\": false}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            checks.check(s.id(), "测试：规则停用");
            assertThat(findings(s)).doesNotContainKey("MEASURE_VAGUE");
            assertThat(scores.scoreOf(s.id())).contains(100);
            var bad = admin.put("/api/v1/quality/rules/MEASURE_VAGUE", "{\"weight\": 500}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("detail").asString()).contains("扣分");
        } finally {
            admin.put("/api/v1/quality/rules/MEASURE_VAGUE", "{\"enabled\": true}");
        }
    }

    @Test
    void a_point_that_became_major_after_the_filing_is_not_on_the_filed_major_risk_list() {
        Site s = site();
        var tank = registry.createPoint(s.scope(), s.id(), new RiskDrafts.PointDraft("ZL-301", "液氨储罐", "EQUIPMENT", s.workshop(),
                null, null, false, null));
        long leak = registry.addEvent(s.scope(), tank.id(), new RiskDrafts.EventDraft("液氨泄漏", "阀门密封失效", "2206", List.of("19"), "中毒"));
        registry.addMeasure(s.scope(), tank.id(), new RiskDrafts.MeasureDraft("ENGINEERING", "氨气泄漏报警与紧急切断联锁", "COMPANY",
                s.company(), s.keeper(), "报警器在检定有效期内、切断阀联锁试验合格", BigDecimal.ONE, "MONTH", List.of(leak)));
        grade(s, leak, "RESIDUAL", 3, 5);
        filings.submit(new EnterprisePerson("principal", s.id()), s.id());
        checks.check(s.id(), "测试：备案后");
        assertThat(findings(s)).doesNotContainKey("MAJOR_NOT_LISTED");

        clock.advance(java.time.Duration.ofMinutes(5));
        grade(s, leak, "RESIDUAL", 4, 5);
        checks.check(s.id(), "测试：升为重大风险");

        var finding = findings(s).get("MAJOR_NOT_LISTED");
        assertThat(finding).hasSize(1);
        assertThat(finding.get(0).recordName()).isEqualTo("ZL-301 液氨储罐");
        assertThat(finding.get(0).message()).contains("最近一次备案");
        assertThat(finding.get(0).fix()).contains("备案");
    }

    @Test
    void months_of_complete_inspections_that_never_found_a_hazard_are_flagged_as_imprecise() {
        Site s = site();
        var line = registry.createPoint(s.scope(), s.id(), new RiskDrafts.PointDraft("ZL-401", "装配线", "AREA", s.workshop(),
                null, null, false, null));
        long pinch = registry.addEvent(s.scope(), line.id(), new RiskDrafts.EventDraft("夹手", "传送带防护罩缺失", "2102", List.of("03"), "手部伤害"));
        long measure = registry.addMeasure(s.scope(), line.id(), new RiskDrafts.MeasureDraft("MANAGEMENT", "每周检查防护罩", null,
                s.workshop(), s.keeper(), "防护罩齐全、紧固", BigDecimal.ONE, "WEEK", List.of(pinch)));
        grade(s, pinch, "RESIDUAL", 2, 3);
        // thirteen weekly rounds over the last ninety days, every one done on time (as the inspection module stores them)
        java.time.Instant now = clock.instant();
        for (int week = 13; week >= 1; week--) {
            java.time.Instant start = now.minus(java.time.Duration.ofDays(7L * week));
            jdbc.sql("""
                    insert into inspection_task (enterprise_id, risk_point_id, measure_id, period_start, due_at, status, done_at)
                    values (:e, :p, :m, :s, :due, 'DONE', :done)
                    """).param("e", s.id()).param("p", line.id()).param("m", measure)
                    .param("s", java.sql.Timestamp.from(start)).param("due", java.sql.Timestamp.from(start.plus(java.time.Duration.ofDays(7))))
                    .param("done", java.sql.Timestamp.from(start.plus(java.time.Duration.ofDays(2)))).update();
        }
        checks.check(s.id(), "测试：零隐患");
        var finding = findings(s).get("ZERO_HAZARD_FULL_COMPLETION");
        assertThat(finding).hasSize(1);
        assertThat(finding.get(0).message()).contains("全部按时完成").contains("没有发现一项隐患");

        hazards.register(new EnterprisePerson("keeper", s.id()), s.id(), new HazardReport(HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION,
                line.id(), "防护罩螺栓松动", "东侧防护罩两颗螺栓松动", "装配线", clock.instant(), null),
                HazardRegister.GradingInput.general(), null);
        checks.check(s.id(), "测试：发现隐患后");
        assertThat(findings(s)).doesNotContainKey("ZERO_HAZARD_FULL_COMPLETION");
    }

    /** 立即检查 resolves the enterprise itself (ADR 0076): a person of another enterprise gets a 404, their own is checked. */
    @Test
    void a_check_now_of_another_enterprise_is_not_found_by_the_service_itself() {
        long chem = enterpriseIdOf("ent_chem");
        var mechPerson = new cn.shuangkong.support.TestActor(enterpriseIdOf("ent_mech"), null, java.util.Set.of("quality:finding:read"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> checks.check(mechPerson, chem))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        var outcome = checks.check(new cn.shuangkong.support.TestActor(chem, null, java.util.Set.of("quality:finding:read")), chem);
        assertThat(outcome.enterpriseId()).isEqualTo(chem);
        assertThat(scores.of(Jurisdiction.enterprise(chem, "本企业"), chem).orElseThrow().score()).isEqualTo(outcome.score());
    }

    /**
     * The check after a change and the run over the whole city can reach one enterprise at the same moment: both once
     * found the same finding missing and both inserted it, the second broke the open-finding index (which failed the
     * demo load's start-up). Checks of one enterprise now take turns: every one succeeds, the finding is opened once.
     */
    @Test
    void checks_of_one_enterprise_at_the_same_moment_open_each_finding_once() throws Exception {
        Site s = site();
        var store = registry.createPoint(s.scope(), s.id(), new RiskDrafts.PointDraft("ZL-009", "油漆库", "AREA", s.workshop(),
                null, null, false, null));
        long fire = registry.addEvent(s.scope(), store.id(), new RiskDrafts.EventDraft("油漆库火灾", "稀释剂泄漏遇火源", "2203", List.of("08"), "火灾"));
        grade(s, fire, "RESIDUAL", 2, 4);

        var outcomes = cn.shuangkong.support.AtOnce.run(6, i -> checks.check(s.id(), "并发测试"));
        assertThat(outcomes).hasSize(6).allSatisfy(o -> assertThat(o.failure()).as("every check succeeds").isNull());
        assertThat(outcomes.stream().filter(o -> o.value().opened() > 0)).as("one check opens the findings, the others find them open").hasSize(1);
        assertThat(findings(s).get("POINT_WITHOUT_CONTENT")).hasSize(1);
        assertThat(findings(s).values()).allSatisfy(f -> assertThat(f).hasSize(1));
    }
}
