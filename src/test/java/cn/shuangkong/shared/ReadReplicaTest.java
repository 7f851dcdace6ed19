package cn.shuangkong.shared;

import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.hazard.internal.HazardLedger;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads that may lag on a real streaming replica (ADR 0022). The replica is a hot standby of the tests' own embedded
 * PostgreSQL, made as an operator would (a physical slot, {@code pg_backup_start}, a file copy, {@code standby.signal})
 * with the embedded binaries; an instance started here in the same JVM uses the tests' database as its external
 * primary and the standby as {@code SK_READ_REPLICA_URL}. Pausing the standby's replay makes the routing visible: what
 * the paused replica serves cannot move, what the primary serves does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadReplicaTest extends PlatformTest {

    private static final String SLOT = "sk_read_replica_test";

    @Autowired
    private EmbeddedPostgres primary;

    @Autowired
    private ApplicationContext first;

    @Value("${shuangkong.data-dir}")
    private Path dataDir;

    private EmbeddedPostgres replica;
    private JdbcClient onReplica;
    private ConfigurableApplicationContext instance;
    private String base;
    private Clock firstClock;

    @BeforeAll
    void startReplicaAndAnInstanceThatUsesIt() throws Exception {
        firstClock = PlatformTime.installed;
        long started = System.nanoTime();
        replica = standbyOf(primary, dataDir.resolve("pg"), Files.createTempDirectory(Path.of("target").toAbsolutePath(), "replica"));
        onReplica = JdbcClient.create(replica.getPostgresDatabase());
        long replicaReady = System.nanoTime();
        // Only the address: user and password are the primary's, as an operator's replica has the same roles.
        instance = OtherInstance.start(primary, dataDir,
                Map.of("shuangkong.read-replica.url", "jdbc:postgresql://localhost:" + replica.getPort() + "/postgres")).context();
        System.out.printf("Streaming replica ready in %d ms, instance on primary + replica in %d ms%n",
                (replicaReady - started) / 1_000_000, (System.nanoTime() - replicaReady) / 1_000_000);
        base = "http://localhost:" + instance.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    void stop() throws IOException {
        try {
            if (instance != null) {
                var replicaPool = (com.zaxxer.hikari.HikariDataSource) ((ReadReplica.ReplicaRouting) instance.getBean("dataSource")).replica();
                instance.close();
                // An instance that stops closes its replica pool too (it would otherwise retry the replica for ever).
                assertThat(replicaPool.isClosed()).as("the replica pool closed with its instance").isTrue();
            }
        } finally {
            PlatformTime.installed = firstClock;
            if (replica != null) replica.close();
            superuser().sql("select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = :s")
                    .param("s", SLOT).query().listOfRows();
        }
    }

    @Test
    void the_dashboard_is_served_by_the_replica_and_a_write_lands_on_the_primary_then_reaches_the_replica() {
        assertThat(onReplica.sql("select pg_is_in_recovery()").query(Boolean.class).single()).as("a hot standby").isTrue();
        Api city = Api.at(base).login("gov_city", "Demo@2026");
        Api chem = Api.at(base).login("ent_chem", "Demo@2026");
        long id;
        long before;
        onReplica.sql("select pg_wal_replay_pause()").query().listOfRows();
        try {
            await().alias("the replica paused its replay").atMost(Patience.CONDITION)
                    .until(() -> "paused".equals(onReplica.sql("select pg_get_wal_replay_pause_state()").query(String.class).single()));
            before = openHazards(city);

            var created = chem.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                    "title", "只读副本测试：消防通道堆物", "description", "消防通道内堆放包装物", "location", "仓库")));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            id = created.json().get("id").asLong();
            assertThat(jdbc.sql("select count(*) from hazard where id = :id").param("id", id).query(Long.class).single())
                    .as("the write is on the primary").isEqualTo(1);
            assertThat(chem.get("/api/v1/hazards/" + id).status()).as("the register reads the primary: no lag").isEqualTo(200);
            assertThat(openHazards(city)).as("the dashboard reads the paused replica: not there yet").isEqualTo(before);
            assertThat(onReplica.sql("select count(*) from pg_stat_activity where application_name = :n")
                    .param("n", ReadReplica.APPLICATION_NAME).query(Long.class).single())
                    .as("the instance's lagging reads hold connections on the replica").isPositive();
        } finally {
            onReplica.sql("select pg_wal_replay_resume()").query().listOfRows();
        }
        await().alias("the new hazard replayed on the replica").atMost(Patience.CONDITION)
                .until(() -> onReplica.sql("select count(*) from hazard where id = :id").param("id", id).query(Long.class).single() == 1);
        assertThat(openHazards(city)).as("replayed: the dashboard moves").isEqualTo(before + 1);
    }

    @Test
    void a_read_that_may_lag_cannot_write_on_either_server_and_an_external_database_starts_no_embedded_one() {
        // Without a replica (the tests' own platform) the read-only transaction refuses the write …
        var proxy = new ProxyFactory(new Misplaced());
        proxy.setProxyTargetClass(true);
        proxy.addAdvisor(first.getBean("readsMayLagAdvisor", Advisor.class));
        assertThatThrownBy(() -> ((Misplaced) proxy.getProxy()).write(jdbc)).hasMessageContaining("read-only");
        // … and with one, the standby refuses it too.
        var routing = (ReadReplica.ReplicaRouting) instance.getBean("dataSource");
        assertThatThrownBy(() -> new Misplaced().write(JdbcClient.create(routing.replica()))).hasMessageContaining("read-only");
        assertThat(((com.zaxxer.hikari.HikariDataSource) routing.replica()).getDataSourceProperties())
                .as("the primary's driver settings: the replica replays its DDL too (ADR 0048)").containsEntry("autosave", "conservative");
        assertThat(instance.getBean(HazardLedger.class).figures(Jurisdiction.platform(), null, null, null)).isNotEmpty();
        assertThat(instance.getBeansOfType(EmbeddedPostgres.class)).as("external PostgreSQL: nothing embedded started").isEmpty();
    }

    /** A write where a lagging read belongs: found by the first test run, not in a province. */
    static class Misplaced {
        @ReadsMayLag
        public void write(JdbcClient jdbc) {
            jdbc.sql("update demo_marker set name = name where false").update();
        }
    }

    private static long openHazards(Api as) {
        var r = as.get("/api/v1/dashboard");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("figures").get("hazardsOpen").asLong();
    }

    /**
     * A hot standby of the running primary, as in PostgreSQL's "making a base backup using the low level API": the
     * embedded binaries carry no pg_basebackup, and need none. The primary lets its superuser replicate from loopback
     * (for this test only: the platform's own pg_hba.conf is rewritten at every start).
     */
    private EmbeddedPostgres standbyOf(EmbeddedPostgres primary, Path primaryDir, Path dir) throws Exception {
        String password = DatabaseCredentials.superuserPassword(dataDir);
        Files.writeString(primaryDir.resolve("pg_hba.conf"), "host replication postgres 127.0.0.1/32 scram-sha-256\n",
                StandardOpenOption.APPEND);
        try (var c = DriverManager.getConnection(EmbeddedDatabase.url(primary), EmbeddedDatabaseRoles.SUPERUSER, password);
             var s = c.createStatement()) {
            s.execute("select pg_reload_conf()");
            s.execute("select pg_create_physical_replication_slot('" + SLOT + "', true)"); // keeps the WAL the copy needs
            s.execute("select pg_backup_start('" + SLOT + "', true)");
            copy(primaryDir, dir);
            try (var rs = s.executeQuery("select labelfile from pg_backup_stop(false)")) {
                rs.next();
                Files.writeString(dir.resolve("backup_label"), rs.getString(1));
            }
        }
        Files.createFile(dir.resolve("standby.signal"));
        Files.writeString(dir.resolve("postgresql.auto.conf"), """
                primary_conninfo = 'host=127.0.0.1 port=%d user=postgres password=%s application_name=%s'
                primary_slot_name = '%s'
                hot_standby = on
                """.formatted(primary.getPort(), password, SLOT, SLOT), StandardOpenOption.APPEND);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(freePort())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "100") // a standby needs at least the primary's
                .setConnectConfig("password", password)
                .start();
    }

    /** The data directory without what belongs to the running server or is rebuilt by the standby. */
    private static void copy(Path from, Path to) throws IOException {
        Set<String> skipFiles = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");
        Set<String> emptyDirs = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(target);
                if (emptyDirs.contains(dir.getFileName().toString())) {
                    if (dir.getFileName().toString().equals("pg_wal")) Files.createDirectories(target.resolve("archive_status"));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!skipFiles.contains(file.getFileName().toString())) {
                    try {
                        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                    } catch (NoSuchFileException gone) {
                        // dropped while we copied: the WAL replay knows
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                throw e;
            }
        });
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
