package cn.shuangkong.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.shuangkong.organization.CreditCode;
import cn.shuangkong.supervision.OwedRatings;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.Browser;
import cn.shuangkong.support.Patience;
import cn.shuangkong.support.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An enterprise this platform knows only from a lower platform's reports is rated from what was reported (ADR 0055):
 * batches through the exchange module's own inbound API, then its rating, its page, its 驾驶舱 row and its town's
 * count per level (which colours the map) agree with the records, and follow them when a later report closes the
 * 重大隐患 and when the records are withdrawn.
 */
class ReportedEnterpriseRatingTest extends PlatformTest {

    private static final DateTimeFormatter MODEL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Test
    void a_report_only_enterprise_is_rated_from_its_received_records_and_follows_later_reports() {
        String city = jdbc.sql("select code from region where name = '靖江市'").query(String.class).single();
        String town = jdbc.sql("select region_code from enterprise where id = :e").param("e", enterpriseIdOf("ent_mech"))
                .query(String.class).single();
        var issued = loggedIn("admin").post("/api/v1/exchange/senders",
                Api.json(Map.of("name", "评级测试下级平台" + System.nanoTime() % 100_000, "regionCode", city)));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String key = issued.json().get("key").asString();
        String source = issued.json().get("name").asString();
        String first17 = "91321282MC" + String.format("%07d", (System.nanoTime() / 1000) % 10_000_000);
        String credit = first17 + CreditCode.checkCharacter(first17);
        String name = "上报评级测试冷库有限公司" + first17.substring(10);
        Api regulator = loggedIn("gov_city");
        awaitNothingOwed();
        JsonNode townBefore = townRow(regulator, town);

        // A red 风险分析对象 and an open 重大隐患 two days past its 整改期限: 一票定级 makes it red.
        Instant now = clock.instant();
        String objectId = UUID.randomUUID().toString(), hazardId = UUID.randomUUID().toString();
        Map<String, Object> object = FederationTest.common(objectId, credit);
        object.put("hazardCode", "PJ-" + first17.substring(10));
        object.put("riskAnalysisObjectName", "液氨制冷机房");
        object.put("riskClass", "1");
        Map<String, Object> hazard = FederationTest.common(hazardId, credit);
        hazard.putAll(Map.of("dangerName", "液氨管道阀门泄漏", "dangerLevel", "1", "registTime", time(now.minus(Duration.ofDays(12))),
                "registrant", "张三", "dangerSrc", "1", "dangerManageType", "1", "hazardDangerType", "8",
                "dangerDesc", "制冷机房液氨管道阀门泄漏", "hazardCategory", "0"));
        hazard.putAll(Map.of("liablePerson", "李四", "dangerManageDeadline", time(now.minus(Duration.ofDays(2))), "dangerState", "0"));
        send(key, credit, name, town, List.of(Map.of("entity", "object", "data", object), Map.of("entity", "hazard", "data", hazard)));
        long id = jdbc.sql("select id from enterprise where credit_code = :c").param("c", credit).query(Long.class).single();
        OwedRatings.awaitRecomputed(jdbc, id);

        JsonNode rating = rating(regulator, id);
        assertThat(rating.get("level").asString()).as(rating.toString()).isEqualTo("RED");
        assertThat(factor(rating, "majorRisks").get("points").asInt()).isEqualTo(5);
        assertThat(factor(rating, "majorRisks").get("value").asString()).isEqualTo("1 处（其中下级平台上报 1 处）");
        assertThat(factor(rating, "openMajorHazards").get("points").asInt()).isEqualTo(10);
        assertThat(factor(rating, "overdueRate").get("points").asInt()).isEqualTo(10);
        assertThat(factor(rating, "overdueMajorHazard")).as("一票定级 on the reported overdue 重大隐患").isNotNull();
        assertThat(factor(rating, "reported").get("value").asString()).contains("依据下级平台上报数据评定（" + source + "）");
        assertThat(factor(rating, "taskCompletion").get("value").asString()).contains("下级平台上报数据不含排查任务完成情况");
        assertThat(dashboardLevel(regulator, town, name)).as("its 驾驶舱 row").isEqualTo(1);
        JsonNode townRed = townRow(regulator, town);
        assertThat(townRed.get("enterprises").asLong()).isEqualTo(townBefore.get("enterprises").asLong() + 1);
        assertThat(townRed.get("red").asLong()).as("the town's count, which colours the map").isEqualTo(townBefore.get("red").asLong() + 1);
        assertThat(townRed.get("level").asInt()).as("the town's map colour").isEqualTo(1);
        assertThat(audited(id, "企业风险等级变化")).as("the rating's change is audited as any rating's").isZero(); // first rating: no change yet
        assertThat(audited(id, "接收上报记录")).isEqualTo(1);
        try (var browser = new Browser("http://localhost:" + port)) {
            browser.loginAs("gov_city").open("/supervision/enterprises/" + id);
            assertThat(browser.find("#rating-card .sv-score").getText()).contains("红色");
            assertThat(browser.find("#rating-basis").getText()).contains("依据下级平台上报数据评定", source);
            assertThat(browser.find("#factor-table").getText()).contains("其中下级平台上报 1 处");
            browser.screenshot("reported-enterprise-rating");
            browser.open("/supervision/ratings?level=RED");
            assertThat(browser.all("tr").stream().filter(r -> r.getText().contains(name)).findFirst().orElseThrow().getText())
                    .as("its row in the list of ratings").contains("依据下级平台上报数据评定");

            // A later report: the 重大隐患 was accepted and closed below. Its rating, row and town follow.
            Instant later = clock.instant();
            hazard.putAll(Map.of("dangerState", "9", "checkAcceptPerson", "王五", "checkAcceptTime", time(later),
                    "updateDate", time(later)));
            send(key, credit, name, town, List.of(Map.of("entity", "hazard", "data", hazard)));
            OwedRatings.awaitRecomputed(jdbc, id);
            JsonNode closed = rating(regulator, id);
            assertThat(closed.get("level").asString()).as(closed.toString()).isEqualTo("BLUE");
            assertThat(factor(closed, "openMajorHazards").get("points").asInt()).isZero();
            assertThat(factor(closed, "overdueMajorHazard")).isNull();
            assertThat(factor(closed, "reported")).as("its red object is still reported").isNotNull();
            assertThat(dashboardLevel(regulator, town, name)).isEqualTo(4);
            JsonNode townBlue = townRow(regulator, town);
            assertThat(townBlue.get("red").asLong()).isEqualTo(townBefore.get("red").asLong());
            assertThat(townBlue.get("blue").asLong()).isEqualTo(townBefore.get("blue").asLong() + 1);
            assertThat(audited(id, "企业风险等级变化")).isEqualTo(1);
            browser.open("/supervision/enterprises/" + id);
            assertThat(browser.find("#rating-card .sv-score").getText()).contains("蓝色");
            assertThat(browser.find("#rating-history").getText()).contains("红色", "蓝色", "接收上报记录");

            // Withdrawn: nothing reported is left, and nothing of it stays in the rating or on the page.
            object.put("deleted", "1");
            hazard.put("deleted", "1");
            send(key, credit, name, town, List.of(Map.of("entity", "hazard", "data", hazard), Map.of("entity", "object", "data", object)));
            OwedRatings.awaitRecomputed(jdbc, id);
            JsonNode withdrawn = rating(regulator, id);
            assertThat(factor(withdrawn, "reported")).isNull();
            assertThat(factor(withdrawn, "majorRisks").get("value").asString()).isEqualTo("0 处");
            assertThat(withdrawn.get("score").asInt()).isEqualTo(closed.get("score").asInt() - 5);
            browser.open("/supervision/enterprises/" + id);
            assertThat(browser.all("#rating-basis")).isEmpty();
        }
    }

