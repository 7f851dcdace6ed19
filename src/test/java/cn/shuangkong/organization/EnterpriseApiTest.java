package cn.shuangkong.organization;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class EnterpriseApiTest extends PlatformTest {

    private static int serial = 0;

    /** A fresh, valid credit code for each new enterprise a test registers. */
    private static synchronized String newCreditCode() {
        String first17 = String.format("91321282MA%07d", 1000000 + ++serial).replace('0', 'A').substring(0, 17);
        return first17 + CreditCode.checkCharacter(first17);
    }

    private static Map<String, Object> draft(String name, String town, String industry) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("creditCode", newCreditCode());
        d.put("industryCode", industry);
        d.put("regionCode", town);
        d.put("headcount", 35);
        d.put("safetyManagerPhone", "13912345678");
        return d;
    }

    @Test
    void the_city_regulator_sees_every_enterprise_of_the_demo_city() {
        var page = loggedIn("gov_city").get("/api/v1/enterprises?size=200").json();
        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(60);
        assertThat(page.get("items").get(0).has("creditCode")).isTrue();
        assertThat(page.get("items").get(0).has("industryCode")).isTrue();
    }

    @Test
    void a_town_regulator_sees_only_the_enterprises_of_its_town() {
        var page = loggedIn("gov_town").get("/api/v1/enterprises?size=200").json();
        assertThat(page.get("total").asLong()).isPositive();
        assertThat(StreamSupport.stream(page.get("items").spliterator(), false))
                .allSatisfy(e -> assertThat(e.get("regionCode").asString()).startsWith("321282100"));
        long cityWide = loggedIn("gov_city").get("/api/v1/enterprises").json().get("total").asLong();
        assertThat(page.get("total").asLong()).isLessThan(cityWide);
    }

    @Test
    void an_enterprise_user_sees_only_its_own_enterprise_and_not_another_by_id() {
        Api chem = loggedIn("ent_chem");
        var page = chem.get("/api/v1/enterprises").json();
        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("id").asLong()).isEqualTo(enterpriseIdOf("ent_chem"));

        var other = chem.get("/api/v1/enterprises/" + enterpriseIdOf("ent_mech"));
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.contentType()).contains("application/problem+json");
    }

    @Test
    void a_town_regulator_cannot_read_an_enterprise_of_another_town() {
        var response = loggedIn("gov_town").get("/api/v1/enterprises/" + enterpriseIdOf("ent_chem"));
        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void a_service_organisation_sees_only_enterprises_under_a_current_contract() {
        var page = loggedIn("service_org").get("/api/v1/enterprises?size=200").json();
        var contracted = jdbc.sql("""
                select c.enterprise_id from service_contract c join user_account u on u.service_org_id = c.service_org_id
                 where u.username = 'service_org' and cast(:today as date) between c.start_date and c.end_date order by 1
                """).param("today", java.time.LocalDate.now(clock)).query(Long.class).list();
        // the demo's contract that has run out (other tests add current ones of their own, perhaps with it)
        var expired = jdbc.sql("""
                select c.enterprise_id from service_contract c join user_account u on u.service_org_id = c.service_org_id
                 where u.username = 'service_org' and c.end_date < cast(:today as date)
                """).param("today", java.time.LocalDate.now(clock)).query(Long.class).list().stream()
                .filter(e -> !contracted.contains(e)).toList();
        var seen = StreamSupport.stream(page.get("items").spliterator(), false).map(e -> e.get("id").asLong()).sorted().toList();
        assertThat(seen).isEqualTo(contracted).hasSizeGreaterThanOrEqualTo(3);
        assertThat(expired).as("the demo's expired contract").isNotEmpty();
        assertThat(seen).as("an expired contract grants nothing").doesNotContainAnyElementsOf(expired);
    }

    @Test
    void calls_without_a_valid_token_get_401_problem_details() {
        var anonymous = api().get("/api/v1/enterprises");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("detail").asString()).contains("Bearer");
        assertThat(api().withToken("sk_forged").get("/api/v1/enterprises").status()).isEqualTo(401);
    }

    @Test
    void a_regulator_registers_an_enterprise_and_it_is_audited() {
        Api city = loggedIn("gov_city");
        var d = draft("江苏测试登记化工有限公司", "321282401", "C2614");
        var created = city.post("/api/v1/enterprises", Api.json(d));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(city.get("/api/v1/enterprises/" + id).json().get("name").asString()).isEqualTo("江苏测试登记化工有限公司");
        assertThat(jdbc.sql("select count(*) from audit_record where entity_type = 'enterprise' and entity_id = :id and actor = 'gov_city'")
                .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void an_invalid_credit_code_and_missing_fields_are_named_in_the_problem_and_nothing_is_saved() {
        long before = jdbc.sql("select count(*) from enterprise").query(Long.class).single();
        var d = draft("", "321282401", "C2614");
        d.put("creditCode", "91350100M000100Y44");
        var response = loggedIn("gov_city").post("/api/v1/enterprises", Api.json(d));
        assertThat(response.status()).isEqualTo(400);
        var errors = response.json().get("errors");
        assertThat(errors.get("creditCode").asString()).contains("统一社会信用代码无效");
        assertThat(errors.get("name").asString()).isEqualTo("企业名称不能为空");
        assertThat(jdbc.sql("select count(*) from enterprise").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void a_duplicate_credit_code_is_a_conflict() {
        Api city = loggedIn("gov_city");
        var d = draft("江苏重复甲有限公司", "321282001", "C3441");
        assertThat(city.post("/api/v1/enterprises", Api.json(d)).status()).isEqualTo(201);
        d.put("name", "江苏重复乙有限公司");
        var again = city.post("/api/v1/enterprises", Api.json(d));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("errors").get("creditCode").asString()).isEqualTo("该信用代码已存在");
    }

    @Test
    void a_town_regulator_cannot_register_an_enterprise_in_another_town() {
        var response = loggedIn("gov_town").post("/api/v1/enterprises", Api.json(draft("江苏越界有限公司", "321282101", "C3441")));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get("regionCode").asString()).contains("不在您的监管范围");
    }

    @Test
    void a_wrongly_typed_field_is_named() {
        var response = loggedIn("gov_city").post("/api/v1/enterprises", "{\"name\":\"x\",\"headcount\":\"很多\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").has("headcount")).isTrue();
    }

    @Test
    void a_worker_may_read_but_not_change_its_enterprise() {
        Api worker = loggedIn("worker_chem");
        long id = enterpriseIdOf("worker_chem");
        var current = worker.get("/api/v1/enterprises/" + id);
        assertThat(current.status()).isEqualTo(200);
        var response = worker.put("/api/v1/enterprises/" + id, Api.json(draft("改名", "321282401", "C2614")));
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void a_safety_manager_updates_its_own_enterprise_and_the_change_is_audited_with_before_and_after() {
        Api chem = loggedIn("ent_chem");
        long id = enterpriseIdOf("ent_chem");
        var current = chem.get("/api/v1/enterprises/" + id).json();
        // the profile as it stands (a PUT replaces it: what is left out is emptied, and other tests read the works'
        // coordinates, address and people), with a new headcount
        Map<String, Object> d = new LinkedHashMap<>();
        for (var field : EnterpriseDraft.class.getRecordComponents()) {
            var value = current.get(field.getName());
            if (value != null && !value.isNull() && !value.isBoolean()) d.put(field.getName(), value);
        }
        d.put("headcount", 321);
        d.put("majorHazard", true);
        d.put("hazardousChemicals", true);
        d.put("confinedSpace", true);
        var updated = chem.put("/api/v1/enterprises/" + id, Api.json(d));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("headcount").asInt()).isEqualTo(321);
        String summary = jdbc.sql("select summary from audit_record where entity_type = 'enterprise' and entity_id = :id order by id desc limit 1")
                .param("id", String.valueOf(id)).query(String.class).single();
        assertThat(summary).contains("headcount: " + current.get("headcount").asInt() + " → 321");
    }
}
