package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** ent_chem declares its tank farm: graded, snapshotted, registered with its 包保 persons and their checks. */
class MajorHazardDeclarationTest extends PlatformTest {

    private long tankFarm() {
        return jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
    }

    private String tankFarmDeclaration(String population) {
        return "{\"riskPointId\":" + tankFarm() + ",\"unitType\":\"STORAGE\",\"population\":" + population + ",\"substances\":["
                + "{\"name\":\"甲醇\",\"category\":\"W5.3\",\"quantity\":4000},{\"cas\":\"108-88-3\",\"category\":\"W5.3\",\"quantity\":4400}]}";
    }

    @Test
    void the_tank_farm_is_graded_stored_with_its_formula_version_and_its_guarantors_get_their_checks() throws Exception {
        Api chem = loggedIn("ent_chem");
        var r = chem.post("/api/v1/major-hazard-sources", tankFarmDeclaration("60"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.get("s").decimalValue()).isEqualByComparingTo("16.8");      // 4000/500 + 4400/500
        assertThat(s.get("alpha").decimalValue()).isEqualByComparingTo("1.5");  // 60 people
        assertThat(s.get("r").decimalValue()).isEqualByComparingTo("25.2");     // 1.5 × (1 × 16.8)
        assertThat(s.get("level").asInt()).isEqualTo(3);
        assertThat(s.get("principal").asString()).isNotBlank();                 // read from the risk point's 包保 columns
        long id = s.get("id").asLong();
        int version = s.get("version").asInt();
        var snapshot = jdbc.sql("select formula_version, result->>'r' from major_hazard_evaluation where source_id = :s and version = :v")
                .param("s", id).param("v", version).query((rs, i) -> rs.getString(1) + "|" + rs.getString(2)).single();
        assertThat(snapshot).isEqualTo("GB 18218-2018|25.2");
        assertThat(jdbc.sql("select count(distinct role) from guarantor_check where source_id = :s").param("s", id).query(Long.class).single())
                .isEqualTo(3);

        // The operator (worker_chem) records this week's check; the principal's check is not theirs to record.
        Api worker = loggedIn("worker_chem");
        JsonNode mine = worker.get("/api/v1/guarantor-checks/mine").json();
        JsonNode operatorCheck = null;
        for (JsonNode c : mine) if (c.get("sourceId").asLong() == id && c.get("doneAt").isNull()) operatorCheck = c;
        assertThat(operatorCheck).isNotNull();
        assertThat(operatorCheck.get("role").asString()).isEqualTo("OPERATOR");
        assertThat(worker.post("/api/v1/guarantor-checks/" + operatorCheck.get("id").asLong(), "{\"result\":\"ABNORMAL\"}").json()
                .get("errors").has("note")).isTrue();
        var done = worker.post("/api/v1/guarantor-checks/" + operatorCheck.get("id").asLong(), "{\"result\":\"NORMAL\",\"note\":\"液位计、呼吸阀正常\"}");
        assertThat(done.json().get("doneBy").asString()).isEqualTo("worker_chem");
        long principalCheck = jdbc.sql("select id from guarantor_check where source_id = :s and role = 'PRINCIPAL' order by id desc limit 1")
                .param("s", id).query(Long.class).single();
        assertThat(worker.post("/api/v1/guarantor-checks/" + principalCheck, "{\"result\":\"NORMAL\"}").status()).isEqualTo(403);

        // Declaring again keeps the first version and adds the next: fewer people around, a lower α.
        var again = chem.post("/api/v1/major-hazard-sources", tankFarmDeclaration("0")).json();
        assertThat(again.get("version").asInt()).isEqualTo(version + 1);
        assertThat(again.get("r").decimalValue()).isEqualByComparingTo("8.4");
        assertThat(again.get("level").asInt()).isEqualTo(4);
        assertThat(jdbc.sql("select count(*) from major_hazard_evaluation where source_id = :s").param("s", id).query(Long.class).single())
                .isEqualTo(version + 1L);
        chem.post("/api/v1/major-hazard-sources", tankFarmDeclaration("60")); // leave it as the demo tour shows it

        var pdf = chem.get("/api/v1/major-hazard-sources/" + id + "/sign.pdf");
        assertThat(pdf.contentType()).startsWith("application/pdf");
        assertThat(new String(pdf.bytes(), 0, 5)).isEqualTo("%PDF-");
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.bytes())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc)).contains("重大危险源公示牌", "三级重大危险源", "甲醇", "操作负责人");
        }
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"));
        java.nio.file.Files.write(java.nio.file.Path.of("target", "screenshots", "major-hazard-sign.pdf"), pdf.bytes());
    }

    @Test
    void bad_declarations_are_problems_naming_each_field() {
        Api chem = loggedIn("ent_chem");
        var r = chem.post("/api/v1/major-hazard-sources", "{\"riskPointId\":" + tankFarm() + ",\"population\":10,\"substances\":["
                + "{\"name\":\"甲醇\",\"quantity\":-5},{\"category\":\"W99\",\"quantity\":1},{\"name\":\"火星石\",\"quantity\":1}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).contains("application/problem+json");
        JsonNode errors = r.json().get("errors");
        assertThat(errors.get("unitType").asString()).contains("单元类型");
        assertThat(errors.get("substances[0].quantity").asString()).contains("不小于0");
        assertThat(errors.get("substances[1].category").asString()).contains("W99");
        assertThat(errors.get("substances[2].name").asString()).contains("火星石");
        assertThat(chem.post("/api/v1/major-hazard-sources", "{\"unitType\":\"STORAGE\",\"population\":1,\"substances\":[{\"name\":\"氯\",\"quantity\":9}]}")
                .json().get("errors").has("riskPointId")).isTrue();
    }

    @Test
    void other_enterprises_and_other_towns_do_not_see_the_tank_farm() {
        loggedIn("ent_chem").post("/api/v1/major-hazard-sources", tankFarmDeclaration("60"));
        assertThat(loggedIn("gov_city").get("/api/v1/major-hazard-sources").body()).contains("甲类储罐区");
        assertThat(loggedIn("gov_town").get("/api/v1/major-hazard-sources").body()).doesNotContain("甲类储罐区");
        assertThat(loggedIn("ent_mech").get("/api/v1/major-hazard-sources").body()).doesNotContain("甲类储罐区");
        // ent_chem's tank farm is not ent_mech's to declare: another enterprise's point is not found in its scope (ADR 0011)
        assertThat(loggedIn("ent_mech").post("/api/v1/major-hazard-sources", tankFarmDeclaration("60")).status()).isEqualTo(404);
    }
}
