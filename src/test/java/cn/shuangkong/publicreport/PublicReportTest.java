package cn.shuangkong.publicreport;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** 群众举报 from a citizen with no account to a hazard in the enterprise's register, and who may see the reporter. */
class PublicReportTest extends PlatformTest {

    private static final String XINQIAO = "321282100";
    private static final String BINJIANG = "321282401";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @org.springframework.beans.factory.annotation.Autowired
    PublicReports reports;

    /** A citizen's phone on its own network: the address the platform sees (behind the city's proxy) is {@code client}. */
    private HttpResponse<String> file(String client, Map<String, Object> body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/public/reports"))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", client)
                    .POST(HttpRequest.BodyPublishers.ofString(Api.json(body))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    private static Map<String, Object> report(String content, String region) {
        Map<String, Object> m = new HashMap<>();
        m.put("content", content);
        m.put("location", "新桥镇工业园区纬二路 18 号");
        m.put("regionCode", region);
        return m;
    }

    private static String client() {
        return "10." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    private long idOf(String code) {
        return jdbc.sql("select id from public_report where code = :c").param("c", code).query(Long.class).single();
    }

    @Test
    void a_citizen_reports_without_logging_in_and_follows_the_report_by_its_code() {
        var body = report("仓库门口消防通道被货物堵死一周 " + UUID.randomUUID(), XINQIAO);
        body.put("contactName", "王先生");
        body.put("contactPhone", "13800000001");
        var r = file(client(), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String code = json(r).get("code").asString();
        assertThat(code).matches("JB[0-9A-Z]{8}");
        var status = api().get("/api/v1/public/reports/" + code);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("status").asString()).isEqualTo("SUBMITTED");
        assertThat(status.body()).doesNotContain("王先生").doesNotContain("13800000001");
        assertThat(api().get("/api/v1/public/reports/JB00000000").status()).isEqualTo(404);
        assertThat(api().get("/public/report/status?code=" + code).body()).contains(code).contains("待受理");
    }

    @Test
    void the_same_text_at_the_same_place_again_joins_the_first_report_under_the_second_submitters_own_code() {
        String text = "化工厂夜间偷排刺鼻气体 " + UUID.randomUUID();
        var first = file(client(), report(text, XINQIAO));
        var again = file(client(), report("  " + text.replace(" ", "，") + "。 ", XINQIAO));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("duplicate").asBoolean()).isTrue();
        String firstCode = json(first).get("code").asString(), secondCode = json(again).get("code").asString();
        assertThat(secondCode).startsWith("JB").isNotEqualTo(firstCode);
        assertThat(again.body()).doesNotContain(firstCode);
        assertThat(jdbc.sql("select count(*) from public_report where content like :t").param("t", "%" + text.substring(text.length() - 36))
                .query(Long.class).single()).isEqualTo(1);

        // the second code follows the same report, and its status page names only the code it was asked with
        var status = reports.status(secondCode).orElseThrow();
        assertThat(status.code()).isEqualTo(secondCode);
        assertThat(status.createdAt()).isEqualTo(reports.status(firstCode).orElseThrow().createdAt());
        assertThat(status.steps()).extracting(PublicReports.Step::label).containsExactly("举报已提交");
    }

    @Test
    void a_flood_from_one_client_is_throttled_with_a_clear_message_while_others_still_get_through() {
        String flooder = client();
        for (int i = 0; i < 5; i++) {
            assertThat(file(flooder, report("第 " + i + " 条：脚手架无防护 " + UUID.randomUUID(), XINQIAO)).statusCode()).isEqualTo(201);
        }
        var sixth = file(flooder, report("第 6 条：脚手架无防护 " + UUID.randomUUID(), XINQIAO));
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(json(sixth).get("detail").asString()).contains("提交过于频繁").contains("1 小时内最多提交 5 条");
        assertThat(file(client(), report("另一位群众：脚手架无防护 " + UUID.randomUUID(), XINQIAO)).statusCode()).isEqualTo(201);
    }

    @Test
    void bad_input_is_refused_field_by_field_and_a_photo_must_really_be_an_image() {
        var empty = file(client(), Map.of("content", "  ", "regionCode", "999"));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).get("errors").has("content")).isTrue();
        assertThat(json(empty).get("errors").has("location")).isTrue();
        assertThat(json(empty).get("errors").has("regionCode")).isTrue();
        var fake = report("照片是假的 " + UUID.randomUUID(), XINQIAO);
        fake.put("photos", List.of(Base64.getEncoder().encodeToString("not really a jpeg".getBytes())));
        var refused = file(client(), fake);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("errors").get("photos").asString()).contains("照片只接受");
        assertThat(jdbc.sql("select count(*) from public_report where content like '照片是假的%'").query(Long.class).single())
                .as("nothing half-saved").isZero();
    }

    @Test
    void the_regulator_assigns_the_handling_department_verifies_converts_to_a_hazard_and_rewards_and_only_it_sees_the_reporter() {
        var body = report("机械厂喷漆房门口堆放大量油漆桶，旁边有人抽烟 " + UUID.randomUUID(), XINQIAO);
        body.put("contactName", "李女士");
        body.put("contactPhone", "13900000002");
        body.put("photos", List.of(Base64.getEncoder().encodeToString(cn.shuangkong.hazard.Photos.png(java.awt.Color.ORANGE))));
        String code = json(file(client(), body)).get("code").asString();
        long id = idOf(code);
        long townDept = jdbc.sql("select department_id from user_account where username = 'gov_town'").query(Long.class).single();
        long mech = enterpriseIdOf("ent_mech");
        Api city = loggedIn("gov_city"), town = loggedIn("gov_town");

        var seenByCity = city.get("/api/v1/reports/" + id).json();
        assertThat(seenByCity.get("hasContact").asBoolean()).isTrue();
        assertThat(seenByCity.get("contactName").isNull()).as("not assigned to the city bureau").isTrue();
        var assigned = city.post("/api/v1/reports/" + id + "/assign", Api.json(Map.of("departmentId", townDept, "note", "请新桥镇核查")));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().get("contactName").isNull()).as("the city assigned it but does not handle it").isTrue();
        assertThat(city.get("/api/v1/reports").body()).doesNotContain("13900000002");
        var seenByTown = town.get("/api/v1/reports/" + id).json();
        assertThat(seenByTown.get("contactName").asString()).isEqualTo("李女士");
        assertThat(seenByTown.get("contactPhone").asString()).isEqualTo("13900000002");

        assertThat(city.post("/api/v1/reports/" + id + "/verify", Api.json(Map.of("founded", true, "enterpriseId", mech, "note", "x"))).status())
                .as("only the handling department verifies").isEqualTo(403);
        assertThat(town.post("/api/v1/reports/" + id + "/verify", Api.json(Map.of("founded", true))).status()).isEqualTo(400);
        var verified = town.post("/api/v1/reports/" + id + "/verify",
                Api.json(Map.of("founded", true, "enterpriseId", mech, "note", "现场确有 30 余只油漆桶堆放在喷漆房门口")));
        assertThat(verified.json().get("status").asString()).isEqualTo("VERIFIED");
        var converted = town.post("/api/v1/reports/" + id + "/convert", Api.json(Map.of("title", "喷漆房门口违规堆放油漆桶")));
        assertThat(converted.status()).as(converted.body()).isEqualTo(200);
        long hazardId = converted.json().get("hazardId").asLong();
        var hazard = loggedIn("ent_mech").get("/api/v1/hazards/" + hazardId);
        assertThat(hazard.status()).as("the hazard is in the enterprise's own register").isEqualTo(200);
        assertThat(hazard.body()).contains("PUBLIC_REPORT").contains("喷漆房门口违规堆放油漆桶");
        assertThat(town.post("/api/v1/reports/" + id + "/reward", Api.json(Map.of("amount", 0, "note", "x"))).status()).isEqualTo(400);
        var rewarded = town.post("/api/v1/reports/" + id + "/reward", Api.json(Map.of("amount", 500, "note", "按举报奖励办法，电话通知领取")));
        assertThat(rewarded.json().get("rewardAmount").asDouble()).isEqualTo(500.0);

        var status = api().get("/api/v1/public/reports/" + code);
        assertThat(status.json().get("status").asString()).isEqualTo("CONVERTED");
        assertThat(status.body()).contains("已责令企业整改").doesNotContain("李女士").doesNotContain("奖励");
        assertThat(jdbc.sql("select string_agg(action, ',' order by id) from audit_record where entity_type = 'public_report' and entity_id = :id")
                .param("id", String.valueOf(id)).query(String.class).single())
                .isEqualTo("收到群众举报,分派群众举报,核查群众举报,举报转为隐患,记录举报奖励");
    }

    @Test
    void gov_town_does_not_see_reports_from_another_town() {
        String code = json(file(client(), report("滨江新区码头危化品槽车违停 " + UUID.randomUUID(), BINJIANG))).get("code").asString();
        long id = idOf(code);
        assertThat(loggedIn("gov_town").get("/api/v1/reports/" + id).status()).isEqualTo(404);
        assertThat(loggedIn("gov_town").get("/api/v1/reports").body()).doesNotContain(code);
        assertThat(loggedIn("gov_city").get("/api/v1/reports/" + id).status()).isEqualTo(200);
        assertThat(loggedIn("ent_mech").get("/api/v1/reports").status()).isEqualTo(403);
    }
}
