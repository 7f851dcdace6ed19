package cn.shuangkong.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client system calling the REST API over real HTTP, as another platform would. */
public class Api {

    public record Response(int status, String contentType, String body, byte[] bytes) {
        public JsonNode json() {
            return MAPPER.readTree(body);
        }
    }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String[] bases;
    private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    private String token;

    Api(String... bases) {
        this.bases = bases;
    }

    /** A client of the instance at {@code base} (a second instance of a cluster test). */
    public static Api at(String base) {
        return new Api(base);
    }

    /** A client behind a round-robin load balancer: each request (the login too) goes to the next of these instances. */
    public static Api across(String... bases) {
        return new Api(bases);
    }

    public Api login(String username, String password) {
        Response r = post("/api/v1/auth/token", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (r.status() != 200) throw new IllegalStateException("login failed for " + username + ": " + r.body());
        this.token = r.json().get("token").asString();
        return this;
    }

    public Api withToken(String token) {
        this.token = token;
        return this;
    }

    public String token() {
        return token;
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    public Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A multipart/form-data upload of one file plus plain fields, as a browser or another system sends it. */
    public Response upload(String path, String field, String filename, byte[] content, java.util.Map<String, String> fields) {
        String boundary = "----sk" + System.nanoTime();
        var out = new java.io.ByteArrayOutputStream();
        java.util.function.Consumer<String> w = s -> out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        fields.forEach((k, v) -> w.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n"));
        w.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        out.writeBytes(content);
        w.accept("\r\n--" + boundary + "--\r\n");
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build());
    }

    public Response put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    public static String json(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    private HttpRequest.Builder request(String path) {
        String base = bases[Math.floorMod(calls.getAndIncrement(), bases.length)];
        var b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    new String(r.body(), java.nio.charset.StandardCharsets.UTF_8), r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
