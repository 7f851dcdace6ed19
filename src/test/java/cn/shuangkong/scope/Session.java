package cn.shuangkong.scope;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A person signed in on the pages (session cookie and CSRF token), without a browser: for probing many routes fast. */
public final class Session {

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final Pattern META_HEADER = Pattern.compile("<meta name=\"_csrf_header\" content=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private String csrf;
    private String bearer;
    private String csrfHeader = "X-CSRF-TOKEN";

    public Session(String base) {
        this.base = base;
    }

    /** An API client instead: every request carries this Bearer token. */
    Session withToken(String token) {
        this.bearer = token;
        return this;
    }

    public Session signIn(String username, String password) {
        var r = postSignIn(openSignInForm(), username, password);
        if (r.statusCode() != 302 || r.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("sign-in failed for " + username + ": " + r.statusCode());
        }
        String home = send(HttpRequest.newBuilder(URI.create(base + "/")).GET().build()).body();
        Matcher token = META_CSRF.matcher(home);
        if (!token.find()) throw new IllegalStateException("no CSRF token on the home page of " + username);
        csrf = token.group(1);
        Matcher header = META_HEADER.matcher(home);
        if (header.find()) csrfHeader = header.group(1);
        return this;
    }

    /** Opens the sign-in page as a browser does (which starts an anonymous session); the form's CSRF token. */
    public String openSignInForm() {
        Matcher m = HIDDEN_CSRF.matcher(send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build()).body());
        if (!m.find()) throw new IllegalStateException("no CSRF token on the login page");
        return m.group(1);
    }

    /** Posts the sign-in form opened with {@link #openSignInForm()}; the answer as it comes. */
    public HttpResponse<String> postSignIn(String formToken, String username, String password) {
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(formToken);
        return send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** The id of the web session this person is signed in with (Spring Session's cookie carries it in base64). */
    public String sessionId() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("SESSION")).findFirst()
                .map(c -> new String(Base64.getDecoder().decode(c.getValue()), StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException("not signed in"));
    }

    public HttpResponse<String> send(String method, String path, String contentType, byte[] body) {
        var b = HttpRequest.newBuilder(URI.create(base + path));
        if (csrf != null) b.header(csrfHeader, csrf);
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return send(b.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
