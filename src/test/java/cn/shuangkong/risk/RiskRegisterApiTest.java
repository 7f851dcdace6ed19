package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The register through the REST API as another system (or a careful user) would use it. */
class RiskRegisterApiTest extends PlatformTest {

    @Test
    void the_calculator_answers_without_login_exactly_as_the_issue_shows() {
        var r = api().post("/api/v1/risk-assessments/evaluate", "{\"method\":\"LEC\",\"l\":3,\"e\":6,\"c\":15}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"method\":\"LEC\",\"score\":270,\"grade\":2,\"color\":\"orange\",\"levelName\":\"较大风险\"}");
        assertThat(api().post("/api/v1/risk-assessments/evaluate", "{\"method\":\"LS\",\"l\":4,\"s\":5}").json()
                .get("color").asString()).isEqualTo("red");
        assertThat(api().post("/api/v1/risk-assessments/evaluate", "{\"method\":\"MES\",\"m\":3,\"e\":6,\"s\":10}").json()
                .get("levelName").asString()).isEqualTo("重大风险");
    }

    @Test
    void a_factor_off_the_scale_or_an_unknown_method_is_a_problem_detail_naming_the_field() {
        var r = api().post("/api/v1/risk-assessments/evaluate", "{\"method\":\"LEC\",\"l\":4,\"e\":6,\"c\":15}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).contains("application/problem+json");
        assertThat(r.json().get("errors").get("l").asString()).contains("不在 LEC 法的分值表中");
        var unknown = api().post("/api/v1/risk-assessments/evaluate", "{\"method\":\"XYZ\",\"l\":1}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").has("method")).isTrue();
        var text = api().post("/api/v1/risk-assessments/evaluate", "{\"method\":\"LS\",\"l\":\"abc\",\"s\":2}");
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().get("errors").has("l")).isTrue();
    }

    @Test
    void an_assessment_takes_effect_only_after_three_different_people_signed_and_versions_are_kept() {
        Api analyst = loggedIn("ent_chem");
        long pointId = newPoint(analyst, "版本测试 · 液氯钢瓶库");
        long eventId = newEvent(analyst, pointId, "液氯钢瓶泄漏");

        long v1 = submit(analyst, eventId, "{\"basis\":\"RESIDUAL\",\"method\":\"LS\",\"l\":3,\"s\":5,\"reason\":\"首次评价\"}");
        assertThat(point(analyst, pointId).get("point").get("grade").isNull()).as("not in force before sign-off").isTrue();

        assertThat(analyst.post("/api/v1/risk-assessments/" + v1 + "/review", "").status())
                .as("the analyst cannot review their own analysis").isEqualTo(409);
        Api tech = loggedIn("chem_tech");
        Api boss = loggedIn("chem_boss");
        assertThat(boss.post("/api/v1/risk-assessments/" + v1 + "/approve", "").status())
                .as("approval needs a review first").isEqualTo(409);
        assertThat(tech.post("/api/v1/risk-assessments/" + v1 + "/review", "").status()).isEqualTo(204);
        assertThat(tech.post("/api/v1/risk-assessments/" + v1 + "/approve", "").status())
                .as("the reviewer cannot also approve").isEqualTo(409);
        assertThat(boss.post("/api/v1/risk-assessments/" + v1 + "/approve", "").status()).isEqualTo(204);
        assertThat(point(analyst, pointId).get("point").get("levelName").asString()).isEqualTo("较大风险");

        long v2 = submit(analyst, eventId, "{\"basis\":\"RESIDUAL\",\"method\":\"LEC\",\"l\":1,\"e\":3,\"c\":15,\"reason\":\"增设氯气吸收装置后复评\"}");
        assertThat(point(analyst, pointId).get("point").get("levelName").asString())
                .as("version 1 stays in force while version 2 awaits sign-off").isEqualTo("较大风险");
        tech.post("/api/v1/risk-assessments/" + v2 + "/review", "");
        boss.post("/api/v1/risk-assessments/" + v2 + "/approve", "");
        JsonNode detail = point(analyst, pointId);
        assertThat(detail.get("point").get("levelName").asString()).isEqualTo("低风险");
        List<Integer> versions = detail.get("assessments").valueStream().map(a -> a.get("version").asInt()).toList();
        assertThat(versions).containsExactlyInAnyOrder(1, 2);
        assertThat(detail.get("assessments").valueStream().map(a -> a.get("approverName").asString()).distinct().toList())
                .allSatisfy(name -> assertThat(name).contains("主要负责人"));
        assertThat(jdbc.sql("select count(*) from audit_record where entity_type = 'risk_assessment' and entity_id = :id")
                .param("id", String.valueOf(v1)).query(Long.class).single()).as("submit, review, approve audited").isEqualTo(3);
    }

    @Test
    void a_measure_without_a_responsible_person_is_refused_naming_the_field_and_nothing_is_saved() {
        Api api = loggedIn("ent_chem");
        long pointId = newPoint(api, "措施校验 · 导热油炉");
        long eventId = newEvent(api, pointId, "导热油泄漏着火");
        long unit = anyUnit(enterpriseIdOf("ent_chem"));
        var r = api.post("/api/v1/risk-points/" + pointId + "/measures", Api.json(Map.of("type", "ENGINEERING",
                "description", "设置导热油低液位报警", "responsibleUnitId", unit, "checkContent", "液位报警试验",
                "checkCycle", 1, "checkCycleUnit", "WEEK", "eventIds", List.of(eventId))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").has("responsibleEmployeeId")).isTrue();
        assertThat(point(api, pointId).get("measures").size()).isZero();
    }

    @Test
    void a_measure_without_its_own_tier_follows_the_level_rule() {
        Api api = loggedIn("ent_chem");
        long enterprise = enterpriseIdOf("ent_chem");
        long pointId = newPoint(api, "层级规则 · 氢气充装");
        long eventId = newEvent(api, pointId, "氢气泄漏爆炸");
        var r = api.post("/api/v1/risk-points/" + pointId + "/measures", Api.json(Map.of("type", "ENGINEERING",
                "description", "设置氢气浓度报警与切断联锁", "responsibleUnitId", anyUnit(enterprise),
                "responsibleEmployeeId", anyEmployee(enterprise), "checkContent", "报警联锁测试",
                "checkCycle", 1, "checkCycleUnit", "MONTH", "eventIds", List.of(eventId))));
        assertThat(r.status()).isEqualTo(201);
        assertThat(point(api, pointId).get("measures").get(0).get("controlTier").asString()).isEqualTo("POST");
        long v = submit(api, eventId, "{\"method\":\"LS\",\"l\":4,\"s\":5,\"reason\":\"首次评价\"}");
        loggedIn("chem_tech").post("/api/v1/risk-assessments/" + v + "/review", "");
        loggedIn("chem_boss").post("/api/v1/risk-assessments/" + v + "/approve", "");
        JsonNode m = point(api, pointId).get("measures").get(0);
        assertThat(m.get("controlTier").asString()).as("a major risk is controlled from the company level").isEqualTo("COMPANY");
        assertThat(m.get("tierByRule").asBoolean()).isTrue();
    }

    @Test
    void an_assessment_body_is_a_documented_record_refused_in_chinese_by_its_field_and_its_factors_sit_beside_the_method() {
        Api api = loggedIn("ent_chem");
        long eventId = newEvent(api, newPoint(api, "评价请求 · 甲醇装车"), "装车鹤管泄漏");
        String path = "/api/v1/risk-events/" + eventId + "/assessments";
        long before = jdbc.sql("select count(*) from risk_assessment where risk_event_id = :e").param("e", eventId).query(Long.class).single();
        var noReason = api.post(path, "{\"method\":\"LS\",\"l\":3,\"s\":5}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("errors").get("reason").asString()).isEqualTo("请填写评价依据或变更原因");
        var noMethod = api.post(path, "{\"l\":3,\"s\":5,\"reason\":\"首次评价\"}");
        assertThat(noMethod.status()).isEqualTo(400);
        assertThat(noMethod.json().get("errors").get("method").asString()).isEqualTo("请选择评价方法");
        var notNumber = api.post(path, "{\"method\":\"LS\",\"l\":\"很可能\",\"s\":5,\"reason\":\"首次评价\"}");
        assertThat(notNumber.status()).isEqualTo(400);
        assertThat(notNumber.json().get("errors").has("l")).as(notNumber.body()).isTrue();
        assertThat(notNumber.json().get("detail").asString()).containsPattern("[\\u4e00-\\u9fa5]");
        assertThat(jdbc.sql("select count(*) from risk_assessment where risk_event_id = :e").param("e", eventId).query(Long.class).single())
                .as("nothing saved").isEqualTo(before);
        // a factor not named by the record (upper case here, or a configured method's own) is still read, as before
        long v = submit(api, eventId, "{\"method\":\"LS\",\"L\":3,\"s\":5,\"reason\":\"首次评价\"}");
        assertThat(jdbc.sql("select inputs::text from risk_assessment where id = :v").param("v", v).query(String.class).single())
                .contains("\"l\": 3").contains("\"s\": 5");
        JsonNode schema = api.get("/v3/api-docs").json().path("components").path("schemas").path("RiskApi.AssessmentRequest");
        assertThat(schema.path("properties").has("reason") && schema.path("properties").has("l")).as(schema.toString()).isTrue();
        assertThat(schema.path("required").toString()).contains("method").contains("reason");
    }

    @Test
    void an_enterprise_cannot_read_or_change_another_enterprises_risk_points() {
        long mechPoint = jdbc.sql("select p.id from risk_point p join user_account a on a.enterprise_id = p.enterprise_id "
                + "where a.username = 'ent_mech' order by p.id limit 1").query(Long.class).single();
        Api chem = loggedIn("ent_chem");
        assertThat(chem.get("/api/v1/risk-points/" + mechPoint).status()).isEqualTo(404);
        assertThat(chem.post("/api/v1/risk-points/" + mechPoint + "/events", "{}").status()).isEqualTo(404);
        assertThat(chem.get("/api/v1/risk-points?enterpriseId=" + enterpriseIdOf("ent_mech")).json().get("total").asInt()).isZero();
        assertThat(chem.get("/api/v1/enterprises/" + enterpriseIdOf("ent_mech") + "/risk-register.xlsx").status()).isEqualTo(404);
        assertThat(loggedIn("ent_mech").get("/api/v1/risk-points/" + mechPoint).status()).isEqualTo(200);
    }

    @Test
    void the_town_regulator_sees_only_its_towns_risks_and_the_city_sees_the_major_ones() {
        Api town = loggedIn("gov_town");
        JsonNode list = town.get("/api/v1/risk-points?size=200").json();
        assertThat(list.get("total").asInt()).isPositive();
        assertThat(list.get("items").valueStream().map(i -> i.get("regionName").asString()).distinct().toList())
                .containsOnly("新桥镇");
        assertThat(town.get("/api/v1/major-risks").json().get("items").valueStream()
                .noneMatch(i -> i.get("regionName").asString().equals("滨江新区"))).isTrue();

        JsonNode major = loggedIn("gov_city").get("/api/v1/major-risks").json();
        assertThat(major.get("items").valueStream().map(i -> i.get("name").asString()).toList())
                .contains("甲类储罐区（甲醇、甲苯）");
        assertThat(major.get("items").valueStream().allMatch(i -> i.get("grade").asInt() == 1)).isTrue();
        assertThat(loggedIn("ent_chem").get("/api/v1/major-risks").status()).as("enterprises use their register").isEqualTo(403);
    }

    @Test
    void the_regulator_may_read_but_not_write_an_enterprises_register() {
        long chemPoint = jdbc.sql("select id from risk_point where name = '甲类储罐区（甲醇、甲苯）'").query(Long.class).single();
        Api city = loggedIn("gov_city");
        assertThat(city.get("/api/v1/risk-points/" + chemPoint).status()).isEqualTo(200);
        assertThat(city.post("/api/v1/risk-points/" + chemPoint + "/events", "{}").status()).isEqualTo(403);
    }

    @Test
    void the_register_downloads_as_excel_with_one_row_per_event_and_measure_and_levels_in_words() throws Exception {
        var r = loggedIn("ent_chem").get("/api/v1/enterprises/" + enterpriseIdOf("ent_chem") + "/risk-register.xlsx");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).contains("spreadsheetml");
        var text = new DataFormatter();
        try (var wb = WorkbookFactory.create(new ByteArrayInputStream(r.bytes()))) {
            var sheet = wb.getSheetAt(0);
            List<Row> rows = new java.util.ArrayList<>();
            sheet.forEach(rows::add);
            assertThat(text.formatCellValue(rows.get(0).getCell(0))).contains("安全风险分级管控清单");
            assertThat(text.formatCellValue(rows.get(1).getCell(13))).isEqualTo("管控措施");
            Row overfill = rows.stream().skip(2).filter(row -> text.formatCellValue(row.getCell(5)).equals("储罐超装溢罐"))
                    .findFirst().orElseThrow();
            assertThat(text.formatCellValue(overfill.getCell(2))).isEqualTo("甲类储罐区（甲醇、甲苯）");
            assertThat(text.formatCellValue(overfill.getCell(11))).isEqualTo("重大风险");
            assertThat(text.formatCellValue(overfill.getCell(16))).as("responsible person named").isNotBlank();
        }
    }

    @Test
    void a_template_copy_creates_the_point_with_its_events_and_measures() {
        long enterprise = enterpriseIdOf("ent_chem");
        var r = loggedIn("ent_chem").post("/api/v1/enterprises/" + enterprise + "/risk-points/from-template",
                Api.json(Map.of("template", "AMMONIA_REFRIGERATION", "name", "模板测试 · 氨压缩机房",
                        "orgUnitId", anyUnit(enterprise), "responsibleEmployeeId", anyEmployee(enterprise))));
        assertThat(r.status()).isEqualTo(201);
        JsonNode detail = point(loggedIn("ent_chem"), r.json().get("id").asLong());
        assertThat(detail.get("events").size()).isEqualTo(4);
        assertThat(detail.get("measures").size()).isEqualTo(4);
        assertThat(detail.get("events").get(0).get("accidentTypeNames").asString()).contains("中毒和窒息");
    }

    @Test
    void the_site_map_is_geojson_with_each_points_level_and_stays_within_the_enterprise() {
        long chem = enterpriseIdOf("ent_chem");
        var r = loggedIn("ent_chem").get("/api/v1/enterprises/" + chem + "/risk-map");
        assertThat(r.status()).isEqualTo(200);
        JsonNode tankFarm = r.json().get("features").valueStream()
                .filter(f -> f.get("properties").get("name").asString().equals("甲类储罐区（甲醇、甲苯）")).findFirst().orElseThrow();
        assertThat(tankFarm.get("geometry").get("type").asString()).isEqualTo("Polygon");
        assertThat(tankFarm.get("properties").get("color").asString()).isEqualTo("red");
        assertThat(loggedIn("ent_mech").get("/api/v1/enterprises/" + chem + "/risk-map").status()).isEqualTo(404);
    }

    @Test
    void a_major_hazard_source_takes_its_guarantors_only_from_its_own_staff() {
        long chem = enterpriseIdOf("ent_chem");
        Map<String, Object> draft = new java.util.HashMap<>(Map.of("name", "包保测试 · 液氨储罐", "kind", "EQUIPMENT",
                "orgUnitId", anyUnit(chem), "majorHazardSource", true, "guarantorPrincipalId", anyEmployee(chem),
                "guarantorTechnicalId", anyEmployee(enterpriseIdOf("ent_mech"))));
        var refused = loggedIn("ent_chem").post("/api/v1/enterprises/" + chem + "/risk-points", Api.json(draft));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").has("guarantorTechnicalId")).isTrue();
        draft.put("guarantorTechnicalId", anyEmployee(chem));
        var created = loggedIn("ent_chem").post("/api/v1/enterprises/" + chem + "/risk-points", Api.json(draft));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private long newPoint(Api api, String name) {
        long enterprise = enterpriseIdOf("ent_chem");
        var r = api.post("/api/v1/enterprises/" + enterprise + "/risk-points",
                Api.json(Map.of("name", name, "kind", "AREA", "orgUnitId", anyUnit(enterprise))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private long newEvent(Api api, long pointId, String name) {
        var r = api.post("/api/v1/risk-points/" + pointId + "/events", Api.json(Map.of("name", name, "hazard", "阀门密封失效",
                "factorCode", "2206", "accidentTypes", List.of("19"), "consequence", "人员中毒")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private long submit(Api api, long eventId, String json) {
        var r = api.post("/api/v1/risk-events/" + eventId + "/assessments", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private JsonNode point(Api api, long id) {
        var r = api.get("/api/v1/risk-points/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private long anyUnit(long enterprise) {
        return jdbc.sql("select id from org_unit where enterprise_id = :e and tier = 'WORKSHOP' order by id limit 1")
                .param("e", enterprise).query(Long.class).single();
    }

    private long anyEmployee(long enterprise) {
        return jdbc.sql("select id from employee where enterprise_id = :e order by id limit 1").param("e", enterprise)
                .query(Long.class).single();
    }
}
