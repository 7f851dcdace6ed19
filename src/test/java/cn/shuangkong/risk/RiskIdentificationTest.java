package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.risk.internal.RiskImport;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What session 2 added to identification: the Excel import (all-or-nothing, with the export reading back), the JHA /
 * SCL worksheets, the 风险分析单元 layer and the versioned GB 6441 dictionary, each through the API and in isolation.
 */
class RiskIdentificationTest extends PlatformTest {

    @Autowired
    DailyCommitments commitments;

    // ------------------------------------------------------------------------------------------------ import

    @Test
    void an_import_with_bad_rows_lists_each_by_sheet_row_and_column_in_chinese_and_saves_nothing() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        String person = uniqueEmployee(chem);
        Map<String, List<List<String>>> file = new LinkedHashMap<>();
        file.put(RiskImport.POINTS, List.of(
                List.of("IMP-BAD-1", "导入校验 · 汽车装卸站", "场所区域", "罐区", "", "否", "2027-06-30"),
                List.of("IMP-BAD-2", "导入校验 · 泵房", "锅炉", "没有这个车间", "", "也许", "明年")));
        file.put(RiskImport.UNITS, List.of());
        file.put(RiskImport.STEPS, List.of(List.of("IMP-BAD-1", "", "鹤管对位", "鹤管对准槽车口，静电接地报警器显示正常")));
        file.put(RiskImport.EVENTS, List.of(
                List.of("IMP-BAD-1", "", "鹤管对位", "装车溢流", "鹤管插入深度不足，液位控制仪失效", "2101", "火灾、其他爆炸",
                        "", "溢出物料遇火花燃爆", "残余风险", "LEC", "L=4，E=6，C=15"),
                List.of("IMP-BAD-9", "", "", "幽灵事件", "无", "9999", "外星人袭击", "", "", "", "", "")));
        file.put(RiskImport.MEASURES, List.of(
                List.of("IMP-BAD-1", "装车溢流", "工程技术", "设置溢油静电保护器并联锁装车泵", "", "罐区", "",
                        "溢油保护器试验", "1", "周")));
        Api api = loggedIn("ent_chem");
        long pointsBefore = count("select count(*) from risk_point where enterprise_id = " + chem);
        long lastAuditBefore = count("select coalesce(max(id), 0) from audit_record");

