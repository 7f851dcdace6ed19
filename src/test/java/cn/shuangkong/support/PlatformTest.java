package cn.shuangkong.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole platform on a random port, over a real embedded PostgreSQL in a fresh directory, with the demo city
 * loaded. Every test class extends this one so that they all share one application context (and one database).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@Import({PlatformTest.TestClock.class, PlatformTest.TestDns.class})
public abstract class PlatformTest {

    private static final Path DATA_DIR = Path.of("target", "test-data", UUID.randomUUID().toString());

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("shuangkong.data-dir", () -> DATA_DIR.toAbsolutePath().toString());
        registry.add("shuangkong.embedded-db.durable", () -> "false"); // a throwaway database: speed over durability
        registry.add("shuangkong.monitoring.mqtt.embedded-port", () -> "0"); // a free port: tests run side by side
        registry.add("shuangkong.monitoring.simulator.enabled", () -> "false"); // tests publish their own readings
        // Tests stand for the city's reverse proxy on loopback: their X-Forwarded-For names the citizen or client they
        // play. Another loopback address (127.0.0.2) is an untrusted client; see ClientAddressSpoofingTest.
        registry.add("shuangkong.security.trusted-proxies", () -> "127.0.0.1,::1");
        // Links in QR codes and e-mails come from configuration, whatever address a test happens to call.
        registry.add("shuangkong.external-url", () -> "http://shuangkong.test:8080");
        // The whole suite signs in from loopback; the per-client limit across accounts is tested with its own throttle.
        registry.add("shuangkong.security.max-failed-logins-per-client", () -> "100000");
        // Webhook tests receive on a local HTTP server: loopback is allowed here only, never by default (ADR 0027).
        registry.add("shuangkong.webhooks.allowed-hosts", () -> "localhost,127.0.0.1");
        registry.add("shuangkong.webhooks.suspend-after", () -> "3"); // a suspension within a test's few events
        // Tests put the shared clock back after moving it: a permit expiry swept while one had moved it ahead would stay
        // stored for the others. Permit tests run the sweep themselves (Permits.expireDue), at a clock they chose.
        registry.add("shuangkong.permit.expiry-cron", () -> "-");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MutableClock clock;

    @Autowired
    private EmbeddedPostgres embeddedPostgres;

    /**
     * The embedded PostgreSQL's superuser, for what the application's own role may not do (ADR 0015): DDL, disabling a
     * trigger, editing the audit trail as an attacker would. {@link #jdbc} is the application's role.
     */
    protected JdbcClient superuser() {
        return JdbcClient.create(embeddedPostgres.getPostgresDatabase());
    }

    protected Api api() {
        return new Api("http://localhost:" + port);
    }

    protected Api loggedIn(String username) {
        return api().login(username, "Demo@2026");
    }

    /**
     * The demo city's 64 enterprises (DemoCity), loaded before any test ran: the first ids of the table. Tests that
     * assert something over the demo city read it here, never "every enterprise": other tests add their own.
     */
    protected List<Long> demoEnterprises() {
        return jdbc.sql("select id from enterprise order by id limit 64").query(Long.class).list();
    }

    /**
     * Moves the shared clock to just after the latest hazard found or closed in [from, to), if that is later than now;
     * returns the clock as it was, for the caller to put back. On the platform nothing is found or closed after now,
     * but the tests' clock stands still while other tests write hazards with the database's time, or goes back after
     * they wrote: a view counted "up to now" would then leave out what one counted by whole months includes.
     */
    protected Instant clockAfterHazardsIn(Instant from, Instant to) {
        Instant was = clock.instant();
        Instant latest = jdbc.sql("""
                select coalesce(max(t), :from) from (select found_at as t from hazard union all select closed_at from hazard) x
                 where t >= :from and t < :to""").param("from", java.sql.Timestamp.from(from)).param("to", java.sql.Timestamp.from(to))
                .query(java.sql.Timestamp.class).single().toInstant();
        if (latest.isAfter(was)) clock.set(latest.plusMillis(1));
        return was;
    }

    @Autowired
    private cn.shuangkong.access.internal.UserAdministration userAdministration;

    @Autowired
    private cn.shuangkong.access.internal.Passwords passwords;

    @Autowired
    private cn.shuangkong.access.internal.CurrentUsers currentUsers;

    /**
     * An account as its owner has it after the first sign-in: opened by the admin with an initial password, which the
     * owner then changed to {@code u.password()} (an admin's password must be changed before the account does anything).
     */
    protected long openAccount(cn.shuangkong.access.internal.UserAdministration.NewUser u) {
        String initial = "Initial#" + UUID.randomUUID().toString().substring(0, 8);
        long id = userAdministration.open(new cn.shuangkong.access.internal.UserAdministration.NewUser(u.username(), u.displayName(),
                u.phone(), u.kind(), u.enterpriseId(), u.departmentId(), u.serviceOrgId(), u.roleCodes(), initial));
        passwords.change(currentUsers.named(u.username()), initial, u.password(), u.password(), null);
        return id;
    }

    protected long enterpriseIdOf(String username) {
        return jdbc.sql("select enterprise_id from user_account where username = :u").param("u", username).query(Long.class).single();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestDns {
        /** Webhook hosts are looked up through the DNS a test may play (a hostile one, ADR 0080). */
        @Bean
        @Primary
        PlayedDns playedDns() {
            return new PlayedDns();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock(@Value("${shuangkong.time-zone:Asia/Shanghai}") ZoneId zone,
                               @Value("${sk.test.start:}") String start) {
            // The platform's zone, as the application's own clock has it. CI runs whenever a session stops, so the
            // suite must pass at any moment: -Dsk.test.start=2026-12-31T23:50:00+08:00 starts the clock at one chosen
            // (a year's or a month's end, just before or after midnight) to find a test that assumes "today" stays put.
            return new MutableClock(start.isBlank() ? Instant.now() : java.time.OffsetDateTime.parse(start).toInstant(), zone);
        }
    }
}
