package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.monitoring.internal.GuarantorChecks;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PageTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Who did something is the signed-in person (account → employee); who is responsible is the named role holder. The
 * demo's worker_chem is 顾建华: his 包保 check, his tasks and the 公示牌 name him, and never someone else.
 */
class IdentityTest extends PageTest {

    @Autowired
    GuarantorChecks checks;

    @Test
    void every_account_linked_to_an_employee_is_that_same_person() {
        record Link(String username, String displayName, String employeeName) { }
        List<Link> links = jdbc.sql("""
                select u.username, u.display_name, e.name as employee_name
                  from user_account u join employee e on e.id = u.employee_id order by u.username
                """).query(Link.class).list();
        assertThat(links).extracting(Link::username).contains("worker_chem", "chem_tech", "chem_boss");
        assertThat(links).allSatisfy(l -> assertThat(l.displayName()).as(l.username()).startsWith(l.employeeName()));
    }

    @Test
    void the_guarantor_checks_name_the_holder_and_the_person_who_recorded_them_as_the_same_signed_in_person() {
        long tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
        var declared = loggedIn("ent_chem").post("/api/v1/major-hazard-sources", "{\"riskPointId\":" + tankFarm
                + ",\"unitType\":\"STORAGE\",\"population\":60,\"substances\":[{\"name\":\"甲醇\",\"category\":\"W5.3\",\"quantity\":4000},"
                + "{\"cas\":\"108-88-3\",\"category\":\"W5.3\",\"quantity\":4400}]}");
        assertThat(declared.status()).as(declared.body()).isEqualTo(200);
        assertThat(declared.json().get("operator").asString()).as("the 公示牌's 操作负责人").isEqualTo("顾建华");
        checks.generateAll();
        Api worker = loggedIn("worker_chem");
        List<JsonNode> mine = new ArrayList<>();
        worker.get("/api/v1/guarantor-checks/mine").json().forEach(mine::add);
        assertThat(mine).as("the operator's checks of the tank farm").isNotEmpty();
        assertThat(mine).allSatisfy(c -> assertThat(c.get("employeeName").asString()).isEqualTo("顾建华"));

        // chem_boss is the 主要负责人 named on the point: he records his own check and is named as holder and recorder
        // (the operator's open check is left for MajorHazardDeclarationTest).
        Api boss = loggedIn("chem_boss");
        List<JsonNode> his = new ArrayList<>();
        boss.get("/api/v1/guarantor-checks/mine").json().forEach(his::add);
        assertThat(his).as("the principal's checks, now that the account is linked to its employee").isNotEmpty();
        his.stream().filter(c -> c.get("doneAt").isNull()).findFirst().ifPresent(open -> {
            var r = boss.post("/api/v1/guarantor-checks/" + open.get("id").asLong(), Api.json(Map.of("result", "NORMAL")));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        });
        String principal = declared.json().get("principal").asString();
        List<JsonNode> done = new ArrayList<>();
        boss.get("/api/v1/guarantor-checks/mine").json().forEach(c -> { if (!c.get("doneAt").isNull()) done.add(c); });
        assertThat(done).isNotEmpty();
        assertThat(done).allSatisfy(c -> {
            assertThat(c.get("employeeName").asString()).isEqualTo(principal);
            assertThat(c.get("doneByName").asString()).startsWith(principal);
        });

        // On the source's page the two are apart: 责任人 is the role holder, 记录人 the person who signed in and recorded.
        browser.loginAs("ent_chem").open("/monitoring/sources/" + declared.json().get("id").asLong());
        String table = browser.find("#checks").getText();
        assertThat(table).contains("责任人", "记录人", "顾建华", principal);
        browser.screenshot("major-hazard-source-checks");
        browser.phone().open("/monitoring/sources/" + declared.json().get("id").asLong());
        browser.screenshot("major-hazard-source-checks-phone");

        List<JsonNode> tasks = new ArrayList<>();
        worker.get("/api/v1/inspection/tasks/mine").json().forEach(tasks::add);
        assertThat(tasks).as("his tasks").isNotEmpty();
        assertThat(tasks).anySatisfy(t -> assertThat(t.get("responsibleName").asString()).isEqualTo("顾建华"));
    }
}
