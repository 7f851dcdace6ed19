package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.internal.RiskProperties;
import cn.shuangkong.shared.DomainException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** The shipped scales and thresholds, read from application.yml as the application reads them, at every boundary. */
class AssessmentMethodsTest {

    private static AssessmentMethods methods;

    @BeforeAll
    static void loadShippedConfiguration() throws IOException {
        var env = new StandardEnvironment();
        new YamlPropertySourceLoader().load("app", new ClassPathResource("application.yml"))
                .forEach(env.getPropertySources()::addLast);
        methods = new AssessmentMethods(Binder.get(env).bind("shuangkong.risk", RiskProperties.class).get());
    }

    @ParameterizedTest(name = "LEC D = {0} is grade {1}")
    @CsvSource({"320.1, 1", "320, 2", "160.1, 2", "160, 3", "70.1, 3", "70, 4", "0.05, 4", "2400, 1"})
    void lec_bands_are_above_320_red_above_160_orange_above_70_yellow_else_blue(String score, int grade) {
        assertThat(methods.get("LEC").levelOf(new BigDecimal(score)).grade).isEqualTo(grade);
    }

    @ParameterizedTest(name = "LS R = {0} is grade {1}")
    @CsvSource({"25, 1", "20, 1", "16, 2", "15, 2", "12, 3", "9, 3", "8, 4", "1, 4"})
    void ls_bands_are_20_to_25_red_15_16_orange_9_to_12_yellow_1_to_8_blue(String score, int grade) {
        assertThat(methods.get("LS").levelOf(new BigDecimal(score)).grade).isEqualTo(grade);
    }

    @ParameterizedTest(name = "MES R = {0} is grade {1}")
    @CsvSource({"500, 1", "180, 1", "150, 2", "90, 2", "80, 3", "50, 3", "48, 4", "0.5, 4"})
    void mes_bands_are_from_180_red_90_to_150_orange_50_to_80_yellow_up_to_48_blue(String score, int grade) {
        assertThat(methods.get("MES").levelOf(new BigDecimal(score)).grade).isEqualTo(grade);
    }

    @ParameterizedTest(name = "{0} {1} → score {2}, grade {3}")
    @CsvSource({
            "LEC, l=3 e=6 c=15, 270, 2", "LEC, l=6 e=6 c=15, 540, 1", "LEC, l=3 e=6 c=7, 126, 3",
            "LEC, l=1 e=6 c=7, 42, 4", "LEC, l=0.1 e=0.5 c=1, 0.05, 4",
            "LS, l=4 s=5, 20, 1", "LS, l=4 s=4, 16, 2", "LS, l=3 s=5, 15, 2", "LS, l=3 s=4, 12, 3",
            "LS, l=3 s=3, 9, 3", "LS, l=2 s=4, 8, 4",
            "MES, m=3 e=6 s=10, 180, 1", "MES, m=5 e=3 s=10, 150, 2", "MES, m=3 e=3 s=10, 90, 2",
            "MES, m=1 e=10 s=8, 80, 3", "MES, m=5 e=10 s=1, 50, 3", "MES, m=1 e=6 s=8, 48, 4"})
    void real_factor_combinations_score_as_the_product_and_grade_by_the_bands(String method, String factors, String score, int grade) {
        Evaluation e = methods.evaluate(method, inputs(factors));
        assertThat(e.score().toPlainString()).isEqualTo(score);
        assertThat(e.grade()).isEqualTo(grade);
    }

    @Test
    void a_factor_value_off_the_scale_is_refused_naming_the_factor_and_the_allowed_values() {
        assertThatThrownBy(() -> methods.evaluate("LEC", inputs("l=4 e=6 c=15")))
                .isInstanceOfSatisfying(DomainException.class, ex -> {
                    assertThat(ex.fieldErrors()).containsKey("l");
                    assertThat(ex.getMessage()).contains("L 的取值 4", "10、6、3、1、0.5、0.2、0.1");
                });
    }

    @Test
    void a_missing_factor_and_an_unknown_method_are_refused_by_field() {
        assertThatThrownBy(() -> methods.evaluate("LS", inputs("l=3")))
                .isInstanceOfSatisfying(DomainException.class, ex -> assertThat(ex.fieldErrors()).containsKey("s"));
        assertThatThrownBy(() -> methods.evaluate("HAZOP", inputs("l=3")))
                .isInstanceOfSatisfying(DomainException.class, ex -> assertThat(ex.fieldErrors()).containsKey("method"));
    }

    @Test
    void the_same_value_written_as_3_0_is_on_the_scale() {
        assertThat(methods.evaluate("LS", Map.of("l", new BigDecimal("3.0"), "s", new BigDecimal("5"))).grade()).isEqualTo(2);
    }

    @Test
    void measures_default_to_company_for_major_down_to_post_for_low_and_unassessed_risks() {
        assertThat(methods.defaultTier(RiskLevel.MAJOR)).isEqualTo(OrgStructure.Tier.COMPANY);
        assertThat(methods.defaultTier(RiskLevel.HIGH)).isEqualTo(OrgStructure.Tier.WORKSHOP);
        assertThat(methods.defaultTier(RiskLevel.MODERATE)).isEqualTo(OrgStructure.Tier.TEAM);
        assertThat(methods.defaultTier(RiskLevel.LOW)).isEqualTo(OrgStructure.Tier.POST);
        assertThat(methods.defaultTier(null)).isEqualTo(OrgStructure.Tier.POST);
    }

    private static Map<String, BigDecimal> inputs(String spec) {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        for (String pair : spec.split(" ")) {
            String[] kv = pair.split("=");
            m.put(kv[0], new BigDecimal(kv[1]));
        }
        return m;
    }
}
