package cn.shuangkong.supervision;

import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** 政府监管 as a regulator and a grid worker use it on the pages. */
class SupervisionPagesTest extends PageTest {

    @Test
    void the_city_sees_why_an_enterprise_is_red_runs_a_draw_and_records_an_inspection_whose_finding_becomes_a_hazard() {
        browser.loginAs("gov_city").open("/supervision/ratings");
        assertThat(browser.find("#rating-counts").getText()).contains("红色（高风险）", "蓝色（低风险）");
        browser.screenshot("supervision-ratings");
        browser.find("#rating-table tbody tr a").click(); // the highest score first
        assertThat(browser.awaitText("#factor-table", t -> t.contains("合计"))).contains("行业", "重大危险源", "未销号重大隐患", "合计");
        assertThat(browser.find("#rating-history").getText()).contains("分");
        browser.screenshot("supervision-enterprise");

        // The plan of the clock's year, (re)generated here from today's ratings as the regulator does it: the demo's plan
        // is of the year the demo was loaded in, and the page rightly shows none for a year no one planned.
        browser.open("/supervision/plan");
        browser.find("form.inline-form[method=post] button").click();
        assertThat(okMessage("年度执法计划已生成")).startsWith(LocalDate.now(clock).getYear() + " 年度执法计划已生成");
        assertThat(browser.find("#plan-table").getText()).contains("双随机抽查");
        browser.screenshot("supervision-plan");

        browser.open("/supervision/draws");
        browser.find("#draw-form input[name=count]").clear();
        browser.find("#draw-form input[name=count]").sendKeys("3");
        browser.find("#draw-form input[name=seed]").sendKeys("777");
        browser.find("#draw-form button").click();
        assertThat(okMessage("抽中")).contains("种子 777", "抽中 3 家企业");
        assertThat(browser.all("#pick-table tbody tr")).hasSize(3);
        browser.driver().findElement(By.linkText("按记录的种子和名单重做一次")).click();
        assertThat(browser.awaitText("#replay-result", t -> t.contains("复核一致"))).contains("复核一致");
        browser.screenshot("supervision-draw");

        // 记录检查 for a pick, its team filled in; not at the enterprises with demo accounts, whose hazards other tests count
        var accounts = jdbc.sql("select e.name from enterprise e join user_account u on u.enterprise_id = e.id").query(String.class).list();
        browser.all("#pick-table tbody tr").stream().filter(r -> accounts.stream().noneMatch(r.getText()::contains)).findFirst()
                .orElseThrow().findElement(By.cssSelector("a.btn")).click();
        assertThat(browser.find("input[name=inspectors]").getAttribute("value")).contains("、");
        browser.find("form.form button[type=submit]").click();
        assertThat(okMessage("已记录执法检查")).isNotEmpty();
        browser.find("#finding-form input[name=title]").sendKeys("安全出口被货物堵塞");
        browser.find("#finding-form input[name=location]").sendKeys("成品仓库北门");
        browser.find("#finding-form textarea[name=description]").sendKeys("北侧安全出口前堆放成品托盘，无法开启。");
        browser.find("#finding-form button").click();
        assertThat(okMessage("已进入企业隐患台账")).contains("来源：执法检查");
        browser.find("#issue-order").click();
        assertThat(okMessage("已签发责令限期整改指令书")).isNotEmpty();
        assertThat(browser.find("#order-link").getText()).matches("靖应急责改〔\\d{4}〕第\\d{4}号（PDF）");
        assertThat(browser.find("#finding-table").getText()).contains("安全出口被货物堵塞", "已登记", "待复查");
        browser.screenshot("supervision-inspection");

        browser.find("#finding-table tbody tr a").click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Patience.CONDITION)
                .until(d -> browser.path().matches("/hazards/\\d+"));
        assertThat(browser.text()).contains("安全出口被货物堵塞", "执法检查");

        browser.open("/supervision/credit");
        assertThat(browser.find("#blacklist-table").getText()).contains("已列入", "王建国");
        assertThat(browser.find("#record-table").getText()).contains("约谈", "通报");
        browser.screenshot("supervision-credit");
    }

    /** The success message of the page a form post leads to, once that page (not the form's) is showing it. */
    private String okMessage(String expected) {
        return new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Patience.CONDITION)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector(".alert.ok")).stream().map(e -> e.getText())
                        .filter(t -> t.contains(expected)).findFirst().orElse(null));
    }

    @Test
    void a_grid_worker_records_a_patrol_on_the_phone_and_the_town_sees_only_its_own() {
        browser.loginAs("grid_xq").phone().open("/supervision/patrol");
        // the page counts 本网格's enterprises under the grid's own name, as 用户管理 lists the account's unit
        String grid = jdbc.sql("select g.name from grid g join user_account u on u.grid_id = g.id where u.username = 'grid_xq'")
                .query(String.class).single();
        assertThat(browser.text()).contains(grid + " · 本网格");
        var select = new org.openqa.selenium.support.ui.Select(browser.find("#patrol-form select[name=enterpriseId]"));
        long target = jdbc.sql("""
                select id from enterprise where grid_id = (select grid_id from user_account where username = 'grid_xq')
                   and id not in (select enterprise_id from user_account where enterprise_id is not null) order by id desc limit 1
                """).query(Long.class).single();
        select.selectByValue(String.valueOf(target));
        browser.find("#patrol-form textarea[name=note]").sendKeys("二号车间消防通道堆放原料。");
        browser.find("#patrol-found").click();
        browser.find("#patrol-form input[name=title]").sendKeys("消防通道堵塞");
        browser.find("#patrol-form input[name=location]").sendKeys("二号车间西侧");
        browser.screenshot("supervision-patrol-phone");
        browser.find("#patrol-form button[type=submit]").click();
        assertThat(okMessage("已推送至企业隐患台账")).isNotEmpty();
        assertThat(browser.text()).contains("隐患 #");

        browser.desktop().loginAs("gov_town").open("/supervision/grids");
        assertThat(browser.find("#grid-table").getText()).contains("新桥镇第一网格").doesNotContain("滨江新区");
        browser.screenshot("supervision-grids-gov_town");
        browser.open("/supervision/ratings");
        assertThat(browser.find("#rating-table").getText()).doesNotContain("滨江新区").contains("新桥镇");

        long chem = enterpriseIdOf("ent_chem");
        browser.open("/supervision/enterprises/" + chem);
        assertThat(browser.text()).contains("不存在或不在您的数据范围内");

        browser.loginAs("ent_mech").open("/supervision/plan");
        assertThat(browser.text()).doesNotContain("年度执法检查计划");
        browser.open("/supervision/enterprises/" + chem);
        assertThat(browser.text()).contains("不存在或不在您的数据范围内");
        browser.open("/supervision/ratings"); // an enterprise lands on its own rating
        assertThat(browser.find("#factor-table").getText()).contains("合计");
        assertThat(browser.all("a[href='/supervision/plan']")).isEmpty();
    }
}
