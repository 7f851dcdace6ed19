package cn.shuangkong.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.internal.SecurityConfig;
import cn.shuangkong.shared.ExternalUrl;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.RawHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/** Headers, cookies and printed links follow the configured external address, never what a client claims. */
class SecurityHeadersTest extends PlatformTest {

    @Autowired
    ExternalUrl externalUrl;

    @Test
    void scripts_run_only_from_the_platforms_own_files() {
        var page = RawHttp.send("127.0.0.1", port, "GET", "/login", null);
        String csp = page.headers().get("content-security-policy");
        String scriptSrc = csp.replaceAll(".*script-src ([^;]*).*", "$1");
        assertThat(scriptSrc).isEqualTo("'self'");
    }

    @Test
    void no_template_carries_an_inline_script_or_event_handler() throws IOException {
        Pattern inlineScript = Pattern.compile("<script(?![^>]*\\b(src|th:src)=)(?![^>]*type=\"application/json\")[^>]*>");
        Pattern handler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
        Path templates = Path.of("src/main/resources/templates");
        List<Path> pages;
        try (Stream<Path> files = Files.walk(templates)) {
            // the PDF templates are rendered to paper by openhtmltopdf, never run in a browser
            pages = files.filter(p -> p.toString().endsWith(".html") && !p.startsWith(templates.resolve("pdf"))).toList();
        }
        assertThat(pages).isNotEmpty();
        for (Path p : pages) {
            String html = Files.readString(p);
            assertThat(inlineScript.matcher(html).find()).as("inline <script> in %s", p).isFalse();
            assertThat(handler.matcher(html).find()).as("inline event handler in %s", p).isFalse();
            assertThat(html).as("javascript: link in %s", p).doesNotContain("javascript:");
        }
    }

    @Test
    void a_client_claiming_https_gets_neither_hsts_nor_a_secure_cookie_while_the_platform_is_configured_for_http() {
        // even from the trusted proxy: whether the platform is on https is configuration
        var page = RawHttp.send("127.0.0.1", port, "GET", "/login", null, "X-Forwarded-Proto: https", "X-Forwarded-Port: 443");
        assertThat(page.headers()).doesNotContainKey("strict-transport-security");
        assertThat(page.headers().get("set-cookie")).contains("SESSION=").doesNotContainIgnoringCase("secure");
    }

    @Test
    void the_way_to_the_login_page_names_no_host_whatever_host_the_request_named() {
        var r = RawHttp.send("127.0.0.2", port, "GET", "/account/password", null, "Host: evil.example");
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.headers().get("location")).isEqualTo("/login");
    }

    @Test
    void an_https_external_url_turns_on_hsts_and_secure_cookies_for_every_request() {
        var https = ExternalUrl.of("https://sk.yjj.example.gov.cn/");
        var plainRequest = new MockHttpServletRequest("GET", "/login"); // TLS ended at the proxy: the app sees http
        var response = new MockHttpServletResponse();
        SecurityConfig.hsts(https).orElseThrow().writeHeaders(plainRequest, response);
        assertThat(response.getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000 ; includeSubDomains");
        assertThat(SecurityConfig.hsts(ExternalUrl.of("http://localhost:8080"))).isEmpty();

        var serializer = new DefaultCookieSerializer();
        new SecurityConfig().secureSessionCookie(https).customize(serializer);
        var cookieResponse = new MockHttpServletResponse();
        serializer.writeCookieValue(new CookieSerializer.CookieValue(plainRequest, cookieResponse, "abc"));
        assertThat(cookieResponse.getHeader("Set-Cookie")).contains("Secure", "HttpOnly");
    }

    @Test
    void the_notice_cards_qr_link_is_the_configured_address_whatever_host_the_request_named() throws Exception {
        long point = jdbc.sql("select id from risk_point where name = '甲类储罐区（甲醇、甲苯）'").query(Long.class).single();
        String token = loggedIn("ent_chem").token();
        var pdf = RawHttp.send("127.0.0.2", port, "GET", "/api/v1/risk-points/" + point + "/notice-card.pdf", null,
                "Host: evil.example", "Authorization: Bearer " + token, "X-Forwarded-Host: evil2.example");
        assertThat(pdf.status()).isEqualTo(200);
        String text;
        try (var doc = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
        }
        assertThat(text).contains(externalUrl.link("/risks/" + point)).doesNotContain("evil");
        assertThat(externalUrl.link("/risks/" + point)).isEqualTo("http://shuangkong.test:8080/risks/" + point);
    }
}
