package cn.shuangkong.permit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.permit.internal.PermitKind;
import cn.shuangkong.risk.DailyCommitments;
import cn.shuangkong.risk.SpecialWorkToday;
import cn.shuangkong.support.Api;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 14's "done when", over the API: ent_chem applies for a 一级 动火 on the tank farm on a Saturday and sees it raised
 * to 特级; a failing and then a passing gas analysis; the measures confirmed; approval refused to the wrong role and
 * given by the principal; the work starts once the video is recorded, and the permit is accepted and closed. The
 * regulator sees it open meanwhile, and the daily commitment counts it.
 */
class HotWorkStoryTest extends PermitTestBase {

    @Autowired
    SpecialWorkToday specialWork;

    @Test
    void a_first_level_hot_work_on_a_saturday_on_the_tank_farm_is_raised_to_special_and_runs_its_whole_life() {
        Instant start = nextSaturday(LocalTime.of(9, 0));
        clock.set(start.minusSeconds(3600));
        Api chem = loggedIn("ent_chem");
        long welder = certified("钱永福", "焊接与热切割作业");
        var body = application("HOT_WORK", "一级", tankFarm(), start, start.plusSeconds(6 * 3600),
                List.of(worker(welder, "WELDER"), plainWorker("赵六")));
        body.put("place", "甲类储罐区 T-103 出口管线（防火堤外管廊）");
        body.put("planX", 0.42);
        body.put("planY", 0.61);

        // The tank farm is a 重大危险源: the form must say whether the hot work is inside its fire dike.
        var unanswered = chem.post("/api/v1/permits", Api.json(body));
        assertThat(unanswered.status()).isEqualTo(400);
        assertThat(unanswered.json().get("detail").asString()).contains("重大危险源", "防火堤内");
        body.put("insideDike", false);
        long id = applied(chem, body);

        var sheet = sheet(chem, id);
        assertThat(sheet.get("permit").get("requestedLevel").asString()).isEqualTo("一级");
        assertThat(sheet.get("permit").get("level").asString()).as("Saturday: 升级管理").isEqualTo("特级");
        assertThat(sheet.get("permit").get("levelReason").asString()).contains("公休日", "升级管理");
        assertThat(sheet.get("approver").asString()).isEqualTo("TOP");
        assertThat(sheet.get("status").asString()).isEqualTo("APPLIED");

        // A failing analysis, then a passing one.
        var failing = analyse(chem, id, clock.instant(), List.of(combustible("甲醇", "0.8"), oxygen("20.9")));
        assertThat(failing.status()).as(failing.body()).isEqualTo(201);
        clock.set(start.minusSeconds(1200));
        assertThat(analyse(chem, id, clock.instant(), List.of(combustible("甲醇", "0.2"), oxygen("20.9"))).status()).isEqualTo(201);
        var analyses = sheet(chem, id).get("analyses");
        assertThat(analyses).hasSize(2);
        assertThat(analyses.get(0).get("passed").asBoolean()).as("newest first: passing").isTrue();
        assertThat(analyses.get(1).get("passed").asBoolean()).isFalse();
        assertThat(analyses.get(1).get("samples").get(0).get("limitValue").decimalValue()).isEqualByComparingTo("0.5");

        // Approval waits for every measure, and for the right role.
        Api boss = loggedIn("chem_boss");
        var early = boss.post("/api/v1/permits/" + id + "/approve", Api.json(Map.of("opinion", "同意")));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("detail").asString()).startsWith("以下安全措施尚未确认：").contains("DH01", "DH15");
        confirmAll(loggedIn("worker_chem"), id, PermitKind.HOT_WORK);
        var measures = sheet(chem, id).get("measures");
        assertThat(measures).isNotEmpty();
        for (var m : measures) assertThat(m.get("confirmer").asString()).as(m.get("item").asString()).isNotBlank();

        var wrongRole = loggedIn("chem_tech").post("/api/v1/permits/" + id + "/approve", Api.json(Map.of("opinion", "同意")));
        assertThat(wrongRole.status()).isEqualTo(403);
        assertThat(wrongRole.json().get("detail").asString()).contains("特级", "主要负责人或其授权人");
        var approved = boss.post("/api/v1/permits/" + id + "/approve", Api.json(Map.of("opinion", "同意，全程录像")));
        assertThat(approved.status()).as(approved.body()).isEqualTo(204);

