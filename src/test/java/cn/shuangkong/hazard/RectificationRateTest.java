package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.awt.Color;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * 隐患统计 counts an enterprise's open hazards and its 整改率 as the home page and the 驾驶舱 do: a 随手拍 nobody has
 * confirmed yet is no hazard found and none left unrectified (see FoundCountsTest).
 */
class RectificationRateTest extends PlatformTest {

    static final String BINJIANG = "321282401";

    @Test
    void a_snapshot_awaiting_confirmation_lowers_no_rectification_rate() {
        Api city = loggedIn("gov_city");
        long chem = enterpriseIdOf("ent_chem");
        JsonNode before = statistics(city, chem);

        var snap = HazardApiTest.report("SNAPSHOT", "整改率测试：装卸站静电夹锈蚀");
        snap.put("photo", HazardApiTest.b64(Photos.png(new Color(0x2E915C))));
        var filed = loggedIn("worker_chem").post("/api/v1/hazards", Api.json(snap));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        assertThat(filed.json().get("state").asString()).isEqualTo("PENDING_CONFIRMATION");

        JsonNode after = statistics(city, chem);
        assertThat(after.get("found").asLong() - before.get("found").asLong()).as("not found until confirmed, as the 驾驶舱's trend counts it (V300)").isZero();
        assertThat(after.get("open").asLong()).as("not open until confirmed").isEqualTo(before.get("open").asLong());
        assertThat(after.get("rectificationRate").asDouble()).isEqualTo(before.get("rectificationRate").asDouble());

        // the same open and closed as the 驾驶舱's row of the enterprise (the home page reads the same facts)
        JsonNode row = null;
        for (JsonNode e : city.get("/api/v1/dashboard/enterprises?region=" + BINJIANG + "&size=200").json().get("items")) {
            if (e.get("id").asLong() == chem) row = e;
        }
        assertThat(row).isNotNull();
        assertThat(after.get("open").asLong()).isEqualTo(row.get("hazardsOpen").asLong());
        assertThat(after.get("closed").asLong()).isEqualTo(row.get("hazardsClosed").asLong());
        long open = after.get("open").asLong(), closed = after.get("closed").asLong();
        assertThat(after.get("rectificationRate").asDouble()).isCloseTo(closed * 100.0 / (open + closed), org.assertj.core.data.Offset.offset(0.06));
    }

    private JsonNode statistics(Api as, long enterpriseId) {
        var r = as.get("/api/v1/hazard-statistics?enterpriseId=" + enterpriseId);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json()).hasSize(1);
        return r.json().get(0).get("total");
    }
}
