package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.risk.internal.RiskAssessments;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.AtOnce;
import cn.shuangkong.support.EnterprisePerson;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Register records numbered or named from what is there (ADR 0084). Versions "the latest + 1: a 备案 signed twice, or two analysts' assessments of one event,
 * at the same moment once both read the same latest version and both inserted the next; the second broke the version's
 * unique key (the database's generic conflict, the signature or the assessment lost). They now take turns: each is
 * recorded, under versions one after the other.
 */
class RegisterRacesTest extends PlatformTest {

    @Autowired RiskRegistry registry;
    @Autowired RiskAssessments assessments;
    @Autowired RiskFilings filings;
    @Autowired cn.shuangkong.organization.OrgStructure structure;

    private record Site(long enterprise, long event) { }

    private Site site() {
        var site = FreshEnterprise.create(jdbc, "版本并发测试");
        var scope = Jurisdiction.platform();
        long point = registry.createPoint(scope, site.id(), new RiskDrafts.PointDraft("FXD-001", "导热油炉房", "AREA", site.unitId(),
                null, null, false, null)).id();
        long event = registry.addEvent(scope, point, new RiskDrafts.EventDraft("导热油泄漏着火", "导热油管线法兰泄漏遇高温", "2203",
                List.of("08"), "火灾"));
        return new Site(site.id(), event);
    }

    private static List<Integer> versions(List<AtOnce.Outcome<Integer>> outcomes) {
        return outcomes.stream().map(AtOnce.Outcome::value).sorted().toList();
    }

    @Test
    void filings_signed_at_the_same_moment_are_each_recorded_under_the_next_version() throws Exception {
        Site s = site();
        var principal = new EnterprisePerson("principal", s.enterprise());
        var outcomes = AtOnce.run(4, i -> filings.submit(principal, s.enterprise()).version());
        assertThat(outcomes).hasSize(4).allSatisfy(o -> assertThat(o.failure()).as("every signature recorded").isNull());
        assertThat(versions(outcomes)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void assessments_of_one_event_submitted_at_the_same_moment_are_each_recorded_under_the_next_version() throws Exception {
        Site s = site();
        var draft = new RiskDrafts.AssessmentDraft("RESIDUAL", "LS", Map.of("l", BigDecimal.valueOf(3), "s", BigDecimal.valueOf(3)),
                "年度风险辨识评估");
        var outcomes = AtOnce.run(4, i -> {
            long id = assessments.submit(new EnterprisePerson("analyst" + i, s.enterprise()), s.event(), draft);
            return jdbc.sql("select version from risk_assessment where id = :id").param("id", id).query(Integer.class).single();
        });
        assertThat(outcomes).hasSize(4).allSatisfy(o -> assertThat(o.failure()).as("every assessment recorded").isNull());
        assertThat(versions(outcomes)).containsExactly(1, 2, 3, 4);
    }
    /**
     * Two points created at once under one code (or none, numbered FXD-nnn from the count) both found the code free, and
     * the second broke the register's unique code. Codes of one enterprise are now given in turns: a free code to each
     * point without one, and the code asked for twice is refused the second time in words.
     */
    @Test
    void points_created_at_the_same_moment_get_codes_of_their_own() throws Exception {
        var site = FreshEnterprise.create(jdbc, "编码并发测试");
        var scope = Jurisdiction.platform();
        var unnamed = AtOnce.run(4, i -> registry.createPoint(scope, site.id(), new RiskDrafts.PointDraft(null, "储罐" + i, "EQUIPMENT",
                site.unitId(), null, null, false, null)).code());
        assertThat(unnamed).hasSize(4).allSatisfy(o -> assertThat(o.failure()).as("every point created").isNull());
        assertThat(unnamed.stream().map(AtOnce.Outcome::value).sorted().toList()).containsExactly("FXD-001", "FXD-002", "FXD-003", "FXD-004");

        var named = AtOnce.run(4, i -> registry.createPoint(scope, site.id(), new RiskDrafts.PointDraft("GQ-01", "罐区" + i, "AREA",
                site.unitId(), null, null, false, null)).code());
        assertThat(named.stream().filter(AtOnce.Outcome::succeeded)).as("the code is given once").hasSize(1);
        assertThat(named.stream().filter(o -> !o.succeeded())).hasSize(3).allSatisfy(o ->
                assertThat(o.failure()).isInstanceOf(cn.shuangkong.shared.DomainException.class).hasMessageContaining("GQ-01 已被使用"));
    }
    /** Two units added at once under one name (a double click): the second is refused in words, not by the index. */
    @Test
    void units_added_under_one_name_at_the_same_moment_are_added_once() throws Exception {
        var site = FreshEnterprise.create(jdbc, "单元并发测试");
        var scope = Jurisdiction.platform();
        long point = registry.createPoint(scope, site.id(), new RiskDrafts.PointDraft("FXD-001", "罐区", "AREA", site.unitId(),
                null, null, false, null)).id();
        long keeper = structure.addEmployee(site.id(), null, "罐区班长", null, "班长");
        var units = AtOnce.run(4, i -> registry.addUnit(scope, point, new RiskDrafts.UnitDraft("1号储罐组", site.unitId(), keeper)));
        assertThat(units.stream().filter(AtOnce.Outcome::succeeded)).as("added once").hasSize(1);
        assertThat(units.stream().filter(o -> !o.succeeded())).hasSize(3).allSatisfy(o -> assertThat(o.failure())
                .isInstanceOf(cn.shuangkong.shared.DomainException.class).hasMessageContaining("已有名为“1号储罐组”"));
    }
}