        var r = api.upload("/api/v1/enterprises/" + chem + "/risk-register/import", "file", "清单.xlsx",
                xlsx(file), Map.of());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).contains("application/problem+json");
        JsonNode errors = r.json().get("errors");
        assertThat(r.json().get("detail").asString()).contains("未导入任何数据");
        assertThat(errors.get("风险点 · 类型* 第3行").asString()).contains("设备设施");
        assertThat(errors.get("风险点 · 所属单位* 第3行").asString()).contains("没有名为“没有这个车间”的单位");
        assertThat(errors.get("风险点 · 重大危险源 第3行").asString()).contains("是");
        assertThat(errors.get("风险点 · 定期评审日期 第3行").asString()).contains("日期格式");
        assertThat(errors.get("风险事件 · 评价因子 第2行").asString()).as("L=4 is not on the LEC scale").contains("LEC");
        assertThat(errors.get("风险事件 · 风险点编码* 第3行").asString()).contains("IMP-BAD-9");
        assertThat(errors.get("管控措施 · 责任人* 第2行").asString()).contains("不能为空");
        assertThat(r.json().get("rows").size()).isGreaterThanOrEqualTo(7);
        assertThat(count("select count(*) from risk_point where enterprise_id = " + chem)).as("nothing saved").isEqualTo(pointsBefore);
        assertThat(count("select count(*) from risk_step s join risk_point p on p.id = s.risk_point_id where p.code like 'IMP-BAD%'")).isZero();
        // the enterprise's risk register only: the scheduled jobs audit what they do meanwhile (an alert, a rating level)
        assertThat(count("select count(*) from audit_record where id > " + lastAuditBefore + " and enterprise_id = " + chem
                + " and entity_type in ('risk_point', 'risk_event', 'control_measure', 'risk_step', 'risk_unit', 'risk_assessment')"))
                .as("no audit of rolled-back rows").isZero();

        // The same file corrected: now everything is saved, the step and the analysis with it.
        file.put(RiskImport.POINTS, List.of(file.get(RiskImport.POINTS).get(0),
                List.of("IMP-BAD-2", "导入校验 · 泵房", "设备设施", "罐区", "", "否", "2027-06-30")));
        file.put(RiskImport.EVENTS, List.of(
                List.of("IMP-BAD-1", "", "鹤管对位", "装车溢流", "鹤管插入深度不足，液位控制仪失效", "2101 物理性危险和有害因素", "火灾、其它爆炸",
                        "", "溢出物料遇火花燃爆", "残余风险", "LEC", "L=3，E=6，C=15"),
                List.of("IMP-BAD-2", "", "", "输送泵机械密封泄漏", "机封磨损", "2206", "中毒和窒息", "GB 6441-1986", "人员中毒", "", "", "")));
        file.put(RiskImport.MEASURES, List.of(
                List.of("IMP-BAD-1", "装车溢流", "工程技术措施", "设置溢油静电保护器并联锁装车泵", "", "罐区", person,
                        "溢油保护器试验", "1", "周")));
        var ok = api.upload("/api/v1/enterprises/" + chem + "/risk-register/import", "file", "清单.xlsx",
                xlsx(file), Map.of());
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        long point = count("select id from risk_point where enterprise_id = " + chem + " and code = 'IMP-BAD-1'");
        JsonNode detail = loggedIn("ent_chem").get("/api/v1/risk-points/" + point).json();
        assertThat(detail.get("events").get(0).get("accidentTypeNames").asString()).isEqualTo("火灾、其他爆炸");
        assertThat(detail.get("point").get("levelName").asString()).as("imported analysis waits for sign-off").isEqualTo("未评价");
        assertThat(detail.get("assessments").get(0).get("status").asString()).isEqualTo("ANALYSED");
        assertThat(detail.get("measures").get(0).get("responsibleName").asString()).isEqualTo(person);
        JsonNode sheet = loggedIn("ent_chem").get("/api/v1/risk-points/" + point + "/worksheet").json();
        assertThat(sheet.get("method").asString()).isEqualTo("SCL");
        assertThat(sheet.get("steps").get(0).get("name").asString()).isEqualTo("鹤管对位");
        assertThat(sheet.get("steps").get(0).get("events").get(0).get("name").asString()).isEqualTo("装车溢流");
    }

    @Test
    void the_exported_register_reads_back_through_the_import() throws Exception {
        Api chem = loggedIn("ent_chem");
        long enterprise = enterpriseIdOf("ent_chem");
        var export = chem.get("/api/v1/enterprises/" + enterprise + "/risk-register.xlsx");
        long points = count("select count(*) from risk_point where enterprise_id = " + enterprise);
        long events = count("select count(*) from risk_event v join risk_point p on p.id = v.risk_point_id where p.enterprise_id = " + enterprise);
        long measures = count("select count(*) from control_measure m join risk_point p on p.id = m.risk_point_id where p.enterprise_id = " + enterprise);
        long steps = count("select count(*) from risk_step s join risk_point p on p.id = s.risk_point_id where p.enterprise_id = " + enterprise);
        // As an enterprise copying its register for a second site would: same file, new codes and names (other tests
        // find the demo's points by name).
        byte[] copy;
        try (var wb = WorkbookFactory.create(new ByteArrayInputStream(export.bytes()))) {
            var printable = wb.getSheetAt(0);
            assertThat(TEXT.formatCellValue(printable.getRow(1).getCell(20))).isEqualTo("风险分析单元");
            assertThat(TEXT.formatCellValue(printable.getRow(1).getCell(21))).isEqualTo("作业步骤/检查项目");
            for (String name : RiskImport.DATA_SHEETS) {
                var sheet = wb.getSheet(name);
                assertThat(sheet).as("the export carries the import sheet " + name).isNotNull();
                for (int i = 1; i <= sheet.getLastRowNum(); i++) {
                    var cell = sheet.getRow(i).getCell(0);
                    cell.setCellValue(cell.getStringCellValue() + "-B");
                    if (name.equals(RiskImport.POINTS)) {
                        var pointName = sheet.getRow(i).getCell(1);
                        pointName.setCellValue(pointName.getStringCellValue() + "（二厂）");
                        // a second site has 包保 persons of its own: the copy names none
                        for (int c = 7; c <= 9; c++) {
                            var guarantor = sheet.getRow(i).getCell(c);
                            if (guarantor != null) sheet.getRow(i).removeCell(guarantor);
                        }
                    }
                }
            }
            var out = new ByteArrayOutputStream();
            wb.write(out);
            copy = out.toByteArray();
        }
        var r = chem.upload("/api/v1/enterprises/" + enterprise + "/risk-register/import", "file", "风险分级管控清单.xlsx", copy, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(count("select count(*) from risk_point where enterprise_id = " + enterprise)).isEqualTo(points * 2);
        assertThat(count("select count(*) from risk_event v join risk_point p on p.id = v.risk_point_id where p.enterprise_id = " + enterprise))
                .isEqualTo(events * 2);
        assertThat(count("select count(*) from control_measure m join risk_point p on p.id = m.risk_point_id where p.enterprise_id = " + enterprise))
                .isEqualTo(measures * 2);
        assertThat(count("select count(*) from risk_step s join risk_point p on p.id = s.risk_point_id where p.enterprise_id = " + enterprise))
                .isEqualTo(steps * 2);
        long tanks = count("select id from risk_point where enterprise_id = " + enterprise + " and name = '甲类储罐区（甲醇、甲苯）（二厂）'");
        JsonNode copied = chem.get("/api/v1/risk-points/" + tanks).json();
        assertThat(copied.get("point").get("majorHazardSource").asBoolean()).isTrue();
        assertThat(copied.get("point").get("levelName").asString()).as("levels come only from sign-off").isEqualTo("未评价");
        assertThat(copied.get("assessments").valueStream().allMatch(a -> a.get("status").asString().equals("ANALYSED"))).isTrue();
        // Every event whose analysis the file carried comes back with it (other tests may add unanalysed events).
        long analysed = count("select count(distinct a.risk_event_id) from risk_assessment a join risk_event v on v.id = a.risk_event_id"
                + " join risk_point p on p.id = v.risk_point_id where p.enterprise_id = " + enterprise
                + " and p.name = '甲类储罐区（甲醇、甲苯）'");
        assertThat((long) copied.get("assessments").size()).isEqualTo(analysed);
    }

    @Test
    void a_regulator_or_another_enterprise_cannot_import_into_or_download_the_template_of_an_enterprise() {
        long chem = enterpriseIdOf("ent_chem");
        byte[] empty = xlsx(Map.of());
        assertThat(loggedIn("ent_mech").upload("/api/v1/enterprises/" + chem + "/risk-register/import", "file", "x.xlsx", empty, Map.of())
                .status()).isEqualTo(404);
        assertThat(loggedIn("ent_mech").get("/api/v1/enterprises/" + chem + "/risk-register/import-template.xlsx").status()).isEqualTo(404);
        assertThat(loggedIn("gov_city").upload("/api/v1/enterprises/" + chem + "/risk-register/import", "file", "x.xlsx", empty, Map.of())
                .status()).isEqualTo(403);
        var notExcel = loggedIn("ent_chem").upload("/api/v1/enterprises/" + chem + "/risk-register/import", "file", "x.xlsx",
                "not a spreadsheet".getBytes(), Map.of());
        assertThat(notExcel.status()).isEqualTo(400);
        assertThat(notExcel.json().get("detail").asString()).contains("未导入任何数据");
        var template = loggedIn("ent_chem").get("/api/v1/enterprises/" + chem + "/risk-register/import-template.xlsx");
        assertThat(template.status()).isEqualTo(200);
        assertThat(sheetNames(template.bytes())).containsSubsequence("填写说明", "风险点", "风险分析单元", "作业步骤与检查项目",
                "风险事件", "管控措施", "组织机构", "人员", "事故类别", "危险和有害因素");
    }

    @Autowired
    cn.shuangkong.risk.internal.RiskImport importer;

    /** The import template resolves the enterprise itself (ADR 0076): another enterprise's scope gets a 404, nothing written. */
    @Test
    void another_enterprises_import_template_is_not_found_by_the_service_before_anything_is_written() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        var out = new java.io.ByteArrayOutputStream();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> importer.template(
                cn.shuangkong.shared.Jurisdiction.enterprise(enterpriseIdOf("ent_mech"), "本企业"), chem, out))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        assertThat(out.size()).isZero();
        importer.template(cn.shuangkong.shared.Jurisdiction.enterprise(chem, "本企业"), chem, out);
        assertThat(sheetNames(out.toByteArray())).contains("填写说明", "风险点");
    }

    // ------------------------------------------------------------------------------------------------ JHA / SCL

    @Test
    void an_activity_is_identified_by_ordered_jha_steps_and_equipment_by_scl_check_items() {
        Api api = loggedIn("ent_chem");
        long enterprise = enterpriseIdOf("ent_chem");
        long activity = created(api.post("/api/v1/enterprises/" + enterprise + "/risk-points", Api.json(Map.of(
                "name", "JHA · 储罐检修动火作业", "kind", "ACTIVITY", "orgUnitId", anyUnit(enterprise)))));
        long welding = created(api.post("/api/v1/risk-points/" + activity + "/steps", Api.json(Map.of("name", "动火焊接", "standard", "监护人在场"))));
        long isolation = created(api.post("/api/v1/risk-points/" + activity + "/steps", Api.json(Map.of("name", "工艺处理与隔离", "seq", 1))));
        created(api.post("/api/v1/risk-points/" + activity + "/steps", Api.json(Map.of("name", "气体检测", "seq", 2))));
        long event = created(api.post("/api/v1/risk-points/" + activity + "/events", Api.json(Map.of("name", "焊渣引燃残留油气",
                "hazard", "罐内残留油气未置换合格", "factorCode", "2103", "accidentTypes", List.of("08", "18"),
                "consequence", "罐内爆炸", "stepId", welding))));

        JsonNode jha = api.get("/api/v1/risk-points/" + activity + "/worksheet").json();
        assertThat(jha.get("method").asString()).isEqualTo("JHA");
        assertThat(jha.get("steps").valueStream().map(s -> s.get("name").asString()).toList())
                .containsExactly("工艺处理与隔离", "气体检测", "动火焊接");
        assertThat(jha.get("steps").get(2).get("events").get(0).get("id").asLong()).isEqualTo(event);

        assertThat(api.put("/api/v1/risk-steps/" + isolation, Api.json(Map.of("name", "工艺处理与隔离（加盲板）", "seq", 3))).status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/risk-points/" + activity + "/worksheet").json().get("steps").valueStream()
                .map(s -> s.get("seq").asInt() + s.get("name").asString()).toList())
                .containsExactly("1气体检测", "2动火焊接", "3工艺处理与隔离（加盲板）");
        assertThat(api.delete("/api/v1/risk-steps/" + welding).status()).isEqualTo(204);
        JsonNode after = api.get("/api/v1/risk-points/" + activity + "/worksheet").json();
        assertThat(after.get("eventsWithoutStep").get(0).get("id").asLong()).as("the event stays, outside the worksheet").isEqualTo(event);

        var blank = api.post("/api/v1/risk-points/" + activity + "/steps", Api.json(Map.of("name", " ")));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("errors").get("name").asString()).contains("不能为空");

        // A template carries its steps: 有限空间 is a 作业活动 whose JHA starts with 作业前辨识与告知.
        var copy = api.post("/api/v1/enterprises/" + enterprise + "/risk-points/from-template", Api.json(Map.of(
                "template", "CONFINED_SPACE", "name", "JHA · 污水池清淤", "orgUnitId", anyUnit(enterprise),
                "responsibleEmployeeId", anyEmployee(enterprise))));
        JsonNode fromTemplate = api.get("/api/v1/risk-points/" + created(copy) + "/worksheet").json();
        assertThat(fromTemplate.get("steps").get(0).get("name").asString()).isEqualTo("作业前辨识与告知");
        assertThat(fromTemplate.get("steps").valueStream().allMatch(s -> s.get("events").size() == 1)).isTrue();
        var tanks = api.get("/api/v1/risk-points/" + tankFarm() + "/worksheet").json();
        assertThat(tanks.get("method").asString()).isEqualTo("SCL");
        assertThat(tanks.get("steps").get(0).get("name").asString()).isEqualTo("液位计量与高液位联锁");
    }

    // ------------------------------------------------------------------------------------------------ 风险分析单元

    @Test
    void every_risk_point_has_analysis_units_that_carry_its_events_their_levels_and_the_daily_commitment() {
        // Points written through the register (other modules' fixtures may write bare rows; their unit comes lazily).
        assertThat(count("select count(*) from risk_point p where not exists (select 1 from risk_unit u where u.risk_point_id = p.id)"
                + " and p.enterprise_id in (select enterprise_id from user_account where username in ('ent_chem', 'ent_mech'))"))
                .as("created with every point").isZero();
        assertThat(count("select count(*) from risk_event where risk_unit_id is null")).isZero();

        Api api = loggedIn("ent_chem");
        long enterprise = enterpriseIdOf("ent_chem");
        long point = created(api.post("/api/v1/enterprises/" + enterprise + "/risk-points", Api.json(Map.of(
                "name", "单元 · 液氨储罐区", "kind", "AREA", "orgUnitId", anyUnit(enterprise)))));
        var noPerson = api.post("/api/v1/risk-points/" + point + "/units", Api.json(Map.of("name", "装卸站", "responsibleUnitId", anyUnit(enterprise))));
        assertThat(noPerson.status()).isEqualTo(400);
        assertThat(noPerson.json().get("errors").get("responsibleEmployeeId").asString()).contains("责任人");
        long station = created(api.post("/api/v1/risk-points/" + point + "/units", Api.json(Map.of("name", "装卸站",
                "responsibleUnitId", anyUnit(enterprise), "responsibleEmployeeId", anyEmployee(enterprise)))));
        long event = created(api.post("/api/v1/risk-points/" + point + "/events", Api.json(Map.of("name", "装卸软管破裂",
                "hazard", "软管老化", "factorCode", "2206", "accidentTypes", List.of("19"), "consequence", "液氨泄漏中毒",
                "riskUnitId", station))));
        long v = created(api.post("/api/v1/risk-events/" + event + "/assessments", "{\"method\":\"LS\",\"l\":3,\"s\":5,\"reason\":\"首次评价\"}"));
        loggedIn("chem_tech").post("/api/v1/risk-assessments/" + v + "/review", "");
        loggedIn("chem_boss").post("/api/v1/risk-assessments/" + v + "/approve", "");

        JsonNode units = api.get("/api/v1/risk-points/" + point + "/units").json();
        assertThat(units.valueStream().map(u -> u.get("name").asString()).toList()).containsExactly("单元 · 液氨储罐区", "装卸站");
        assertThat(units.get(1).get("levelName").asString()).isEqualTo("较大风险");
        assertThat(units.get(0).get("levelName").asString()).isEqualTo("未评价");

        var lines = commitments.unitsOf(enterprise).stream().filter(u -> u.riskPointId() == point).toList();
        assertThat(lines).extracting(DailyCommitments.UnitLine::riskUnitId).containsExactly(units.get(0).get("id").asLong(), station);
        assertThat(lines.get(1).name()).endsWith("/ 装卸站");

        long otherPoint = tankFarm();
        long otherUnit = count("select id from risk_unit where risk_point_id = " + otherPoint + " order by id limit 1");
        assertThat(api.put("/api/v1/risk-events/" + event + "/placement", Api.json(Map.of("riskUnitId", otherUnit))).status())
                .as("a unit of another point").isEqualTo(400);
    }

    @Test
    void units_and_worksheets_stay_within_the_enterprise_and_the_town() {
        long tanks = tankFarm();
        long unit = count("select id from risk_unit where risk_point_id = " + tanks + " order by id limit 1");
        long step = count("select id from risk_step where risk_point_id = " + tanks + " order by seq limit 1");
        Api mech = loggedIn("ent_mech");
        assertThat(mech.get("/api/v1/risk-points/" + tanks + "/units").status()).isEqualTo(404);
        assertThat(mech.get("/api/v1/risk-points/" + tanks + "/worksheet").status()).isEqualTo(404);
        assertThat(mech.post("/api/v1/risk-points/" + tanks + "/steps", "{\"name\":\"x\"}").status()).isEqualTo(404);
        assertThat(mech.put("/api/v1/risk-units/" + unit, "{\"name\":\"x\"}").status()).isEqualTo(404);
        assertThat(mech.delete("/api/v1/risk-steps/" + step).status()).isEqualTo(404);
        assertThat(loggedIn("gov_town").get("/api/v1/risk-points/" + tanks + "/worksheet").status()).isEqualTo(404);
        assertThat(loggedIn("gov_city").get("/api/v1/risk-points/" + tanks + "/worksheet").status()).isEqualTo(200);
        assertThat(loggedIn("gov_city").delete("/api/v1/risk-steps/" + step).status()).isEqualTo(403);
        assertThat(count("select count(*) from risk_step where id = " + step)).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ GB 6441 editions

    @Test
    void new_events_use_the_chosen_gb6441_edition_and_existing_ones_keep_theirs() {
        Api api = loggedIn("ent_chem");
        Api admin = loggedIn("admin");
        long enterprise = enterpriseIdOf("ent_chem");
        long point = created(api.post("/api/v1/enterprises/" + enterprise + "/risk-points", Api.json(Map.of(
                "name", "版本 · 粉料投料", "kind", "ACTIVITY", "orgUnitId", anyUnit(enterprise)))));
        long old = created(api.post("/api/v1/risk-points/" + point + "/events", Api.json(Map.of("name", "投料粉尘爆炸",
                "hazard", "粉尘云", "factorCode", "2209", "accidentTypes", List.of("18"), "consequence", "爆炸"))));
        assertThat(api.put("/api/v1/risk-settings/accident-edition", "{\"edition\":\"GB 6441-2025\"}").status())
                .as("only the platform administrator chooses").isEqualTo(403);
        assertThat(admin.put("/api/v1/risk-settings/accident-edition", "{\"edition\":\"GB 6441-2031\"}").json()
                .get("errors").has("edition")).isTrue();
        try {
            assertThat(admin.put("/api/v1/risk-settings/accident-edition", "{\"edition\":\"GB 6441-2025\"}").status()).isEqualTo(204);
            JsonNode editions = api.get("/api/v1/accident-types").json();
            JsonNode e2025 = editions.valueStream().filter(e -> e.get("current").asBoolean()).findFirst().orElseThrow();
            assertThat(e2025.get("code").asString()).isEqualTo("GB 6441-2025");
            assertThat(e2025.get("codesVerified").asBoolean()).as("the order is not verified, and says so").isFalse();
            assertThat(e2025.get("types").size()).isEqualTo(27);

            var refused = api.post("/api/v1/risk-points/" + point + "/events", Api.json(Map.of("name", "1986 代码",
                    "hazard", "x", "factorCode", "2209", "accidentTypes", List.of("18"), "consequence", "x")));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("errors").get("accidentTypes").asString()).contains("GB 6441-2025");
            long fresh = created(api.post("/api/v1/risk-points/" + point + "/events", Api.json(Map.of("name", "投料粉尘爆炸（新标准）",
                    "hazard", "粉尘云", "factorCode", "2209", "accidentTypes", List.of("L18"), "consequence", "爆炸"))));
            JsonNode events = api.get("/api/v1/risk-points/" + point).json().get("events");
            JsonNode before = events.valueStream().filter(e -> e.get("id").asLong() == old).findFirst().orElseThrow();
            JsonNode after = events.valueStream().filter(e -> e.get("id").asLong() == fresh).findFirst().orElseThrow();
            assertThat(before.get("accidentEdition").asString()).isEqualTo("GB 6441-1986");
            assertThat(before.get("accidentTypeNames").asString()).isEqualTo("其他爆炸");
            assertThat(after.get("accidentEdition").asString()).isEqualTo("GB 6441-2025");
            assertThat(after.get("accidentTypeNames").asString()).isEqualTo("粉尘爆炸");
            assertThat(count("select count(*) from audit_record where entity_type = 'risk_setting'")).isPositive();
        } finally {
            admin.put("/api/v1/risk-settings/accident-edition", "{\"edition\":\"GB 6441-1986\"}");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private long tankFarm() {
        return count("select id from risk_point where name = '甲类储罐区（甲醇、甲苯）'");
    }

    private long anyUnit(long enterprise) {
        return count("select id from org_unit where enterprise_id = " + enterprise + " order by id limit 1");
    }

    private long anyEmployee(long enterprise) {
        return count("select id from employee where enterprise_id = " + enterprise + " order by id limit 1");
    }

    private String uniqueEmployee(long enterprise) {
        return jdbc.sql("select name from employee where enterprise_id = :e group by name having count(*) = 1 order by min(id) limit 1")
                .param("e", enterprise).query(String.class).single();
    }

    private static long created(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode body = r.json();
        return body.has("id") ? body.get("id").asLong() : body.get("point").get("id").asLong();
    }

    private static List<String> sheetNames(byte[] bytes) {
        try (var wb = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            return names;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A workbook in the import's layout: every data sheet with its header, then the given rows. */
    static byte[] xlsx(Map<String, List<List<String>>> rows) {
        try (var wb = new XSSFWorkbook(); var out = new ByteArrayOutputStream()) {
            for (String name : RiskImport.DATA_SHEETS) {
                var sheet = wb.createSheet(name);
                var head = sheet.createRow(0);
                List<String> columns = RiskImport.COLUMNS.get(name);
                for (int c = 0; c < columns.size(); c++) head.createCell(c).setCellValue(columns.get(c));
                int r = 1;
                for (List<String> values : rows.getOrDefault(name, List.of())) {
                    var row = sheet.createRow(r++);
                    for (int c = 0; c < values.size(); c++) if (!values.get(c).isEmpty()) row.createCell(c).setCellValue(values.get(c));
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final DataFormatter TEXT = new DataFormatter();
}
