package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.awt.Color;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The refusing transitions over the API, each audited: a 随手拍 rejected, a fix on the spot refused, a 销号 declined by
 * the regulator (the hazard goes back to rectification). The others are walked in HazardApiTest and HazardTest.
 */
class HazardTransitionsApiTest extends PlatformTest {

    String state(Api as, long id) {
        return as.get("/api/v1/hazards/" + id).json().get("state").asString();
    }

    long audited(long id, String action) {
        return jdbc.sql("select count(*) from audit_record where entity_type = 'hazard' and entity_id = :id and action = :a")
                .param("id", String.valueOf(id)).param("a", action).query(Long.class).single();
    }

    @Test
    void a_snapshot_is_rejected_with_a_reason() {
        Api chem = loggedIn("ent_chem");
        var snap = HazardApiTest.report("SNAPSHOT", "走廊灯不亮（误报）");
        snap.put("photo", HazardApiTest.b64(Photos.png(Color.GRAY)));
        long id = loggedIn("worker_chem").post("/api/v1/hazards", Api.json(snap)).json().get("id").asLong();
        assertThat(chem.post("/api/v1/hazards/" + id + "/reject", "{\"reason\":\"\"}").status()).isEqualTo(400);
        assertThat(chem.post("/api/v1/hazards/" + id + "/reject", "{\"reason\":\"办公区照明，不属于生产安全隐患\"}").status()).isEqualTo(200);
        assertThat(state(chem, id)).isEqualTo("REJECTED");
        assertThat(audited(id, "驳回")).isEqualTo(1);
        assertThat(chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem", LocalDate.now(clock).plusDays(3)))).status())
                .as("a rejected report is out of the loop").isEqualTo(409);
    }

    @Test
    void a_fix_on_the_spot_refused_by_the_second_person_goes_back_to_registered() {
        Api chem = loggedIn("ent_chem");
        long id = chem.post("/api/v1/hazards", Api.json(HazardApiTest.report("SELF_CHECK", "灭火器压力不足"))).json().get("id").asLong();
        assertThat(loggedIn("worker_chem").post("/api/v1/hazards/" + id + "/fix-on-spot",
                Api.json(Map.of("note", "已更换灭火器", "photo", HazardApiTest.b64(Photos.png(Color.GREEN))))).status()).isEqualTo(200);
        assertThat(chem.post("/api/v1/hazards/" + id + "/refuse-fix", "{\"reason\":\"更换的灭火器也已过期\"}").status()).isEqualTo(200);
        assertThat(state(chem, id)).isEqualTo("REGISTERED");
        assertThat(audited(id, "退回即查即改")).isEqualTo(1);
    }

    @Test
    void the_regulator_declines_closure_and_the_hazard_goes_back_to_rectification() {
        Api chem = loggedIn("ent_chem");
        Api city = loggedIn("gov_city");
        var body = HazardApiTest.report("SELF_CHECK", "液氨储罐安全阀失效（销号退回）");
        body.put("level", "MAJOR");
        body.put("criterionCode", "CHEM-2017-15");
        long id = chem.post("/api/v1/hazards", Api.json(body)).json().get("id").asLong();
        LocalDate today = LocalDate.now(clock);
        assertThat(city.post("/api/v1/hazards/" + id + "/supervision", Api.json(Map.of("docNo", "靖应急督〔2026〕99号", "level", "市级",
                "deadline", today.plusDays(30).toString()))).status()).isEqualTo(200);
        assertThat(chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem", today.plusDays(10)))).status()).isEqualTo(200);
        assertThat(loggedIn("worker_chem").post("/api/v1/hazards/" + id + "/complete",
                Api.json(Map.of("note", "安全阀已校验", "photo", HazardApiTest.b64(Photos.png(Color.BLUE))))).status()).isEqualTo(200);
        assertThat(chem.post("/api/v1/hazards/" + id + "/accept", "{\"passed\":true,\"opinion\":\"合格\"}").status()).isEqualTo(200);
        assertThat(state(chem, id)).isEqualTo("AWAITING_REGULATOR");
        assertThat(chem.post("/api/v1/hazards/" + id + "/closure/decision", "{\"approved\":true}").status())
                .as("the enterprise cannot close a supervised hazard itself").isEqualTo(403);
        assertThat(city.post("/api/v1/hazards/" + id + "/closure/decision", "{\"approved\":false,\"opinion\":\"未提供校验报告\"}").status()).isEqualTo(200);
        assertThat(state(chem, id)).isEqualTo("RECTIFYING");
        assertThat(audited(id, "审批销号")).as("the declined closure is audited").isEqualTo(1);
    }
}
