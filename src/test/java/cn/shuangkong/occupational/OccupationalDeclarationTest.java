package cn.shuangkong.occupational;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import cn.shuangkong.occupational.OccupationalTodos.Obligation;
import cn.shuangkong.occupational.internal.Compliance;
import cn.shuangkong.occupational.internal.Declarations;
import cn.shuangkong.occupational.internal.Detections;
import cn.shuangkong.occupational.internal.OccupationalFactors;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.NotInScope;
import cn.shuangkong.shared.Snapshots;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.TestActor;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 职业病危害项目申报 and 检测 as the safety manager and the regulators meet them (ADR 0083): an enterprise with factors
 * that never filed is 未申报, a filing is frozen and hashed, a factor added or the people exposed changed afterwards ask
 * for a 变更申报; the latest result above its limit is 检测超标 until a conforming one, a factor without a result for 12
 * months is 检测逾期; each raises an alert that clears with its source; another enterprise's ids are not found.
 */
class OccupationalDeclarationTest extends PlatformTest {

    @Autowired
    OccupationalFactors factors;

    @Autowired
    Declarations declarations;

    @Autowired
    Detections detections;

    @Autowired
    Compliance compliance;

    @Autowired
    OrgStructure org;

    @Autowired
    cn.shuangkong.alerting.internal.AlertEngine engine;

    /** A fresh enterprise of the test's own in 新桥镇, with a principal, a team and its manager. */
    class Works {
        final FreshEnterprise enterprise = FreshEnterprise.create(jdbc, "申报检测测试企业");
        final TestActor manager = new TestActor(enterprise.id(), null, Set.of("occupational:read", "occupational:write", OrgStructure.WRITE));
        final long team;

        Works() {
            jdbc.sql("update enterprise set principal_name = '测试负责人' where id = :e").param("e", enterprise.id()).update();
            long workshop = org.addUnit(manager, enterprise.id(), enterprise.unitId(), "喷涂车间", OrgStructure.Tier.WORKSHOP);
            team = org.addUnit(manager, enterprise.id(), workshop, "喷涂一班", OrgStructure.Tier.TEAM);
        }

        long post(String name) {
            return org.addUnit(manager, enterprise.id(), team, name, OrgStructure.Tier.POST);
        }

        long person(String name, long post) {
            return org.addEmployee(enterprise.id(), post, name, null, null);
        }

        long factor(long post, OccupationalFactors.Category category, String name) {
            return factors.add(manager, new OccupationalFactors.Draft(post, category, name, name + "的健康危害", "佩戴防护用品", "脱离现场，就医"));
        }

        long file(Declarations.Kind kind, String reason) {
            return declarations.file(manager, new Declarations.Draft(kind, "职业卫生管理员甲", reason));
        }

        long result(long factor, LocalDate on, String measured, String limit) {
            return detections.record(manager, new Detections.Draft(factor, on, "测试检测机构", "TEST-" + on, Detections.LimitKind.TWA,
                    new BigDecimal(measured), new BigDecimal(limit), "mg/m³"));
        }

        List<Obligation> owed() {
            return compliance.standing(manager.jurisdiction(), enterprise.id()).owed().stream().map(OccupationalTodos.Owed::what).toList();
        }

