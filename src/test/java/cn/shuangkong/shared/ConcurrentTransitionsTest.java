package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * A step that may be taken once, sent several times at the same moment (a double click, a retrying client, two
 * officials on one record): exactly one is taken, the others are refused with a Chinese 409, and the audit trail holds
 * one record of it. The sweep of session 11 found eight recordings of one drill all accepted (eight audit records with
 * eight different dates, the last one kept) and four rewards of one public report all recorded, each with its own amount.
 */
class ConcurrentTransitionsTest extends PlatformTest {

    private static final int AT_ONCE = 6;

    @Test
    void a_drill_recorded_six_times_at_once_is_recorded_once() {
        Api chem = loggedIn("ent_chem");
        LocalDate today = LocalDate.now(clock);
        long drill = PlausibleDatesTest.plannedDrill(chem, "测试 · 同时记录的实战演练", today);

        var answers = atOnce(i -> chem.post("/api/v1/emergency-drills/" + drill + "/record", Api.json(Map.of("heldOn", today.minusDays(i).toString(),
                "record", "第" + i + "次提交", "evaluation", "良好", "problems", "无"))));
        assertOneTaken(answers, 204);
        assertThat(audits("记录应急演练", "emergency_drill", drill)).isEqualTo(1);
    }

    @Test
    void the_same_public_report_sent_four_times_at_once_is_one_report_the_others_join_it() {
        String content = "测试 · 同时提交：厂门口纸箱堵塞消防通道 " + UUID.randomUUID();
        String client = "10.78." + (int) (Math.random() * 250) + ".9";
        var answers = new ArrayList<String>();
        for (var a : atOnceRaw(4, i -> fileReport(content, client))) {
            assertThat(a.statusCode()).as(a.body()).isIn(200, 201); // 201 the report, 200 one that joins it
            answers.add(a.body());
        }
        assertThat(answers.stream().filter(a -> a.contains("\"duplicate\":false")).count()).as(answers.toString()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from public_report where content = :c").param("c", content).query(Long.class).single()).isEqualTo(1);
    }

    private HttpResponse<String> fileReport(String content, String client) {
        Map<String, Object> body = new HashMap<>();
        body.put("content", content);
        body.put("location", "新桥镇工业园区纬二路 18 号");
        body.put("regionCode", "321282100");
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/public/reports"))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", client)
                    .POST(HttpRequest.BodyPublishers.ofString(Api.json(body))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_public_report_rewarded_six_times_at_once_is_rewarded_once() {
        String content = "测试 · 同时奖励：仓库门口堆放液化气瓶 " + UUID.randomUUID();
        var filed = fileReport(content, "10.77." + (int) (Math.random() * 250) + ".9");
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        long id = jdbc.sql("select id from public_report where content = :c").param("c", content).query(Long.class).single();
        long townDept = jdbc.sql("select department_id from user_account where username = 'gov_town'").query(Long.class).single();
        long mech = jdbc.sql("select enterprise_id from user_account where username = 'ent_mech'").query(Long.class).single();
        Api town = loggedIn("gov_town");
        assertThat(loggedIn("gov_city").post("/api/v1/reports/" + id + "/assign", Api.json(Map.of("departmentId", townDept, "note", "请核查"))).status())
                .isEqualTo(200);
        assertThat(town.post("/api/v1/reports/" + id + "/verify", Api.json(Map.of("founded", true, "enterpriseId", mech, "note", "现场属实"))).status())
                .isEqualTo(200);

        var answers = atOnce(i -> town.post("/api/v1/reports/" + id + "/reward", Api.json(Map.of("amount", 100 * (i + 1), "note", "第" + i + "次"))));
        assertOneTaken(answers, 200);
        assertThat(audits("记录举报奖励", "public_report", id)).isEqualTo(1);
    }

    /** The same request {@link #AT_ONCE} times, released together. */
    private List<Api.Response> atOnce(IntFunction<Api.Response> request) {
        return atOnceRaw(AT_ONCE, request);
    }

    /** The same request {@code times} times, released together. */
    private static <T> List<T> atOnceRaw(int times, IntFunction<T> request) {
        var start = new CountDownLatch(1);
        var threads = Executors.newFixedThreadPool(times); // not the common pool: on two cores it runs one at a time
        List<CompletableFuture<T>> running = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            int n = i;
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return request.apply(n);
            }, threads));
        }
        start.countDown();
        try {
            return running.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdown();
        }
    }

    private static void assertOneTaken(List<Api.Response> answers, int taken) {
        assertThat(answers).isNotEmpty();
        assertThat(answers.stream().filter(a -> a.status() == taken).count()).as(answers.toString()).isEqualTo(1);
        for (var a : answers) {
            if (a.status() == taken) continue;
            assertThat(a.status()).as(a.body()).isEqualTo(409);
            assertThat(a.json().get("detail").asString()).containsPattern("\\p{IsHan}");
        }
    }

    private long audits(String action, String entityType, long id) {
        return jdbc.sql("select count(*) from audit_record where action = :a and entity_type = :t and entity_id = :id")
                .param("a", action).param("t", entityType).param("id", String.valueOf(id)).query(Long.class).single();
    }
}
