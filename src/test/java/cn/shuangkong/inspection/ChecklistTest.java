package cn.shuangkong.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.inspection.internal.Checklists;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;

/** Standalone checklists: launched by the safety manager, done by the people given them, 异常 → hazards. */
class ChecklistTest extends PlatformTest {

    @Autowired
    Checklists checklists;

    long builtIn(Api as, String name) {
        JsonNode all = as.get("/api/v1/inspection/checklists").json();
        return StreamSupport.stream(all.spliterator(), false).filter(c -> c.get("name").asString().equals(name))
                .findFirst().orElseThrow().get("id").asLong();
    }

    long launch(Api as, long checklist, String title, LocalDate due, String... people) {
        var r = as.post("/api/v1/inspection/checklists/" + checklist + "/runs", Api.json(Map.of("title", title, "area", "甲类储罐区",
                "dueOn", due.toString(), "assignees", List.of(people))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    /** ent_chem as the service sees them, for the checklist editor (a page form, not an API). */
    record Manager(Long enterpriseId) implements cn.shuangkong.shared.Actor {
        public String username() { return "ent_chem"; }
        public String displayName() { return "ent_chem"; }
        public cn.shuangkong.shared.Jurisdiction jurisdiction() { return cn.shuangkong.shared.Jurisdiction.enterprise(enterpriseId, "本企业"); }
        public Long serviceOrgId() { return null; }
        public Long employeeId() { return null; }
        public boolean can(String permission) { return permission.equals("inspection:checklist:write"); }
    }

    @Test
    void the_built_in_checklists_cover_every_kind() {
        JsonNode all = loggedIn("ent_chem").get("/api/v1/inspection/checklists").json();
        var kinds = StreamSupport.stream(all.spliterator(), false).filter(c -> c.get("enterpriseId").isNull())
                .map(c -> c.get("kind").asString()).distinct().toList();
        assertThat(kinds).containsExactlyInAnyOrder("COMPREHENSIVE", "SPECIALIZED", "SEASONAL", "HOLIDAY", "ACCIDENT_ANALOGY");
    }

    @Test
    void an_abnormal_answer_on_an_item_citing_a_criterion_opens_a_major_hazard_with_the_item_cited() {
        Api chem = loggedIn("ent_chem");
        long checklist = builtIn(chem, "事故类比：储罐区火灾爆炸");
        long run = launch(chem, checklist, "罐区事故类比检查（测试）", LocalDate.now(clock).plusDays(2), "worker_chem");
        assertThat(jdbc.sql("select count(*) from notice where username = 'worker_chem' and kind = 'CHECKLIST' and link = :l")
                .param("l", "/inspection/checklists/runs/" + run).query(Long.class).single()).isEqualTo(1);

        Api worker = loggedIn("worker_chem");
        JsonNode mine = worker.get("/api/v1/inspection/checklist-runs/mine").json();
        assertThat(StreamSupport.stream(mine.spliterator(), false).anyMatch(r -> r.get("id").asLong() == run)).isTrue();
        JsonNode items = chem.get("/api/v1/inspection/checklists/" + checklist + "/items").json();
        List<Map<String, Object>> answers = new ArrayList<>();
        long cited = -1, plain = -1;
        for (JsonNode i : items) {
            boolean cites = !i.get("criterionCode").isNull();
            if (cites && cited < 0) {
                cited = i.get("id").asLong();
                answers.add(Map.of("itemId", cited, "result", "ABNORMAL", "note", "T-203 紧急切断阀旁路常开", "location", "T-203 罐根"));
            } else if (!cites && plain < 0) {
                plain = i.get("id").asLong();
                answers.add(Map.of("itemId", plain, "result", "ABNORMAL", "note", "呼吸阀阻火器锈蚀"));
            } else {
                answers.add(Map.of("itemId", i.get("id").asLong(), "result", "NORMAL"));
            }
        }
        var r = worker.post("/api/v1/inspection/checklist-runs/" + run + "/record", Api.json(Map.of("answers", answers, "clientKey", "cl-" + run)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("hazardIds").size()).isEqualTo(2);
        long rec = r.json().get("recordId").asLong();

        var major = jdbc.sql("select h.level, h.criterion_code, h.criterion_text, h.location, h.description from hazard h join checklist_answer a on a.hazard_id = h.id where a.item_id = :i and a.record_id = :rec")
                .param("i", cited).param("rec", rec).query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))).single();
        assertThat(major.get(0)).isEqualTo("MAJOR");
        assertThat(major.get(1)).isEqualTo("CHEM-2017-5");
        assertThat(major.get(2)).contains("化工和危险化学品重大隐患判定标准");
        assertThat(major.get(3)).isEqualTo("T-203 罐根");
        assertThat(major.get(4)).contains("罐区事故类比检查（测试）").contains("事故类比：储罐区火灾爆炸");
        assertThat(jdbc.sql("select h.level from hazard h join checklist_answer a on a.hazard_id = h.id where a.item_id = :i and a.record_id = :rec")
                .param("i", plain).param("rec", rec).query(String.class).single()).isEqualTo("GENERAL");
        long majorId = jdbc.sql("select hazard_id from checklist_answer where item_id = :i and record_id = :rec").param("i", cited).param("rec", rec).query(Long.class).single();
        assertThat(jdbc.sql("select count(*) from notice where username = 'gov_city' and kind = 'MAJOR' and hazard_id = :h")
                .param("h", majorId).query(Long.class).single()).as("reported to the regulator at once").isEqualTo(1);

        // The retry answers the first record; a second, different submission is refused; the record cannot be changed.
        assertThat(worker.post("/api/v1/inspection/checklist-runs/" + run + "/record", Api.json(Map.of("answers", answers, "clientKey", "cl-" + run))).status())
                .isEqualTo(200);
        assertThat(worker.post("/api/v1/inspection/checklist-runs/" + run + "/record", Api.json(Map.of("answers", answers))).status())
                .isEqualTo(409);
        long citedItem = cited;
        assertThatThrownBy(() -> jdbc.sql("update checklist_answer set result = 'NORMAL' where item_id = :i and record_id = :rec").param("i", citedItem).param("rec", rec).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("cannot be changed");
        assertThat(jdbc.sql("select status from checklist_inspection where id = :r").param("r", run).query(String.class).single()).isEqualTo("DONE");

        // A record's inspection is found in the caller's scope by the service itself (ADR 0076): another enterprise gets a 404.
        assertThatThrownBy(() -> checklists.runOfRecord(cn.shuangkong.shared.Jurisdiction.enterprise(enterpriseIdOf("ent_mech"), "本企业"), rec))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        assertThat(checklists.runOfRecord(cn.shuangkong.shared.Jurisdiction.enterprise(enterpriseIdOf("ent_chem"), "本企业"), rec)).isEqualTo(run);
    }

    @Test
    void an_unanswered_item_is_listed_and_nothing_is_recorded() {
        Api chem = loggedIn("ent_chem");
        long run = launch(chem, builtIn(chem, "冬季“四防”检查"), "冬季四防（漏项）", LocalDate.now(clock).plusDays(1), "worker_chem");
        long records = jdbc.sql("select count(*) from checklist_record").query(Long.class).single();
        var r = loggedIn("worker_chem").post("/api/v1/inspection/checklist-runs/" + run + "/record", Api.json(Map.of("answers", List.of())));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).contains("第 1 项未选择");
        assertThat(r.json().get("errors").size()).isEqualTo(6);
        assertThat(jdbc.sql("select count(*) from checklist_record").query(Long.class).single()).isEqualTo(records);
    }

    @Test
    void only_the_people_given_it_do_it_and_other_enterprises_do_not_see_it() {
        Api chem = loggedIn("ent_chem");
        long run = launch(chem, builtIn(chem, "有限空间作业专项检查"), "污水池有限空间检查", LocalDate.now(clock).plusDays(5), "worker_chem");
        assertThat(loggedIn("ent_mech").post("/api/v1/inspection/checklist-runs/" + run + "/record", Api.json(Map.of("answers", List.of()))).status())
                .isEqualTo(404);
        assertThat(chem.post("/api/v1/inspection/checklist-runs/" + run + "/record", Api.json(Map.of("answers", List.of()))).status())
                .as("ent_chem was not given it").isEqualTo(403);
        assertThat(loggedIn("worker_chem").post("/api/v1/inspection/checklists/1/runs", Api.json(Map.of("area", "x"))).status())
                .as("a worker cannot launch").isEqualTo(403);
        var badPerson = chem.post("/api/v1/inspection/checklists/1/runs", Api.json(Map.of("area", "全厂", "dueOn", LocalDate.now(clock).toString(),
                "assignees", List.of("ent_mech"))));
        assertThat(badPerson.status()).isEqualTo(400);
        assertThat(badPerson.json().get("errors").get("assignees").asString()).contains("本企业");
    }

    @Test
    void an_enterprise_writes_its_own_checklist_and_an_unknown_criterion_is_refused() {
        Api chem = loggedIn("ent_chem");
        var bad = chem.post("/api/v1/inspection/checklists", "{}");
        assertThat(bad.status()).isIn(404, 405); // created on the page (form); the API reads and launches
        long chemId = enterpriseIdOf("ent_chem");
        var me = new Manager(chemId);
        assertThatThrownBy(() -> checklists.create(me, Checklists.Kind.SPECIALIZED, "动火作业专项", null,
                List.of(new Checklists.ItemInput("动火作业票附气体分析", "CHEM-2017-99"))))
                .hasMessageContaining("未知的判定标准条款");
        long id = checklists.create(me, Checklists.Kind.SPECIALIZED, "动火作业专项", "每月一次",
                List.of(new Checklists.ItemInput("动火作业票附气体分析", "CHEM-2017-18"), new Checklists.ItemInput("  ", null),
                        new Checklists.ItemInput("动火点 15 m 内无可燃物", null)));
        assertThat(checklists.items(id)).extracting(Checklists.Item::content).containsExactly("动火作业票附气体分析", "动火点 15 m 内无可燃物");
        assertThat(loggedIn("ent_mech").get("/api/v1/inspection/checklists/" + id + "/items").status()).isEqualTo(404);
    }

    @Test
    void the_people_are_reminded_the_day_before_it_is_due() {
        Api chem = loggedIn("ent_chem");
        long run = launch(chem, builtIn(chem, "节假日前综合检查"), "国庆节前综合检查", LocalDate.now(clock).plusDays(1), "worker_chem");
        checklists.remindDue();
        checklists.remindDue();
        assertThat(jdbc.sql("select count(*) from notice where username = 'worker_chem' and kind = 'TASK_DUE_SOON' and link = :l")
                .param("l", "/inspection/checklists/runs/" + run).query(Long.class).single()).isEqualTo(1);
    }
}
