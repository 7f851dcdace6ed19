package cn.shuangkong.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class DashboardTest extends PlatformTest {

    static final String XINQIAO = "321282100", BINJIANG = "321282401";

    private JsonNode snapshot(String user, String region) {
        var r = loggedIn(user).get("/api/v1/dashboard" + (region == null ? "" : "?region=" + region));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static long fig(JsonNode s, String name) {
        return s.get("figures").get(name).asLong();
    }

    private static JsonNode area(JsonNode s, String field, String code) {
        for (JsonNode a : s.get(field)) if (a.get("code").asString().equals(code)) return a;
        throw new AssertionError(code + " not in " + field);
    }

    @Test
    void the_figures_move_with_the_rows_underneath() {
        JsonNode cityBefore = snapshot("gov_city", null);
        JsonNode townBefore = snapshot("gov_town", null);
        var rows = new DashboardRows(jdbc);
        Instant now = clock.instant();

        // A red enterprise in 新桥镇 with an overdue open major hazard, a closed one, and a task done and one missed.
        long red = rows.enterprise(XINQIAO, "驾驶舱测试红色企业");
        long point = rows.riskPoint(red, "测试液氨储罐", 1);
        rows.riskPoint(red, "测试配电室", 3);
        rows.hazard(red, "测试重大隐患逾期", true, "RECTIFYING", true, now.minus(Duration.ofDays(3)));
        rows.hazard(red, "测试已销号隐患", false, "CLOSED", false, now.minus(Duration.ofDays(5)));
        rows.task(red, point, now.minus(Duration.ofDays(2)), "DONE");
        rows.task(red, point, now.minus(Duration.ofDays(1)), "OVERDUE");
        // A quiet enterprise: tasks came due, nothing reported — 零报告.
        long quiet = rows.enterprise(XINQIAO, "驾驶舱测试零报告企业");
        long quietPoint = rows.riskPoint(quiet, "测试仓库", 4);
        rows.task(quiet, quietPoint, now.minus(Duration.ofDays(4)), "DONE");

        JsonNode city = snapshot("gov_city", null);
        JsonNode town = snapshot("gov_town", null);
        for (JsonNode[] pair : List.of(new JsonNode[] {cityBefore, city}, new JsonNode[] {townBefore, town})) {
            JsonNode before = pair[0], after = pair[1];
            assertThat(fig(after, "enterprises") - fig(before, "enterprises")).isEqualTo(2);
            assertThat(fig(after, "red") - fig(before, "red")).isEqualTo(1);
            assertThat(fig(after, "blue") - fig(before, "blue")).isEqualTo(1);
            assertThat(fig(after, "majorRisks") - fig(before, "majorRisks")).isEqualTo(1);
            assertThat(fig(after, "riskPoints") - fig(before, "riskPoints")).isEqualTo(3);
            assertThat(fig(after, "majorHazardsOpen") - fig(before, "majorHazardsOpen")).isEqualTo(1);
            assertThat(fig(after, "majorHazardsOverdue") - fig(before, "majorHazardsOverdue")).isEqualTo(1);
            assertThat(fig(after, "hazardsClosed") - fig(before, "hazardsClosed")).isEqualTo(1);
            assertThat(fig(after, "tasksDone") - fig(before, "tasksDone")).isEqualTo(2);
            assertThat(fig(after, "tasksMissed") - fig(before, "tasksMissed")).isEqualTo(1);
            assertThat(fig(after, "zeroReport") - fig(before, "zeroReport")).isEqualTo(1);
        }
        // The city's row for 新桥镇 moved by the same, and is red now.
        JsonNode rowBefore = area(cityBefore, "areas", XINQIAO), rowAfter = area(city, "areas", XINQIAO);
        assertThat(rowAfter.get("enterprises").asLong() - rowBefore.get("enterprises").asLong()).isEqualTo(2);
        assertThat(rowAfter.get("majorHazardsOverdue").asLong() - rowBefore.get("majorHazardsOverdue").asLong()).isEqualTo(1);
        assertThat(rowAfter.get("level").asInt()).isEqualTo(1);
        // The figures equal what the rows say, counted independently.
        long overdueMajor = jdbc.sql("""
                select count(*) from hazard h join enterprise e on e.id = h.enterprise_id
                 where e.region_code like '321282100%' and h.level = 'MAJOR' and h.overdue and h.state not in ('CLOSED','REJECTED')
                """).query(Long.class).single();
        assertThat(fig(town, "majorHazardsOverdue")).isEqualTo(overdueMajor);
        // Red: rated red by supervision, or not rated yet and holding a 重大风险 point.
        long redEnterprises = jdbc.sql("""
                select count(*) from enterprise e left join enterprise_rating r on r.enterprise_id = e.id
                 where e.region_code like '321282100%'
                   and (r.level = 'RED' or r.level is null and exists (select 1 from risk_point p where p.enterprise_id = e.id and p.level = 1))
                """).query(Long.class).single();
        assertThat(fig(town, "red")).isEqualTo(redEnterprises);

        // Drill to the enterprises of level 1 and of 零报告: ours are there.
        var reds = loggedIn("gov_town").get("/api/v1/dashboard/enterprises?level=1&size=200").json();
        assertThat(names(reds.get("items"))).contains("驾驶舱测试红色企业").doesNotContain("驾驶舱测试零报告企业");
        var zero = loggedIn("gov_city").get("/api/v1/dashboard/enterprises?region=" + XINQIAO + "&zeroReport=true&size=200").json();
        assertThat(names(zero.get("items"))).contains("驾驶舱测试零报告企业").doesNotContain("驾驶舱测试红色企业");
        // The overdue major hazard heads the list of open major hazards.
        assertThat(town.get("majorHazards").get(0).get("overdue").asBoolean()).isTrue();
        // This month's trend counts the hazard found three days ago (or last month's, across a month boundary).
        long foundRecent = 0;
        for (JsonNode m : city.get("trend")) foundRecent += m.get("found").asLong();
        long foundRecentBefore = 0;
        for (JsonNode m : cityBefore.get("trend")) foundRecentBefore += m.get("found").asLong();
        assertThat(foundRecent - foundRecentBefore).isEqualTo(2);
    }

    @Test
    void a_town_regulator_sees_only_its_town_and_enterprises_see_no_dashboard() {
        JsonNode town = snapshot("gov_town", null);
        assertThat(town.get("area").get("code").asString()).isEqualTo(XINQIAO);
        for (JsonNode t : town.get("towns")) assertThat(t.get("code").asString()).isEqualTo(XINQIAO);
        for (JsonNode h : town.get("majorHazards")) assertThat(h.get("townName").asString()).isEqualTo("新桥镇");
        for (JsonNode r : town.get("majorRisks")) assertThat(r.get("townName").asString()).isEqualTo("新桥镇");
        for (JsonNode p : town.get("points")) assertThat(regionOf(p)).startsWith(XINQIAO);
        assertThat(town.toString()).doesNotContain("滨江新区", "华泰化工");
        long townEnterprises = jdbc.sql("select count(*) from enterprise where region_code like '321282100%'").query(Long.class).single();
        assertThat(fig(town, "enterprises")).isEqualTo(townEnterprises);

        // Another town, or the whole city, is outside: not found, as any record outside the jurisdiction.
        assertThat(loggedIn("gov_town").get("/api/v1/dashboard?region=" + BINJIANG).status()).isEqualTo(404);
        assertThat(loggedIn("gov_town").get("/api/v1/dashboard?region=321282").status()).isEqualTo(404);
        assertThat(loggedIn("gov_town").get("/api/v1/dashboard/enterprises?region=" + BINJIANG).status()).isEqualTo(404);
        // The city drills into 滨江新区 and sees the chemical works there.
        JsonNode binjiang = snapshot("gov_city", BINJIANG);
        assertThat(binjiang.get("area").get("name").asString()).isEqualTo("滨江新区");
        assertThat(binjiang.get("path").get(0).get("name").asString()).isEqualTo("靖江市");
        assertThat(binjiang.toString()).contains("华泰化工");
        // Enterprise accounts have no dashboard.
        for (String user : List.of("ent_chem", "ent_mech", "worker_chem", "service_org")) {
            assertThat(loggedIn(user).get("/api/v1/dashboard").status()).as(user).isEqualTo(403);
        }
    }

    @Test
    void the_platform_opens_on_the_demo_city_and_may_climb_to_the_province() {
        JsonNode home = snapshot("admin", null);
        assertThat(home.get("area").get("name").asString()).isEqualTo("靖江市");
        assertThat(home.get("areas")).hasSize(12);
        JsonNode province = snapshot("admin", "320000");
        assertThat(province.get("area").get("name").asString()).isEqualTo("江苏省");
        assertThat(province.get("areas").get(0).get("name").asString()).isEqualTo("泰州市");
        assertThat(fig(province, "enterprises")).isEqualTo(fig(home, "enterprises"));
        // The city regulator cannot climb above its city.
        assertThat(loggedIn("gov_city").get("/api/v1/dashboard?region=320000").status()).isEqualTo(404);
    }

    @Test
    void alarms_reach_the_screen_of_the_jurisdiction_they_belong_to() {
        var chem = loggedIn("ent_chem");
        var level = cn.shuangkong.support.Sensors.levelOnTankFarm(chem, jdbc, 0);
        java.time.Instant t = clock.instant().minusSeconds(60);
        level.read("8.00", t);
        level.read("9.60", t.plusSeconds(10));
        long alarmId = jdbc.sql("select id from alarm where point_id = :p").param("p", level.pointId).query(Long.class).single();
        JsonNode city = snapshot("gov_city", null);
        assertThat(city.get("alarms").toString()).contains("测试液位 " + level.code + " 高高报");
        assertThat(snapshot("gov_town", null).get("alarms").toString()).doesNotContain(level.code);
        level.read("8.00", t.plusSeconds(20));
        chem.post("/api/v1/monitoring/alarms/" + alarmId + "/acknowledge", "{}");
        chem.post("/api/v1/monitoring/alarms/" + alarmId + "/clear", "{}");
        assertThat(snapshot("gov_city", null).get("alarms").toString()).as("a cleared alarm leaves the screen").doesNotContain(level.code);
    }

    private String regionOf(JsonNode point) {
        String table = point.get("kind").asString().equals("regional") ? "regional_risk" : "enterprise";
        return jdbc.sql("select region_code from " + table + " where id = :id").param("id", point.get("id").asLong())
                .query(String.class).single();
    }

    private static List<String> names(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("name").asString()));
        return out;
    }

}
