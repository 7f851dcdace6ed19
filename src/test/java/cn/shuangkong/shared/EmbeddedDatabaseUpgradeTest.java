package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A data directory written by a version before ADR 0015 (initdb's trust, everything owned by the superuser) is taken
 * over on start: passwords required, the owner role owns the objects; a second start reuses the same passwords.
 */
class EmbeddedDatabaseUpgradeTest {

    @Test
    void an_older_trusting_data_directory_is_upgraded_and_its_passwords_survive_a_restart() throws Exception {
        Path dataDir = Path.of("target", "test-data", "upgrade-" + UUID.randomUUID()).toAbsolutePath();
        // The old way: zonky's defaults, trust on localhost, tables created by the superuser.
        try (var old = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("pg")).setCleanDataDirectory(false).start();
             var c = old.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("create table old_records (id bigint generated always as identity primary key, note text)");
            s.execute("insert into old_records (note) values ('kept')");
        }
        assertThat(dataDir.resolve(EmbeddedDatabaseRoles.CREDENTIALS_FILE)).doesNotExist();

        String firstPassword;
        try (var upgraded = EmbeddedDatabase.start(dataDir, false)) {
            var credentials = EmbeddedDatabaseRoles.Credentials.loadOrCreate(dataDir);
            firstPassword = credentials.app();
            String url = EmbeddedDatabase.url(upgraded);
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "").close()).isInstanceOf(SQLException.class);
            try (var c = DriverManager.getConnection(url, "postgres", credentials.superuser()); var s = c.createStatement();
                 var rs = s.executeQuery("select pg_get_userbyid(relowner) from pg_class where relname = 'old_records'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(EmbeddedDatabaseRoles.OWNER);
            }
        }
        assertThat(Files.readString(dataDir.resolve("pg").resolve("pg_hba.conf"))).doesNotContain("trust");

        try (var again = EmbeddedDatabase.start(dataDir, false)) {
            var credentials = EmbeddedDatabaseRoles.Credentials.loadOrCreate(dataDir);
            assertThat(credentials.app()).isEqualTo(firstPassword);
            try (var c = DriverManager.getConnection(EmbeddedDatabase.url(again), EmbeddedDatabaseRoles.OWNER, credentials.owner());
                 var s = c.createStatement(); var rs = s.executeQuery("select note from old_records")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("kept");
            }
        }
    }
}
