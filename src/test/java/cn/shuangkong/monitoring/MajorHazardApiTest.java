package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import org.junit.jupiter.api.Test;

class MajorHazardApiTest extends PlatformTest {

    @Test
    void the_calculator_answers_without_login_as_the_issue_specifies() {
        var response = api().post("/api/v1/major-hazard-sources/evaluate",
                "{\"population\": 60, \"substances\": [{\"name\": \"二氧化硫\", \"quantity\": 200}, {\"category\": \"W2\", \"quantity\": 5}]}");
        assertThat(response.status()).isEqualTo(200);
        var json = response.json();
        assertThat(json.get("s").decimalValue()).isEqualByComparingTo("10.5"); // 200/20 + 5/10
        assertThat(json.get("major").asBoolean()).isTrue();
        assertThat(json.get("alpha").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(json.get("r").decimalValue()).isEqualByComparingTo("31.125"); // 1.5 × (2×10 + 1.5×0.5)
        assertThat(json.get("level").asInt()).isEqualTo(3);
    }

    @Test
    void an_unknown_substance_is_a_problem_naming_the_line() {
        var response = api().post("/api/v1/major-hazard-sources/evaluate",
                "{\"population\": 0, \"substances\": [{\"name\": \"氯\", \"quantity\": 1}, {\"name\": \"火星石\", \"quantity\": 1}]}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get("substances[1]").asString()).contains("火星石");
    }
}
