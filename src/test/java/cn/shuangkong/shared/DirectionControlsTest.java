package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Text whose shown order is not its stored order is refused at every door: a Unicode direction override or isolate in
 * a JSON string (raw or escaped), a form field or a query parameter is a Chinese 400 naming the field, and nothing is
 * saved. The sweep of session 11 stored "\u202e危险" as a risk-analysis unit's name, shown reversed in the 一企一册 PDF.
 */
class DirectionControlsTest extends PlatformTest {

    @Test
    void a_direction_control_in_a_json_string_a_form_field_or_a_query_is_refused_and_nothing_is_saved() {
        Api chem = loggedIn("ent_chem");
        LocalDate today = LocalDate.now(clock);
        long drill = PlausibleDatesTest.plannedDrill(chem, "测试 · 方向控制字符", today);
        assertThat(chem.post("/api/v1/emergency-drills/" + drill + "/record", Api.json(Map.of("heldOn", today.toString(), "record", "演练经过",
                "evaluation", "良好", "problems", "无"))).status()).isEqualTo(204);

        for (String body : new String[] {
                "{\"description\":\"\u202e0001 号阀门\",\"responsible\":\"设备科\",\"dueOn\":\"" + today + "\"}", // the character itself
                "{\"description\":\"更换阀门\",\"responsible\":\"\\u2067设备科\\u2069\",\"dueOn\":\"" + today + "\"}"}) { // escaped
            var refused = chem.post("/api/v1/emergency-drills/" + drill + "/actions", body);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("detail").asString()).contains("文字方向控制字符");
            assertThat(refused.json().get("errors").size()).isEqualTo(1);
        }
        assertThat(jdbc.sql("select count(*) from emergency_drill_action where drill_id = :d").param("d", drill).query(Long.class).single()).isZero();
        assertThat(chem.post("/api/v1/emergency-drills/" + drill + "/actions", Api.json(Map.of("description", "更换 DN50 阀门 😀 ①",
                "responsible", "设备科", "dueOn", today.toString()))).status()).as("other characters are text").isEqualTo(201);

        var query = chem.get("/api/v1/emergency-drills?q=" + URLEncoder.encode("\u202e演练", StandardCharsets.UTF_8));
        assertThat(query.status()).as(query.body()).isEqualTo(400);

        var browser = new HostileInput("http://localhost:" + port, jdbc);
        String csrf = browser.signIn("ent_chem");
        var form = browser.send("POST", "/emergency/drills/" + drill + "/actions", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                HostileInput.utf8("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&description=" + URLEncoder.encode("更换\u202d阀门", StandardCharsets.UTF_8)
                        + "&responsible=x&dueOn=" + today));
        assertThat(form.status()).isEqualTo(400);
        assertThat(form.isChinesePage()).isTrue();
        assertThat(form.body()).contains("文字方向控制字符");
        assertThat(jdbc.sql("select count(*) from emergency_drill_action where drill_id = :d").param("d", drill).query(Long.class).single()).isEqualTo(1);
    }
}
