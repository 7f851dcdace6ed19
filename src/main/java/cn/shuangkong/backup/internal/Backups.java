package cn.shuangkong.backup.internal;

import cn.shuangkong.audit.AnchorLog;
import cn.shuangkong.audit.ChainVerifier;
import cn.shuangkong.audit.Verification;
import cn.shuangkong.shared.DatabaseCredentials;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Backup and restore of a platform's data: the database, the audit anchors and their key, and the rest of the data
 * directory. Uploaded files live in the database (bytea), so the database is the file store too.
 *
 * <p>Embedded database: an online physical copy of its directory between {@code pg_backup_start} and
 * {@code pg_backup_stop}, plus the WAL written meanwhile (held back by a temporary replication slot). The bundled
 * PostgreSQL has no pg_dump, and a physical copy restores exactly, with the server binaries the platform ships.
 * External database: {@code pg_dump -Fc} / {@code pg_restore} of the operator's PostgreSQL client tools.
 *
 * <p>A backup directory: {@code pg/} or {@code database.dump}, {@code data/} (the data directory but the database),
 * {@code MANIFEST.sha256} (every file's SHA-256, checked before a restore touches anything).
 */
public final class Backups {

    /** Where the platform keeps its data, as it is configured. */
    public record Target(Path dataDir, String url, String username, String password, String keyFile) {
        boolean external() {
            return url != null && !url.isBlank();
        }

        Path anchorKey() {
            return keyFile == null || keyFile.isBlank() ? dataDir.resolve("audit/anchor-key") : Path.of(keyFile);
        }
    }

    public record Made(long files, long bytes, boolean keyOutside) { }

    /** What a restore brought back: rows per table, and the audit chain checked against the restored anchors. */
    public record Restored(Map<String, Long> counts, Verification verification) { }

    static final String MANIFEST = "MANIFEST.sha256";
    /** Server state a copy must leave out (PostgreSQL's documented list), the directories themselves kept empty. */
    private static final Set<String> EMPTY_DIRS = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_subtrans");
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map",
            "backup_label.old");

    private Backups() {
    }

    public static Made backup(Target target, Path to) {
        try {
            if (Files.exists(to) && Files.list(to).findAny().isPresent()) {
                throw new IllegalArgumentException("备份目录 " + to + " 不是空目录");
            }
            Files.createDirectories(to);
            ownerOnly(to);
            // Anchors first: each one then anchors records the database copy, taken after, holds; the other way
            // round an anchor written meanwhile would point past the restored chain's end.
            if (Files.isDirectory(target.dataDir())) {
                copyTree(target.dataDir(), to.resolve("data"), rel -> !rel.startsWith("pg"));
            }
            if (target.external()) {
                PgTools.dump(target, to.resolve("database.dump"));
            } else {
                copyEmbedded(target.dataDir().resolve("pg"), to.resolve("pg"));
            }
            return writeManifest(to, !target.anchorKey().toAbsolutePath().startsWith(target.dataDir()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Restored restore(Path from, Target target) {
        try {
            checkManifest(from);
            Path pg = target.dataDir().resolve("pg");
            if (Files.exists(pg) && Files.list(pg).findAny().isPresent()) {
                throw new IllegalArgumentException("数据目录 " + target.dataDir() + " 已有数据库：请恢复到新的数据目录，或先停止平台并移走它");
            }
            Files.createDirectories(target.dataDir());
            if (Files.isDirectory(from.resolve("data"))) {
                copyTree(from.resolve("data"), target.dataDir(), rel -> true);
            }
            if (target.external()) {
                PgTools.restore(target, from.resolve("database.dump"));
                var ds = new PGSimpleDataSource();
                ds.setUrl(target.url());
                ds.setUser(target.username());
                ds.setPassword(target.password());
                return check(ds, target);
            }
            copyTree(from.resolve("pg"), pg, rel -> true);
            ownerOnly(pg);
            try (EmbeddedPostgres postgres = start(pg)) {
                return check(postgres.getPostgresDatabase(), target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows of every table, and the audit chain against the anchors that came with the backup. */
    private static Restored check(DataSource ds, Target target) {
        var jdbc = JdbcClient.create(ds);
        Map<String, Long> counts = new TreeMap<>();
        for (String table : jdbc.sql("select tablename from pg_tables where schemaname = 'public' order by 1").query(String.class).list()) {
            counts.put(table, jdbc.sql("select count(*) from \"" + table + "\"").query(Long.class).single());
        }
        var anchors = AnchorLog.open(target.dataDir().resolve("audit/anchors.log"), target.anchorKey());
        return new Restored(counts, ChainVerifier.verify(jdbc, anchors, null, null));
    }

    /** Starts the bundled PostgreSQL on a data directory (a restored one recovers from its backup label first). */
    public static EmbeddedPostgres start(Path pg) throws IOException {
        try (var socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            socket.close();
            return EmbeddedPostgres.builder().setDataDirectory(pg).setCleanDataDirectory(false).setPort(port)
                    .setConnectConfig("password", DatabaseCredentials.superuserPassword(pg.getParent()))
                    .setPGStartupWait(Duration.ofMinutes(5)).setRegisterShutdownHook(false).start();
        }
    }

    private static void copyEmbedded(Path pg, Path to) throws IOException {
        if (!Files.exists(pg.resolve("PG_VERSION"))) {
            throw new IllegalArgumentException("数据目录中没有内置数据库：" + pg);
        }
        int port = runningPort(pg);
        EmbeddedPostgres started = port > 0 ? null : start(pg);
        try (Connection db = superuser(started == null ? port : started.getPort(), pg.getParent())) {
            // The slot keeps every WAL segment from here on until this session ends, so none is recycled mid-copy.
            query(db, "select pg_create_physical_replication_slot('sk_backup_' || pg_backend_pid(), true, true)");
            query(db, "select pg_backup_start('shuangkong backup " + Instant.now() + "', true)");
            copyTree(pg, to, rel -> !SKIPPED_FILES.contains(rel.toString()) && !(rel.getNameCount() > 1 && EMPTY_DIRS.contains(rel.getName(0).toString())));
            List<String> stop = query(db, "select labelfile, spcmapfile from pg_backup_stop(false)");
            Files.writeString(to.resolve("backup_label"), stop.get(0));
            if (stop.get(1) != null && !stop.get(1).isBlank()) {
                Files.writeString(to.resolve("tablespace_map"), stop.get(1));
            }
            // The WAL from the backup's start to its end, copied after pg_backup_stop switched to a new segment.
            try (var wal = Files.list(pg.resolve("pg_wal"))) {
                for (Path segment : wal.filter(Files::isRegularFile).toList()) {
                    copyFile(segment, to.resolve("pg_wal").resolve(segment.getFileName()));
                }
            }
            for (String dir : EMPTY_DIRS) {
                Files.createDirectories(to.resolve(dir));
            }
            Files.createDirectories(to.resolve("pg_wal/archive_status"));
        } catch (SQLException e) {
            throw new IllegalStateException("无法在线备份内置数据库：" + e.getMessage(), e);
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    /** The port of the server running on this directory, from its postmaster.pid; -1 when none runs. */
    static int runningPort(Path pg) throws IOException {
        Path pidFile = pg.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return -1;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 4 || ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive).isEmpty()) {
            return -1;
        }
        return Integer.parseInt(lines.get(3).trim());
    }

    /** The bundled server's superuser, with the password kept in its data directory (ADR 0015). */
    private static Connection superuser(int port, Path dataDir) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres",
                DatabaseCredentials.superuserPassword(dataDir));
    }

    private static List<String> query(Connection db, String sql) throws SQLException {
        try (var s = db.createStatement(); var rs = s.executeQuery(sql)) {
            List<String> row = new ArrayList<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
            }
            return row;
        }
    }

    /** Copies a tree; files that vanish while it runs (a server's temporary files) are skipped. */
    private static void copyTree(Path from, Path to, java.util.function.Predicate<Path> include) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(dir);
                if (rel.toString().isEmpty() || include.test(rel)) {
                    Files.createDirectories(to.resolve(rel.toString()));
                    return FileVisitResult.CONTINUE;
                }
                return FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(file);
                if (include.test(rel)) {
                    copyFile(file, to.resolve(rel.toString()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    private static void copyFile(Path file, Path target) throws IOException {
        try {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (NoSuchFileException vanished) {
            // a temporary file the server removed while the copy ran
        }
    }

    private static Made writeManifest(Path to, boolean keyOutside) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        long[] bytes = {0};
        try (var files = Files.walk(to)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                sums.put(to.relativize(f).toString(), sha256(f));
                bytes[0] += Files.size(f);
            }
        }
        StringBuilder text = new StringBuilder();
        sums.forEach((path, sum) -> text.append(sum).append("  ").append(path).append('\n'));
        Files.writeString(to.resolve(MANIFEST), text);
        return new Made(sums.size(), bytes[0], keyOutside);
    }

    private static void checkManifest(Path from) throws IOException {
        Path manifest = from.resolve(MANIFEST);
        if (!Files.exists(manifest)) {
            throw new IllegalArgumentException(from + " 不是平台的备份目录（缺少 " + MANIFEST + "）");
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(manifest)) {
            if (line.length() > 66) {
                expected.put(line.substring(66), line.substring(0, 64));
            }
        }
        for (var e : expected.entrySet()) {
            Path f = from.resolve(e.getKey());
            if (!Files.exists(f) || !sha256(f).equals(e.getValue())) {
                throw new IllegalStateException("备份已损坏或被改动：" + e.getKey() + " 与清单中的 SHA-256 不符，未恢复任何内容");
            }
        }
    }

    private static String sha256(Path f) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ownerOnly(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory keeps its ACL
        }
    }
}
