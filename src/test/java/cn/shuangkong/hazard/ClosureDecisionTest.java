package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.awt.Color;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The regulator's 销号 decision on a 挂牌督办 hazard is recorded as the regulator's: a refusal's opinion never reads as
 * the enterprise acceptor's (on the page, in the 台账 and in what is uploaded), and an approval's opinion is kept.
 */
class ClosureDecisionTest extends PlatformTest {

    private long acceptedUnderSupervision(Api chem, Api city, String title, int colour) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
        var body = HazardApiTest.report("SELF_CHECK", title);
        body.put("level", "MAJOR");
        body.put("majorReason", "涉及重大危险源罐区，可能导致火灾爆炸");
        var created = chem.post("/api/v1/hazards", Api.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        ok(city.post("/api/v1/hazards/" + id + "/supervision",
                Api.json(Map.of("docNo", "靖应急督〔2026〕77号", "level", "市级", "deadline", today.plusDays(20).toString()))));
        ok(chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem", today.plusDays(10)))));
        ok(loggedIn("worker_chem").post("/api/v1/hazards/" + id + "/complete", Api.json(Map.of("note", "已更换并试验",
                "photo", Base64.getEncoder().encodeToString(Photos.png(new Color(colour)))))));
        ok(chem.post("/api/v1/hazards/" + id + "/accept", "{\"passed\":true,\"opinion\":\"企业验收合格\"}"));
        return id;
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void a_refused_closure_is_the_regulators_word_not_the_enterprise_acceptors() {
        Api chem = loggedIn("ent_chem"), city = loggedIn("gov_city");
        long id = acceptedUnderSupervision(chem, city, "销号审批测试罐区阻火器缺失", 0x3A7F12);

        JsonNode h = ok(city.post("/api/v1/hazards/" + id + "/closure/decision",
                "{\"approved\":false,\"opinion\":\"未见阻火器检验报告，退回补充\"}"));
        assertThat(h.get("state").asString()).isEqualTo("RECTIFYING");
        assertThat(h.get("acceptanceOpinion").asString()).isEqualTo("未见阻火器检验报告，退回补充");
        assertThat(h.get("acceptedBy").asString()).as("whose words the opinion is").isEqualTo("gov_city");
        assertThat(h.get("rectifiedAt").isNull()).as("a refused rectification no longer reads 整改完成").isTrue();
        assertThat(h.get("rectificationNote").isNull()).isTrue();
        // what the enterprise's acceptor wrote stays in the history, under their name
        assertThat(timeline(h)).anySatisfy(t -> assertThat(t).startsWith("ent_chem 验收 ").endsWith("验收通过：企业验收合格"))
                .anySatisfy(t -> assertThat(t).startsWith("gov_city 审批销号 ").endsWith("不同意销号：未见阻火器检验报告，退回补充"));
    }

    @Test
    void a_rectification_refused_at_acceptance_no_longer_reads_as_done() {
        Api chem = loggedIn("ent_chem");
        var created = chem.post("/api/v1/hazards", Api.json(HazardApiTest.report("SELF_CHECK", "验收退回测试：消防通道堆放杂物")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        ok(chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem",
                LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai"))).plusDays(3)))));
        ok(loggedIn("worker_chem").post("/api/v1/hazards/" + id + "/complete", Api.json(Map.of("note", "已清理一半",
                "photo", Base64.getEncoder().encodeToString(Photos.png(new Color(0x7F3A12)))))));

        JsonNode h = ok(chem.post("/api/v1/hazards/" + id + "/accept", "{\"passed\":false,\"opinion\":\"通道仍有杂物\"}"));
        assertThat(h.get("state").asString()).isEqualTo("RECTIFYING");
        assertThat(h.get("rectifiedAt").isNull()).isTrue();
        assertThat(h.get("rectifiedBy").isNull()).isTrue();
        assertThat(h.get("acceptedBy").asString()).isEqualTo("ent_chem");
        assertThat(h.get("acceptanceOpinion").asString()).isEqualTo("通道仍有杂物");
        assertThat(timeline(h)).anySatisfy(t -> assertThat(t).startsWith("worker_chem 整改完成 ").endsWith("整改说明：已清理一半"));
    }

    @Test
    void an_approved_closure_keeps_the_regulators_opinion() {
        Api chem = loggedIn("ent_chem"), city = loggedIn("gov_city");
        long id = acceptedUnderSupervision(chem, city, "销号审批测试泵房静电接地失效", 0x12607F);

        JsonNode h = ok(city.post("/api/v1/hazards/" + id + "/closure/decision",
                "{\"approved\":true,\"opinion\":\"同意销号，请纳入日常巡检\"}"));
        assertThat(h.get("state").asString()).isEqualTo("CLOSED");
        assertThat(timeline(h)).anySatisfy(t -> assertThat(t).startsWith("gov_city 审批销号 ").endsWith("同意销号：同意销号，请纳入日常巡检"));
    }

    @Test
    void a_listed_hazard_is_closed_by_its_listing_department_or_one_above_it_not_by_another_that_sees_it() throws Exception {
        Api chem = loggedIn("ent_chem"), city = loggedIn("gov_city"), market = loggedIn("gov_market");
        long id = acceptedUnderSupervision(chem, city, "销号部门测试罐区呼吸阀卡涩", 0x3A7F12);
        assertThat(market.get("/api/v1/hazards/" + id).status()).as("the 市场监管局 sees the chemical works' hazard").isEqualTo(200);

        var other = market.post("/api/v1/hazards/" + id + "/closure/decision", "{\"approved\":true,\"opinion\":\"同意\"}");
        assertThat(other.status()).as(other.body()).isEqualTo(403);
        assertThat(other.json().get("detail").asString()).contains("靖江市应急管理局");
        assertThat(pageAs("gov_market", "/hazards/" + id)).as("the page offers it only to whom it would take it")
                .contains("listing-department").doesNotContain("审批销号</h3>");
        assertThat(pageAs("gov_lead", "/hazards/" + id)).contains("审批销号</h3>");
        assertThat(jdbc.sql("select state from hazard where id = :id").param("id", id).query(String.class).single()).isEqualTo("AWAITING_REGULATOR");

        JsonNode h = ok(loggedIn("gov_lead").post("/api/v1/hazards/" + id + "/closure/decision", "{\"approved\":true,\"opinion\":\"同意销号\"}"));
        assertThat(h.get("state").asString()).isEqualTo("CLOSED");
    }

    /** The page as a signed-in person's browser gets it (the HTML, not rendered). */
    private String pageAs(String username, String path) throws Exception {
        var http = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String base = "http://localhost:" + port;
        var get = (java.util.function.Function<String, java.net.http.HttpRequest>) p -> java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + p)).build();
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\" (?:content|value)=\"([^\"]+)\"")
                .matcher(http.send(get.apply("/login"), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertThat(csrf.find()).isTrue();
        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=" + username + "&password=Demo%402026&_csrf="
                        + java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8))).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        var page = http.send(get.apply(path), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    private static java.util.List<String> timeline(JsonNode h) {
        var out = new java.util.ArrayList<String>();
        for (JsonNode t : h.get("timeline")) {
            out.add(t.get("actor").asString() + " " + t.get("action").asString() + " " + t.get("summary").asString());
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}
