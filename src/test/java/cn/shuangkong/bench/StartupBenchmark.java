package cn.shuangkong.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code ./bench startup}: the platform as its own JVM on a fresh data directory (embedded PostgreSQL, demo profile):
 * from process start to the port accepting connections, to {@code /login} answering, and to
 * {@code /actuator/health/readiness} saying UP (migrations done, demo loaded) — beside the floor a fresh embedded
 * database alone costs (initdb + pg_ctl start with the same binaries), measured in the same run. Then the stop: SIGTERM
 * to exit, and the same on an external PostgreSQL that was killed first (issue 12: within seconds, not past 30 s).
 *
 * <p>Each start also prints the CPU-seconds it used to the port and to ready, per thread kind of its JVM and for its
 * PostgreSQL (from /proc): seconds move with the machine's load, CPU-seconds much less (ADR 0053, 0060). Beside the
 * plain JVM as this benchmark always started it (the test JVM's class path: test classes and ~120 test jars
 * included) it starts the packaged jar as an operator has it (extracted, {@code java -jar}: the runtime
 * class path only), and the same with the class data sharing archive of a training run (docs/deployment.md).
 */
@Tag("benchmark")
class StartupBenchmark {

    static final Duration START_WITHIN = Duration.ofMinutes(10);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final Path root = Path.of("target", "startup-bench", UUID.randomUUID().toString()).toAbsolutePath();

