package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.hazard.HazardRegister.Found;
import cn.shuangkong.hazard.HazardRegister.GradingInput;
import cn.shuangkong.inspection.internal.InspectionScheduler;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.EnterprisePerson;
import cn.shuangkong.support.PlatformTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The findings of one piece of work are registered together, set-based (one insert, one risk point update), and come
 * out exactly as if registered one by one: each its own hazard and audit record, a later one the repeat of an earlier
 * one of the same batch, every reason to re-assess the point audited.
 */
class FindingsTogetherTest extends PlatformTest {

    @Autowired HazardRegister register;
    @Autowired InspectionScheduler scheduler;

    @Test
    void a_batch_of_the_same_finding_repeats_within_itself_as_one_by_one_registration_does() {
        long enterprise = enterpriseIdOf("ent_mech");
        long point = jdbc.sql("select id from risk_point where enterprise_id = :e order by id desc limit 1").param("e", enterprise)
                .query(Long.class).single();
        var keeper = new EnterprisePerson("ent_mech", enterprise);
        String together = "砂轮机防护罩缺失 " + UUID.randomUUID().toString().substring(0, 8);
        String apart = "砂轮机托架间隙过大 " + UUID.randomUUID().toString().substring(0, 8);

        List<Found> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) batch.add(found(point, together, null));
        batch.add(found(point, "配电箱门未关闭 " + UUID.randomUUID().toString().substring(0, 8), null)); // another kind: no repeat
        List<Hazard> made = register.registerFindings(keeper, enterprise, batch).stream().map(HazardRegister.Registration::hazard).toList();
        List<Hazard> oneByOne = new ArrayList<>();
        for (int i = 0; i < 3; i++) oneByOne.add(register.registerFinding(keeper, enterprise, found(point, apart, null).report(), null, null).hazard());

