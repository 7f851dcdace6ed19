package cn.shuangkong.regional;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RegionalRiskTest extends PlatformTest {

    static final String XINQIAO = "321282100", BINJIANG = "321282401";

    private static Map<String, Object> draft(String town, String name, String method, Map<String, Object> inputs) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("regionCode", town);
        d.put("category", "燃气管网");
        d.put("name", name);
        d.put("location", "新桥镇人民路");
        d.put("hazard", "中压管道腐蚀泄漏");
        d.put("accidentTypes", List.of("08", "18"));
        d.put("method", method);
        d.put("inputs", inputs);
        d.put("measures", "每日巡线；泄漏报警");
        d.put("department", "新桥镇安监办");
        d.put("responsible", "季春林");
        d.put("phone", "0523-84510110");
        d.put("longitude", 120.15);
        d.put("latitude", 32.12);
        return d;
    }

    @Test
    void a_regulator_registers_a_public_area_risk_graded_by_the_enterprises_methods() {
        Api town = loggedIn("gov_town");
        var r = town.post("/api/v1/regional-risks", Api.json(draft(XINQIAO, "测试人民路中压燃气管网", "LEC", Map.of("l", 6, "e", 6, "c", 15))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode risk = r.json();
        assertThat(risk.get("score").asDouble()).isEqualTo(540.0); // 6 × 6 × 15 > 320: 重大
        assertThat(risk.get("level").asInt()).isEqualTo(1);
        assertThat(risk.get("townName").asString()).isEqualTo("新桥镇");
        long id = risk.get("id").asLong();

        // Re-assessed with LS after measures: 3 × 3 = 9 → 一般; the change is audited.
        var changed = town.put("/api/v1/regional-risks/" + id, Api.json(draft(XINQIAO, "测试人民路中压燃气管网", "LS", Map.of("l", 3, "s", 3))));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("level").asInt()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from audit_record where entity_type = 'regional_risk' and entity_id = :id")
                .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(2);

        // The city sees it; another town's regulator does not; enterprises have no access at all.
        assertThat(loggedIn("gov_city").get("/api/v1/regional-risks/" + id).status()).isEqualTo(200);
        assertThat(loggedIn("ent_mech").get("/api/v1/regional-risks/" + id).status()).isEqualTo(403);
        assertThat(loggedIn("ent_mech").post("/api/v1/regional-risks", Api.json(draft(XINQIAO, "x", "LS", Map.of("l", 3, "s", 3)))).status())
                .isEqualTo(403);
        List<String> binjiang = names(loggedIn("gov_city").get("/api/v1/regional-risks?region=" + BINJIANG).json());
        assertThat(binjiang).isNotEmpty();
        List<String> mine = names(town.get("/api/v1/regional-risks").json());
        assertThat(mine).contains("测试人民路中压燃气管网").doesNotContainAnyElementsOf(binjiang);
    }

    @Test
    void bad_input_is_refused_field_by_field_and_nothing_is_saved() {
        long before = jdbc.sql("select count(*) from regional_risk").query(Long.class).single();
        Api town = loggedIn("gov_town");
        // A value off the LEC scale.
        var offScale = town.post("/api/v1/regional-risks", Api.json(draft(XINQIAO, "测试非法取值", "LEC", Map.of("l", 7, "e", 6, "c", 15))));
        assertThat(offScale.status()).isEqualTo(400);
        assertThat(offScale.json().get("errors").get("l").asString()).contains("不在 LEC 法的分值表中");
        // A missing factor, an unknown method, a blank name, a town outside the jurisdiction, an unknown accident type.
        var missing = town.post("/api/v1/regional-risks", Api.json(draft(XINQIAO, "测试缺因子", "LS", Map.of("l", 3))));
        assertThat(missing.json().get("errors").get("s").asString()).contains("缺少因子 S");
        var method = town.post("/api/v1/regional-risks", Api.json(draft(XINQIAO, "测试方法", "ABC", Map.of())));
        assertThat(method.json().get("errors").get("method").asString()).contains("未知的评价方法");
        Map<String, Object> bad = draft(BINJIANG, " ", "LS", Map.of("l", 3, "s", 3));
        bad.put("accidentTypes", List.of("99"));
        bad.put("category", "火星");
        var many = town.post("/api/v1/regional-risks", Api.json(bad));
        assertThat(many.status()).isEqualTo(400);
        JsonNode errors = many.json().get("errors");
        assertThat(errors.get("regionCode").asString()).isEqualTo("滨江新区不在您的辖区内");
        assertThat(errors.get("name").asString()).isEqualTo("请填写风险名称");
        assertThat(errors.get("category").asString()).startsWith("请选择风险类别");
        assertThat(errors.get("accidentTypes").asString()).contains("99");
        // Not JSON at all: a problem, not a 500.
        assertThat(town.post("/api/v1/regional-risks", "{nonsense").status()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from regional_risk").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void the_town_book_lists_the_major_risks_of_enterprises_and_public_areas() throws Exception {
        Api town = loggedIn("gov_town");
        var r = town.post("/api/v1/regional-risks", Api.json(draft(XINQIAO, "测试一镇一册重大燃气风险", "LS", Map.of("l", 4, "s", 5))));
        assertThat(r.json().get("level").asInt()).isEqualTo(1);
        var lesser = town.post("/api/v1/regional-risks", Api.json(draft(XINQIAO, "测试一镇一册一般风险", "LS", Map.of("l", 3, "s", 3))));
        assertThat(lesser.status()).isEqualTo(201);
        // A red risk point of a 新桥镇 enterprise of the test's own (written straight into the table, so kept out of the
        // demo's registers), and one of 滨江新区 that must stay out of 新桥镇's book.
        var own = FreshEnterprise.create(jdbc, "一镇一册测试机械");
        jdbc.sql("""
                insert into risk_point (enterprise_id, code, name, kind, org_unit_id, level)
                values (:e, 'T-BOOK-1', '测试一镇一册企业重大风险点', 'AREA', :u, 1)
                """).param("e", own.id()).param("u", own.unitId()).update();
        String ownName = jdbc.sql("select name from enterprise where id = :e").param("e", own.id()).query(String.class).single();

        var pdf = town.get("/api/v1/regional-risks/towns/" + XINQIAO + "/book.pdf");
        assertThat(pdf.status()).isEqualTo(200);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"));
        java.nio.file.Files.write(java.nio.file.Path.of("target", "screenshots", "town-book-xinqiao.pdf"), pdf.bytes());
        String text;
        try (var doc = Loader.loadPDF(pdf.bytes())) {
            text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
        }
        assertThat(text).contains("新桥镇辖区重大安全风险", "一镇一册", "测试一镇一册重大燃气风险", "测试一镇一册企业重大风险点",
                ownName, "新桥镇安全生产监督管理办公室");
        assertThat(text).doesNotContain("测试一镇一册一般风险", "华泰化工");

        var xlsx = town.get("/api/v1/regional-risks/towns/" + XINQIAO + "/book.xlsx");
        assertThat(xlsx.status()).isEqualTo(200);
        try (var wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.bytes()))) {
            var enterprises = wb.getSheet("企业重大风险");
            var publicAreas = wb.getSheet("公共区域重大风险");
            assertThat(column(enterprises, 2)).contains("测试一镇一册企业重大风险点");
            assertThat(column(publicAreas, 2)).contains("测试一镇一册重大燃气风险").doesNotContain("测试一镇一册一般风险");
            assertThat(publicAreas.getRow(1).getCell(7).getStringCellValue()).isEqualTo("风险等级");
        }
        // Another town's book is outside gov_town's jurisdiction; the city may print any of its towns.
        assertThat(town.get("/api/v1/regional-risks/towns/" + BINJIANG + "/book.pdf").status()).isEqualTo(404);
        assertThat(loggedIn("gov_city").get("/api/v1/regional-risks/towns/" + BINJIANG + "/book.xlsx").status()).isEqualTo(200);
    }

    private static List<String> column(org.apache.poi.ss.usermodel.Sheet sheet, int col) {
        List<String> out = new ArrayList<>();
        for (int i = 2; i <= sheet.getLastRowNum(); i++) out.add(sheet.getRow(i).getCell(col).getStringCellValue());
        return out;
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("name").asString()));
        return out;
    }
}
