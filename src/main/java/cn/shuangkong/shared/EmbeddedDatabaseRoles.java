package cn.shuangkong.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's three roles and their passwords (ADR 0015): {@code postgres}, the superuser, used only at
 * start; {@value #OWNER}, which owns the schema and runs the migrations; {@value #APP}, the application's connections,
 * which may read and write rows and nothing else (the grants are migration V120's, so that an external database gets
 * the same). Passwords are generated on first start and kept in {@code SK_DATA_DIR/db-credentials.properties} (0600).
 */
final class EmbeddedDatabaseRoles {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseRoles.class);

    static final String SUPERUSER = "postgres";
    static final String OWNER = "shuangkong_owner";
    static final String APP = "shuangkong_app";
    static final String CREDENTIALS_FILE = "db-credentials.properties";
    private static final String HBA_MARKER = "# shuangkong: password required";

    private EmbeddedDatabaseRoles() {
    }

    record Credentials(String superuser, String owner, String app) {

        /** Reads the passwords of an earlier start, or generates and keeps them (owner-only file) on the first. */
        static synchronized Credentials loadOrCreate(Path dataDir) throws IOException {
            Path file = dataDir.resolve(CREDENTIALS_FILE);
            var props = new Properties();
            if (Files.exists(file)) {
                try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    props.load(in);
                }
            }
            boolean changed = false;
            for (String key : new String[] {"superuser", "owner", "app"}) {
                if (props.getProperty(key, "").isBlank()) {
                    props.setProperty(key, randomPassword());
                    changed = true;
                }
            }
            if (changed) {
                Files.createDirectories(dataDir);
                Path tmp = dataDir.resolve(CREDENTIALS_FILE + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    props.store(out, "Shuangkong embedded PostgreSQL passwords: postgres (superuser), "
                            + OWNER + " (migrations), " + APP + " (the application). Keep this file private.");
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Credentials(props.getProperty("superuser"), props.getProperty("owner"), props.getProperty("app"));
        }

        private static String randomPassword() {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes); // hex: nothing to quote in SQL or in the properties file
        }
    }

    /**
     * Before the server starts (zonky's hook, after initdb). A directory initdb just made already has the superuser's
     * password ({@code --pwfile}) and asks for passwords ({@code --auth}): pg_hba.conf says so from the first second.
     * A directory written by a version before passwords (initdb's {@code trust}) cannot be given one offline, so it
     * starts once trusting the superuser on the loopback only, for as long as {@link #finishPasswords} takes to set
     * it; returns whether that is still to do.
     */
    static boolean requirePasswords(Path data, Credentials credentials, boolean fresh) {
        try {
            Path marker = data.resolve(PASSWORD_SET);
            String fingerprint = fingerprint(credentials.superuser());
            if (fresh) {
                Files.writeString(marker, fingerprint);
            }
            if (Files.exists(marker) && Files.readString(marker).equals(fingerprint)) {
                writeHba(data, "");
                return false;
            }
            log.warn("Embedded PostgreSQL in {} trusted local connections (an older version): setting passwords now", data);
            writeHba(data, """
                    host    all   postgres   127.0.0.1/32  trust
                    host    all   postgres   ::1/128       trust
                    """);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the superuser's password through the one trusting start, then asks everyone for passwords. */
    static void finishPasswords(Connection superuser, Path data, Credentials credentials) throws SQLException, IOException {
        try (var s = superuser.createStatement()) {
            s.execute("alter role postgres password '" + credentials.superuser() + "'");
            Files.writeString(data.resolve(PASSWORD_SET), fingerprint(credentials.superuser()));
            writeHba(data, "");
            s.execute("select pg_reload_conf()");
        }
    }

    private static void writeHba(Path data, String firstLines) throws IOException {
        Path tmp = data.resolve("pg_hba.conf.tmp");
        Files.writeString(tmp, HBA_MARKER + " (scram-sha-256), even from this machine; see docs/security-privilege.md\n"
                + firstLines + """
                local   all   all                   scram-sha-256
                host    all   all        127.0.0.1/32  scram-sha-256
                host    all   all        ::1/128       scram-sha-256
                """);
        Files.move(tmp, data.resolve("pg_hba.conf"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Holds a digest of the superuser password last set, so that a crash between the two steps, or a credentials
     * file that was lost and generated anew, sets it again.
     */
    private static final String PASSWORD_SET = "shuangkong-password-set";

    private static String fingerprint(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * As the superuser, once the server runs: the owner and application roles exist with the file's passwords, the
     * owner owns the database and every object an older version created as the superuser, and the application role
     * is nothing more than a login. Idempotent; runs at every start. The grants themselves are migration V120's.
     */
    static void prepare(Connection superuser, Credentials credentials) throws SQLException {
        try (var s = superuser.createStatement()) {
            s.execute(role(OWNER, credentials.owner()));
            s.execute(role(APP, credentials.app()));
            s.execute("alter database postgres owner to " + OWNER);
            // Public may no longer connect to any database or make temporary tables: only the two roles connect.
            s.execute("revoke all on database postgres from public");
            s.execute("grant connect, temporary on database postgres to " + OWNER + ", " + APP);
            s.execute("""
                    do $$
                    declare r record;
                    begin
                      -- Tables, views and partitions first: a table's own sequences and indexes follow it.
                      for r in select c.oid::regclass as name, c.relkind from pg_class c
                                join pg_namespace n on n.oid = c.relnamespace
                               where n.nspname = 'public' and c.relowner = 'postgres'::regrole
                                 and c.relkind in ('r', 'p', 'v', 'm', 'f')
                                 and not exists (select from pg_depend d where d.objid = c.oid and d.deptype = 'e')
                      loop
                        execute format('alter table %s owner to %I', r.name, '{owner}');
                      end loop;
                      for r in select c.oid::regclass as name from pg_class c
                                join pg_namespace n on n.oid = c.relnamespace
                               where n.nspname = 'public' and c.relowner = 'postgres'::regrole and c.relkind = 'S'
                                 and not exists (select from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i', 'e'))
                      loop
                        execute format('alter sequence %s owner to %I', r.name, '{owner}');
                      end loop;
                      for r in select p.oid::regprocedure as name from pg_proc p
                                join pg_namespace n on n.oid = p.pronamespace
                               where n.nspname = 'public' and p.proowner = 'postgres'::regrole
                                 and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e')
                      loop
                        execute format('alter routine %s owner to %I', r.name, '{owner}');
                      end loop;
                    end $$
                    """.replace("{owner}", OWNER));
        }
    }

    private static String role(String name, String password) {
        // Names are constants and passwords hex, so the statement is safe to assemble.
        return """
                do $$ begin
                  if not exists (select from pg_roles where rolname = '%1$s') then
                    create role %1$s login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls;
                  end if;
                  alter role %1$s with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password '%2$s';
                end $$
                """.formatted(name, password);
    }
}
