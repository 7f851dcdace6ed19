package cn.shuangkong.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Several pages of one session opened at the same moment right after signing in (tabs restored, a page and its htmx
 * fragments): each request finds the session without its CSRF token and stores one. None may answer 500 (ADR 0050).
 */
class ConcurrentFirstRequestsTest extends PlatformTest {

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final List<String> PAGES = List.of("/", "/hazards", "/permits/filings/count");
    private static final int AT_ONCE = 16;

    @Test
    void the_first_pages_of_a_fresh_session_requested_at_once_all_answer_and_the_session_still_works() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        try {
            for (int round = 0; round < 4; round++) {
                HttpClient session = signedIn("gov_city");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < AT_ONCE; i++) {
                    String path = PAGES.get(i % PAGES.size());
                    answers.add(pool.submit(() -> {
                        go.await();
                        return session.send(get(path), HttpResponse.BodyHandlers.ofString());
                    }));
                }
                go.countDown();
                List<String> statuses = new ArrayList<>();
                for (Future<HttpResponse<String>> a : answers) {
                    HttpResponse<String> r = a.get();
                    statuses.add(r.uri().getPath() + " " + r.statusCode());
                }
                assertThat(statuses).hasSize(AT_ONCE).allSatisfy(s -> assertThat(s).endsWith(" 200"));

                HttpResponse<String> after = session.send(get("/hazards"), HttpResponse.BodyHandlers.ofString());
                assertThat(after.statusCode()).isEqualTo(200);
                assertThat(after.body()).contains("隐患");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private HttpClient signedIn(String username) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Matcher csrf = HIDDEN_CSRF.matcher(http.send(get("/login"), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(csrf.find()).as("the login page carries a CSRF token").isTrue();
        String form = "username=" + enc(username) + "&password=" + enc("Demo@2026") + "&_csrf=" + enc(csrf.group(1));
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return http;
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).GET().build();
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
