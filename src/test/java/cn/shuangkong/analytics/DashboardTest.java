package cn.shuangkong.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
    void a_major_hazard_moves_every_figure_along_its_loop_and_its_closure_clears_it() {
        Api chem = loggedIn("ent_chem");
        Api city = loggedIn("gov_city");
        List<JsonNode> before = views();
        LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneId.of("Asia/Shanghai")));

        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("source", "SELF_CHECK");
        body.put("type", "UNSAFE_CONDITION");
        body.put("title", "驾驶舱测试罐区安全阀失效");
        body.put("description", "驾驶舱测试罐区安全阀失效，现场核实属实");
        body.put("location", "罐区");
        body.put("level", "MAJOR");
        body.put("criterionCode", "CHEM-2017-15");
        var registered = chem.post("/api/v1/hazards", Api.json(body));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        long id = registered.json().get("id").asLong();
        List<JsonNode> open = views();
        // The city, the drill-down to 滨江新区 and the province above it all count it open and found this month.
        for (int i = 0; i < open.size(); i++) {
            JsonNode was = before.get(i), now = open.get(i);
            assertThat(fig(now, "hazardsOpen") - fig(was, "hazardsOpen")).isEqualTo(1);
            assertThat(fig(now, "majorHazardsOpen") - fig(was, "majorHazardsOpen")).isEqualTo(1);
            assertThat(fig(now, "hazardsClosed") - fig(was, "hazardsClosed")).isZero();
            assertThat(trend(now, "found") - trend(was, "found")).isEqualTo(1);
            assertThat(trend(now, "majorFound") - trend(was, "majorFound")).isEqualTo(1);
            assertListedOrOutranked(now.get("majorHazards"), id);
        }
        assertThat(area(open.get(0), "areas", BINJIANG).get("hazardsOpen").asLong()
                - area(before.get(0), "areas", BINJIANG).get("hazardsOpen").asLong()).isEqualTo(1);
        assertAgreesWithTheList(BINJIANG);

        assertThat(city.post("/api/v1/hazards/" + id + "/supervision", Api.json(java.util.Map.of("docNo", "靖应急督〔2026〕98号",
                "level", "市级", "deadline", today.plusDays(30).toString()))).status()).isEqualTo(200);
        assertThat(chem.post("/api/v1/hazards/" + id + "/assign", Api.json(java.util.Map.of("responsible", "worker_chem",
                "measures", "更换安全阀并校验", "funds", 5000, "deadline", today.plusDays(10).toString(),
                "contingencyPlan", "整改期间设警戒区，专人监护"))).status()).isEqualTo(200);
        assertThat(loggedIn("worker_chem").post("/api/v1/hazards/" + id + "/complete", Api.json(java.util.Map.of("note", "安全阀已校验",
                "photo", java.util.Base64.getEncoder().encodeToString(
                cn.shuangkong.hazard.Photos.png(new java.awt.Color((int) (id * 7919 % 0xFFFFFF))))))).status()).isEqualTo(200);
        assertThat(chem.post("/api/v1/hazards/" + id + "/accept", "{\"passed\":true,\"opinion\":\"合格\"}").status()).isEqualTo(200);
        // Rectified and accepted, but open until the regulator's 销号.
        assertThat(fig(snapshot("gov_city", null), "hazardsOpen")).isEqualTo(fig(open.get(0), "hazardsOpen"));
        assertThat(city.post("/api/v1/hazards/" + id + "/closure/decision", "{\"approved\":true}").status()).isEqualTo(200);

        List<JsonNode> closed = views();
        for (int i = 0; i < closed.size(); i++) {
            JsonNode was = before.get(i), now = closed.get(i);
            assertThat(fig(now, "hazardsOpen") - fig(was, "hazardsOpen")).isZero();
            assertThat(fig(now, "majorHazardsOpen") - fig(was, "majorHazardsOpen")).isZero();
            assertThat(fig(now, "hazardsClosed") - fig(was, "hazardsClosed")).isEqualTo(1);
            assertThat(trend(now, "found") - trend(was, "found")).isEqualTo(1);
            assertThat(trend(now, "closed") - trend(was, "closed")).isEqualTo(1);
            assertThat(now.get("majorHazards").toString()).doesNotContain("驾驶舱测试罐区安全阀失效");
        }
        assertThat(area(closed.get(0), "areas", BINJIANG).get("hazardsClosed").asLong()
                - area(before.get(0), "areas", BINJIANG).get("hazardsClosed").asLong()).isEqualTo(1);
        assertAgreesWithTheList(BINJIANG);
    }

    /** The city as its regulator sees it, its area 滨江新区, and the province above it as the platform sees it. */
    private List<JsonNode> views() {
        return List.of(snapshot("gov_city", null), snapshot("gov_city", BINJIANG), snapshot("admin", "320000"));
    }

    private static long trend(JsonNode s, String field) {
        long sum = 0;
        for (JsonNode m : s.get("trend")) sum += m.get(field).asLong();
        return sum;
    }

    /**
     * One truth: the area's figures, summed from the roll-ups by region and industry, equal its enterprises' rows, which
     * the enterprise list reads per enterprise.
     */
    private void assertAgreesWithTheList(String region) {
        JsonNode s = snapshot("gov_city", region);
        JsonNode list = loggedIn("gov_city").get("/api/v1/dashboard/enterprises?region=" + region + "&size=200").json();
        assertThat(list.get("total").asLong()).isPositive().isLessThanOrEqualTo(200).isEqualTo(fig(s, "enterprises"));
        long[] sums = new long[9];
        for (JsonNode e : list.get("items")) {
            sums[0] += e.get("hazardsOpen").asLong();
            sums[1] += e.get("hazardsClosed").asLong();
            sums[2] += e.get("majorHazardsOpen").asLong();
            sums[3] += e.get("majorHazardsOverdue").asLong();
            sums[4] += e.get("riskPoints").asLong();
            sums[5] += e.get("tasksDone").asLong();
            sums[6] += e.get("tasksMissed").asLong();
            sums[7] += e.get("zeroReport").asBoolean() ? 1 : 0;
            sums[8] += e.get("level").isNull() ? 0 : e.get("level").asInt() == 1 ? 1 : 0;
        }
        assertThat(sums).containsExactly(fig(s, "hazardsOpen"), fig(s, "hazardsClosed"), fig(s, "majorHazardsOpen"),
                fig(s, "majorHazardsOverdue"), fig(s, "riskPoints"), fig(s, "tasksDone"), fig(s, "tasksMissed"),
                fig(s, "zeroReport"), fig(s, "red"));
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
        assertAlarmListedOrOutranked(city.get("alarms"), alarmId, "测试液位 " + level.code + " 高高报");
        assertThat(snapshot("gov_town", null).get("alarms").toString()).doesNotContain(level.code);
        level.read("8.00", t.plusSeconds(20));
        chem.post("/api/v1/monitoring/alarms/" + alarmId + "/acknowledge", "{}");
        chem.post("/api/v1/monitoring/alarms/" + alarmId + "/clear", "{}");
        assertThat(snapshot("gov_city", null).get("alarms").toString()).as("a cleared alarm leaves the screen").doesNotContain(level.code);
    }

    /**
     * The screen lists the 20 latest alarms not cleared. Ours is listed unless 20 others rank ahead of it, as other
     * tests' may ({@link cn.shuangkong.support.Sensors#aheadOnScreen}).
     */
    private void assertAlarmListedOrOutranked(JsonNode alarms, long id, String title) {
        List<JsonNode> rows = new ArrayList<>();
        alarms.forEach(rows::add);
        var ours = rows.stream().filter(a -> a.get("alarmId").asLong() == id).findFirst();
        if (ours.isPresent()) {
            assertThat(ours.get().get("title").asString()).contains(title);
            return;
        }
        assertThat(rows).as("not listed, so the list is full").hasSize(20);
        assertThat(cn.shuangkong.support.Sensors.aheadOnScreen(jdbc, id)).as("of alarms that rank ahead of it").isGreaterThanOrEqualTo(20);
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


    /**
     * The 驾驶舱 lists 20 open 重大隐患: overdue first, then by deadline (none last), then by id. A new one without a
     * deadline is listed unless 20 others rank ahead of it — which other tests' open majors may well do.
     */
    private static void assertListedOrOutranked(JsonNode majors, long id) {
        List<JsonNode> rows = new ArrayList<>();
        majors.forEach(rows::add);
        if (rows.stream().anyMatch(m -> m.get("id").asLong() == id)) return;
        assertThat(rows).as("not listed, so the list is full").hasSize(20);
        assertThat(rows).as("and every one listed ranks ahead of it").allSatisfy(m -> assertThat(
                m.get("overdue").asBoolean() || !m.get("deadline").isNull() || m.get("id").asLong() < id).isTrue());
    }
}
