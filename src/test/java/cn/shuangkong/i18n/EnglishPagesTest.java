package cn.shuangkong.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.shared.Translations;
import cn.shuangkong.support.PageTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every page a person can reach, walked in English as each kind of user: no Chinese the platform itself wrote (a
 * template's words, a label, a message) is left on it; what stays Chinese is the data — names, titles, places.
 */
class EnglishPagesTest extends PageTest {

    private static final Pattern LINK = Pattern.compile("href=\"(/[^\"#]*)\"");
    private static final Pattern SKIP = Pattern.compile("^/(api|files|logout|swagger|v3|webjars|css|js|actuator)\\b|\\.(pdf|xlsx|png|jpg|svg|ico)(\\?|$)|[?&]lang=|/(export|download)");
    private static final Pattern WORD_ATTRIBUTE = Pattern.compile("\\s(?:placeholder|title|alt|aria-label)=\"([^\"]*)\"");
    private static final int PAGES_PER_USER = 90;
    private static Set<String> uiRuns;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @BeforeAll
    static void theWordsOfTheUi() {
        uiRuns = new HashSet<>();
        ChineseLiterals.templates().values().forEach(set -> set.forEach(t -> uiRuns.addAll(ChineseLiterals.runs(t))));
        ChineseLiterals.java().values().forEach(set -> set.forEach(t -> uiRuns.addAll(ChineseLiterals.runs(t))));
        uiRuns.removeIf(run -> run.length() < 2); // a single character is as likely an address's 号 as a word of the UI
        uiRuns.removeAll(ChineseLiterals.dataRuns());
        // words the catalogue keeps Chinese on purpose, like "中文" on the language switch
        uiRuns.removeIf(run -> Translations.english().keys().contains(run) && Translations.english().translate(run).equals(run));
    }

    @Test
    void everyPageOfEveryKindOfUserIsInEnglish() throws Exception {
        Map<String, Set<String>> chineseLeft = new TreeMap<>();
        int pages = 0;
        pages += walk(null, "/public/report", chineseLeft);
        for (String user : new String[] {"admin", "gov_city", "ent_chem", "worker_chem", "service_org", "grid_xq"}) {
            browser.loginAs(user);
            pages += walk(browser.cookieHeader(), "/", chineseLeft);
        }
        assertThat(pages).as("pages walked").isGreaterThan(150);
        assertThat(chineseLeft).as("the platform's own Chinese left on English pages (page → texts holding it)").isEmpty();
    }

    /** Follows the links of the site from one page, one page per shape of address (ids replaced), up to a bound. */
    private int walk(String cookies, String start, Map<String, Set<String>> chineseLeft) throws Exception {
        Deque<String> queue = new ArrayDeque<>();
        Set<String> shapes = new HashSet<>();
        queue.add(start);
        shapes.add(shape(start));
        int walked = 0;
        while (!queue.isEmpty() && walked < PAGES_PER_USER) {
            String path = queue.poll();
            var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET()
                    .header("Cookie", (cookies == null ? "" : cookies + "; ") + "sk-lang=en");
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("text/html")) continue;
            walked++;
            String html = response.body();
            Set<String> left = new LinkedHashSet<>();
            for (String line : visibleWords(html).split("\n")) {
                // A text made only of the platform's own words was left untranslated; one holding data (a name, a
                // title, a recorded text) may quote the platform's words inside it and is the data's.
                var runs = ChineseLiterals.runs(line);
                if (!runs.isEmpty() && uiRuns.containsAll(runs)) left.add(line.strip());
            }
            if (!left.isEmpty()) chineseLeft.merge(shape(path), left, (a, b) -> { a.addAll(b); return a; });
            Matcher link = LINK.matcher(html);
            while (link.find()) {
                String next = link.group(1).replace("&amp;", "&");
                if (SKIP.matcher(next).find()) continue;
                if (shapes.add(shape(next))) queue.add(next);
            }
        }
        return walked;
    }

    private static String shape(String path) {
        return path.replaceAll("\\d+", "#").replaceAll("\\?.*", "");
    }

    /** The words a person reads: the text outside scripts and styles, and the attributes shown as words. */
    private static String visibleWords(String html) {
        StringBuilder words = new StringBuilder();
        Matcher attribute = WORD_ATTRIBUTE.matcher(html);
        while (attribute.find()) words.append(attribute.group(1)).append('\n');
        String text = html.replaceAll("(?is)<(script|style)\\b.*?</\\1>", " ").replaceAll("(?s)<!--.*?-->", " ")
                .replaceAll("<[^>]+>", "\n");
        return words.append(text).toString();
    }
}
