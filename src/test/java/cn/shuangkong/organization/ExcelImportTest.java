package cn.shuangkong.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.organization.internal.EmployeeWorkbook;
import cn.shuangkong.organization.internal.EnterpriseWorkbook;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.PlatformTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ExcelImportTest extends PlatformTest {

    @Autowired
    EnterpriseWorkbook enterprisesWorkbook;

    @Autowired
    EmployeeWorkbook employeesWorkbook;

    static Jurisdiction city() {
        return Jurisdiction.regulator("321282", List.of(), "靖江市");
    }

    static String code(String seed) {
        String first17 = ("91321282MA" + seed + "0000000").substring(0, 17);
        return first17 + CreditCode.checkCharacter(first17);
    }

    /** A workbook as a user fills in the downloaded template: header row then data rows. */
    static ByteArrayInputStream workbook(List<String> header, List<List<Object>> rows) throws IOException {
        try (var wb = new XSSFWorkbook(); var out = new ByteArrayOutputStream()) {
            var sheet = wb.createSheet("企业");
            var h = sheet.createRow(0);
            for (int c = 0; c < header.size(); c++) h.createCell(c).setCellValue(header.get(c));
            for (int r = 0; r < rows.size(); r++) {
                var row = sheet.createRow(r + 1);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    Object v = rows.get(r).get(c);
                    if (v instanceof Number n) row.createCell(c).setCellValue(n.doubleValue());
                    else if (v != null) row.createCell(c).setCellValue(v.toString());
                }
            }
            wb.write(out);
            return new ByteArrayInputStream(out.toByteArray());
        }
    }

    static List<Object> enterpriseRow(String name, String creditCode, String town, Object headcount) {
        return java.util.Arrays.asList(name, creditCode, "C3441", town, "小型", headcount, "靖江市测试路1号", 120.2, 32.1,
                "张三", "13900000000", "李四", "13900000001", "有限空间、涉爆粉尘");
    }

    @Test
    void a_clean_file_registers_every_enterprise_with_its_flags() throws IOException {
        var report = enterprisesWorkbook.importFrom(city(), workbook(EnterpriseWorkbook.COLUMNS, List.of(
                enterpriseRow("江苏导入一号机械有限公司", code("KMPA"), "321282102", 40),
                enterpriseRow("江苏导入二号机械有限公司", code("KMPB"), "321282103", 55))));
        assertThat(report.ok()).isTrue();
        assertThat(report.imported()).isEqualTo(2);
        var flags = jdbc.sql("select confined_space and dust_explosion from enterprise where name = '江苏导入二号机械有限公司'")
                .query(Boolean.class).single();
        assertThat(flags).isTrue();
    }

    @Test
    void one_bad_row_blocks_the_whole_file_and_every_error_is_reported_with_its_row() throws IOException {
        long before = jdbc.sql("select count(*) from enterprise").query(Long.class).single();
        var report = enterprisesWorkbook.importFrom(city(), workbook(EnterpriseWorkbook.COLUMNS, List.of(
                enterpriseRow("江苏导入好行有限公司", code("KMPC"), "321282102", 40),
                enterpriseRow("江苏导入坏行有限公司", "91350100M000100Y44", "999999999", "很多"),
                enterpriseRow("江苏导入重复有限公司", code("KMPC"), "321282102", 10))));
        assertThat(report.ok()).isFalse();
        assertThat(report.errors()).extracting(e -> e.row() + " " + e.column())
                .contains("3 统一社会信用代码*", "3 乡镇（街道）代码*", "3 从业人数*", "4 统一社会信用代码*");
        assertThat(jdbc.sql("select count(*) from enterprise").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void a_file_that_is_not_the_template_is_refused_in_words() throws IOException {
        var report = enterprisesWorkbook.importFrom(city(), workbook(List.of("名称", "代码"), List.of()));
        assertThat(report.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("表头与模板不一致"));
        var garbage = enterprisesWorkbook.importFrom(city(), new ByteArrayInputStream("not excel".getBytes()));
        assertThat(garbage.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains(".xlsx"));
    }

    @Test
    void the_export_holds_exactly_the_enterprises_the_viewer_may_see() throws IOException {
        var out = new ByteArrayOutputStream();
        var town = Jurisdiction.regulator("321282100", List.of(), "新桥镇");
        enterprisesWorkbook.export(town, Enterprises.Query.of(null), out);
        try (var wb = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            var sheet = wb.getSheetAt(0);
            long expected = jdbc.sql("select count(*) from enterprise where region_code like '321282100%'").query(Long.class).single();
            assertThat(sheet.getLastRowNum()).isEqualTo((int) expected);
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                assertThat(sheet.getRow(r).getCell(5).getStringCellValue()).isEqualTo("新桥镇");
            }
        }
    }

    @Test
    void employees_are_imported_onto_posts_by_name_and_a_bad_phone_blocks_the_file() throws IOException {
        long mech = enterpriseIdOf("ent_mech");
        String post = jdbc.sql("select name from org_unit where enterprise_id = :e and tier = 'POST' order by id limit 1")
                .param("e", mech).query(String.class).single();
        var bad = employeesWorkbook.importFrom(mech, workbook(EmployeeWorkbook.COLUMNS, List.of(
                List.of("赵导入", "13700000001", post, "操作工"),
                List.of("钱导入", "1370000", post, "操作工"))));
        assertThat(bad.errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(3);
            assertThat(e.message()).contains("手机号");
        });
        assertThat(jdbc.sql("select count(*) from employee where name = '赵导入'").query(Long.class).single()).isZero();

        // From a page the enterprise's id is resolved in the caller's scope: another enterprise's account gets a 404.
        var row = List.of(List.<Object>of("赵导入", "13700000001", post, "操作工"));
        var chem = new cn.shuangkong.support.EnterprisePerson("ent_chem", enterpriseIdOf("ent_chem"));
        assertThatThrownBy(() -> employeesWorkbook.importFrom(chem, mech, workbook(EmployeeWorkbook.COLUMNS, row)))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        assertThatThrownBy(() -> employeesWorkbook.template(chem, mech)).isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        assertThat(jdbc.sql("select count(*) from employee where name = '赵导入'").query(Long.class).single()).isZero();
        var own = new cn.shuangkong.support.EnterprisePerson("ent_mech", mech);
        assertThat(employeesWorkbook.importFrom(own, mech, null).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("请选择"));
        assertThat(employeesWorkbook.template(own, mech)).isNotEmpty();

        var good = employeesWorkbook.importFrom(own, mech, workbook(EmployeeWorkbook.COLUMNS, row));
        assertThat(good.imported()).isEqualTo(1);
        assertThat(jdbc.sql("select u.name from employee m join org_unit u on u.id = m.post_id where m.name = '赵导入'")
                .query(String.class).single()).isEqualTo(post);
    }
}
