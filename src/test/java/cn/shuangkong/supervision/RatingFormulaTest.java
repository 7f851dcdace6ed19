package cn.shuangkong.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.supervision.internal.RatingFormula.Factor;
import cn.shuangkong.supervision.internal.RatingFormula.Inputs;
import cn.shuangkong.supervision.internal.RatingFormula;
import cn.shuangkong.supervision.internal.RatingLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 企业整体风险等级 formula: factors give points, points add up, the sum falls in a band — all as configured. */
class RatingFormulaTest {

    private static final RatingFormula DEFAULT = RatingFormula.DEFAULT;

    private static Inputs quietWorkshop() {
        return new Inputs("C3441", 80, false, List.of(), 0, 0, 0, 0, 10, 10, 0, 0);
    }

    private static Inputs troubledChemicalWorks() {
        // 化工, 危化品 + 有限空间, 重大危险源, 450 people, 2 red risks, 1 open 重大隐患, 2 of 4 open hazards overdue,
        // 6 of 10 tasks done, 1 alarm, 2 enforcement findings.
        return new Inputs("C2614", 450, true, List.of("涉及危险化学品", "有限空间作业"), 2, 1, 4, 2, 10, 6, 1, 2);
    }

    private static int points(RatingFormula.Result r, String code) {
        return r.factors().stream().filter(f -> f.code().equals(code)).mapToInt(Factor::points).sum();
    }

    @Test
    void each_factor_gives_its_configured_points_and_the_score_is_their_sum() {
        var r = DEFAULT.rate(troubledChemicalWorks());
        assertThat(points(r, "industry")).isEqualTo(20);          // C26
        assertThat(points(r, "features")).isEqualTo(6);           // 2 × 3
        assertThat(points(r, "majorHazardSource")).isEqualTo(15);
        assertThat(points(r, "headcount")).isEqualTo(10);         // ≥ 300
        assertThat(points(r, "majorRisks")).isEqualTo(10);        // 2 × 5
        assertThat(points(r, "openMajorHazards")).isEqualTo(10);
        assertThat(points(r, "overdueRate")).isEqualTo(5);        // 50 % of 10
        assertThat(points(r, "taskCompletion")).isEqualTo(4);     // 40 % missed of 10
        assertThat(points(r, "alarms")).isEqualTo(2);
        assertThat(points(r, "findings")).isEqualTo(6);
        assertThat(r.score()).isEqualTo(88).isEqualTo(r.factors().stream().mapToInt(Factor::points).sum());
        assertThat(r.level()).isEqualTo(RatingLevel.RED);
        assertThat(r.factors()).anySatisfy(f -> {
            assertThat(f.label()).isEqualTo("隐患逾期率");
            assertThat(f.value()).isEqualTo("50.0%（2/4）");
        });
    }

    @Test
    void a_small_workshop_in_good_order_is_blue_and_the_bands_decide_at_their_edges() {
        var r = DEFAULT.rate(quietWorkshop());
        assertThat(r.score()).isEqualTo(5);
        assertThat(r.level()).isEqualTo(RatingLevel.BLUE);
        assertThat(DEFAULT.levelOf(19)).isEqualTo(RatingLevel.BLUE);
        assertThat(DEFAULT.levelOf(20)).isEqualTo(RatingLevel.YELLOW);
        assertThat(DEFAULT.levelOf(35)).isEqualTo(RatingLevel.ORANGE);
        assertThat(DEFAULT.levelOf(49)).isEqualTo(RatingLevel.ORANGE);
        assertThat(DEFAULT.levelOf(50)).isEqualTo(RatingLevel.RED);
    }

    @Test
    void caps_stop_one_factor_from_deciding_everything() {
        var many = new Inputs("C3441", 80, false, List.of(), 9, 5, 0, 0, 0, 0, 40, 20);
        var r = DEFAULT.rate(many);
        assertThat(points(r, "majorRisks")).isEqualTo(15);
        assertThat(points(r, "openMajorHazards")).isEqualTo(20);
        assertThat(points(r, "alarms")).isEqualTo(10);
        assertThat(points(r, "findings")).isEqualTo(12);
        assertThat(points(r, "taskCompletion")).as("no task due is not a failure").isZero();
    }

    @Test
    void changing_the_configuration_changes_the_result() {
        var workshop = new Inputs("C3441", 350, false, List.of(), 1, 0, 0, 0, 0, 0, 0, 0);
        assertThat(DEFAULT.rate(workshop).score()).isEqualTo(20); // 5 + 10 + 5
        assertThat(DEFAULT.rate(workshop).level()).isEqualTo(RatingLevel.YELLOW);

        var machineryIsPriority = new RatingFormula(Map.of("C34", 25), null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
        assertThat(machineryIsPriority.rate(workshop).score()).isEqualTo(40);
        assertThat(machineryIsPriority.rate(workshop).level()).isEqualTo(RatingLevel.ORANGE);

        var stricterBands = new RatingFormula(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, Map.of(RatingLevel.RED, 40, RatingLevel.ORANGE, 25, RatingLevel.YELLOW, 10));
        assertThat(stricterBands.rate(quietWorkshop()).level()).isEqualTo(RatingLevel.BLUE);
        assertThat(stricterBands.rate(workshop).level()).isEqualTo(RatingLevel.YELLOW);
        assertThat(stricterBands.levelOf(25)).isEqualTo(RatingLevel.ORANGE);
    }
}