    private void send(String key, String credit, String name, String town, List<Map<String, Object>> records) {
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("batchId", ("rt-" + UUID.randomUUID() + "-" + UUID.randomUUID()).substring(0, 64)); // the longest allowed
        batch.put("records", records);
        batch.put("enterprises", List.of(Map.of("tyshxydm", credit, "name", name, "regionCode", town, "industryCode", "G5960",
                "headcount", 40)));
        var answer = post(key, Api.json(batch));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"accepted\":" + records.size() + ",");
    }

    private java.net.http.HttpResponse<String> post(String key, String body) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + "/api/v1/exchange/inbound/batches"))
                    .header("Content-Type", "application/json").header("X-Exchange-Key", key)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String time(Instant at) {
        return LocalDateTime.ofInstant(at, ZoneId.of("Asia/Shanghai")).format(MODEL_TIME);
    }

    private static JsonNode rating(Api regulator, long id) {
        var r = regulator.get("/api/v1/supervision/ratings/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("rating");
    }

    private static JsonNode factor(JsonNode rating, String code) {
        assertThat(rating.get("factors").isEmpty()).isFalse();
        return rating.get("factors").valueStream().filter(f -> f.get("code").asString().equals(code)).findFirst().orElse(null);
    }

    private static Integer dashboardLevel(Api regulator, String town, String name) {
        var rows = regulator.get("/api/v1/dashboard/enterprises?size=200&region=" + town).json().get("items");
        assertThat(rows.isEmpty()).isFalse();
        JsonNode row = rows.valueStream().filter(r -> r.get("name").asString().equals(name)).findFirst().orElseThrow();
        return row.get("level").isNull() ? null : row.get("level").asInt();
    }

    private static JsonNode townRow(Api regulator, String town) {
        JsonNode towns = regulator.get("/api/v1/dashboard").json().get("towns");
        assertThat(towns.isEmpty()).isFalse();
        return towns.valueStream().filter(t -> t.get("code").asString().equals(town)).findFirst().orElseThrow();
    }

    private long audited(long enterprise, String action) {
        return jdbc.sql("select count(*) from audit_record where enterprise_id = :e and action = :a")
                .param("e", enterprise).param("a", action).query(Long.class).single();
    }

    /** The town's counts are read when no rating anywhere is still owed by an earlier test's changes. */
    private void awaitNothingOwed() {
        await().alias("no rating owed anywhere").atMost(Patience.CONDITION)
                .until(() -> !jdbc.sql("select exists(select 1 from rating_owed)").query(Boolean.class).single());
    }
}