    @Test
    void cold_start_to_ready_beside_initdb_and_pg_ctl_start_and_sigterm_with_the_database_gone() throws Exception {
        System.out.printf("%n=== ./bench startup — %s, %s, load %s ===%n", root,
                System.getProperty("sk.bench.jar", "").isBlank() ? "this build's classes" : System.getProperty("sk.bench.jar"), loadAverage());
        long t0 = System.nanoTime();
        EmbeddedPostgres external = EmbeddedPostgres.builder().setDataDirectory(root.resolve("baseline-pg"))
                .setCleanDataDirectory(true).setPGStartupWait(Duration.ofSeconds(120)).start();
        double baseline = seconds(t0);
        System.out.printf("baseline: initdb + pg_ctl start of the embedded binaries, fresh directory: %.1f s%n", baseline);

        // 0. The README's first command as a person types it: Maven, then the JVM spring-boot:run forks (with the
        //    plugin's default -XX:TieredStopAtLevel=1), fresh data directory. Also timed from the forked JVM's start.
        //    Not for a packaged jar of another build (-Dsk.bench.jar): Maven runs this checkout.
        if (System.getProperty("sk.bench.jar", "").isBlank()) {
            var readme = start("readme", List.of(Path.of("mvnw").toAbsolutePath().toString(), "-o", "-q", "spring-boot:run"),
                    Map.of("SK_DATA_DIR", root.resolve("data-readme").toString()));
            System.out.printf("./mvnw spring-boot:run, fresh data dir: port open %.1f s, /login 200 %.1f s, ready %.1f s; "
                            + "from the start of the JVM it forks: port open %.1f s, ready %.1f s%n", readme.portOpen, readme.login,
                    readme.ready, readme.portOpen - readme.jvmStarted, readme.ready - readme.jvmStarted);
            sigterm(readme.process);
        }

        // 1. Cold start of the default run: embedded PostgreSQL and demo, fresh data directory.
        var cold = start("cold", Map.of("SK_DATA_DIR", root.resolve("data").toString()));
        System.out.printf("cold start, fresh data dir: port open %.1f s, /login 200 %.1f s, ready %.1f s (%.1f × the baseline); "
                        + "/login answered before ready: %s%n", cold.portOpen, cold.login, cold.ready, cold.ready / baseline,
                cold.login < cold.ready ? "yes" : "no");
        double stop = sigterm(cold.process);
        System.out.printf("SIGTERM → exit (embedded database): %.1f s%n", stop);

        // 1b. The packaged jar as docs/deployment.md tells an operator to run it: extracted (`-Djarmode=tools extract`),
        //     `java -jar` of the extracted jar — the runtime class path only, where the line above (kept as it always was)
        //     has the test JVM's class path. Then the same with a class data sharing archive of a training run.
        Path app = extracted();
        String appJar = app.getFileName().toString();
        Path appDir = app.getParent();
        var packaged = start("packaged", List.of(java(), "-Xmx768m", "-jar", appJar), appDir,
                Map.of("SK_DATA_DIR", root.resolve("data-packaged").toString()));
        System.out.printf("packaged jar, extracted (java -jar, runtime class path only), fresh data dir: port open %.1f s, "
                + "/login 200 %.1f s, ready %.1f s%n", packaged.portOpen, packaged.login, packaged.ready);
        sigterm(packaged.process);
        long training = System.nanoTime();
        var trainer = new ProcessBuilder(java(), "-Xmx768m", "-XX:ArchiveClassesAtExit=application.jsa", "-Dspring.context.exit=onRefresh",
                "-jar", appJar).directory(appDir.toFile()).redirectErrorStream(true).redirectOutput(root.resolve("cds-training.log").toFile());
        trainer.environment().putAll(Map.of("SK_DATA_DIR", root.resolve("data-training").toString(), "SERVER_PORT", "0",
                "SK_MQTT_PORT", String.valueOf(freePort()), "SK_SIMULATOR", "false"));
        Process trainingRun = trainer.start();
        assertThat(trainingRun.waitFor(START_WITHIN.toSeconds(), TimeUnit.SECONDS)).as("CDS training run, see cds-training.log").isTrue();
        // The training run halts the JVM after the refresh without closing the context, so its embedded PostgreSQL is
        // left running (docs/deployment.md tells the operator to stop it the same way).
        long trainingServer = Long.parseLong(Files.readAllLines(root.resolve("data-training/pg/postmaster.pid")).get(0).trim());
        ProcessHandle.of(trainingServer).ifPresent(server -> {
            server.destroy();
            server.onExit().join();
        });
        System.out.printf("CDS training run (-XX:ArchiveClassesAtExit, -Dspring.context.exit=onRefresh, fresh data dir): %.1f s%n",
                seconds(training));
        var cds = start("packaged-cds", List.of(java(), "-Xmx768m", "-XX:SharedArchiveFile=application.jsa", "-jar", appJar), appDir,
                Map.of("SK_DATA_DIR", root.resolve("data-cds").toString()));
        boolean archiveUsed = !Files.readString(root.resolve("packaged-cds.log")).contains("Unable to use shared archive");
        System.out.printf("packaged jar, extracted, with its CDS archive (-XX:SharedArchiveFile), fresh data dir: port open %.1f s, "
                + "/login 200 %.1f s, ready %.1f s; archive used: %s%n", cds.portOpen, cds.login, cds.ready, archiveUsed ? "yes" : "NO");
        sigterm(cds.process);

        // 2. An instance on an external PostgreSQL (production profile, no demo), then the database dies under it.
        String url = "jdbc:postgresql://localhost:" + external.getPort() + "/postgres";
        var onExternal = start("external", Map.of("SK_DATA_DIR", root.resolve("data-external").toString(),
                "SPRING_DATASOURCE_URL", url, "SPRING_DATASOURCE_USERNAME", "postgres", "SPRING_DATASOURCE_PASSWORD", "postgres",
                "SPRING_PROFILES_ACTIVE", "prod"));
        System.out.printf("start on an external PostgreSQL (prod, fresh schema): port open %.1f s, ready %.1f s%n",
                onExternal.portOpen, onExternal.ready);
        long postmaster = Long.parseLong(Files.readAllLines(root.resolve("baseline-pg").resolve("postmaster.pid")).get(0).trim());
        ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroyForcibly); // kill -9: the database is gone
        Thread.sleep(1_000);
        double stopGone = sigterm(onExternal.process);
        System.out.printf("SIGTERM → exit with its external PostgreSQL killed (kill -9) a second before: %.1f s%n", stopGone);
        try {
            external.close();
        } catch (Exception alreadyDead) {
            // killed above
        }
        assertThat(cold.ready).isPositive();
        assertThat(stopGone).as("stops within seconds with its database gone").isLessThan(30);
    }

    /** Seconds from process start; {@code jvmStarted}: when the platform's own JVM started (later under Maven). */
    record Started(Process process, double portOpen, double login, double ready, double jvmStarted) { }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private Started start(String name, Map<String, String> env) throws Exception {
        // -Dsk.bench.jar=…/shuangkong.jar measures a packaged jar (another build, for a before/after) instead of this code.
        String jar = System.getProperty("sk.bench.jar", "");
        return start(name, jar.isBlank()
                ? List.of(java(), "-Xmx768m", "-cp", System.getProperty("java.class.path"), "cn.shuangkong.ShuangkongApplication")
                : List.of(java(), "-Xmx768m", "-jar", jar), env);
    }

    private Started start(String name, List<String> command, Map<String, String> env) throws Exception {
        return start(name, command, Path.of("").toAbsolutePath(), env);
    }

    /**
     * The jar under test extracted as docs/deployment.md has it ({@code -Djarmode=tools extract}): this build packaged
     * first ({@code ./mvnw -o -q package}, tests skipped), or {@code -Dsk.bench.jar}. Returns the extracted jar.
     */
    private Path extracted() throws Exception {
        String given = System.getProperty("sk.bench.jar", "");
        Path jar;
        if (given.isBlank()) {
            run(List.of(Path.of("mvnw").toAbsolutePath().toString(), "-o", "-q", "-Dmaven.test.skip=true", "package"), Path.of(""));
            try (var jars = Files.list(Path.of("target"))) {
                jar = jars.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow().toAbsolutePath();
            }
        } else {
            jar = Path.of(given).toAbsolutePath();
        }
        Path into = root.resolve("application");
        run(List.of(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", into.toString()), root);
        return into.resolve(jar.getFileName());
    }

    private void run(List<String> command, Path dir) throws Exception {
        Files.createDirectories(root);
        Process p = new ProcessBuilder(command).directory(dir.toAbsolutePath().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("tools.log").toFile())).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0).as(command + ", see tools.log").isTrue();
    }

    private Started start(String name, List<String> command, Path dir, Map<String, String> env) throws Exception {
        int port = freePort();
        Path log = root.resolve(name + ".log");
        Files.createDirectories(root);
        var pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> all = new HashMap<>(Map.of("SERVER_PORT", String.valueOf(port), "SK_MQTT_PORT", String.valueOf(freePort()),
                "SK_SIMULATOR", "false"));
        all.putAll(env);
        pb.environment().putAll(all);
        long t0 = System.nanoTime();
        var wallStart = java.time.Instant.now();
        Process app = pb.start();
        double portOpen = -1, login = -1;
        StartCpu.Sample atPort = null;
        String dataDir = all.get("SK_DATA_DIR");
        long deadline = t0 + START_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive()).as("the platform exited while starting, see " + log).isTrue();
            if (portOpen < 0 && accepts(port)) {
                portOpen = seconds(t0);
                atPort = StartCpu.of(platformJvm(app), dataDir);
            }
            if (portOpen >= 0 && login < 0 && status(port, "/login") == 200) login = seconds(t0);
            if (portOpen >= 0 && status(port, "/actuator/health/readiness") == 200) {
                double ready = seconds(t0);
                var atReady = StartCpu.of(platformJvm(app), dataDir);
                double jvmStarted = app.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                        .findFirst().flatMap(p -> p.info().startInstant())
                        .map(at -> Duration.between(wallStart, at).toMillis() / 1e3).orElse(0.0);
                System.out.printf("  [%s] CPU-s to port / to ready (load %s): %s%n", name, loadAverage().split(" ")[0], StartCpu.describe(atPort, atReady));
                return new Started(app, portOpen, login < 0 ? ready : login, ready, jvmStarted);
            }
            Thread.sleep(50);
        }
        app.destroyForcibly();
        throw new AssertionError("not ready within " + START_WITHIN + ", see " + log);
    }

    /** The platform's own JVM: the process itself, or the JVM Maven forked. */
    private static ProcessHandle platformJvm(Process app) {
        return app.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst()
                .orElse(app.toHandle());
    }

    private static double sigterm(Process app) throws InterruptedException {
        long t0 = System.nanoTime();
        // The JVM Maven forked, if any; never PostgreSQL, which the platform stops itself.
        app.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).forEach(ProcessHandle::destroy);
        app.destroy(); // SIGTERM
        if (!app.waitFor(120, TimeUnit.SECONDS)) {
            app.destroyForcibly();
            return 120;
        }
        return seconds(t0);
    }

    private int status(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean accepts(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
