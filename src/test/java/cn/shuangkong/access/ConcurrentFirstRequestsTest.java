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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Several pages of one session opened at the same moment right after signing in (tabs restored, a page and its htmx
 * fragments): each request finds the session without its CSRF token and stores one. None may answer 500 (ADR 0050).
 */
class ConcurrentFirstRequestsTest extends PlatformTest {

    @Autowired
    JdbcIndexedSessionRepository sessions;

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
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
                List<String> tokens = new ArrayList<>();
                for (Future<HttpResponse<String>> a : answers) {
                    HttpResponse<String> r = a.get();
                    statuses.add(r.uri().getPath() + " " + r.statusCode());
                    Matcher token = META_CSRF.matcher(r.body());
                    if (token.find()) tokens.add(token.group(1));
                }
                assertThat(statuses).hasSize(AT_ONCE).allSatisfy(s -> assertThat(s).endsWith(" 200"));

                // every page opened in that burst can still post: its CSRF token is the one the session kept
                assertThat(tokens).isNotEmpty().allSatisfy(token -> assertThat(postWith(session, token).statusCode())
                        .as("a post carrying the token of a page from the burst passes the CSRF check").isNotEqualTo(403));

                HttpResponse<String> after = session.send(get("/hazards"), HttpResponse.BodyHandlers.ofString());
                assertThat(after.statusCode()).isEqualTo(200);
                assertThat(after.body()).contains("隐患");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The same race below the pages, for any attribute: two requests of one session that each add it. Without the
     * upsert the second save failed on the attributes' primary key; now the later value is kept.
     */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void two_requests_adding_the_same_session_attribute_both_save_and_the_later_value_is_kept() {
        SessionRepository<Session> repository = (SessionRepository) sessions;
        Session created = repository.createSession();
        repository.save(created);
        Session first = repository.findById(created.getId());
        Session second = repository.findById(created.getId());
        first.setAttribute("probe", "甲");
        second.setAttribute("probe", "乙");
        repository.save(first);
        repository.save(second);
        assertThat((String) repository.findById(created.getId()).getAttribute("probe")).isEqualTo("乙");
        repository.deleteById(created.getId());
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

    /** A post to no page at all: 404 once past the CSRF check, 403 if the token is not the session's. */
    private HttpResponse<String> postWith(HttpClient session, String token) throws Exception {
        return session.send(HttpRequest.newBuilder(URI.create(base() + "/no-such-page"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(token))).build(), HttpResponse.BodyHandlers.ofString());
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
