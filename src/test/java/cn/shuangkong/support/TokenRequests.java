package cn.shuangkong.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /api/v1/auth/token} as a client behind the trusted (loopback) proxy, which names the client in
 * {@code X-Forwarded-For}: the sign-in throttle counts failures per client, so each test asks as a client of its own.
 */
public final class TokenRequests {

    /** Addresses of 198.18.0.0/15 (benchmarking, never routed), each handed out once a run: no two tests share a throttle. */
    private static final int PER_SECOND_OCTET = 256 * 254;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(PER_SECOND_OCTET));

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    public TokenRequests(int port) {
        this.port = port;
    }

    /** A client address no other caller of this method has been given in this run. */
    public static String someClient() {
        int n = Math.floorMod(NEXT.getAndIncrement(), 2 * PER_SECOND_OCTET);
        return "198." + (18 + n / PER_SECOND_OCTET) + "." + (n / 254 % 256) + "." + (1 + n % 254);
    }

    /** Asks for a token with a password, and the second factor's code when one is given. */
    public HttpResponse<String> token(String client, String username, String password, String code) {
        Map<String, String> body = new HashMap<>(Map.of("username", username, "password", password));
        if (code != null) body.put("code", code);
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/token"))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", client)
                    .POST(HttpRequest.BodyPublishers.ofString(Api.json(body))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
