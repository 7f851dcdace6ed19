package cn.shuangkong.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The 整改期限 the 驾驶舱 and the 数据大屏 show for an open 重大隐患 is the one in force on the hazard's page: a requested
 * extension moves it only once it is granted.
 */
class DeadlineShownTest extends PlatformTest {

    static final String BINJIANG = "321282401";

    @Test
    void a_requested_extension_moves_the_deadline_on_the_dashboard_only_once_it_is_granted() {
        Api chem = loggedIn("ent_chem"), worker = loggedIn("worker_chem"), city = loggedIn("gov_city");
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", "SELF_CHECK");
        body.put("type", "UNSAFE_CONDITION");
        body.put("title", "延期测试罐区可燃气体报警仪失效");
        body.put("description", "罐区可燃气体报警仪失效，现场核实属实");
        body.put("location", "罐区");
        body.put("level", "MAJOR");
        body.put("majorReason", "涉及重大危险源罐区，可能导致火灾爆炸");
        var created = chem.post("/api/v1/hazards", Api.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        var assigned = chem.post("/api/v1/hazards/" + id + "/assign", Api.json(Map.of("responsible", "worker_chem",
                "measures", "更换报警仪并标定", "funds", 8000, "deadline", today.toString(), "contingencyPlan", "整改期间专人巡检")));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);

        var asked = worker.post("/api/v1/hazards/" + id + "/extension",
                Api.json(Map.of("deadline", today.plusDays(40).toString(), "reason", "报警仪到货需 40 天")));
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        assertThat(asked.json().get("deadline").asString()).as("the hazard's page: the request moves nothing").isEqualTo(today.toString());
        assertThat(shownDeadline(city, id)).as("the dashboard and the screen (the same JSON)").isEqualTo(today.toString());

        var granted = chem.post("/api/v1/hazards/" + id + "/extension/decision", "{\"approved\":true}");
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        assertThat(granted.json().get("deadline").asString()).isEqualTo(today.plusDays(40).toString());
        assertThat(shownDeadline(city, id)).isEqualTo(today.plusDays(40).toString());
    }

    /** The deadline the area's list of open 重大隐患 shows for the hazard (the 大屏 polls the same snapshot). */
    private String shownDeadline(Api regulator, long hazardId) {
        var r = regulator.get("/api/v1/dashboard?region=" + BINJIANG);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode list = r.json().get("majorHazards");
        assertThat(list).isNotEmpty();
        for (JsonNode h : list) {
            if (h.hasNonNull("id") && h.get("id").asLong() == hazardId) return h.get("deadline").asString();
        }
        throw new AssertionError("hazard " + hazardId + " not among the area's open major hazards: " + list);
    }
}
