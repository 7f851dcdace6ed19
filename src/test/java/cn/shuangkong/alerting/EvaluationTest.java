package cn.shuangkong.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.alerting.internal.AlertEngine;
import cn.shuangkong.alerting.internal.OperationEvaluation;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.PlatformTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** 运行效果评估 E = (A + B) × α, per enterprise and per 包保 person, ranked. */
class EvaluationTest extends PlatformTest {

    @Autowired
    OperationEvaluation evaluation;

    @Autowired
    AlertEngine engine;

    @Test
    void e_is_a_plus_b_times_alpha() {
        var s = evaluation.score(10, 8, 4, 3, 0.8);
        assertThat(s.a()).isEqualByComparingTo("40.0");     // 50 × 8/10
        assertThat(s.b()).isEqualByComparingTo("37.5");     // 50 × 3/4
        assertThat(s.e()).isEqualByComparingTo("62.0");     // (40 + 37.5) × 0.8
        var none = evaluation.score(0, 0, 0, 0, 1.0);
        assertThat(none.a()).as("nothing fell due: no credit for tasks").isEqualByComparingTo("0.0");
        assertThat(none.b()).as("nothing found: nothing left unrectified").isEqualByComparingTo("50.0");
    }

    @Test
    void an_enterprise_with_an_open_zero_report_alert_loses_alpha_and_ranks_below_an_identical_honest_one() {
        Site silent = Site.in(jdbc, Site.XINQIAO), honest = Site.in(jdbc, Site.XINQIAO);
        for (Site s : new Site[] {silent, honest}) {
            long p = s.point("车间", 3), m = s.measure(p);
            for (int d = 1; d <= 4; d++) s.task(p, m, clock.instant().minus(Duration.ofDays(d)), d <= 3);
        }
        honest.hazard("GENERAL", "CLOSED", clock.instant().minus(Duration.ofDays(2)), null);
        engine.runAll();
        assertThat(silent.open("ZERO_REPORT")).isEqualTo(1);
        List<OperationEvaluation.EnterpriseScore> ranking = evaluation.enterprises(Jurisdiction.platform());
        var s = ranking.stream().filter(r -> r.enterpriseId() == silent.enterpriseId).findFirst().orElseThrow();
        var h = ranking.stream().filter(r -> r.enterpriseId() == honest.enterpriseId).findFirst().orElseThrow();
        assertThat(h.score().a()).isEqualByComparingTo("37.5");
        assertThat(h.score().b()).isEqualByComparingTo("50.0");
        assertThat(h.score().e()).isEqualByComparingTo("87.5");
        assertThat(s.score().alpha()).isEqualByComparingTo(new BigDecimal("0.80"));
        assertThat(s.alphaReasons()).anyMatch(r -> r.contains("零报告"));
        assertThat(s.score().e()).isEqualByComparingTo("70.0");     // (37.5 + 50) × 0.8
        assertThat(s.rank()).isGreaterThan(h.rank());
        assertThat(h.rank()).isPositive();
        var ranked = ranking.stream().filter(r -> r.rank() > 0).toList();
        for (int i = 1; i < ranked.size(); i++) {
            assertThat(ranked.get(i - 1).score().e()).isGreaterThanOrEqualTo(ranked.get(i).score().e());
            assertThat(ranked.get(i).rank()).isEqualTo(ranked.get(i - 1).rank() + 1);
        }
        assertThat(ranking.subList(ranked.size(), ranking.size())).as("nothing due, nothing to rank: listed last")
                .allMatch(r -> r.rank() == 0 && r.tasksDue() == 0);
        assertThat(evaluation.enterprises(Jurisdiction.regulator("321282401", List.of(), "滨江新区")))
                .as("another town's regulator does not see 新桥镇 enterprises")
                .noneMatch(r -> r.enterpriseId() == silent.enterpriseId);
    }

    @Test
    void guarantors_score_the_inspection_rounds_they_did_of_their_major_hazard_source() {
        var rows = evaluation.guarantors(Jurisdiction.platform());
        long chem = enterpriseIdOf("ent_chem");
        assertThat(rows).filteredOn(r -> r.enterpriseId() == chem).extracting(OperationEvaluation.GuarantorScore::roleLabel)
                .contains("主要负责人", "技术负责人", "操作负责人");
        var operator = rows.stream().filter(r -> r.enterpriseId() == chem && r.role().equals("OPERATOR")).findFirst().orElseThrow();
        assertThat(operator.roundsDue()).as("weekly over 30 days").isEqualTo(5);
        assertThat(operator.score().e()).isEqualByComparingTo(evaluation.score(operator.roundsDue(), operator.roundsDone(),
                operator.hazards(), operator.rectified(), operator.score().alpha().doubleValue()).e());
        var api = loggedIn("gov_city").get("/api/v1/evaluation");
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json().get("enterprises").size()).isPositive();
        assertThat(loggedIn("ent_chem").get("/api/v1/evaluation").status()).as("shown to regulators").isEqualTo(403);
    }
}
