package cn.shuangkong.shared;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One running instance per data directory (ADR 0020): an exclusive lock on {@code SK_DATA_DIR/instance.lock}, held
 * while the instance runs and released by the operating system when its process ends, however it ends. A second
 * instance on the same directory is refused at start instead of taking the first one's database away. The file also
 * keeps the pid of the PostgreSQL this instance started, so that the next start after a kill -9 may stop that server
 * and no other.
 */
final class DataDirectoryLock implements AutoCloseable {

    static final String FILE = "instance.lock";

    private final Path dataDir;
    private final FileChannel channel;
    private final FileLock lock;
    private final long lastPostmaster;

    private DataDirectoryLock(Path dataDir, FileChannel channel, FileLock lock, long lastPostmaster) {
        this.dataDir = dataDir;
        this.channel = channel;
        this.lock = lock;
        this.lastPostmaster = lastPostmaster;
    }

    static DataDirectoryLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        var channel = FileChannel.open(dataDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another application context of this same JVM
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException(("数据目录 %s 正由另一个运行中的双控实例使用，本实例不能启动：请先停止那个实例，"
                    + "或为本实例另设 SK_DATA_DIR（多个实例共用一个外部 PostgreSQL 时，见 docs/deployment.md）。 / The data "
                    + "directory %s is in use by another running instance; stop it or give this one its own SK_DATA_DIR.")
                    .formatted(dataDir, dataDir));
        }
        var content = ByteBuffer.allocate(64);
        channel.read(content, 0);
        long last;
        try {
            last = Long.parseLong(new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            last = -1;
        }
        return new DataDirectoryLock(dataDir, channel, lock, last);
    }

    /** The pid of the PostgreSQL the previous run on this directory started, or -1. */
    long lastPostmaster() {
        return lastPostmaster;
    }

    void recordPostmaster(long pid) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(true);
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws IOException {
        if (lock.isValid()) {
            lock.release();
        }
        channel.close();
    }
}
