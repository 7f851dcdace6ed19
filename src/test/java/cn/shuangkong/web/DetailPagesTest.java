package cn.shuangkong.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The detail pages the menu does not list — a hazard at each step of its loop, a risk point, an enterprise as its
 * regulator reads it — on a desktop and on a phone, in Chinese and in English: none scrolls sideways on a phone, and
 * each is left as a screenshot; the 告知卡 and the 一企一册 are left as PDFs beside them to be looked at.
 */
class DetailPagesTest extends PageTest {

    private static final Path SHOTS = Path.of("target", "screenshots");

    @Test
    void a_hazard_at_each_step_a_risk_point_and_the_enterprise_read_well_on_a_desktop_and_a_phone_in_both_languages() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        Map<String, String> pages = new LinkedHashMap<>();
        for (String state : List.of("REGISTERED", "RECTIFYING", "RECTIFIED", "AWAITING_REGULATOR", "CLOSED")) {
            jdbc.sql("select id from hazard where enterprise_id = :e and state = :s order by id limit 1")
                    .param("e", chem).param("s", state).query(Long.class).optional()
                    .ifPresent(id -> pages.put("hazard-" + state, "/hazards/" + id));
        }
        long point = jdbc.sql("select id from risk_point where enterprise_id = :e and code = 'FXD-001'").param("e", chem).query(Long.class).single();
        pages.put("risk-point", "/risks/" + point);
        var filed = loggedIn("chem_boss").post("/api/v1/enterprises/" + chem + "/risk-filings", "{}");
        assertThat(filed.status()).as("the principal files the register").isEqualTo(201);
        pages.put("filing", "/risks/filings/" + filed.json().get("id").asLong());
        assertThat(pages).as("the demo's hazards and the tank farm").hasSizeGreaterThan(3);

        List<String> sideways = new ArrayList<>();
        look("ent_chem", pages, sideways);
        look("gov_city", Map.of("enterprise", "/enterprises/" + chem, "hazard-as-regulator", pages.values().iterator().next()), sideways);
        assertThat(sideways).as("pages a phone scrolls sideways").isEmpty();

        browser.loginAs("ent_chem").open("/risks/" + point);
        assertThat(browser.all("#inspect-here")).as("no word on tasks to an account that is nobody's employee record").isEmpty();
        save("/risks/" + point + "/notice-card.pdf", "notice-card-FXD-001.pdf");
        save("/enterprises/" + chem + "/risk-register.pdf", "risk-register-ent_chem.pdf");
    }

    private void look(String user, Map<String, String> pages, List<String> sideways) {
        browser.loginAs(user);
        for (String lang : List.of("zh_CN", "en")) {
            for (var page : pages.entrySet()) {
                String name = "detail-" + user + "-" + page.getKey() + "-" + lang;
                browser.desktop().open(page.getValue() + "?lang=" + lang);
                assertThat(browser.text()).as(name).doesNotContain("不存在或不在您的数据范围内", "出错了");
                wholePage(name);
                browser.phone().open(page.getValue());
                if (browser.sideways() > 0) sideways.add(name + " (" + browser.sideways() + " px: " + widest() + ")");
                wholePage(name + "-phone");
            }
        }
        browser.desktop().open("/?lang=zh_CN");
    }

    /** A screenshot of the whole length of the page, to be read as a person scrolling it would; the window is put back. */
    private void wholePage(String name) {
        var window = browser.driver().manage().window();
        var size = window.getSize();
        long height = ((Number) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "return document.documentElement.scrollHeight + (window.outerHeight - window.innerHeight)")).longValue();
        window.setSize(new org.openqa.selenium.Dimension(size.getWidth(), (int) Math.min(height, 6000)));
        browser.screenshot(name);
        window.setSize(size);
    }

    /** The elements that stick out of the window while their parent does not: where a too wide page starts. */
    private String widest() {
        return (String) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("""
                var w = document.documentElement.clientWidth, out = [];
                document.querySelectorAll('body *').forEach(function (el) {
                  var p = el.parentElement;
                  if (el.getBoundingClientRect().right > w + 1 && p && p.getBoundingClientRect().right <= w + 1)
                    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.trim
                      ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
                });
                return out.slice(0, 4).join(', ');""");
    }

    private void save(String path, String file) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Cookie", browser.cookieHeader()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(file), response.body());
    }
}
