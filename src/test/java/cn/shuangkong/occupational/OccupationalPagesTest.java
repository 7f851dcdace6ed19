package cn.shuangkong.occupational;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.occupational.internal.HealthExams;
import cn.shuangkong.occupational.internal.OccupationalFactors;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.support.PageTest;
import cn.shuangkong.support.TestActor;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The safety manager keeps 职业健康 on its page: the to-do list says what the database says, a factor entered with a
 * field missing keeps what was typed, an exam recorded or a person moved takes their line off the list; a regulator
 * reads the enterprises of its scope.
 */
class OccupationalPagesTest extends PageTest {

    @Autowired
    OccupationalFactors factors;

    @Autowired
    HealthExams exams;

    @Autowired
    OrgStructure org;

    private long count(String sql, long enterprise) {
        return jdbc.sql(sql).param("e", enterprise).query(Long.class).single();
    }

    private long rows(String todo) {
        return browser.all("#todos tbody tr[data-todo='" + todo + "']").size();
    }

    private WebElement row(String todo, long employee) {
        return browser.all("#todos tbody tr[data-todo='" + todo + "'][data-employee='" + employee + "']").stream().findFirst().orElse(null);
    }

    @Test
    void the_to_do_list_agrees_with_the_records_and_follows_an_exam_and_a_move() {
        long chem = enterpriseIdOf("ent_chem");
        var manager = new TestActor(chem, null, Set.of("occupational:read", "occupational:write", OrgStructure.WRITE));
        LocalDate today = LocalDate.now(clock);
        // the test's own people: a new grinder with no exam, and a boiler man found a contraindication to noise
        long team = org.units(chem).stream().filter(u -> OrgStructure.Tier.TEAM.name().equals(u.tier())).findFirst().orElseThrow().id();
        long grinding = org.addUnit(manager, chem, team, "页面测试打磨工" + System.nanoTime() % 10000, OrgStructure.Tier.POST);
        long quiet = org.addUnit(manager, chem, team, "页面测试资料员" + System.nanoTime() % 10000, OrgStructure.Tier.POST);
        factors.add(manager, new OccupationalFactors.Draft(grinding, OccupationalFactors.Category.PHYSICAL, "噪声", "听力损失", "佩戴耳塞", "脱离噪声环境"));
        long grinder = org.addEmployee(chem, grinding, "页面测试甲", null, null);
        long deaf = org.addEmployee(chem, grinding, "页面测试乙", null, null);
        exams.record(manager, new HealthExams.Draft(deaf, HealthExams.Kind.PRE_PLACEMENT, today.minusYears(1), "靖江市人民医院", HealthExams.Conclusion.NORMAL, null));
        exams.record(manager, new HealthExams.Draft(deaf, HealthExams.Kind.PERIODIC, today, "靖江市人民医院", HealthExams.Conclusion.CONTRAINDICATION, null));

        browser.loginAs("ent_chem").open("/occupational");
        assertThat(browser.find("h1").getText()).isEqualTo("职业健康");
        assertThat(rows("MISSING_PRE_PLACEMENT")).as("people on posts with a factor no 上岗前 exam of theirs was made against").isEqualTo(count("""
                select count(*) from employee m where m.enterprise_id = :e and m.left_on is null
                   and exists (select 1 from occupational_factor f where f.post_id = m.post_id
                                  and not exists (select 1 from health_exam x where x.employee_id = m.id and x.kind = 'PRE_PLACEMENT'
                                                     and f.name = any(x.factors)))""", chem)).isPositive();
        assertThat(rows("MUST_DIAGNOSE")).as("疑似职业病 without a diagnosis").isEqualTo(count("""
                select count(*) from health_exam x join employee m on m.id = x.employee_id
                 where x.enterprise_id = :e and m.left_on is null and x.conclusion = 'SUSPECTED' and x.diagnosed_on is null""", chem)).isPositive();
        assertThat(rows("MUST_MOVE")).as("a latest exam finding a contraindication to a factor of the person's post now").isEqualTo(count("""
                select count(*) from employee m
                  join lateral (select x.conclusion, x.factors from health_exam x where x.employee_id = m.id
                                 order by x.examined_on desc, x.id desc limit 1) l on true
                 where m.enterprise_id = :e and m.left_on is null and l.conclusion = 'CONTRAINDICATION'
                   and exists (select 1 from occupational_factor f where f.post_id = m.post_id and f.name = any(l.factors))""", chem)).isPositive();
        assertThat(row("MISSING_PRE_PLACEMENT", grinder)).isNotNull();
        assertThat(row("MUST_MOVE", deaf).getText()).contains("页面测试乙", "须调离", "噪声");
        browser.screenshot("occupational-ent_chem");

        // a factor entered without its first-aid text comes back with everything typed
        browser.find("#factor-form summary").click();
        new Select(browser.find("#factor-form select[name=postId]")).selectByValue(String.valueOf(quiet));
        new Select(browser.find("#factor-form select[name=category]")).selectByValue("CHEMICAL");
        browser.find("#factor-form input[name=name]").sendKeys("甲醛");
        browser.find("#factor-form textarea[name=healthEffects]").sendKeys("刺激眼和呼吸道，可致过敏");
        browser.find("#factor-form textarea[name=protection]").sendKeys("通风，佩戴防毒口罩");
        browser.submit("#factor-form button[type=submit]");
        assertThat(browser.awaitText(".alert.error", t -> !t.isBlank())).isEqualTo("请填写应急救治措施");
        assertThat(browser.find("#factor-form input[name=name]").getAttribute("value")).isEqualTo("甲醛");
        assertThat(browser.find("#factor-form textarea[name=protection]").getAttribute("value")).isEqualTo("通风，佩戴防毒口罩");
        browser.find("#factor-form textarea[name=firstAid]").sendKeys("脱离现场，清水冲洗，就医");
        browser.submit("#factor-form button[type=submit]");
        assertThat(browser.awaitText(".alert.ok", t -> !t.isBlank())).isEqualTo("已登记职业病危害因素");
        assertThat(browser.find("#post-" + quiet).getText()).contains("甲醛", "化学因素", "脱离现场，清水冲洗，就医");

        // the grinder's 上岗前 exam takes him off the list
        browser.find("#exam-form summary").click();
        new Select(browser.find("#exam-form select[name=employeeId]")).selectByValue(String.valueOf(grinder));
        new Select(browser.find("#exam-form select[name=kind]")).selectByValue("PRE_PLACEMENT");
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]",
                browser.find("#exam-form input[name=examinedOn]"), today.toString());
        browser.find("#exam-form input[name=institution]").sendKeys("靖江市人民医院职业病科");
        new Select(browser.find("#exam-form select[name=conclusion]")).selectByValue("NORMAL");
        browser.submit("#exam-form button[type=submit]");
        assertThat(browser.awaitText(".alert.ok", t -> !t.isBlank())).isEqualTo("已登记职业健康检查");
        assertThat(row("MISSING_PRE_PLACEMENT", grinder)).isNull();

        // moving the boiler man to a post without noise clears 须调离; the post offered is one without it
        WebElement move = row("MUST_MOVE", deaf);
        move.findElement(By.cssSelector("summary")).click();
        var choices = new Select(move.findElement(By.cssSelector("select[name=postId]")));
        assertThat(choices.getOptions().stream().map(o -> o.getAttribute("value"))).contains(String.valueOf(quiet))
                .doesNotContain(String.valueOf(grinding));
        choices.selectByValue(String.valueOf(quiet));
        move.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(browser.awaitText(".alert.ok", t -> !t.isBlank())).isEqualTo("已调岗");
        assertThat(row("MUST_MOVE", deaf)).isNull();

        browser.phone().open("/occupational");
        browser.screenshot("occupational-ent_chem-phone");
        browser.open("/occupational#posts");
        browser.screenshot("occupational-ent_chem-phone-posts");
        browser.open("/occupational#exposed");
        browser.screenshot("occupational-ent_chem-phone-exposed");
        browser.desktop();

        browser.open("/occupational?lang=en");
        assertThat(browser.find("h1").getText()).isEqualTo("Occupational health");
        browser.screenshot("occupational-ent_chem-en");
        browser.open("/occupational?lang=zh_CN");

        browser.loginAs("gov_city").open("/occupational");
        assertThat(browser.find("#enterprise-" + chem).getText()).contains("江苏华泰化工有限公司");
        browser.screenshot("occupational-gov_city");
        browser.find("#enterprise-" + chem + " a").click();
        assertThat(browser.find("#todos").getText()).contains("须诊断");
        assertThat(browser.all("#factor-form")).as("read-only for a regulator").isEmpty();
        browser.screenshot("occupational-gov_city-enterprise");
        browser.phone().open(browser.path());
        browser.screenshot("occupational-gov_city-enterprise-phone");
        browser.desktop();
    }
}
