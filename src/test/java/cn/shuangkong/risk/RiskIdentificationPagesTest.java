package cn.shuangkong.risk;

import cn.shuangkong.risk.internal.RiskImport;
import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The identification pages as ent_chem meets them: the SCL worksheet and units of the tank farm, and the Excel import. */
class RiskIdentificationPagesTest extends PageTest {

    private static String textOnceShown(String expected) {
        new WebDriverWait(browser.driver(), Patience.CONDITION).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.tagName("body")).getText().contains(expected));
        return browser.text();
    }

    @Test
    void the_tank_farm_shows_its_units_and_scl_check_items_and_a_new_item_lands_in_order() {
        long id = jdbc.sql("select id from risk_point where name = '甲类储罐区（甲醇、甲苯）'").query(Long.class).single();
        browser.loginAs("ent_chem").open("/risks/" + id);
        assertThat(browser.find("#unit-table").getText()).contains("T-101～T-106 内浮顶储罐组", "汽车装卸站", "重大风险");
        assertThat(browser.find("#worksheet-link").getText()).isEqualTo("SCL 安全检查表");
        browser.screenshot("risk-detail-units");
        browser.find("#worksheet-link").click();
        assertThat(textOnceShown("安全检查表分析（SCL） 评价记录")).contains("液位计量与高液位联锁", "储罐超装溢罐", "检查标准");
        browser.find("#add-step summary").click();
        browser.find("#add-step input[name=name]").sendKeys("罐区可燃气体检测报警仪");
        browser.find("#add-step input[name=seq]").sendKeys("2");
        browser.find("#add-step input[name=standard]").sendKeys("报警仪完好，报警值设定为爆炸下限的 25%");
        browser.find("#add-step button[type=submit]").click();
        textOnceShown("已添加：罐区可燃气体检测报警仪");
        List<String> items = browser.all("#worksheet tbody tr td:nth-child(2) b").stream().map(e -> e.getText()).toList();
        assertThat(items.subList(0, 3)).containsExactly("液位计量与高液位联锁", "罐区可燃气体检测报警仪", "罐体、管线、阀门及密封");
        browser.screenshot("risk-worksheet-scl");
    }

    @Test
    void a_bad_import_lists_its_rows_on_the_page_and_the_corrected_file_goes_in() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        var bad = Map.of(
                RiskImport.POINTS, List.of(List.of("PG-IMP-1", "页面导入 · 循环水泵房", "设备设施", "罐区", "", "否", ""),
                        List.of("PG-IMP-2", "页面导入 · 冷却塔", "设备", "罐区", "", "否", "")),
                RiskImport.EVENTS, List.of(List.of("PG-IMP-1", "", "", "泵联轴器卷入", "防护罩缺失", "2105", "机械伤害", "", "")));
        Path file = Files.createTempFile("risk-import", ".xlsx");
        Files.write(file, RiskIdentificationTest.xlsx(bad));
        browser.loginAs("ent_chem").open("/risks/import");
        assertThat(browser.text()).contains("下载导入模板", "整个文件都不会导入");
        browser.find("#import-form input[type=file]").sendKeys(file.toAbsolutePath().toString());
        browser.find("#import-form button[type=submit]").click();
        textOnceShown("未导入任何数据");
        assertThat(browser.find("#import-errors").getText()).contains("风险点 · 类型*", "风险事件 · 可能后果*", "不能为空");
        browser.screenshot("risk-import-errors");
        assertThat(jdbc.sql("select count(*) from risk_point where enterprise_id = :e and code = 'PG-IMP-1'").param("e", chem)
                .query(Long.class).single()).isZero();

        var good = Map.of(
                RiskImport.POINTS, List.of(List.of("PG-IMP-1", "页面导入 · 循环水泵房", "设备设施", "罐区", "", "否", "")),
                RiskImport.EVENTS, List.of(List.of("PG-IMP-1", "", "联轴器", "泵联轴器卷入", "防护罩缺失", "2105", "机械伤害", "", "衣物卷入致伤")));
        Files.write(file, RiskIdentificationTest.xlsx(good));
        browser.find("#import-form input[type=file]").sendKeys(file.toAbsolutePath().toString());
        browser.find("#import-form button[type=submit]").click();
        assertThat(textOnceShown("导入成功")).contains("2 行已登记");
        browser.open("/risks?q=PG-IMP-1");
        assertThat(browser.find("#risk-table").getText()).contains("页面导入 · 循环水泵房", "未评价");
    }

    @Test
    void the_administrator_sees_both_gb6441_editions_and_which_one_new_events_use() {
        browser.loginAs("admin").open("/risks/dictionaries");
        assertThat(browser.find("#current-edition").getText()).isEqualTo("GB 6441-1986");
        assertThat(browser.text()).contains("企业职工伤亡事故分类", "中毒和窒息", "生产安全事故分类与编码", "厂（场）内车辆致害",
                "代码未核实", "已有事件保留原版本");
        browser.screenshot("risk-dictionaries-admin");
    }
}
