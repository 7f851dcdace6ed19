package cn.shuangkong.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.supervision.internal.RatingFormula.Factor;
import cn.shuangkong.supervision.internal.RatingFormula.Inputs;
import cn.shuangkong.supervision.internal.RatingFormula;
import cn.shuangkong.supervision.internal.RatingLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 一票定级 and 数据质量 in the rating formula: floors that the other factors cannot talk down, shown as factors. */
class RatingFloorsTest {

    private static final RatingFormula FORMULA = RatingFormula.DEFAULT;

    private static Inputs quietWorkshop(boolean blacklisted, int overdueMajor, Integer quality) {
        return new Inputs("C3441", 80, false, List.of(), 0, overdueMajor, overdueMajor, overdueMajor, 10, 10, 0, 0,
                blacklisted, overdueMajor, quality);
    }

    private static int points(RatingFormula.Result r, String code) {
        return r.factors().stream().filter(f -> f.code().equals(code)).mapToInt(Factor::points).sum();
    }

    @Test
    void a_blacklisted_enterprise_in_good_order_is_still_rated_orange() {
        var clean = FORMULA.rate(quietWorkshop(false, 0, null));
        var listed = FORMULA.rate(quietWorkshop(true, 0, null));
        assertThat(clean.level()).isEqualTo(RatingLevel.BLUE);
        assertThat(listed.level()).isEqualTo(RatingLevel.ORANGE);
        assertThat(listed.score()).isEqualTo(35).isEqualTo(listed.factors().stream().mapToInt(Factor::points).sum());
        assertThat(points(listed, "blacklist")).isEqualTo(35 - clean.score());
    }

    @Test
    void an_overdue_major_hazard_makes_the_enterprise_red_and_a_floor_never_lowers_a_higher_score() {
        var overdue = FORMULA.rate(quietWorkshop(false, 1, null));
        assertThat(overdue.level()).isEqualTo(RatingLevel.RED);
        assertThat(overdue.factors()).anySatisfy(f -> assertThat(f.label()).contains("重大隐患逾期未整改"));
        var chemical = FORMULA.rate(new Inputs("C2614", 450, true, List.of("涉及危险化学品"), 3, 2, 2, 1, 10, 5, 5, 4,
                true, 1, null));
        assertThat(points(chemical, "blacklist")).isZero();
        assertThat(points(chemical, "overdueMajorHazard")).isZero();
        assertThat(chemical.level()).isEqualTo(RatingLevel.RED);
    }

    @Test
    void the_quality_score_adds_points_in_proportion_and_can_be_switched_off() {
        assertThat(points(FORMULA.rate(quietWorkshop(false, 0, 100)), "quality")).isZero();
        assertThat(points(FORMULA.rate(quietWorkshop(false, 0, 40)), "quality")).isEqualTo(6);
        assertThat(FORMULA.rate(quietWorkshop(false, 0, null)).factors()).noneMatch(f -> f.code().equals("quality"));
        var off = new RatingFormula(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, 0);
        assertThat(off.rate(quietWorkshop(false, 0, 40)).factors()).noneMatch(f -> f.code().equals("quality"));
    }
}
