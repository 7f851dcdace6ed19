package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.monitoring.internal.Gb18218Tables;
import cn.shuangkong.monitoring.internal.MajorHazardCalculator;
import cn.shuangkong.shared.DomainException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The worked examples and boundaries of the domain reference (gb18218_test_cases.csv). */
class MajorHazardCalculatorTest {

    private final MajorHazardCalculator calculator = new MajorHazardCalculator(new Gb18218Tables());

    static MajorHazardCalculator.Input named(String name, String tonnes) {
        return new MajorHazardCalculator.Input(name, null, null, null, new BigDecimal(tonnes));
    }

    @Test
    void mh03_a_filling_station_with_petrol_and_diesel_is_not_a_major_hazard_source() {
        var r = calculator.evaluate(200, List.of(named("汽油", "26.64"),
                new MajorHazardCalculator.Input("柴油", null, null, "W5.4", new BigDecimal("22.95"))));
        assertThat(r.s()).isEqualByComparingTo("0.1378");
        assertThat(r.major()).isFalse();
        assertThat(r.level()).isNull();
    }

    @Test
    void mh04_chlorine_and_ammonia_with_nobody_around_is_grade_four() {
        var r = calculator.evaluate(0, List.of(named("氯", "5"), named("液氨", "5")));
        assertThat(r.s()).isEqualByComparingTo("1.5");
        assertThat(r.alpha()).isEqualByComparingTo("0.5");
        assertThat(r.r()).isEqualByComparingTo("2.5");
        assertThat(r.level()).isEqualTo(4);
    }

    @Test
    void mh05_250_tonnes_of_chlorine_near_100_people_is_grade_one() {
        var r = calculator.evaluate(100, List.of(named("氯", "250")));
        assertThat(r.s()).isEqualByComparingTo("50");
        assertThat(r.r()).isEqualByComparingTo("400");
        assertThat(r.level()).isEqualTo(1);
    }

    @Test
    void mh06_to_08_reaching_the_critical_quantity_exactly_counts_just_below_does_not() {
        assertThat(calculator.evaluate(0, List.of(named("氯", "4.9"))).major()).isFalse();
        assertThat(calculator.evaluate(0, List.of(named("氯", "5"))).major()).isTrue();
        assertThat(calculator.evaluate(0, List.of(named("氯", "2.5"), named("氨", "5"))).s()).isEqualByComparingTo("1");
        assertThat(calculator.evaluate(0, List.of(named("氯", "2.5"), named("氨", "5"))).major()).isTrue();
    }

    @Test
    void a_third_and_two_thirds_of_the_critical_quantity_still_make_exactly_one() {
        // 甲醇 and 甲苯 (Q 500 t each) are not Table 3 gases: their β comes from the category given with them.
        var r = calculator.evaluate(10, List.of(
                new MajorHazardCalculator.Input("甲醇", null, null, "W5.3", new BigDecimal("166.666666666667")),
                new MajorHazardCalculator.Input("甲苯", null, null, "W5.3", new BigDecimal("333.333333333333"))));
        assertThat(r.s()).isEqualByComparingTo("1");
        assertThat(r.major()).isTrue();
        assertThat(r.level()).isEqualTo(4);
    }

    @ParameterizedTest(name = "R = {0} is grade {1}")
    @CsvSource({"100,1", "99.999,2", "50,2", "49.999,3", "10,3", "9.999,4", "0,4"})
    void mh09_grade_boundaries(String r, int level) {
        assertThat(MajorHazardCalculator.level(new BigDecimal(r))).isEqualTo(level);
    }

    @ParameterizedTest(name = "{0} people give alpha {1}")
    @CsvSource({"0,0.5", "1,1.0", "29,1.0", "30,1.2", "49,1.2", "50,1.5", "99,1.5", "100,2.0", "5000,2.0"})
    void mh10_alpha_boundaries(int population, String alpha) {
        assertThat(MajorHazardCalculator.alpha(population)).isEqualByComparingTo(alpha);
    }

    @Test
    void a_major_source_with_a_substance_of_unknown_beta_is_refused_rather_than_guessed() {
        assertThatThrownBy(() -> calculator.evaluate(10, List.of(named("甲醇", "600"))))
                .isInstanceOf(DomainException.class).hasMessageContaining("甲醇").hasMessageContaining("β");
        var withCategory = calculator.evaluate(10, List.of(new MajorHazardCalculator.Input("甲醇", null, null, "W5.3", new BigDecimal("600"))));
        assertThat(withCategory.r()).isEqualByComparingTo("1.2"); // α 1.0 × β 1 × 600/500
        assertThat(withCategory.level()).isEqualTo(4);
    }

    @Test
    void unknown_substances_categories_and_negative_quantities_are_named() {
        assertThatThrownBy(() -> calculator.evaluate(0, List.of(named("不存在的物质", "1"))))
                .isInstanceOf(DomainException.class).hasMessageContaining("表1中没有 不存在的物质");
        assertThatThrownBy(() -> calculator.evaluate(0, List.of(new MajorHazardCalculator.Input(null, null, null, "W99", BigDecimal.ONE))))
                .hasMessageContaining("未知的危险性类别：W99");
        assertThatThrownBy(() -> calculator.evaluate(0, List.of(named("氯", "-1"))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.fieldErrors()).containsKey("substances[0].quantity"));
    }

    @Test
    void a_substance_with_several_rows_must_be_chosen_by_its_row() {
        assertThatThrownBy(() -> calculator.evaluate(0, List.of(named("硝酸铵", "10"))))
                .hasMessageContaining("seq");
        var r = calculator.evaluate(0, List.of(new MajorHazardCalculator.Input(null, null, 44, "W11", new BigDecimal("50"))));
        assertThat(r.major()).isTrue();
    }

    @Test
    void cas_numbers_find_the_same_substance_as_names() {
        var byCas = calculator.evaluate(0, List.of(new MajorHazardCalculator.Input(null, "7446-09-5", null, null, new BigDecimal("20"))));
        assertThat(byCas.lines().get(0).substance()).isEqualTo("二氧化硫");
        assertThat(byCas.major()).isTrue();
    }
}
