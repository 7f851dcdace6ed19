package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.shuangkong.support.RawHttp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every error page a person can reach (404, 405, 413, 500) is the platform's own Chinese page, every error of the API
 * a Chinese problem whatever the client asked for, and an over-size photo on the public report form costs the citizen
 * nothing they typed.
 */
class ErrorPagesTest extends HostileInputTest {

    private static Map<String, String> from(String client) {
        return Map.of("X-Forwarded-For", client);
    }

    private HostileInput.Answer report(String csrf, String content, int photoBytes) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", csrf);
        fields.put("content", content);
        fields.put("location", "新桥镇工业园区纬三路 7 号仓库");
        fields.put("regionCode", "321282100");
        fields.put("contactName", "李女士");
        byte[] photo = new byte[photoBytes];
        System.arraycopy(HostileInput.PNG, 0, photo, 0, HostileInput.PNG.length);
        var headers = new LinkedHashMap<>(from("10.77." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250)));
        headers.put("Content-Type", "multipart/form-data; boundary=----skreport");
        return web.send("POST", "/public/report", headers, HostileInput.multipart("----skreport", fields, "photos", "现场.png", photo));
    }

    @Test
    void an_over_size_photo_on_the_public_report_keeps_everything_the_citizen_typed() {
        String csrf = HostileInput.csrf(web.send("GET", "/public/report", Map.of(), null).body());
        String content = "仓库里堆满了油桶，旁边有人抽烟 " + UUID.randomUUID();

        var a = report(csrf, content, 30 * 1024 * 1024);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).contains("照片「现场.png」无法接收").contains("请重新选择照片")
                .contains(content).contains("新桥镇工业园区纬三路 7 号仓库").contains("李女士")
                .containsPattern("<option value=\"321282100\"[^>]*selected");
        assertThat(jdbc.sql("select count(*) from public_report where content = :c").param("c", content).query(Long.class).single()).isZero();
    }

    /**
     * A request line over Tomcat's 8 KB is refused before the application sees it: the client gets the Chinese problem,
     * and the log gets one line and no stack trace (Tomcat's own line, at INFO once per JVM, carried one; whether this
     * test is the JVM's first such request or not, the base class's checker holds that no event carries a trace).
     */
    @Test
    void a_request_line_over_8_kb_is_a_chinese_400_and_one_log_line_without_a_stack_trace() {
        var tomcat = (Logger) LoggerFactory.getLogger("org.apache.coyote.http11.Http11Processor");
        assertThat(tomcat.isInfoEnabled()).as("Tomcat's parse-error line, which carries a stack trace, is not written").isFalse();
        var ours = (Logger) LoggerFactory.getLogger(ContainerErrors.class);
        var lines = new ListAppender<ILoggingEvent>();
        var level = ours.getLevel();
        lines.start();
        ours.addAppender(lines);
        ours.setLevel(Level.DEBUG); // the JVM's first refusal is at INFO, later ones at DEBUG
        try {
            var r = RawHttp.send("127.0.0.1", port, "GET", "/api/v1/hazards?q=" + "a".repeat(9 * 1024), null);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(r.text()).containsPattern("\"detail\":\"[^\"]*\\p{IsHan}");
        } finally {
            ours.detachAppender(lines);
            ours.setLevel(level);
        }
        assertThat(lines.list).as("one line for the refusal").hasSize(1);
        assertThat(lines.list.get(0).getThrowableProxy()).isNull();
        assertThat(lines.list.get(0).getFormattedMessage()).contains("400").doesNotContain("aaaaaaaa".repeat(30));
    }

    @Test
    void an_upload_beyond_what_the_server_reads_gets_the_chinese_413_page() {
        String csrf = HostileInput.csrf(web.send("GET", "/public/report", Map.of(), null).body());
        var a = report(csrf, "超大附件", 61 * 1024 * 1024);
        assertThat(a.status()).as(a.body()).isEqualTo(413);
        assertThat(a.isChinesePage()).as(a.body()).isTrue();
        assertThat(a.body()).contains("上传的文件过大");
    }

    @Test
    void the_pages_a_person_can_reach_by_mistake_are_the_platforms_own() {
        var missing = web.send("GET", "/public/no-such-page", Map.of("Accept", "text/html"), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.isChinesePage()).as(missing.body()).isTrue();
        assertThat(missing.body()).contains("页面不存在");

        String csrf = web.signIn("gov_city");
        var wrongMethod = web.send("GET", "/reports/1/assign", Map.of("Accept", "text/html"), null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.isChinesePage()).as(wrongMethod.body()).isTrue();
        assertThat(wrongMethod.body()).contains("不支持这种操作方式");

        var badForm = web.send("POST", "/reports/abc/assign", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                HostileInput.utf8("_csrf=" + csrf));
        assertThat(badForm.status()).isEqualTo(400);
        assertThat(badForm.isChinesePage()).as(badForm.body()).isTrue();
        assertThat(badForm.body()).contains("参数 id 的格式不正确");

        var unknownPage = web.send("GET", "/no-such-page", Map.of("Accept", "text/html"), null);
        assertThat(unknownPage.status()).isEqualTo(404);
        assertThat(unknownPage.isChinesePage()).as(unknownPage.body()).isTrue();

        var serverError = web.send("GET", "/error", Map.of("Accept", "text/html"), null);
        assertThat(serverError.status()).isEqualTo(500);
        assertThat(serverError.isChinesePage()).as(serverError.body()).isTrue();
        assertThat(serverError.body()).contains("系统暂时无法处理您的请求");

        var undecodable = web.send("GET", "/public/report%00", Map.of("Accept", "text/html"), null);
        assertThat(undecodable.status()).isEqualTo(400);
        assertThat(undecodable.body()).contains("双控平台").contains("请求有误").doesNotContain("Tomcat");
    }

    @Test
    void every_api_error_is_a_chinese_problem_whatever_the_client_accepts() {
        String token = api().login("ent_chem", "Demo@2026").token();
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        for (var accept : new String[] {"application/json", "application/xml", "text/html", "no/such;;q=x", "*/*"}) {
            var h = new LinkedHashMap<>(auth);
            h.put("Accept", accept);
            for (var a : new HostileInput.Answer[] {
                    web.send("GET", "/api/v1/no-such-thing", h, null),
                    web.send("GET", "/api/v1/hazards/99999999999999999999", h, null),
                    web.send("DELETE", "/api/v1/hazards", h, null),
                    web.send("GET", "/api/v1/hazards/987654321", h, null)}) {
                assertThat(a.status()).as(accept + " " + a.body()).isBetween(400, 499);
                assertThat(a.isProblem()).as(accept + " " + a.contentType()).isTrue();
                assertThat(a.hasChineseDetail()).as(accept + " " + a.body()).isTrue();
            }
        }
        var undecodable = web.send("GET", "/api/v1/hazards/%00", auth, null);
        assertThat(undecodable.status()).isEqualTo(400);
        assertThat(undecodable.isProblem()).as(undecodable.contentType()).isTrue();
        assertThat(undecodable.hasChineseDetail()).as(undecodable.body()).isTrue();

        var json = new LinkedHashMap<>(auth);
        json.put("Content-Type", "text/plain");
        var unsupported = web.send("POST", "/api/v1/hazards", json, HostileInput.utf8("{}"));
        assertThat(unsupported.status()).isEqualTo(415);
        assertThat(unsupported.body()).contains("不支持的请求格式").contains("application/json");
        for (String wildcard : List.of("application/*", "*/*", "text/*")) { // Spring cannot read one: it answered 500
            json.put("Content-Type", wildcard);
            var declaredWildcard = web.send("POST", "/api/v1/hazards", json, HostileInput.utf8("{}"));
            assertThat(declaredWildcard.status()).as(wildcard).isEqualTo(415);
            assertThat(declaredWildcard.body()).contains("不支持的请求格式");
        }

        json.put("Content-Type", "application/json");
        var nullElement = web.send("POST", "/api/v1/neighbour-notices", json, HostileInput.utf8("{\"neighbourIds\":[null]}"));
        assertThat(nullElement.status()).isEqualTo(400);
        assertThat(nullElement.body()).contains("neighbourIds[0]");

        var noList = web.send("POST", "/api/v1/neighbour-notices", json, HostileInput.utf8("{}"));
        assertThat(noList.status()).isEqualTo(400);
        assertThat(noList.body()).contains("neighbourIds");
    }

    /**
     * The language cookie is the browser's to send: one another site on the domain set, or an old or hand-edited one,
     * answered every page with 500 — the sign-in page too, so the person could not even sign in. It is ignored instead.
     */
    @Test
    void a_broken_language_cookie_is_ignored_and_every_page_answers_in_chinese() {
        List<String> broken = List.of("!!!", "\"en\"", "%E4%B8%AD", "xx_%00");
        for (String value : broken) {
            var signIn = web.send("GET", "/login", Map.of("Cookie", "sk-lang=" + value), null);
            assertThat(signIn.status()).as("sk-lang=" + value).isEqualTo(200);
            assertThat(signIn.body()).contains("登录");
        }
        web.signIn("ent_chem");
        for (String value : broken) {
            var page = web.send("GET", "/hazards", Map.of("Cookie", "sk-lang=" + value), null);
            assertThat(page.status()).as("sk-lang=" + value).isEqualTo(200);
            assertThat(page.body()).contains("隐患台账");
        }
    }

    /**
     * A download that fails before its first byte is sent (the enterprise list's spreadsheet, given a NUL in a filter)
     * had taken the response's output stream, so the error page could not be written: 500. It is the Chinese 400 page.
     */
    @Test
    void a_download_refused_before_it_is_sent_answers_the_chinese_error_page() throws Exception {
        web.signIn("gov_city");
        for (String filter : List.of("region=%00", "industry=%00", "status=%00")) {
            var answer = web.send("GET", "/enterprises/export.xlsx?" + filter, Map.of("Accept", "text/html"), null);
            assertThat(answer.status()).as(filter).isEqualTo(400);
            assertThat(answer.isChinesePage()).as(filter + " " + answer.contentType()).isTrue();
        }
        // started over, yet answered as every page is: with the security headers, and not as an attachment
        var headers = web.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://localhost:" + port + "/enterprises/export.xlsx?region=%00")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).headers();
        assertThat(headers.firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(headers.firstValue("Content-Security-Policy")).isPresent();
        assertThat(headers.firstValue("Content-Disposition")).isEmpty();
        assertThat(web.send("GET", "/enterprises/export.xlsx?region=321282100", Map.of(), null).contentType())
                .as("a good filter still downloads").startsWith("application/vnd.openxmlformats");
    }
}
