package cn.shuangkong.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PageTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** 移出黑名单 follows the four-eyes rule of listing: one person proposes, a different person approves, both audited. */
class BlacklistRemovalTest extends PageTest {

    @Test
    void a_listing_is_taken_off_only_when_a_second_person_approves_the_removal() {
        long id = listed(2);
        Api city = loggedIn("gov_city");
        Api lead = loggedIn("gov_lead");

        var proposed = city.post("/api/v1/supervision/blacklist/" + id + "/removal", Api.json(Map.of("reason", "信用修复完成")));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        assertThat(proposed.json().get("state").asString()).as("still listed until approved").isEqualTo("ACTIVE");
        assertThat(proposed.json().get("removalProposedBy").asString()).isEqualTo("gov_city");
        assertThat(city.post("/api/v1/supervision/blacklist/" + id + "/removal", Api.json(Map.of("reason", "再次提请"))).status())
                .isEqualTo(409);

        var self = city.post("/api/v1/supervision/blacklist/" + id + "/removal/decision", Api.json(Map.of("approve", true)));
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.json().get("detail").asString()).contains("须由另一名人员审批");
        assertThat(state(id)).isEqualTo("ACTIVE");

        var approved = lead.post("/api/v1/supervision/blacklist/" + id + "/removal/decision", Api.json(Map.of("approve", true, "note", "同意")));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("state").asString()).isEqualTo("REMOVED");
        assertThat(approved.json().get("removedBy").asString()).isEqualTo("gov_lead");
        assertThat(jdbc.sql("select action from audit_record where entity_type = 'blacklist' and entity_id = :id order by id")
                .param("id", String.valueOf(id)).query(String.class).list()).contains("提请移出黑名单", "批准移出黑名单");
    }

    @Test
    void a_rejected_removal_leaves_the_listing_standing_and_needs_a_reason() {
        long id = listed(3);
        loggedIn("gov_lead").post("/api/v1/supervision/blacklist/" + id + "/removal", Api.json(Map.of("reason", "已整改")));
        Api city = loggedIn("gov_city");
        assertThat(city.post("/api/v1/supervision/blacklist/" + id + "/removal/decision", Api.json(Map.of("approve", false))).status())
                .isEqualTo(400);
        var rejected = city.post("/api/v1/supervision/blacklist/" + id + "/removal/decision",
                Api.json(Map.of("approve", false, "note", "整改未经复查")));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.json().get("state").asString()).isEqualTo("ACTIVE");
        assertThat(rejected.json().get("removalProposedBy").isNull()).isTrue();
    }

    @Test
    void on_the_page_the_proposer_waits_and_the_second_regulator_approves_the_removal() {
        long id = listed(4);
        String name = jdbc.sql("select e.name from blacklist_entry b join enterprise e on e.id = b.enterprise_id where b.id = :id")
                .param("id", id).query(String.class).single();
        browser.loginAs("gov_city").open("/supervision/credit");
        WebElement propose = row(name).findElement(By.cssSelector("form.removal-propose"));
        propose.findElement(By.name("reason")).sendKeys("信用修复完成");
        propose.findElement(By.tagName("button")).click();
        assertThat(browser.awaitText(".alert.ok", t -> t.contains("待另一名人员审批"))).contains("移出黑名单，待另一名人员审批");
        assertThat(row(name).getText()).contains("已列入", "提请移出：信用修复完成", "移出待他人审批");
        assertThat(row(name).findElements(By.cssSelector("form.removal-decide"))).as("no approving one's own proposal").isEmpty();
        assertThat(state(id)).isEqualTo("ACTIVE");
        browser.screenshot("blacklist-removal-proposed");

        browser.loginAs("gov_lead").open("/supervision/credit");
        row(name).findElement(By.cssSelector("form.removal-decide button[value=true]")).click();
        assertThat(browser.awaitText(".alert.ok", t -> t.contains("已移出黑名单"))).contains(name + " 已移出黑名单");
        assertThat(row(name).getText()).contains("已移出", "批准移出");
        assertThat(state(id)).isEqualTo("REMOVED");
        browser.phone().open("/supervision/credit");
        browser.screenshot("blacklist-removal-phone");
    }

    /** An enterprise listed by gov_city's proposal and gov_lead's approval; a different one per test. */
    private long listed(int nth) {
        long enterprise = jdbc.sql("""
                select e.id from enterprise e
                 where not exists (select 1 from blacklist_entry b where b.enterprise_id = e.id)
                   and not exists (select 1 from user_account u where u.enterprise_id = e.id)
                 order by e.id desc offset :n limit 1
                """).param("n", nth * 2).query(Long.class).single();
        var p = loggedIn("gov_city").post("/api/v1/supervision/blacklist", Api.json(Map.of("enterpriseId", enterprise, "reason", "拒不执行指令书")));
        assertThat(p.status()).as(p.body()).isEqualTo(201);
        long id = p.json().get("id").asLong();
        var a = loggedIn("gov_lead").post("/api/v1/supervision/blacklist/" + id + "/decision", Api.json(Map.of("approve", true)));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return id;
    }

    private String state(long id) {
        return jdbc.sql("select state from blacklist_entry where id = :id").param("id", id).query(String.class).single();
    }

    private static WebElement row(String enterprise) {
        return browser.driver().findElement(By.xpath("//table[@id='blacklist-table']//tr[td/a[normalize-space()='" + enterprise + "']]"));
    }
}
