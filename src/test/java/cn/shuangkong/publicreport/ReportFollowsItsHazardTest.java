package cn.shuangkong.publicreport;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.hazard.Photos;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.awt.Color;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What a citizen reads under the tracking code follows the hazard the report became: its 整改 and its 销号, and back
 * when a rectification is refused at 验收.
 */
class ReportFollowsItsHazardTest extends PlatformTest {

    @Autowired
    PublicReports reports;

    private static final String BINJIANG = "321282401";

    @Test
    void the_public_status_follows_the_converted_hazard_to_its_closure() {
        Api city = loggedIn("gov_city"), chem = loggedIn("ent_chem"), worker = loggedIn("worker_chem");
        // filed as a citizen's phone of its own would (the per-client limit is not this test's business)
        String code = reports.submit(new PublicReports.Submission("化工厂围墙外堆放废弃包装桶，有刺鼻气味 " + UUID.randomUUID(),
                "滨江新区港城大道 6 号围墙外", BINJIANG, null, null, List.of()), "10.9." + Math.floorMod(UUID.randomUUID().hashCode(), 250) + ".7").code();
        long id = jdbc.sql("select id from public_report where code = :c").param("c", code).query(Long.class).single();
        long cityDept = jdbc.sql("select department_id from user_account where username = 'gov_city'").query(Long.class).single();
        ok(city.post("/api/v1/reports/" + id + "/assign", Api.json(Map.of("departmentId", cityDept, "note", "市局核查"))));
        ok(city.post("/api/v1/reports/" + id + "/verify", Api.json(Map.of("founded", true, "enterpriseId", enterpriseIdOf("ent_chem"),
                "note", "现场确有废弃包装桶 12 只"))));
        long hazard = ok(city.post("/api/v1/reports/" + id + "/convert", Api.json(Map.of("title", "围墙外堆放废弃包装桶")))).get("hazardId").asLong();
        assertThat(status(code).get("statusLabel").asString()).isEqualTo("已转隐患整改");

        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
        var h = chem.get("/api/v1/hazards/" + hazard).json();
        if (h.get("allowedActions").toString().contains("ASSIGN")) {
            ok(chem.post("/api/v1/hazards/" + hazard + "/assign", Api.json(Map.of("responsible", "worker_chem",
                    "measures", "清运废弃包装桶并交有资质单位处置", "deadline", today.plusDays(3).toString()))));
        }
        ok(worker.post("/api/v1/hazards/" + hazard + "/complete", Api.json(Map.of("note", "已清运",
                "photo", Base64.getEncoder().encodeToString(Photos.png(new Color(0x5C2E91)))))));
        JsonNode rectified = status(code);
        assertThat(rectified.get("statusLabel").asString()).isEqualTo("整改完成待验收");
        assertThat(rectified.get("steps").toString()).contains("企业已报整改完成，待验收");

        ok(chem.post("/api/v1/hazards/" + hazard + "/accept", "{\"passed\":false,\"opinion\":\"仍有 2 只未清运\"}"));
        JsonNode refused = status(code);
        assertThat(refused.get("statusLabel").asString()).as("a refused rectification is not reported done").isEqualTo("已转隐患整改");
        assertThat(refused.get("steps").toString()).doesNotContain("企业已报整改完成");

        ok(worker.post("/api/v1/hazards/" + hazard + "/complete", Api.json(Map.of("note", "已全部清运",
                "photo", Base64.getEncoder().encodeToString(Photos.png(new Color(0x915C2E)))))));
        ok(chem.post("/api/v1/hazards/" + hazard + "/accept", "{\"passed\":true,\"opinion\":\"已清理干净\"}"));
        JsonNode closed = status(code);
        assertThat(closed.get("statusLabel").asString()).isEqualTo("已整改销号");
        assertThat(closed.get("publicReply").asString()).isEqualTo("所报隐患已整改完毕，经验收合格销号");
        assertThat(closed.get("steps").toString()).contains("企业已整改，验收合格并销号").doesNotContain("仍有 2 只", "worker_chem", "ent_chem");
    }

    private JsonNode status(String code) {
        var r = api().get("/api/v1/public/reports/" + code);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
