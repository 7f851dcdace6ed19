package cn.shuangkong.hazard;

import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Browser;
import cn.shuangkong.support.PlatformTest;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;

/** The 隐患排查治理台账 export and the figures, as an enterprise and a regulator read them. */
class HazardLedgerTest extends PlatformTest {

    @Test
    void the_chemical_works_exports_its_ledger_with_every_hazard_and_the_major_one_cited() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        var r = loggedIn("ent_chem").get("/api/v1/enterprises/" + chem + "/hazard-ledger.xlsx");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).contains("spreadsheetml");
        List<List<String>> rows = new ArrayList<>();
        try (var wb = WorkbookFactory.create(new ByteArrayInputStream(r.bytes()))) {
            for (Row row : wb.getSheetAt(0)) {
                List<String> cells = new ArrayList<>();
                row.forEach(c -> cells.add(c.toString()));
                rows.add(cells);
            }
        }
        assertThat(rows.get(0)).contains("隐患名称", "隐患等级", "整改责任人", "整改期限", "验收人", "销号时间");
        long inDb = jdbc.sql("select count(*) from hazard where enterprise_id = :e").param("e", chem).query(Long.class).single();
        assertThat(rows).hasSize((int) inDb + 1);
        assertThat(rows).anySatisfy(row -> assertThat(row).contains("2号罐区可燃气体检测报警器失效", "重大隐患"));
        assertThat(rows.stream().filter(row -> row.contains("2号罐区可燃气体检测报警器失效")).findFirst().orElseThrow())
                .anySatisfy(cell -> assertThat(cell).contains("第12项"));

        var overdueOnly = loggedIn("ent_chem").get("/api/v1/enterprises/" + chem + "/hazard-ledger.xlsx?overdue=true");
        try (var wb = WorkbookFactory.create(new ByteArrayInputStream(overdueOnly.bytes()))) {
            assertThat(wb.getSheetAt(0).getLastRowNum()).isBetween(1, rows.size() - 2);
        }
    }

    @Test
    void another_enterprises_ledger_is_not_found() {
        var r = loggedIn("ent_chem").get("/api/v1/enterprises/" + enterpriseIdOf("ent_mech") + "/hazard-ledger.xlsx");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).contains("problem+json");
    }

    @Test
    void the_city_regulator_reads_found_rectified_and_overdue_figures_by_level_for_each_enterprise() {
        var figures = loggedIn("gov_city").get("/api/v1/hazard-statistics").json();
        var chem = StreamSupport.stream(figures.spliterator(), false)
                .filter(f -> f.get("enterpriseId").asLong() == enterpriseIdOf("ent_chem")).findFirst().orElseThrow();
        assertThat(chem.get("major").get("found").asLong()).isPositive();
        assertThat(chem.get("general").get("closed").asLong()).isPositive();
        assertThat(chem.get("general").get("overdue").asLong()).isPositive();
        // 整改率 as the 驾驶舱 has it: closed among the confirmed hazards (DeadlineShownTest compares the two)
        long open = chem.get("total").get("open").asLong(), closed = chem.get("total").get("closed").asLong();
        assertThat(chem.get("total").get("rectificationRate").asDouble()).isCloseTo(closed * 100.0 / (open + closed), org.assertj.core.data.Offset.offset(0.06));

        var town = loggedIn("gov_town").get("/api/v1/hazard-statistics").json();
        assertThat(StreamSupport.stream(town.spliterator(), false).map(f -> f.get("enterpriseId").asLong()))
                .as("新桥镇 sees its own enterprises only").doesNotContain(enterpriseIdOf("ent_chem"));

        try (var browser = new Browser("http://localhost:" + port)) {
            browser.loginAs("gov_city");
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Patience.CONDITION)
                    .until(d -> !browser.path().equals("/login"));
            browser.open("/hazards/statistics");
            assertThat(browser.text()).contains("江苏华泰化工有限公司").contains("整改率");
            browser.screenshot("hazard-statistics-gov_city");
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    cn.shuangkong.hazard.internal.HazardLedger ledger;

    /** The export resolves the enterprise itself (ADR 0076): another enterprise's scope gets a 404 and no file is begun. */
    @Test
    void another_enterprises_ledger_is_not_found_by_the_service_before_anything_is_written() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        var query = Hazards.Query.of(null, null, null, null);
        List<String> opened = new ArrayList<>();
        var mechScope = cn.shuangkong.shared.Jurisdiction.enterprise(enterpriseIdOf("ent_mech"), "本企业");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.export(mechScope, chem, query, name -> {
            opened.add(name);
            return new java.io.ByteArrayOutputStream();
        })).isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        assertThat(opened).isEmpty();

        var out = new java.io.ByteArrayOutputStream();
        ledger.export(cn.shuangkong.shared.Jurisdiction.enterprise(chem, "本企业"), chem, query, name -> {
            opened.add(name);
            return out;
        });
        assertThat(opened).containsExactly("江苏华泰化工有限公司-隐患排查治理台账.xlsx");
        assertThat(out.size()).isPositive();
    }
}