        Compliance.Standing standing() {
            return compliance.standing(manager.jurisdiction(), enterprise.id());
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    @Test
    void an_enterprise_with_factors_is_undeclared_until_it_files_and_the_filing_is_frozen_with_its_hash() {
        Works works = new Works();
        long painting = works.post("喷漆工"), mixing = works.post("调漆工");
        works.person("喷漆工甲", painting);
        works.person("喷漆工乙", painting);
        works.person("调漆工丙", mixing);
        assertThat(works.owed()).as("no factor, nothing to declare").isEmpty();
        assertThatThrownBy(() -> works.file(Declarations.Kind.FIRST, null)).isInstanceOf(DomainException.class).hasMessageContaining("无需申报");

        works.factor(painting, OccupationalFactors.Category.CHEMICAL, "苯");
        works.factor(mixing, OccupationalFactors.Category.CHEMICAL, "苯");
        works.factor(painting, OccupationalFactors.Category.PHYSICAL, "噪声");
        assertThat(works.owed()).containsExactly(Obligation.UNDECLARED);
        assertThat(compliance.standing(works.manager.jurisdiction(), works.enterprise.id()).owed().get(0).due())
                .as("30 days from the factors' entry").isEqualTo(today().plusDays(30));

        assertThatThrownBy(() -> works.file(Declarations.Kind.CHANGE, "无")).isInstanceOf(DomainException.class)
                .hasMessage("尚未申报过，请选择首次申报");
        long id = works.file(Declarations.Kind.FIRST, null);
        assertThat(works.owed()).as("filed").isEmpty();

        var d = declarations.find(works.manager.jurisdiction(), id);
        assertThat(d.intact()).isTrue();
        assertThat(d.content().principal()).isEqualTo("测试负责人");
        assertThat(d.content().exposed()).isEqualTo(3);
        assertThat(d.content().factors()).extracting(Declarations.FactorTotal::name, Declarations.FactorTotal::exposed)
                .containsExactly(tuple("噪声", 2), tuple("苯", 3));
        String stored = jdbc.sql("select snapshot from occupational_declaration where id = :id").param("id", id).query(String.class).single();
        assertThat(Snapshots.sha256(stored)).as("the stored text is what was hashed").isEqualTo(d.filing().contentHash());

        assertThatThrownBy(() -> jdbc.sql("update occupational_declaration set exposed_count = 1 where id = :id").param("id", id).update())
                .as("the database refuses a change").hasMessageContaining("cannot be changed");
        assertThatThrownBy(() -> jdbc.sql("delete from occupational_declaration where id = :id").param("id", id).update())
                .hasMessageContaining("cannot be changed");
        assertThatThrownBy(() -> works.file(Declarations.Kind.FIRST, null)).isInstanceOf(DomainException.class)
                .hasMessage("已申报过，请选择变更申报或年度更新");
        assertThat(jdbc.sql("select count(*) from audit_record where action = '职业病危害项目申报' and entity_id = :id")
                .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_factor_added_or_a_fifth_more_people_exposed_after_filing_asks_for_a_change_declaration_within_30_days() {
        Works works = new Works();
        long painting = works.post("喷漆工"), grinding = works.post("打磨工");
        for (int i = 0; i < 5; i++) works.person("喷漆工" + i, painting);
        works.person("打磨工甲", grinding);
        long benzene = works.factor(painting, OccupationalFactors.Category.CHEMICAL, "苯");
        works.file(Declarations.Kind.FIRST, null);

        works.person("喷漆工新", painting);
        assertThat(works.owed()).as("5 → 6 is a fifth more").containsExactly(Obligation.REDECLARE);
        assertThat(works.standing().changes()).containsExactly("苯 接害人数 5 → 6");
        assertThat(works.standing().owed().get(0).due()).as("the day of a move or a hire is not the platform's to know").isNull();
        works.file(Declarations.Kind.CHANGE, "新增喷漆工");
        assertThat(works.owed()).isEmpty();

        long dust = works.factor(grinding, OccupationalFactors.Category.DUST, "砂轮磨尘");
        var owed = works.standing().owed();
        assertThat(owed).extracting(OccupationalTodos.Owed::what).containsExactly(Obligation.REDECLARE);
        assertThat(owed.get(0).detail()).contains("新增 打磨工：砂轮磨尘");
        assertThat(owed.get(0).due()).as("30 days from the factor's entry").isEqualTo(today().plusDays(30));
        works.file(Declarations.Kind.CHANGE, "打磨工新增砂轮磨尘");
        assertThat(works.owed()).isEmpty();

        factors.remove(works.manager, dust);
        assertThat(works.standing().changes()).containsExactly("不再有 打磨工：砂轮磨尘");
        works.file(Declarations.Kind.ANNUAL, null);
        assertThat(works.owed()).isEmpty();
        assertThat(declarations.list(works.manager.jurisdiction(), works.enterprise.id())).extracting(Declarations.Filing::version)
                .containsExactly(4, 3, 2, 1);
        assertThat(benzene).isPositive();
    }

    @Test
    void the_latest_result_above_its_limit_is_exceeded_until_a_conforming_one_and_a_year_without_a_result_is_overdue() {
        Works works = new Works();
        long painting = works.post("喷漆工");
        works.person("喷漆工甲", painting);
        long benzene = works.factor(painting, OccupationalFactors.Category.CHEMICAL, "苯");
        works.file(Declarations.Kind.FIRST, null);
        assertThat(works.owed()).isEmpty();

        works.result(benzene, today().minusMonths(3), "2.5", "6");
        works.result(benzene, today().minusMonths(1), "7.2", "6");
        assertThat(works.owed()).containsExactly(Obligation.DETECTION_EXCEEDED);
        assertThat(works.standing().owed().get(0).detail()).contains("7.2 mg/m³", "超过 PC-TWA 6 mg/m³");
        works.result(benzene, today(), "4.1", "6");
        assertThat(works.owed()).as("a later result within the limit").isEmpty();
        assertThat(detections.list(works.manager.jurisdiction(), works.enterprise.id())).extracting(Detections.Detection::exceeds)
                .containsExactly(false, true, false);

        Instant start = clock.instant();
        try {
            LocalDate due = today().plusMonths(12);
            clock.set(start.plus(Duration.ofDays(ChronoUnit.DAYS.between(today(), due))));
            assertThat(works.owed()).as("on the day it is due").isEmpty();
            clock.advance(Duration.ofDays(1));
            assertThat(works.owed()).containsExactly(Obligation.DETECTION_OVERDUE);
            assertThat(works.standing().owed().get(0).due()).isEqualTo(due);
            works.result(benzene, today(), "3", "6");
            assertThat(works.owed()).isEmpty();
        } finally {
            clock.set(start);
        }
    }

    private List<String> openAlerts(Works works) {
        return jdbc.sql("select rule_code || ' ' || subject_key from alert where enterprise_id = :e and status <> 'CLOSED' order by 1")
                .param("e", works.enterprise.id()).query(String.class).list();
    }

    private static final List<String> RULES = List.of("OCCUPATIONAL_UNDECLARED", "OCCUPATIONAL_REDECLARE", "OCCUPATIONAL_DETECT_EXCEEDED",
            "OCCUPATIONAL_DETECT_OVERDUE");

    @Test
    void each_obligation_is_an_alert_that_clears_itself_when_a_filing_or_a_result_settles_it() {
        Works works = new Works();
        long painting = works.post("喷漆工");
        works.person("喷漆工甲", painting);
        long benzene = works.factor(painting, OccupationalFactors.Category.CHEMICAL, "苯");
        long exceeding = works.result(benzene, today(), "9", "6");
        String e = "occupational:" + works.enterprise.id() + ":";

        RULES.forEach(engine::run);
        assertThat(openAlerts(works)).containsExactly(
                "OCCUPATIONAL_DETECT_EXCEEDED " + e + "post:" + painting + ":factor:苯:result:" + exceeding,
                "OCCUPATIONAL_UNDECLARED " + e + "never");
        assertThat(jdbc.sql("select count(*) from alert_notice n join alert a on a.id = n.alert_id where a.enterprise_id = :e and n.username = 'gov_town'")
                .param("e", works.enterprise.id()).query(Long.class).single()).as("the town's regulator is told").isEqualTo(2);

        long filing = works.file(Declarations.Kind.FIRST, null);
        assertThat(openAlerts(works)).as("the filing clears 未申报 at once").containsExactly(
                "OCCUPATIONAL_DETECT_EXCEEDED " + e + "post:" + painting + ":factor:苯:result:" + exceeding);
        works.result(benzene, today(), "3", "6");
        assertThat(openAlerts(works)).as("a conforming result clears 检测超标 at once").isEmpty();
        assertThat(jdbc.sql("select closing_note from alert where enterprise_id = :e and auto_resolved order by id")
                .param("e", works.enterprise.id()).query(String.class).list()).hasSize(2).allMatch(n -> n.startsWith("自动解除："));

        works.factor(painting, OccupationalFactors.Category.PHYSICAL, "噪声");
        RULES.forEach(engine::run);
        assertThat(openAlerts(works)).containsExactly("OCCUPATIONAL_REDECLARE " + e + "filing:" + filing);
        works.file(Declarations.Kind.CHANGE, "喷漆工新增噪声");
        assertThat(openAlerts(works)).as("filed again").isEmpty();
        RULES.forEach(engine::run);
        assertThat(openAlerts(works)).as("nothing comes back").isEmpty();
    }

    @Test
    void another_enterprises_factor_and_filing_are_not_found_and_a_regulator_sees_only_its_town() {
        Works works = new Works();
        long painting = works.post("喷漆工");
        works.person("喷漆工甲", painting);
        long benzene = works.factor(painting, OccupationalFactors.Category.CHEMICAL, "苯");
        long filing = works.file(Declarations.Kind.FIRST, null);
        Works other = new Works();

        assertThatThrownBy(() -> other.result(benzene, today(), "1", "6")).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> declarations.find(other.manager.jurisdiction(), filing)).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> compliance.standing(other.manager.jurisdiction(), works.enterprise.id())).isInstanceOf(NotInScope.class);

        var town = Jurisdiction.regulator("321282100", List.of(), "新桥镇");
        var elsewhere = Jurisdiction.regulator("321282101", List.of(), "另一镇");
        assertThat(declarations.find(town, filing).filing().enterpriseId()).isEqualTo(works.enterprise.id());
        assertThatThrownBy(() -> declarations.find(elsewhere, filing)).isInstanceOf(NotInScope.class);
        assertThat(declarations.list(elsewhere, null)).extracting(Declarations.Filing::id).doesNotContain(filing);
        assertThat(compliance.standings(town)).extracting(Compliance.Standing::enterpriseId).contains(works.enterprise.id());
        assertThat(compliance.standings(elsewhere)).extracting(Compliance.Standing::enterpriseId).doesNotContain(works.enterprise.id());

        Api chem = loggedIn("ent_chem");
        var refused = chem.get("/api/v1/occupational/declarations/" + filing);
        assertThat(refused.status()).as(refused.body()).isEqualTo(404);
        assertThat(refused.json().get("title")).isNotNull();
        Map<String, Object> body = new HashMap<>();
        body.put("factorId", benzene);
        body.put("detectedOn", today().toString());
        body.put("organisation", "测试检测机构");
        body.put("reportNo", "X-1");
        body.put("limitKind", "TWA");
        body.put("measured", 1);
        body.put("limitValue", 6);
        body.put("unit", "mg/m³");
        var notFound = chem.post("/api/v1/occupational/detections", Api.json(body));
        assertThat(notFound.status()).as(notFound.body()).isEqualTo(404);
    }

    @Test
    void a_result_is_refused_beside_its_field_through_the_api_in_chinese_and_the_regulator_lists_who_has_not_filed() {
        long chem = enterpriseIdOf("ent_chem");
        long factor = factors.list(Jurisdiction.enterprise(chem, ""), chem).get(0).id();
        Api chemApi = loggedIn("ent_chem");
        Map<String, Object> body = new HashMap<>();
        body.put("factorId", factor);
        body.put("detectedOn", today().plusDays(1).toString());
        body.put("organisation", "测试检测机构");
        body.put("reportNo", "X-2");
        body.put("limitKind", "TWA");
        body.put("measured", 1);
        body.put("limitValue", 0);
        body.put("unit", "mg/m³");
        var refused = chemApi.post("/api/v1/occupational/detections", Api.json(body));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).isEqualTo("检测日期不能晚于今天");
        assertThat(refused.json().get("errors").has("limitValue")).isTrue();

        var town = loggedIn("gov_town").get("/api/v1/occupational/compliance/enterprises");
        assertThat(town.status()).as(town.body()).isEqualTo(200);
        long mech = enterpriseIdOf("ent_mech");
        assertThat(town.body()).contains("\"enterpriseId\":" + mech).contains("UNDECLARED")
                .doesNotContain("\"enterpriseId\":" + chem + ",");
    }
}
