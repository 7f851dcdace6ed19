package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.support.PlatformTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Issue 10, item 6: the application's connections hold the least they need (ADR 0015). */
class DatabasePrivilegeTest extends PlatformTest {

    @Autowired
    EmbeddedPostgres postgres;

    @Value("${shuangkong.data-dir}")
    String dataDir;

    @Test
    void the_application_connects_as_a_role_that_is_no_superuser_and_owns_nothing() {
        assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo(EmbeddedDatabaseRoles.APP);
        assertThat(jdbc.sql("select rolsuper or rolcreaterole or rolcreatedb from pg_roles where rolname = current_user")
                .query(Boolean.class).single()).isFalse();
        assertThat(jdbc.sql("select count(*) from pg_class where relowner = (select oid from pg_roles where rolname = current_user)")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select pg_has_role(current_user, 'pg_execute_server_program', 'usage') "
                + "or pg_has_role(current_user, 'pg_write_server_files', 'usage')").query(Boolean.class).single()).isFalse();
    }

    @Test
    void running_a_command_through_copy_to_program_is_refused() {
        assertThatThrownBy(() -> jdbc.sql("copy (select 1) to program 'touch /tmp/shuangkong-pwned'").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThat(Path.of("/tmp/shuangkong-pwned")).doesNotExist();
    }

    @Test
    void the_application_may_not_change_the_schema() {
        assertThatThrownBy(() -> jdbc.sql("create table intruder (x int)").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("alter table hazard add column intruder int").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("must be owner");
        assertThatThrownBy(() -> jdbc.sql("drop table enterprise_rating").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("must be owner");
        assertThatThrownBy(() -> jdbc.sql("alter table audit_record disable trigger audit_record_no_update").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("must be owner");
        assertThatThrownBy(() -> jdbc.sql("select count(*) from flyway_schema_history").query(Long.class).single())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
    }

    @Test
    void every_table_can_be_read_and_written_except_the_append_only_audit_trail() {
        List<String> tables = jdbc.sql("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
                   and c.relname not in ('audit_record', 'flyway_schema_history') order by 1""").query(String.class).list();
        assertThat(tables).contains("hazard", "spring_session", "event_publication", "reading");
        for (String table : tables) {
            for (String privilege : List.of("select", "insert", "update", "delete")) {
                assertThat(privilege(table, privilege)).as(privilege + " on " + table).isTrue();
            }
            assertThat(privilege(table, "truncate")).as("truncate on " + table).isFalse();
        }
        assertThat(privilege("audit_record", "select")).isTrue();
        assertThat(privilege("audit_record", "insert")).isTrue();
        assertThat(privilege("audit_record", "update")).isFalse();
        assertThat(privilege("audit_record", "delete")).isFalse();
        assertThat(privilege("audit_record", "truncate")).isFalse();
        assertThatThrownBy(() -> jdbc.sql("truncate audit_record").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
    }

    @Test
    void a_table_a_later_migration_creates_is_granted_by_default() throws SQLException {
        var credentials = credentials();
        try (var owner = DriverManager.getConnection(EmbeddedDatabase.url(postgres), EmbeddedDatabaseRoles.OWNER, credentials.owner())) {
            var asOwner = JdbcClient.create(new SingleConnectionDataSource(owner, true));
            asOwner.sql("create table later_migration_probe (id bigint generated always as identity primary key, x int)").update();
            try {
                jdbc.sql("insert into later_migration_probe (x) values (1)").update();
                assertThat(jdbc.sql("update later_migration_probe set x = 2").update()).isEqualTo(1);
                assertThat(jdbc.sql("delete from later_migration_probe").update()).isEqualTo(1);
            } finally {
                asOwner.sql("drop table later_migration_probe").update();
            }
        }
    }

    @Test
    void the_server_asks_every_connection_for_its_password_even_on_localhost() throws Exception {
        String url = EmbeddedDatabase.url(postgres);
        for (String role : List.of("postgres", EmbeddedDatabaseRoles.OWNER, EmbeddedDatabaseRoles.APP)) {
            assertThatThrownBy(() -> DriverManager.getConnection(url, role, "").close()).as(role).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, role, "wrong").close()).as(role)
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        }
        assertThat(Files.readString(Path.of(dataDir, "pg", "pg_hba.conf"))).contains("scram-sha-256").doesNotContain("trust");
        Path file = Path.of(dataDir, EmbeddedDatabaseRoles.CREDENTIALS_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void every_role_s_verifier_asks_a_connecting_client_for_few_pbkdf2_rounds_as_its_password_is_random() {
        // ADR 0067: a client repeats the verifier's rounds at every connection; PostgreSQL's default is 4096.
        List<String> verifiers = superuser().sql("select rolname || ' ' || split_part(rolpassword, ':', 1) from pg_authid "
                + "where rolname in ('postgres', :owner, :app) order by 1")
                .param("owner", EmbeddedDatabaseRoles.OWNER).param("app", EmbeddedDatabaseRoles.APP).query(String.class).list();
        assertThat(verifiers).containsExactlyInAnyOrder("postgres SCRAM-SHA-256$" + EmbeddedDatabase.SCRAM_ITERATIONS,
                EmbeddedDatabaseRoles.OWNER + " SCRAM-SHA-256$" + EmbeddedDatabase.SCRAM_ITERATIONS,
                EmbeddedDatabaseRoles.APP + " SCRAM-SHA-256$" + EmbeddedDatabase.SCRAM_ITERATIONS);
        assertThat(superuser().sql("show scram_iterations").query(String.class).single())
                .isEqualTo(String.valueOf(EmbeddedDatabase.SCRAM_ITERATIONS));
    }

    @Test
    void spring_session_and_the_event_registry_work_under_the_application_role() {
        long before = jdbc.sql("select count(*) from spring_session").query(Long.class).single();
        assertThat(api().get("/login").status()).isEqualTo(200); // the sign-in form's CSRF token lives in a new session
        assertThat(jdbc.sql("select count(*) from spring_session").query(Long.class).single()).isGreaterThan(before);
        // The registry's rows are written by the application's role: see ReactionRetryTest for a whole round.
        assertThat(privilege("event_publication", "insert")).isTrue();
    }

    private boolean privilege(String table, String privilege) {
        return jdbc.sql("select has_table_privilege(current_user, :t, :p)").param("t", table).param("p", privilege)
                .query(Boolean.class).single();
    }

    private EmbeddedDatabaseRoles.Credentials credentials() {
        try {
            return EmbeddedDatabaseRoles.Credentials.loadOrCreate(Path.of(dataDir));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
