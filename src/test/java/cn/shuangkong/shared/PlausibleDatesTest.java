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
 * A date a person states is a fact of the record (a drill held, a 约谈 held) or a deadline (an action due, an expiry):
 * one outside 1900–2099 is refused at every door with a Chinese 400 beside its field, and nothing is saved. The sweep
 * of session 11 found a drill recorded as held on 0001-01-01, a 约谈 on the same day, and a breathing apparatus
 * "expiring" on +999999999-12-31, which took it out of every expiry reminder.
 */
class PlausibleDatesTest extends PlatformTest {

    @Test
    void a_json_body_with_a_date_outside_1900_to_2099_is_refused_beside_its_field_and_saves_nothing() {
        Api chem = loggedIn("ent_chem");
        LocalDate today = LocalDate.now(clock);
        long drill = plannedDrill(chem, "测试 · 日期范围的实战演练", today.plusDays(5));

        for (String day : new String[] {"0001-01-01", "1899-12-31"}) {
            var held = chem.post("/api/v1/emergency-drills/" + drill + "/record", Api.json(Map.of("heldOn", day, "record", "演练经过",
                    "evaluation", "良好", "problems", "无")));
            assertThat(held.status()).as(day + ": " + held.body()).isEqualTo(400);
            assertThat(held.json().get("errors").get("heldOn").asString()).isEqualTo("须在 1900-01-01 至 2099-12-31 之间");
            assertThat(held.json().get("detail").asString()).contains("heldOn", "1900-01-01");
        }
        assertThat(jdbc.sql("select held_on from emergency_drill where id = :id").param("id", drill).query(LocalDate.class).optional())
                .as("the drill is still not held").isEmpty();

        assertThat(chem.post("/api/v1/emergency-drills/" + drill + "/record", Api.json(Map.of("heldOn", today.toString(), "record", "演练经过",
                "evaluation", "良好", "problems", "无"))).status()).isEqualTo(204);
        for (String due : new String[] {"+999999999-12-31", "9999-12-31", "2100-01-01"}) {
            var action = chem.post("/api/v1/emergency-drills/" + drill + "/actions", Api.json(Map.of("description", "更换广播", "responsible", "设备科",
                    "dueOn", due)));
            assertThat(action.status()).as(due + ": " + action.body()).isEqualTo(400);
            assertThat(action.json().get("errors").has("dueOn")).isTrue();
        }
        assertThat(jdbc.sql("select count(*) from emergency_drill_action where drill_id = :id").param("id", drill).query(Long.class).single()).isZero();
        assertThat(chem.post("/api/v1/emergency-drills/" + drill + "/actions", Api.json(Map.of("description", "更换广播", "responsible", "设备科",
                "dueOn", "2099-12-31"))).status()).as("the last day of the range is a date").isEqualTo(201);

        var resource = resourceOf("ent_chem");
        var stock = chem.put("/api/v1/emergency-resources/" + resource.id() + "/stock", Api.json(Map.of("quantity", 2, "expiresOn", "+999999999-12-31")));
        assertThat(stock.status()).as(stock.body()).isEqualTo(400);
        assertThat(resourceOf("ent_chem")).as("quantity and expiry as they were").isEqualTo(resource);

        var talk = loggedIn("gov_city").post("/api/v1/supervision/records", Api.json(Map.of("enterpriseId", resource.enterpriseId(), "kind", "TALK",
                "heldOn", "0001-01-01", "subject", "测试 · 日期范围", "content", "约谈")));
        assertThat(talk.status()).as(talk.body()).isEqualTo(400);
        assertThat(talk.json().get("errors").has("heldOn")).isTrue();
    }

    @Test
    void a_page_form_and_a_typed_parameter_refuse_the_same_dates() {
        var resource = resourceOf("ent_chem");
        var browser = new HostileInput("http://localhost:" + port, jdbc);
        String csrf = browser.signIn("ent_chem");
        var posted = browser.send("POST", "/emergency/resources/" + resource.id() + "/stock", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                HostileInput.utf8("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&quantity=2&expiresOn=9999-12-31"));
        assertThat(posted.status()).as(posted.body()).isEqualTo(302);
        assertThat(browser.send("GET", "/emergency/resources", Map.of(), null).body()).contains("有效期至须在 1900-01-01 至 2099-12-31 之间");
        assertThat(resourceOf("ent_chem")).isEqualTo(resource);

        var day = loggedIn("gov_city").get("/api/v1/commitments?day=0001-01-01");
        assertThat(day.status()).as(day.body()).isEqualTo(400);
        assertThat(day.json().get("detail").asString()).isEqualTo("参数 day 的日期须在 1900-01-01 至 2099-12-31 之间");
        var page = browser.send("GET", "/inspection/tasks?from=0001-01-01", Map.of(), null);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.isChinesePage()).isTrue();
    }

    /** A 实战演练 of ent_chem's, planned and not yet held. */
    static long plannedDrill(Api chem, String title, LocalDate plannedOn) {
        var created = chem.post("/api/v1/emergency-drills", Api.json(Map.of("title", title, "kind", "FIELD",
                "plannedOn", plannedOn.toString(), "participants", "罐区班组")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    record Resource(long id, long enterpriseId, java.math.BigDecimal quantity, LocalDate expiresOn) { }

    private Resource resourceOf(String username) {
        return jdbc.sql("""
                select r.id, r.enterprise_id, r.quantity, r.expires_on from emergency_resource r
                join user_account a on a.enterprise_id = r.enterprise_id where a.username = :u and r.expires_on is not null order by r.id limit 1""")
                .param("u", username).query(Resource.class).single();
    }
}