        // The regulator sees it among the open 特级 / 一级 jobs of the city.
        var live = loggedIn("gov_city").get("/api/v1/permits?open=true&kind=HOT_WORK");
        assertThat(live.status()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        live.json().forEach(p -> ids.add(p.get("permit").get("id").asLong()));
        assertThat(ids).contains(id);

        // 特级: no start without the video; then inside the window, on the fresh passing analysis.
        clock.set(start.plusSeconds(60));
        chem = loggedIn("ent_chem");
        var noVideo = chem.post("/api/v1/permits/" + id + "/start", "{}");
        assertThat(noVideo.status()).isEqualTo(409);
        assertThat(noVideo.json().get("detail").asString()).contains("视频录像");
        assertThat(chem.post("/api/v1/permits/" + id + "/video", Api.json(Map.of("reference", "NVR-03 通道 7 2026-12 录像"))).status()).isEqualTo(204);
        var started = chem.post("/api/v1/permits/" + id + "/start", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(204);
        assertThat(sheet(chem, id).get("status").asString()).isEqualTo("IN_PROGRESS");

        var today = specialWork.openOn(chem(), start.atZone(ZONE).toLocalDate());
        assertThat(today).isNotEmpty();
        assertThat(today).anySatisfy(w -> {
            assertThat(w.kind()).isEqualTo(DailyCommitments.SpecialOp.HOT_WORK);
            assertThat(w.level()).isEqualTo("特级");
            assertThat(w.count()).isPositive();
        });

        clock.set(start.plusSeconds(5 * 3600));
        assertThat(chem.post("/api/v1/permits/" + id + "/complete", Api.json(Map.of("note", "焊口检验合格，现场清理完毕"))).status()).isEqualTo(204);
        assertThat(chem.post("/api/v1/permits/" + id + "/close", "{}").status()).isEqualTo(204);
        var closed = sheet(chem, id);
        assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
        List<String> signed = new ArrayList<>();
        closed.get("steps").forEach(s -> signed.add(s.get("action").asString() + "/" + s.get("actor").asString()));
        assertThat(signed).containsExactly("申请/ent_chem", "气体分析/ent_chem", "气体分析/ent_chem", "确认安全措施/worker_chem",
                "审批/chem_boss", "登记视频录像/ent_chem", "开始作业/ent_chem", "完工验收/ent_chem", "关闭/ent_chem");
        assertThat(audited(id)).containsExactly("申请作业票", "记录气体分析", "记录气体分析", "确认安全措施", "审批作业票",
                "登记作业视频", "开始作业", "完工验收", "关闭作业票");
        assertThat(chem.post("/api/v1/permits/" + id + "/cancel", Api.json(Map.of("reason", "已关闭后取消"))).status())
                .as("closed: no cancelling").isEqualTo(409);
    }

    @Test
    void the_demo_chemical_works_has_an_open_hot_work_a_closed_confined_space_and_a_cancelled_permit() {
        var listed = loggedIn("ent_chem").get("/api/v1/permits?enterpriseId=" + chem());
        assertThat(listed.status()).isEqualTo(200);
        List<String> demo = new ArrayList<>();
        listed.json().forEach(p -> {
            if (p.get("permit").get("applicantUsername").asString().matches("ent_chem|chem_tech")
                    && p.get("permit").get("riskPointId").asLong() == tankFarm()) {
                demo.add(p.get("permit").get("kind").asString() + "/" + p.get("permit").get("status").asString());
            }
        });
        assertThat(demo).isNotEmpty();
        assertThat(demo).contains("CONFINED_SPACE/CLOSED", "HEIGHT/CANCELLED");
        assertThat(demo).anyMatch(d -> d.startsWith("HOT_WORK/") && !d.endsWith("CANCELLED"));
        long space = jdbc.sql("select id from permit where enterprise_id = :e and kind = 'CONFINED_SPACE' and status = 'CLOSED' order by id limit 1")
                .param("e", chem()).query(Long.class).single();
        var analyses = sheet(loggedIn("ent_chem"), space).get("analyses");
        assertThat(analyses).hasSize(3);
        assertThat(analyses.get(2).get("passed").asBoolean()).as("the first, before ventilation, failed on oxygen").isFalse();
    }
}
