package cn.shuangkong.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The embedded PostgreSQL's superuser password, kept in the data directory beside the database (ADR 0015), for the
 * few tools outside the running application that need it: backup and restore.
 */
public final class DatabaseCredentials {

    private DatabaseCredentials() {}

    /** The superuser's password of the embedded database whose data directory is {@code dataDir}. */
    public static String superuserPassword(Path dataDir) {
        try {
            return EmbeddedDatabaseRoles.Credentials.loadOrCreate(dataDir.toAbsolutePath()).superuser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
