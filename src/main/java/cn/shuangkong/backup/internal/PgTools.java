package cn.shuangkong.backup.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * pg_dump / pg_restore of the operator's PostgreSQL client tools, for an external database (their major version must
 * be at least the server's). The password goes through the environment, never the command line.
 */
final class PgTools {

    private PgTools() {
    }

    static void dump(Backups.Target target, Path file) {
        run(target, List.of("pg_dump", "--format=custom", "--no-owner", "--file=" + file, "--dbname=" + uri(target)));
    }

    static void restore(Backups.Target target, Path file) {
        run(target, List.of("pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", "--dbname=" + uri(target), file.toString()));
    }

    /** jdbc:postgresql://host:port/db?… → postgresql://host:port/db (libpq takes the user from PGUSER). */
    private static String uri(Backups.Target target) {
        String url = target.url().replaceFirst("^jdbc:", "");
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static void run(Backups.Target target, List<String> command) {
        var pb = new ProcessBuilder(new ArrayList<>(command)).inheritIO();
        if (target.username() != null) {
            pb.environment().put("PGUSER", target.username());
        }
        if (target.password() != null) {
            pb.environment().put("PGPASSWORD", target.password());
        }
        try {
            int exit = pb.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(command.get(0) + " 失败（退出码 " + exit + "）");
            }
        } catch (IOException e) {
            throw new IllegalStateException("找不到 " + command.get(0) + "：外部数据库的备份与恢复需要与服务器同一主版本的 PostgreSQL 客户端工具", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command.get(0) + " 被中断", e);
        }
    }
}
