package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Another system mirrors a list with cursor and updatedSince while the platform keeps writing to it: nothing is
 * missed, no version is read twice in a pass, and the old paged answer stays as it was for existing callers.
 */
class MirrorTest extends PlatformTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    record Page(int status, JsonNode body, String next, boolean more, String link) { }

    private Page get(String token, String path) {
        try {
            var r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), JSON.readTree(r.body()), r.headers().firstValue(Window.NEXT_HEADER).orElse(null),
                    r.headers().firstValue(Window.MORE_HEADER).map(Boolean::parseBoolean).orElse(false),
                    r.headers().firstValue("Link").orElse(null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A paged body's items, or the body itself where the list is a plain array. */
    private static JsonNode items(Page page) {
        return page.body().isArray() ? page.body() : page.body().get("items");
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void a_mirror_paging_while_hazards_are_written_misses_nothing_and_reads_no_version_twice() {
        Api chem = loggedIn("ent_chem");
        long enterprise = enterpriseIdOf("ent_chem");
        Instant since = jdbc.sql("select clock_timestamp()").query(java.sql.Timestamp.class).single().toInstant();
        List<Long> written = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 30; i++) {
                var r = chem.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                        "title", "镜像测试 " + i, "description", "镜像测试", "location", "罐区")));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                written.add(r.json().get("id").asLong());
            }
        });

        String base = "/api/v1/hazards?enterpriseId=" + enterprise + "&limit=4&updatedSince=" + q(since.toString());
        List<String> versions = new ArrayList<>();
        Map<Long, Instant> mirror = new TreeMap<>();
        String cursor = null;
        int pages = 0;
        boolean more = true;
        // keep polling while the writer writes, then until the list says nothing more is there
        while (!writer.isDone() || more) {
            Page page = get(chem.token(), base + (cursor == null ? "" : "&cursor=" + q(cursor)));
            assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
            for (JsonNode h : page.body().get("items")) {
                Instant at = Instant.parse(h.get("updatedAt").asString());
                versions.add(h.get("id").asLong() + "@" + at);
                mirror.merge(h.get("id").asLong(), at, (a, b) -> a.isAfter(b) ? a : b);
            }
            if (page.next() != null) cursor = page.next();
            more = page.more();
            if (more) assertThat(page.link()).contains("cursor=").doesNotContain("localhost");
            pages++;
        }
        writer.join();
        // one last pass after the writes, with the overlap the ADR asks of a mirror (commit order is not write order)
        Instant overlap = mirror.values().stream().max(Instant::compareTo).orElse(since).minusSeconds(5);
        String after = null;
        do {
            Page page = get(chem.token(), "/api/v1/hazards?enterpriseId=" + enterprise + "&limit=50&updatedSince=" + q(overlap.toString())
                    + (after == null ? "" : "&cursor=" + q(after)));
            for (JsonNode h : page.body().get("items")) {
                mirror.merge(h.get("id").asLong(), Instant.parse(h.get("updatedAt").asString()), (a, b) -> a.isAfter(b) ? a : b);
            }
            after = page.next();
            more = page.more();
        } while (more);

        assertThat(written).hasSize(30);
        assertThat(pages).as("several pages").isGreaterThan(5);
        assertThat(versions).as("versions read in the cursor pass").isNotEmpty();
        assertThat(new HashSet<>(versions)).as("no version read twice").hasSameSizeAs(versions);
        Map<Long, Instant> truth = new TreeMap<>();
        jdbc.sql("select id, updated_at from hazard where enterprise_id = :e and updated_at >= :since")
                .param("e", enterprise).param("since", java.sql.Timestamp.from(since))
                .query((rs, n) -> truth.put(rs.getLong(1), rs.getTimestamp(2).toInstant())).list();
        assertThat(mirror.keySet()).containsAll(written);
        assertThat(mirror).as("the mirror holds every row and its latest version").isEqualTo(truth);
    }

    @Test
    void hostile_cursors_are_refused_in_chinese_and_old_callers_see_the_old_answer() {
        Api city = loggedIn("gov_city");
        for (String cursor : List.of("abc", "!!!", Base64.getUrlEncoder().encodeToString("v1:x:1".getBytes()),
                Base64.getUrlEncoder().encodeToString("v1:-5:1".getBytes()), Base64.getUrlEncoder().encodeToString("v2:1:1".getBytes()),
                Base64.getUrlEncoder().encodeToString("v1:99999999999999999999:1".getBytes()), "A".repeat(5000), "%00")) {
            var r = city.get("/api/v1/hazards?cursor=" + q(cursor));
            assertThat(r.status()).as(cursor).isEqualTo(400);
            assertThat(r.json().get("detail").asString()).as(cursor).contains("cursor 无效");
        }
        var badSince = city.get("/api/v1/hazards?updatedSince=yesterday");
        assertThat(badSince.status()).isEqualTo(400);
        assertThat(badSince.body()).containsPattern("[\\u4e00-\\u9fa5]");

        // without cursor, updatedSince or limit: the paged answer as before, no cursor headers
        Page old = get(city.token(), "/api/v1/hazards?page=1&size=5");
        assertThat(old.status()).isEqualTo(200);
        assertThat(old.next()).isNull();
        assertThat(old.body().get("total").asLong()).isGreaterThan(old.body().get("items").size());

        // every mirrored list answers in (updated_at, id) order with its position
        for (String list : List.of("/api/v1/hazards", "/api/v1/enterprises", "/api/v1/risk-points", "/api/v1/alerts",
                "/api/v1/monitoring/alarms", "/api/v1/reports")) {
            Page page = get(city.token(), list + "?limit=3");
            assertThat(page.status()).as(list).isEqualTo(200);
            if (list.endsWith("/alarms") && items(page).isEmpty()) continue; // no sensor has alarmed yet in this run
            assertThat(items(page).size()).as(list).isBetween(1, 3);
            assertThat(page.next()).as(list).isNotNull();
            Page following = get(city.token(), list + "?limit=3&cursor=" + q(page.next()));
            assertThat(following.status()).as(list).isEqualTo(200);
            var firstIds = new HashSet<Long>();
            items(page).forEach(i -> firstIds.add(i.get("id").asLong()));
            items(following).forEach(i -> assertThat(firstIds).as(list).doesNotContain(i.get("id").asLong()));
        }
        assertThat(get(city.token(), "/api/v1/hazards?limit=100000").body().get("items").size()).isLessThanOrEqualTo(Window.MAX_LIMIT);
    }
}
