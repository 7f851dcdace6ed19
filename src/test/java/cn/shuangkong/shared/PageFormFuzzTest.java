package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every form post of the pages (every POST route of a page controller, found in Spring MVC's own mapping), signed in
 * as a fresh enterprise's manager with a valid CSRF token, sent hostile values in every field it reads: the answer is
 * a page, a redirect or the platform's Chinese error page, never a 5xx, never a stack trace in the log, and a refused
 * post leaves the main tables as they were, and one that succeeded left the caller's audit record ({@link AuditedWrites},
 * ADR 0077).
 */
class PageFormFuzzTest extends PlatformTest {

    private static final String ABSENT_ID = "987654321";
    /** Leaving these would end the session the test posts with. */
    private static final Set<String> SKIPPED = Set.of("/login", "/logout");
    private static final String NOT_UTF8 = "not UTF-8";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    private HostileInput hostile;
    private AuditedWrites audited;

    @BeforeEach
    void attach() {
        hostile = new HostileInput("http://localhost:" + port, jdbc);
        audited = new AuditedWrites(jdbc);
        hostile.stackTraces.attach();
    }

    @AfterEach
    void detach() {
        hostile.stackTraces.detach();
    }

    record Route(String pattern, String path, Set<String> fields, boolean upload) { }

    @Test
    void every_page_form_answers_hostile_values_with_a_page_or_the_chinese_error_page() {
        List<Route> routes = routes();
        assertThat(routes).as("page form routes").hasSizeGreaterThan(30);
        String manager = hostile.freshEnterpriseManager();
        String csrf = hostile.signIn(manager);

        // a page renders for each answer, so the corpus is smaller than the API's: the values that broke pages before
        String huge = "危".repeat(3_000);
        List<String> values = List.of("abc", "99999999999999999999", "a\u0000b", huge);
        List<String> failures = new ArrayList<>();
        var fiveHundreds = new TreeSet<String>();
        int tried = 0;
        Map<String, Long> rows = hostile.rowCounts();
        long started = System.nanoTime();
        for (Route r : routes) {
            List<String[]> probes = new ArrayList<>(); // name, content type, body
            probes.add(new String[] {"empty", "application/x-www-form-urlencoded", "_csrf=" + csrf});
            for (String v : values) {
                var form = new StringBuilder("_csrf=").append(csrf);
                for (String f : r.fields) form.append('&').append(enc(f)).append('=').append(enc(v));
                probes.add(new String[] {"all=" + Math.min(v.length(), 20), "application/x-www-form-urlencoded", form.toString()});
            }
            var brokenForm = new StringBuilder("_csrf=").append(csrf);
            for (String f : r.fields) brokenForm.append('&').append(enc(f)).append('=').append(HostileInput.NOT_UTF8_ENCODED);
            probes.add(new String[] {NOT_UTF8 + " form", "application/x-www-form-urlencoded", brokenForm.toString()});
            probes.add(new String[] {"wrong boundary", "multipart/form-data; boundary=other", "--x\r\n"});
            for (String[] p : probes) {
                var a = send(r, manager, Map.of("Content-Type", p[1], "X-CSRF-TOKEN", csrf, "X-Forwarded-For", "10.8." + tried / 250 % 250 + "." + tried % 250), HostileInput.utf8(p[2]));
                tried++;
                check(r.path + " [" + p[0] + "]", a, failures, fiveHundreds);
                if (p[0].startsWith(NOT_UTF8) && a.status() < 400) failures.add(r.path + " [" + p[0] + "] → " + a.status() + " accepted text that is not UTF-8");
                rows = unchangedIfRefused(r.path + " [" + p[0] + "]", a, rows, failures);
            }
            // every multipart post, upload or not, has its text fields decoded strictly
            Map<String, String> typed = new LinkedHashMap<>();
            typed.put("_csrf", csrf);
            for (String f : r.fields) typed.put(f, "输入检验");
            var broken = send(r, manager, Map.of("Content-Type", "multipart/form-data; boundary=----skfuzz", "X-CSRF-TOKEN", csrf,
                            "X-Forwarded-For", "10.6." + tried / 250 % 250 + "." + tried % 250),
                    HostileInput.withTextNotUtf8("----skfuzz", r.fields.iterator().next(), HostileInput.multipart("----skfuzz", typed, null, null, null)));
            tried++;
            check(r.path + " [" + NOT_UTF8 + " multipart]", broken, failures, fiveHundreds);
            if (broken.status() < 400) failures.add(r.path + " [" + NOT_UTF8 + " multipart] → " + broken.status() + " accepted text that is not UTF-8");
            rows = unchangedIfRefused(r.path + " [" + NOT_UTF8 + " multipart]", broken, rows, failures);
            if (r.upload) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("_csrf", csrf);
                for (String f : r.fields) fields.put(f, "输入检验");
                for (String name : List.of("a\u0000.png", "a.png")) {
                    for (byte[] content : List.of(HostileInput.PNG, HostileInput.utf8("not an image"), new byte[0])) {
                        var a = send(r, manager, Map.of("Content-Type", "multipart/form-data; boundary=----skfuzz", "X-CSRF-TOKEN", csrf,
                                        "X-Forwarded-For", "10.7." + tried / 250 % 250 + "." + tried % 250),
                                HostileInput.multipart("----skfuzz", fields, "file", name, content));
                        tried++;
                        check(r.path + " [upload " + name.length() + "/" + content.length + "]", a, failures, fiveHundreds);
                        rows = unchangedIfRefused(r.path + " [upload]", a, rows, failures);
                    }
                }
            }
        }
        System.out.printf("Page form fuzz: %d s, %d routes, %d requests, %d failures (%d routes with 5xx), %d stack traces%n",
                (System.nanoTime() - started) / 1_000_000_000, routes.size(), tried, failures.size(), fiveHundreds.size(), hostile.stackTraces.seen.size());
        fiveHundreds.forEach(e -> System.out.println("  5xx: " + e));
        failures.stream().limit(40).forEach(f -> System.out.println("  " + f));
        hostile.stackTraces.seen.stream().distinct().limit(20).forEach(s -> System.out.println("  log: " + s));
        System.out.print(audited.report("Page form fuzz, audit"));
        assertThat(audited.pages).as("page form posts seen succeeding, checked for their audit record (ADR 0077)").isGreaterThanOrEqualTo(5);
        assertThat(audited.unaudited).as("writes that changed state without an audit record").isEmpty();
        assertThat(failures.size()).as("form posts answered badly, the first: " + String.join("\n", failures.stream().limit(20).toList())).isZero();
        assertThat(hostile.stackTraces.seen).as("stack traces in the log").isEmpty();
    }

    /** Posts to the route as the manager; one redirected to a success must have left the manager's audit record. */
    private HostileInput.Answer send(Route r, String manager, Map<String, String> headers, byte[] body) {
        long mark = audited.mark();
        var a = hostile.send("POST", r.path, headers, body);
        audited.page("POST " + r.pattern, manager, mark, a, hostile, "POST " + r.path);
        return a;
    }

    private void check(String what, HostileInput.Answer a, List<String> failures, Set<String> fiveHundreds) {
        if (a.status() >= 500 || a.status() < 0) {
            fiveHundreds.add(what.substring(0, what.indexOf(' ')));
            failures.add(what + " → " + a.status() + " " + abbreviate(a.body()));
        } else if (what.startsWith("/api/") ? a.status() >= 400 && !(a.isProblem() && a.hasChineseDetail())
                : a.status() >= 400 && !a.isChinesePage()) { // a page controller under /api/ answers through the API door
            failures.add(what + " → " + a.status() + " not the Chinese error page or problem: " + a.contentType() + " " + abbreviate(a.body()));
        }
    }

    private Map<String, Long> unchangedIfRefused(String what, HostileInput.Answer a, Map<String, Long> rows, List<String> failures) {
        var now = hostile.rowCounts();
        if (a.status() >= 400 && !now.equals(rows)) failures.add(what + " → " + a.status() + " refused but rows changed");
        return now;
    }

    /** The POST routes of the page controllers and the request parameters each one reads. */
    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        mapping.getHandlerMethods().forEach((info, method) -> {
            if (AnnotatedElementUtils.hasAnnotation(method.getBeanType(), ResponseBody.class)) return;
            if (!info.getMethodsCondition().getMethods().contains(RequestMethod.POST)) return;
            Set<String> fields = new LinkedHashSet<>();
            boolean upload = false;
            for (MethodParameter p : method.getMethodParameters()) {
                p.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
                RequestParam rp = p.getParameterAnnotation(RequestParam.class);
                Class<?> type = p.getParameterType();
                if (type.getName().contains("Multipart") || type.getName().contains("HttpServletRequest")) upload = true;
                if (rp != null && !Map.class.isAssignableFrom(type)) {
                    String name = !rp.name().isEmpty() ? rp.name() : !rp.value().isEmpty() ? rp.value() : p.getParameterName();
                    if (name != null && !type.getName().contains("Multipart")) fields.add(name);
                } else if (type.isRecord()) {
                    for (var c : type.getRecordComponents()) fields.add(c.getName());
                }
            }
            if (fields.isEmpty()) fields.addAll(List.of("name", "title", "note", "id", "level", "deadline"));
            for (String pattern : info.getPatternValues()) {
                if (SKIPPED.contains(pattern) || pattern.startsWith("/account/password")) continue;
                routes.add(new Route(pattern, pattern.replaceAll("\\{[^}]+}", ABSENT_ID), fields, upload));
            }
        });
        return routes;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        s = s.replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
