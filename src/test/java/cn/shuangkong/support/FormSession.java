package cn.shuangkong.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A browser's session without the browser: cookies kept, redirects not followed, the CSRF token read from each page. */
public final class FormSession {

    private final int port;
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private String csrf;

    public FormSession(int port) {
        this.port = port;
    }

    public FormSession login(String username, String password) {
        var r = passwordStep(username, password);
        assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("error");
        get("/account/password"); // signing in replaces the CSRF token: read the new one
        return this;
    }

    /** The login form's post, as a person sends it from the login page; its answer (a redirect) as it is. */
    public HttpResponse<String> passwordStep(String username, String password) {
        get("/login");
        return post("/login", Map.of("username", username, "password", password));
    }

    public HttpResponse<String> get(String path) {
        return remember(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()));
    }

    public HttpResponse<String> post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf);
        String form = all.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return remember(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))));
    }

    private HttpResponse<String> remember(HttpResponse<String> r) {
        var m = java.util.regex.Pattern.compile("name=\"_csrf\" (?:type=\"hidden\" )?value=\"([^\"]+)\"|name=\"_csrf\" content=\"([^\"]+)\"")
                .matcher(r.body());
        if (m.find()) csrf = m.group(1) != null ? m.group(1) : m.group(2);
        return r;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