        assertThat(made).hasSize(4);
        assertThat(made.stream().map(Hazard::id).distinct()).hasSize(4);
        for (List<Hazard> run : List.of(made.subList(0, 3), oneByOne)) {
            assertThat(run.get(0).repeatOf()).isNull();
            assertThat(run.get(1).repeatOf()).isEqualTo(run.get(0).id());
            assertThat(run.get(1).earlierInWindow()).isEqualTo(1);
            assertThat(run.get(2).repeatOf()).as("the latest earlier one").isEqualTo(run.get(1).id());
            assertThat(run.get(2).earlierInWindow()).isEqualTo(2);
            assertThat(stored(run.get(2).id())).isEqualTo(run.get(1).id() + "|2");
            // the third of a kind within 90 days flags the point, audited with its own reason
            assertThat(audits("risk_point", point, "风险点待重新评价", "%同类隐患已出现 3 次%#" + run.get(2).id() + " %")).isEqualTo(1);
        }
        assertThat(made.get(3).repeatOf()).isNull();
        for (Hazard h : made) assertThat(audits("hazard", h.id(), "登记隐患", "%")).as("each hazard audited").isEqualTo(1);
    }

    @Test
    void a_patrol_whose_answers_are_all_abnormal_opens_a_hazard_for_each_and_audits_each_failed_measure() {
        scheduler.runOnce();
        Api worker = loggedIn("worker_chem");
        Map<Long, List<JsonNode>> byPoint = new LinkedHashMap<>();
        for (JsonNode t : worker.get("/api/v1/inspection/tasks/mine").json()) {
            byPoint.computeIfAbsent(t.get("riskPointId").asLong(), p -> new ArrayList<>()).add(t);
        }
        assertThat(byPoint).as("worker_chem has open tasks").isNotEmpty();
        // a point with several open tasks, the first listed only if no other has them (InspectionFlowTest answers that one)
        long first = byPoint.keySet().iterator().next();
        var point = byPoint.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .min((a, b) -> Boolean.compare(a.getKey() == first, b.getKey() == first)).orElseThrow();
        long enterprise = enterpriseIdOf("ent_chem");
        long open = openHazards(enterprise);
        long flags = audits("risk_point", point.getKey(), "风险点待重新评价", "管控措施失效%");
        var answers = point.getValue().stream().map(t -> Map.<String, Object>of("taskId", t.get("id").asLong(), "result", "ABNORMAL",
                "note", "第 " + t.get("id").asLong() + " 号任务：防护设施缺失")).toList();

        var r = worker.post("/api/v1/inspection/records", Api.json(Map.of("riskPointId", point.getKey(), "answers", answers)));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        List<Long> hazards = new ArrayList<>();
        r.json().get("hazardIds").forEach(id -> hazards.add(id.asLong()));
        assertThat(hazards).hasSize(answers.size()).doesNotHaveDuplicates();
        for (JsonNode task : point.getValue()) {
            // each answer holds the hazard opened from it
            String description = jdbc.sql("""
                    select h.description from inspection_answer a join hazard h on h.id = a.hazard_id
                     where a.task_id = :t and a.record_id = :r""").param("t", task.get("id").asLong())
                    .param("r", r.json().get("recordId").asLong()).query(String.class).single();
            assertThat(description).startsWith("第 " + task.get("id").asLong() + " 号任务");
        }
        for (long h : hazards) assertThat(audits("hazard", h, "登记隐患", "%")).isEqualTo(1);
        assertThat(audits("risk_point", point.getKey(), "风险点待重新评价", "管控措施失效%") - flags)
                .as("every failed measure's reason audited, though the point keeps its first").isEqualTo(answers.size());
        assertThat(openHazards(enterprise) - open).as("the read model counts every new hazard").isEqualTo(answers.size());
    }

    /**
     * A phone that resends its report while the first is still being saved (a slow network): both once found no hazard
     * of the client key and both inserted one; the second broke the key's unique index, a raw conflict instead of the
     * first's hazard. Registrations of one key now take turns: every resend answers the one hazard.
     */
    @Test
    void a_report_resent_at_the_same_moment_registers_one_hazard() throws Exception {
        var site = cn.shuangkong.support.FreshEnterprise.create(jdbc, "并发上报测试");
        var keeper = new EnterprisePerson("race_keeper", site.id());
        String key = "phone-" + UUID.randomUUID();
        var report = new HazardReport(HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION, null, "消防通道堆放杂物",
                "消防通道堆放纸箱，宽度不足", "仓库", null, key);
        var outcomes = cn.shuangkong.support.AtOnce.run(6, i -> register.registerFinding(keeper, site.id(), report, null, null));
        assertThat(outcomes).hasSize(6).allSatisfy(o -> assertThat(o.failure()).as("every resend answered").isNull());
        assertThat(outcomes).extracting(o -> o.value().hazard().id()).containsOnly(outcomes.get(0).value().hazard().id());
        assertThat(jdbc.sql("select count(*) from hazard where enterprise_id = :e").param("e", site.id()).query(Long.class).single())
                .isEqualTo(1);
    }

    private static Found found(long point, String title, GradingInput grading) {
        return new Found(new HazardReport(HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION, point, title, title + "（检查发现）",
                "机加工车间", null, null), grading, null);
    }

    private String stored(long id) {
        return jdbc.sql("select repeat_of || '|' || earlier_in_window from hazard where id = :h").param("h", id).query(String.class).single();
    }

    private long audits(String type, long id, String action, String summary) {
        return jdbc.sql("select count(*) from audit_record where entity_type = :t and entity_id = :id and action = :a and summary like :s")
                .param("t", type).param("id", String.valueOf(id)).param("a", action).param("s", summary).query(Long.class).single();
    }

    private long openHazards(long enterprise) {
        return jdbc.sql("select coalesce(sum(open), 0) from hazard_facts where enterprise_id = :e").param("e", enterprise)
                .query(Long.class).single();
    }
}
