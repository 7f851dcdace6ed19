package cn.shuangkong.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./bench crash}: the platform as its own process on a fresh data directory (durable embedded PostgreSQL),
 * writers uploading evidence files through the API, then kill -9 mid-writes — first the application alone, then the
 * application and PostgreSQL together. After each restart every acknowledged upload (201 with its id) must be there
 * with the same bytes, and the audit chain must verify against its anchors. Prints the figures.
 */
@Tag("benchmark")
class CrashBenchmark {

    static final int WRITERS = 4;
    static final Duration WRITE_FOR = Duration.ofSeconds(20);
    static final Duration START_WITHIN = Duration.ofMinutes(10);
    static final JsonMapper JSON = JsonMapper.builder().build();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Map<Long, String> acknowledged = new ConcurrentHashMap<>(); // file id → SHA-256 of what was sent
    Path dataDir;
    int port;
    int mqttPort;

    @Test
    void every_acknowledged_write_survives_kill_minus_9_and_the_chain_verifies() throws Exception {
        dataDir = Path.of("target", "crash-data", UUID.randomUUID().toString()).toAbsolutePath();
        port = freePort();
        mqttPort = freePort();
        System.out.printf("%n=== ./bench crash — data dir %s ===%n", dataDir);
        Process app = start();
        try {
            for (String round : List.of("kill -9 of the application", "kill -9 of the application and PostgreSQL")) {
                int before = acknowledged.size();
                var attempts = writeThenKill(app, round.contains("PostgreSQL"));
                app = start();
                long lost = acknowledged.entrySet().stream().filter(e -> !present(e.getKey(), e.getValue())).count();
                JsonNode chain = verifyChain();
                System.out.printf("%s: %d uploads tried, %d acknowledged (%d in all so far), %d lost; audit chain %s (%d records, %d anchors)%n",
                        round, attempts, acknowledged.size() - before, acknowledged.size(), lost,
                        chain.get("intact").asBoolean() ? "verifies" : "BROKEN " + chain.get("findings"),
                        chain.get("checked").asLong(), chain.get("anchors").asLong());
                assertThat(acknowledged.size()).isGreaterThan(before);
                assertThat(lost).isZero();
                assertThat(chain.get("intact").asBoolean()).as(chain.toString()).isTrue();
            }
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    /** Writers upload until the kill; answers how many uploads were tried. */
    private long writeThenKill(Process app, boolean alsoPostgres) throws Exception {
        String token = login("ent_chem");
        var running = new AtomicBoolean(true);
        var tried = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            var writer = new Thread(() -> {
                while (running.get()) {
                    byte[] photo = png(ThreadLocalRandom.current().nextInt(0xFFFFFF));
                    tried.incrementAndGet();
                    try {
                        var r = upload(token, photo);
                        if (r.statusCode() == 201) {
                            acknowledged.put(JSON.readTree(r.body()).get("id").asLong(), sha256(photo));
                        }
                    } catch (Exception killed) {
                        // refused or cut off by the kill: not acknowledged, so no promise to keep
                    }
                }
            });
            writer.start();
            writers.add(writer);
        }
        Thread.sleep(WRITE_FOR.toMillis()); // the writers' run, not a wait for a condition
        long postmaster = alsoPostgres ? postmasterPid() : -1;
        List<ProcessHandle> postgres = new ArrayList<>();
        if (postmaster > 0) {
            ProcessHandle.of(postmaster).ifPresent(p -> {
                postgres.add(p);
                p.descendants().forEach(postgres::add);
            });
        }
        app.destroyForcibly(); // SIGKILL, mid-writes
        postgres.forEach(ProcessHandle::destroyForcibly);
        app.waitFor();
        running.set(false);
        for (Thread t : writers) {
            t.join();
        }
        return tried.get();
    }

    private Process start() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        var pb = new ProcessBuilder(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"), "cn.shuangkong.ShuangkongApplication")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
        Files.createDirectories(dataDir);
        pb.environment().putAll(Map.of("SK_DATA_DIR", dataDir.toString(), "SERVER_PORT", String.valueOf(port),
                "SK_MQTT_PORT", String.valueOf(mqttPort), "SK_SIMULATOR", "false", "SK_AUDIT_ANCHOR_EVERY", "PT5S"));
        tokens.clear(); // sign in afresh on each run of the platform
        Instant t0 = Instant.now();
        Process app = pb.start();
        Instant deadline = t0.plus(START_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            assertThat(app.isAlive()).as("the platform exited while starting, see its log beside the data directory").isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    System.out.printf("platform up in %d s%n", Duration.between(t0, Instant.now()).toSeconds());
                    return app;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the platform did not start within " + START_WITHIN);
    }

    private boolean present(long id, String sha) {
        try {
            var r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/files/" + id + "/content"))
                    .header("Authorization", "Bearer " + login("ent_chem")).build(), HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 && sha256(r.body()).equals(sha);
        } catch (Exception e) {
            return false;
        }
    }

    private JsonNode verifyChain() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/audit/verify"))
                .header("Authorization", "Bearer " + login("admin")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    private String login(String user) {
        return tokens.computeIfAbsent(user, u -> {
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/auth/token")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"Demo@2026\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return JSON.readTree(r.body()).get("token").asString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private HttpResponse<String> upload(String token, byte[] content) throws Exception {
        String boundary = "----crash" + System.nanoTime();
        var out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nPHOTO\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"现场.png\"\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/files")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0).trim());
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static byte[] png(int rgb) {
        try {
            return cn.shuangkong.files.FileStoreTest.png(rgb);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
