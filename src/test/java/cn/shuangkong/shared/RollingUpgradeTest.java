package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * A rolling upgrade (ADR 0048, docs/deployment.md): a new version's migration changes the schema under a running
 * instance — a column and an index added to {@code hazard}, a view replaced — while that instance's pooled
 * connections hold server-prepared {@code select h.*} statements, which PostgreSQL refuses once afterwards ("cached
 * plan must not change result type"). Every pooled connection of the running instance (the external-database
 * configuration, as {@link OtherInstance} runs it) and the shared test platform (the embedded one) must then go on
 * answering API and page requests with 200 and the right data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollingUpgradeTest extends PlatformTest {

    /** The running instance's pool: small, so that a few concurrent requests reach every connection. */
    private static final int POOL = 4;
    private static final int CLIENTS = 8;
    /**
     * The statement each hazard step locks the hazard's row with, in its transaction: {@code select h.*, …} (whose
     * result type an added column changes) {@code … for update of h}.
     */
    private static final String HAZARD_ROWS = "select h.*%from hazard h%for update of h";

    @Autowired
    private EmbeddedPostgres postgres;

    @Value("${shuangkong.data-dir}")
    private Path dataDir;

    @Autowired
    private DataSource platformPool;

    private OtherInstance running;
    private HikariDataSource runningPool;
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    private String originalView;

    @BeforeAll
    void startTheRunningInstance() throws Exception {
        running = OtherInstance.start(postgres, dataDir, Map.of(
                "spring.datasource.hikari.maximum-pool-size", POOL, "spring.datasource.hikari.minimum-idle", POOL));
        runningPool = running.context().getBean("dataSource", DataSource.class).unwrap(HikariDataSource.class);
        // The setting under test, on the external-database configuration (SPRING_DATASOURCE_URL) and the embedded one.
        assertThat(runningPool.getDataSourceProperties()).containsEntry("autosave", "conservative");
        assertThat(platformPool.unwrap(HikariDataSource.class).getDataSourceProperties()).containsEntry("autosave", "conservative");
        originalView = jdbc.sql("select pg_get_viewdef('risk_point_dynamic_state'::regclass)").query(String.class).single();
    }

    @AfterAll
    void putTheSchemaBack() throws Exception {
        clients.shutdownNow();
        try {
            asOwner("alter table hazard drop column if exists rolling_note",
                    "drop view risk_point_dynamic_state",
                    "create view risk_point_dynamic_state as " + originalView);
        } finally {
            if (running != null) running.close();
        }
    }

    @Test
    void every_pooled_connection_answers_after_a_compatible_schema_change_under_it() throws Exception {
        Api chem = loggedIn("ent_chem");
        long id = created(chem, "滚动升级前登记的隐患");
        String cookie = TwoInstancesTest.signIn("http://localhost:" + port, "ent_chem");
        Api worker = loggedIn("worker_chem");
        List<Client> both = List.of(new Client(chem, worker, cookie, "http://localhost:" + port),
                new Client(Api.at(running.base()).withToken(chem.token()), Api.at(running.base()).withToken(worker.token()),
                        cookie, running.base()));

        // One page first: a session's first page inserts its attributes, and concurrent first pages of one session
        // collide on their key in Spring Session's table (a 500 of its own, not this test's subject).
        assertThat(page(both.get(0), id).statusCode()).isEqualTo(200);

        // The running instance has served requests on every pooled connection: each holds the prepared statement.
        Timestamp start = now();
        List<Failure> before = requestsUntil(both, id, "前", () -> everyConnectionPreparedHazardRowsSince(start));
        assertThat(before).as("before the change").isEmpty();

        // The change runs elsewhere (as the new version's migration, as the owner) and PostgreSQL really refuses a
        // statement prepared before it, inside a transaction, once — what a connection without the setting meets.
        try (Connection old = appConnection("never"); Connection kept = appConnection("conservative")) {
            prepareHazardRows(old, id);
            prepareHazardRows(kept, id);
            asOwner("alter table hazard add column rolling_note text",
                    "create index on hazard (rolling_note)",
                    "create or replace view risk_point_dynamic_state as " + originalView.strip().replaceFirst(";$", "")
                            .replaceFirst("(?i)\\s+from\\s+alarm", ", max(alarm.raised_at) as latest FROM alarm"));
            Timestamp changed = now();
            assertThatThrownBy(() -> prepareHazardRows(old, id)).hasMessageContaining("cached plan must not change result type");
            assertThat(prepareHazardRows(kept, id)).as("re-prepared: the new column is read").contains("rolling_note");

            // Every pooled connection is used again through real requests: all answer 200 with the right data.
            List<Failure> after = requestsUntil(both, id, "后", () -> everyConnectionPreparedHazardRowsSince(changed));
            assertThat(after).as("after the change").isEmpty();
        }
        assertThat(jdbc.sql("select count(latest) from risk_point_dynamic_state").query(Long.class).single())
                .as("the replaced view, its new column read by the application's role").isNotNegative();
    }

    /** One client of one instance: the manager and the worker by the API, the manager's pages by the session cookie. */
    private record Client(Api manager, Api worker, String cookie, String base) {
    }

    private record Failure(String request, int status, String body) {
    }

    /**
     * Rounds of {@link #CLIENTS} concurrent clients, each reading the hazard by the API and its page and registering
     * one, on both instances, until {@code covered} holds (or 30 s); every answer that was not right.
     */
    private List<Failure> requestsUntil(List<Client> instances, long id, String run, java.util.function.BooleanSupplier covered)
            throws Exception {
        var failures = new ConcurrentLinkedQueue<Failure>();
        var serial = new AtomicInteger();
        long deadline = System.nanoTime() + 30_000_000_000L;
        int rounds = 0;
        do {
            rounds++;
            List<Future<?>> round = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Client client = instances.get(c % instances.size());
                round.add(clients.submit(() -> oneClient(client, id, run + serial.incrementAndGet(), failures)));
            }
            for (var f : round) f.get();
        } while (failures.isEmpty() && !covered.getAsBoolean() && System.nanoTime() < deadline);
        System.out.printf("Rolling upgrade, %s: %d rounds of %d clients in %d ms, %d wrong answers%n", run, rounds, CLIENTS,
                (System.nanoTime() - deadline + 30_000_000_000L) / 1_000_000, failures.size());
        if (failures.isEmpty()) {
            assertThat(covered.getAsBoolean()).as("every pooled connection of the running instance reached in %d rounds", rounds).isTrue();
        }
        return List.copyOf(failures);
    }

    /**
     * One hazard from registration to 销号, as {@code ./bench hazard} takes it (each step reads the hazard's row
     * {@code for update} in its transaction), then the first hazard by the API and its page.
     */
    private void oneClient(Client client, long id, String serial, ConcurrentLinkedQueue<Failure> failures) {
        String title = "滚动升级中登记 " + serial;
        var registered = check(client, "register", client.manager().post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK",
                "type", "UNSAFE_CONDITION", "title", title, "description", "滚动升级测试", "location", "罐区",
                "clientKey", "rolling-" + serial))), 201, "title", title, failures);
        if (registered == null) return;
        long h = registered.json().get("id").asLong();
        String deadline = LocalDate.now(clock).plusDays(7).toString();
        check(client, "assign", client.manager().post("/api/v1/hazards/" + h + "/assign", Api.json(Map.of(
                "responsible", "worker_chem", "measures", "更换并复查", "deadline", deadline))), 200, "state", "RECTIFYING", failures);
        check(client, "complete", client.worker().post("/api/v1/hazards/" + h + "/complete", Api.json(Map.of(
                "note", "已整改", "photo", photo(serial)))), 200, "state", "RECTIFIED", failures);
        check(client, "accept", client.manager().post("/api/v1/hazards/" + h + "/accept", Api.json(Map.of(
                "passed", true, "opinion", "合格"))), 200, "state", "CLOSED", failures);
        check(client, "read", client.manager().get("/api/v1/hazards/" + id), 200, "title", "滚动升级前登记的隐患", failures);
        var page = page(client, id);
        if (page.statusCode() != 200 || !page.body().contains("滚动升级前登记的隐患")) {
            failures.add(new Failure("page /hazards/" + id + " at " + client.base(), page.statusCode(), page.body()));
        }
    }

    /** The answer if it has {@code status} and {@code field} = {@code value}; otherwise null, and a failure noted. */
    private static Api.Response check(Client client, String step, Api.Response r, int status, String field, String value,
                                      ConcurrentLinkedQueue<Failure> failures) {
        if (r.status() == status && value.equals(r.json().path(field).asString(""))) return r;
        failures.add(new Failure(step + " at " + client.base(), r.status(), r.body()));
        return null;
    }

    /** A distinct tiny PNG (its pixels spell the serial) as the after-photo, base64 for the JSON body. */
    private static String photo(String serial) {
        return java.util.Base64.getEncoder().encodeToString(cn.shuangkong.hazard.Photos.tiny(serial.hashCode()));
    }

    private static HttpResponse<String> page(Client client, long id) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(client.base() + "/hazards/" + id))
                    .header("Cookie", client.cookie()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether each of the running instance's pooled connections holds a {@code select h.*} statement prepared since
     * {@code since}, and none prepared before: all {@link #POOL} are taken at once, so each is asked in its own session. A connection not free
     * within a moment (a job holds it, and may be waiting for another) counts as not yet: all go back, the next round
     * asks again.
     */
    private boolean everyConnectionPreparedHazardRowsSince(Timestamp since) {
        List<Connection> held = new ArrayList<>();
        Map<Integer, Boolean> prepared = new HashMap<>();
        var pool = (com.zaxxer.hikari.pool.HikariPool) runningPool.getHikariPoolMXBean();
        try {
            for (int i = 0; i < POOL; i++) held.add(pool.getConnection(200));
            for (Connection c : held) {
                // Prepared since, and none left from before: the driver replaced the one PostgreSQL refused.
                try (var s = c.prepareStatement("select pg_backend_pid(), count(*) filter (where prepare_time >= ?) > 0 "
                        + "and count(*) filter (where prepare_time < ?) = 0 from pg_prepared_statements where statement like ?")) {
                    s.setTimestamp(1, since);
                    s.setTimestamp(2, since);
                    s.setString(3, HAZARD_ROWS);
                    try (var rs = s.executeQuery()) {
                        rs.next();
                        prepared.put(rs.getInt(1), rs.getBoolean(2));
                    }
                }
            }
        } catch (java.sql.SQLTransientConnectionException busy) {
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            for (Connection c : held) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // back to the pool or gone: either way not this test's concern
                }
            }
        }
        assertThat(prepared).as("the pool's connections").hasSize(POOL);
        return !prepared.containsValue(false);
    }

    /** In a transaction, as the platform reads a hazard: {@code h.*} server-prepared at once; the columns read. */
    private static String prepareHazardRows(Connection connection, long id) throws SQLException {
        connection.setAutoCommit(false);
        try (var s = connection.prepareStatement("select h.* from hazard h where h.id = ?")) {
            s.setLong(1, id);
            try (var rs = s.executeQuery()) {
                rs.next();
                var columns = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) columns.append(rs.getMetaData().getColumnName(i)).append(' ');
                return columns.toString();
            }
        } finally {
            connection.rollback();
        }
    }

    private Connection appConnection(String autosave) throws Exception {
        var credentials = EmbeddedDatabaseRoles.Credentials.loadOrCreate(dataDir.toAbsolutePath());
        return DriverManager.getConnection(EmbeddedDatabase.url(postgres) + "?prepareThreshold=1&autosave=" + autosave,
                EmbeddedDatabaseRoles.APP, credentials.app());
    }

    /** As a new version's migration runs them: the owner role, one transaction. */
    private void asOwner(String... statements) throws Exception {
        var credentials = EmbeddedDatabaseRoles.Credentials.loadOrCreate(dataDir.toAbsolutePath());
        try (Connection owner = DriverManager.getConnection(EmbeddedDatabase.url(postgres), EmbeddedDatabaseRoles.OWNER, credentials.owner())) {
            owner.setAutoCommit(false);
            try (var s = owner.createStatement()) {
                s.execute("set local lock_timeout = '10s'");
                for (String sql : statements) s.execute(sql);
            }
            owner.commit();
        }
    }

    private Timestamp now() {
        return jdbc.sql("select clock_timestamp()").query(Timestamp.class).single();
    }

    private static long created(Api api, String title) {
        var r = api.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                "title", title, "description", "滚动升级测试", "location", "罐区")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }
}
