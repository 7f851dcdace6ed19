package cn.shuangkong.quality;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.quality.internal.QualityChecks;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.supervision.internal.EnterpriseRatings;
import cn.shuangkong.supervision.internal.RatingLevel;
import cn.shuangkong.support.PageTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The demo city obeys the platform's own rules — except for the two findings it shows on purpose — and its ratings
 * do not contradict its blacklist and overdue 重大隐患; the 数据质量 pages and API show it to the enterprise and the
 * regulators within their scope, on a desktop and on a phone.
 */
class QualityPagesTest extends PageTest {

    @Autowired QualityChecks checks;
    @Autowired QualityScores scores;
    @Autowired EnterpriseRatings ratings;
    @Autowired cn.shuangkong.regional.internal.TownBook townBook;

    /** The 走过场 demo enterprise of 新桥镇, which shows two 数据质量 findings on purpose. */
    private long deliberate() {
        return jdbc.sql("select distinct p.enterprise_id from risk_point p where p.name = '喷涂车间（有机溶剂）'").query(Long.class).single();
    }

    @Test
    void the_demo_city_passes_its_own_rules_except_for_its_two_named_deliberate_findings() {
        // the demo's 64 enterprises, less the two whose registers other tests change as they go
        List<Long> city = demoEnterprises();
        List<Long> demo = new java.util.ArrayList<>(city);
        demo.removeAll(List.of(enterpriseIdOf("ent_chem"), enterpriseIdOf("ent_mech")));
        assertThat(demo).hasSize(62);
        demo.forEach(id -> checks.check(id, "测试：演示数据"));

        Map<Long, Set<String>> found = jdbc.sql("""
                select enterprise_id, rule_code from quality_finding where resolved_at is null and enterprise_id = any(:ids)
                """).param("ids", demo.toArray(Long[]::new))
                .query((rs, i) -> Map.entry(rs.getLong(1), rs.getString(2))).list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toSet())));
        assertThat(found).containsOnlyKeys(deliberate());
        assertThat(found.get(deliberate())).containsExactlyInAnyOrder("MEASURE_VAGUE", "RESPONSIBLE_HAS_LEFT");
        assertThat(demo.stream().filter(id -> id != deliberate()).map(id -> scores.scoreOf(id).orElseThrow()))
                .isNotEmpty().allSatisfy(score -> assertThat(score).isEqualTo(100));
        assertThat(jdbc.sql("""
                select count(*) from risk_point p where p.level is not null and p.enterprise_id = any(:ids)
                   and (not exists (select 1 from risk_event v where v.risk_point_id = p.id)
                        or not exists (select 1 from control_measure m where m.risk_point_id = p.id))
                """).param("ids", demo.toArray(Long[]::new)).query(Long.class).single()).as("graded points without content").isZero();
        // 新桥镇's 一镇一册 has no blank row: every demo enterprise's risk in it carries its events and measures (other
        // tests write bare red points of their own straight into the table for what they count)
        var book = townBook.of(Jurisdiction.platform(), "321282100");
        assertThat(book.enterpriseRisks()).filteredOn(r -> city.contains(r.sheet().point().enterpriseId()))
                .as("新桥镇 has a 重大风险 of its own").isNotEmpty().allSatisfy(r -> {
            assertThat(r.sheet().events()).as(r.sheet().point().name()).isNotEmpty();
            assertThat(r.sheet().measures()).as(r.sheet().point().name()).isNotEmpty();
        });
    }

    @Test
    void a_blacklisted_enterprise_is_never_rated_low_and_an_overdue_major_hazard_makes_it_red() {
        ratings.recomputeAll("测试：一票定级");
        List<Long> listed = jdbc.sql("select enterprise_id from blacklist_entry where state = 'ACTIVE'").query(Long.class).list();
        List<Long> overdue = jdbc.sql("""
                select distinct enterprise_id from hazard where level = 'MAJOR' and overdue
                   and state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION')
                """).query(Long.class).list();
        assertThat(listed).as("the demo lists one enterprise").isNotEmpty();
        assertThat(overdue).as("the demo has an overdue 重大隐患").isNotEmpty();
        for (long id : listed) {
            var r = ratings.current(Jurisdiction.platform(), id).orElseThrow();
            assertThat(r.level().grade).as(r.enterpriseName() + " is listed").isLessThanOrEqualTo(RatingLevel.ORANGE.grade);
            assertThat(r.factors()).anySatisfy(f -> assertThat(f.label()).contains("黑名单"));
        }
        for (long id : overdue) {
            var r = ratings.current(Jurisdiction.platform(), id).orElseThrow();
            assertThat(r.level()).as(r.enterpriseName() + " has an overdue 重大隐患").isEqualTo(RatingLevel.RED);
            assertThat(r.score()).isGreaterThanOrEqualTo(ratings.formula().bands().get(RatingLevel.RED));
        }
    }

    @Test
    void the_enterprise_sees_its_findings_with_fix_hints_and_regulators_rank_towns_and_drill_down_within_their_scope() {
        long zhongzhou = deliberate();
        checks.check(zhongzhou, "测试：页面");
        String town = jdbc.sql("select region_code from enterprise where id = :e").param("e", zhongzhou).query(String.class).single();

        // the regulator of the whole city: towns, then 新桥镇's enterprises, then the findings
        browser.signIn("gov_city").open("/quality");
        assertThat(browser.all("#quality-towns tbody tr")).isNotEmpty();
        assertThat(browser.text()).contains("新桥镇").contains("滨江新区");
        browser.screenshot("quality-towns-desktop");
        browser.open("/quality?region=" + town);
        assertThat(browser.all("#quality-enterprises tbody tr")).isNotEmpty();
        browser.find("#quality-enterprises a[href$='/quality/enterprises/" + zhongzhou + "']").click();
        browser.awaitText("h1", t -> t.contains("数据质量"));
        assertThat(browser.path()).isEqualTo("/quality/enterprises/" + zhongzhou);
        assertThat(browser.find("#quality-score .n").getText()).isEqualTo(String.valueOf(scores.scoreOf(zhongzhou).orElseThrow()));
        assertThat(browser.text()).contains("管控措施缺少排查内容或排查频次").contains("同上").contains("责任人已离职").contains("缪国平")
                .contains("怎样整改");
        browser.screenshot("quality-enterprise-desktop");
        browser.phone().open("/quality/enterprises/" + zhongzhou);
        browser.screenshot("quality-enterprise-phone");
        browser.desktop();

        // the town regulator sees its own town only; an enterprise sees only its own
        var townApi = loggedIn("gov_town");
        var ranking = townApi.get("/api/v1/quality/ranking").json();
        assertThat(ranking.size()).isEqualTo(1);
        assertThat(ranking.get(0).get("regionName").asString()).isEqualTo("新桥镇");
        var binjiang = jdbc.sql("select id from enterprise where region_code = '321282401' order by id limit 1").query(Long.class).single();
        assertThat(townApi.get("/api/v1/quality/enterprises/" + binjiang).status()).isEqualTo(404);
        var chem = loggedIn("ent_chem");
        assertThat(chem.get("/api/v1/quality/enterprises/" + zhongzhou).status()).isEqualTo(404);
        var own = chem.get("/api/v1/quality/enterprises/" + enterpriseIdOf("ent_chem"));
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("score").get("enterpriseName").asString()).isEqualTo("江苏华泰化工有限公司");

        browser.signIn("ent_chem").open("/quality");
        assertThat(browser.path()).isEqualTo("/quality/enterprises/" + enterpriseIdOf("ent_chem"));
        browser.submit("form[action$='/check'] button");
        assertThat(browser.awaitText(".alert.ok", t -> t.contains("检查完成"))).contains("检查完成");
        browser.screenshot("quality-own-desktop");
        browser.phone().open("/quality/rules");
        assertThat(browser.all("#quality-rules .quality-rule")).hasSize(8);
        browser.screenshot("quality-rules-phone");
    }
}
