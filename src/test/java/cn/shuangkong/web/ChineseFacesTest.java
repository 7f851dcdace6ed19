package cn.shuangkong.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a person reads is Chinese and names people: no account names (worker_chem, system) and no configuration keys
 * (shuangkong.…) in the visible text of the main pages, walked as the roles of the demo city; a favicon on every page.
 */
class ChineseFacesTest extends PlatformTest {

    /** Pages whose purpose is the account itself: the login name is what they manage. */
    private static final Pattern ACCOUNT_PAGES = Pattern.compile("^/(account|login|logout|admin/users)(/.*)?$");
    private static final Pattern HREF = Pattern.compile("href=\"(/[^\"#?]*)(\\?[^\"#]*)?\"");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void the_main_pages_show_names_of_people_and_no_account_names_or_configuration_keys() throws Exception {
        List<String> usernames = jdbc.sql("select username from user_account where demo").query(String.class).list();
        assertThat(usernames).contains("worker_chem", "gov_city");
        Pattern forbidden = Pattern.compile("(?<![A-Za-z0-9_])(" + String.join("|", usernames) + "|system)(?![A-Za-z0-9_])|shuangkong\\.[a-z]");
        Set<String> found = new LinkedHashSet<>();
        int walked = 0;
        for (String role : List.of("ent_chem", "worker_chem", "gov_city", "admin")) {
            String cookie = signIn(role);
            Set<String> paths = new LinkedHashSet<>(List.of("/"));
            // The admin's menu repeats the regulators' pages; only the audit trail is the admin's own to read here.
            if (role.equals("admin")) paths.add("/audit");
            else paths.addAll(links(get("/", cookie)));
            if (role.equals("ent_chem")) paths.addAll(details()); // the detail pages once: the roles see the same records
            if (role.equals("gov_city")) paths.add("/alerts/rules");
            for (String path : paths) {
                if (ACCOUNT_PAGES.matcher(path).matches()) continue;
                var r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Cookie", cookie).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || !r.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) continue;
                walked++;
                String html = r.body();
                assertThat(html).as("favicon on " + path).contains("rel=\"icon\"");
                Matcher m;
                String text = visibleText(html);
                m = forbidden.matcher(text);
                while (m.find()) found.add(role + " " + path + ": …" + text.substring(Math.max(0, m.start() - 30), Math.min(text.length(), m.end() + 10)).strip() + "…");
            }
        }
        assertThat(walked).isGreaterThan(25);
        assertThat(found).isEmpty();
    }

    /** Signs in through the login form, as a browser does, and returns the session cookie. */
    private String signIn(String username) throws Exception {
        var client = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String base = "http://localhost:" + port;
        String login = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).as("the login form carries a CSRF token").isTrue();
        String form = "username=" + username + "&password=Demo%402026&_csrf=" + java.net.URLEncoder.encode(csrf.group(1), "UTF-8");
        client.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        var cookies = ((java.net.CookieManager) client.cookieHandler().orElseThrow()).getCookieStore().getCookies();
        assertThat(cookies).as("a session after signing in as " + username).isNotEmpty();
        return String.join("; ", cookies.stream().map(java.net.HttpCookie::toString).toList());
    }

    private List<String> details() {
        List<String> out = new ArrayList<>();
        long chem = jdbc.sql("select enterprise_id from user_account where username = 'ent_chem'").query(Long.class).single();
        jdbc.sql("select id from risk_point where enterprise_id = :e order by id limit 2").param("e", chem).query(Long.class).list()
                .forEach(id -> out.add("/risks/" + id));
        jdbc.sql("select id from hazard where enterprise_id = :e order by id limit 6").param("e", chem).query(Long.class).list()
                .forEach(id -> out.add("/hazards/" + id));
        jdbc.sql("select id from major_hazard_source where enterprise_id = :e order by id limit 1").param("e", chem).query(Long.class).list()
                .forEach(id -> out.add("/monitoring/sources/" + id));
        jdbc.sql("select id from alarm order by id desc limit 2").query(Long.class).list().forEach(id -> out.add("/monitoring/alarms/" + id));
        jdbc.sql("select id from alert order by id desc limit 3").query(Long.class).list().forEach(id -> out.add("/alerts/" + id));
        jdbc.sql("select id from emergency_plan where enterprise_id = :e order by id limit 2").param("e", chem).query(Long.class).list()
                .forEach(id -> out.add("/emergency/plans/" + id));
        out.add("/enterprises/" + chem);
        out.add("/supervision/enterprises/" + chem);
        out.add("/monitoring/checks");
        out.add("/inspection/tasks");
        jdbc.sql("select id from inspection_record where enterprise_id = :e order by id desc limit 3").param("e", chem).query(Long.class).list()
                .forEach(id -> out.add("/inspection/records/" + id));
        return out;
    }

    private List<String> links(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = HREF.matcher(html);
        while (m.find()) {
            String p = m.group(1);
            if (!p.startsWith("/css") && !p.startsWith("/js") && !p.startsWith("/img") && !p.startsWith("/webjars")
                    && !p.endsWith(".pdf") && !p.endsWith(".xlsx") && !p.startsWith("/swagger") && !p.startsWith("/v3")) out.add(p);
        }
        return out;
    }

    private String get(String path, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The text a person reads: no scripts, styles, tags or attribute values. */
    private static String visibleText(String html) {
        return html.replaceAll("(?is)<(script|style)\\b.*?</\\1>", " ").replaceAll("(?s)<!--.*?-->", " ")
                .replaceAll("(?s)<[^>]*>", " ").replace("&quot;", "\"").replace("&amp;", "&");
    }
}
