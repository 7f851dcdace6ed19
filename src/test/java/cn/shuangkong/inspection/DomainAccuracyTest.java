package cn.shuangkong.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The platform's words mean what the regulations mean: 重大危险源, the sector's 判定标准, and 同类隐患. */
class DomainAccuracyTest extends PlatformTest {

    @Test
    void copying_the_tank_farm_template_does_not_make_the_new_point_a_major_hazard_source() {
        long mech = enterpriseIdOf("ent_mech");
        var r = loggedIn("ent_mech").post("/api/v1/enterprises/" + mech + "/risk-points/from-template", Api.json(Map.of(
                "template", "HAZCHEM_TANK_FARM", "name", "模板测试 · 油品储罐区",
                "orgUnitId", one("select id from org_unit where enterprise_id = :e order by id limit 1", mech),
                "responsibleEmployeeId", one("select id from employee where enterprise_id = :e order by id limit 1", mech))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(jdbc.sql("select major_hazard_source from risk_point where id = :id").param("id", r.json().get("id").asLong())
                .query(Boolean.class).single()).as("declared and graded (GB 18218), never copied").isFalse();
    }

    @Test
    void the_built_in_confined_space_checklist_cites_the_criteria_of_the_enterprise_s_own_sector() {
        assertThat(confinedSpaceCitations("ent_chem")).as("化工 (C2614)").isNotEmpty()
                .allSatisfy(c -> assertThat(c).isEqualTo("CHEM-2017-18"));
        assertThat(confinedSpaceCitations("ent_mech")).as("工贸 (机械)").isNotEmpty()
                .allSatisfy(c -> assertThat(c).startsWith("GM-2023-第十三条"));
    }

    @Test
    void a_repeat_is_the_same_failed_measure_or_the_same_finding_not_merely_the_same_broad_type() {
        Api mech = loggedIn("ent_mech");
        long point = one("select id from risk_point where enterprise_id = :e order by id desc limit 1", enterpriseIdOf("ent_mech"));
        JsonNode eyeWash = report(mech, point, "紧急洗眼器无水");
        JsonNode bypass = report(mech, point, "反应釜温度联锁被旁路");
        assertThat(bypass.get("repeatOf").isNull()).as("another failing, though of the same type").isTrue();
        JsonNode again = report(mech, point, "紧急洗眼器无水");
        assertThat(again.get("repeatOf").asLong()).isEqualTo(eyeWash.get("id").asLong());
    }

    private JsonNode report(Api api, long point, String title) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", "SELF_CHECK");
        body.put("type", "UNSAFE_CONDITION");
        body.put("riskPointId", point);
        body.put("title", title);
        body.put("description", title + "（现场检查发现）");
        body.put("location", "生产车间");
        var r = api.post("/api/v1/hazards", Api.json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private List<String> confinedSpaceCitations(String username) {
        Api api = loggedIn(username);
        long checklist = -1;
        for (JsonNode c : api.get("/api/v1/inspection/checklists").json()) {
            if (c.get("name").asString().equals("有限空间作业专项检查") && c.get("enterpriseId").isNull()) checklist = c.get("id").asLong();
        }
        assertThat(checklist).as("the built-in checklist").isPositive();
        List<String> out = new ArrayList<>();
        for (JsonNode i : api.get("/api/v1/inspection/checklists/" + checklist + "/items").json()) {
            if (!i.get("criterionCode").isNull()) out.add(i.get("criterionCode").asString());
        }
        return out;
    }

    private long one(String sql, long enterprise) {
        return jdbc.sql(sql).param("e", enterprise).query(Long.class).single();
    }
}
