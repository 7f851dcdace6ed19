package cn.shuangkong.shared;

import cn.shuangkong.ShuangkongApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another instance of the platform in the test JVM, on the tests' embedded PostgreSQL as its external database (ADR
 * 0020): its own data directory, a free port, no MQTT broker and no simulator. The platform's clock is one per JVM, so
 * the tests' clock is put back once it has started.
 */
public final class OtherInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Clock testsClock;

    private OtherInstance(ConfigurableApplicationContext context, Clock testsClock) {
        this.context = context;
        this.testsClock = testsClock;
    }

    /**
     * Starts one on {@code postgres}, whose roles' passwords are in the first instance's {@code dataDir}; {@code more}
     * adds or overrides properties, {@code sources} adds configuration classes (a benchmark's statement counter).
     */
    public static OtherInstance start(EmbeddedPostgres postgres, Path dataDir, Map<String, Object> more, Class<?>... sources)
            throws IOException {
        Clock testsClock = PlatformTime.installed;
        var credentials = EmbeddedDatabaseRoles.Credentials.loadOrCreate(dataDir.toAbsolutePath());
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", EmbeddedDatabase.url(postgres));
        props.put("spring.datasource.username", EmbeddedDatabaseRoles.APP);
        props.put("spring.datasource.password", credentials.app());
        props.put("spring.flyway.user", EmbeddedDatabaseRoles.OWNER);
        props.put("spring.flyway.password", credentials.owner());
        props.put("shuangkong.data-dir", Files.createTempDirectory(Path.of("target"), "other-instance").toAbsolutePath().toString());
        props.put("server.port", "0");
        props.put("shuangkong.monitoring.mqtt.enabled", "false");
        props.put("shuangkong.monitoring.simulator.enabled", "false");
        // No test reads a second instance's OpenAPI document: it need not build one after it is ready (OpenApiWarmUp).
        props.put("springdoc.api-docs.enabled", "false");
        props.putAll(more);
        Class<?>[] all = new Class<?>[sources.length + 1];
        all[0] = ShuangkongApplication.class;
        System.arraycopy(sources, 0, all, 1, sources.length);
        try {
            return new OtherInstance(new SpringApplicationBuilder(all).profiles("demo").run(arguments(props)), testsClock);
        } finally {
            PlatformTime.installed = testsClock;
        }
    }

    /** As command-line arguments: they outrank application.yml (default properties would not). */
    static String[] arguments(Map<String, Object> props) {
        return props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public String base() {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            PlatformTime.installed = testsClock;
        }
    }
}
