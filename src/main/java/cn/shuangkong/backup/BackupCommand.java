package cn.shuangkong.backup;

import cn.shuangkong.backup.internal.Backups;
import java.nio.file.Path;
import java.util.Map;

/**
 * The command line: {@code backup --to DIR} / {@code restore --from DIR}, each with an optional {@code --data-dir}.
 * Reads the same environment as the platform: {@code SK_DATA_DIR}, {@code SPRING_DATASOURCE_URL / _USERNAME /
 * _PASSWORD} (an external database), {@code SK_AUDIT_ANCHOR_KEY_FILE}.
 */
public final class BackupCommand {

    private BackupCommand() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"));
    }

    /** Runs the command and answers the process exit code; messages go to standard output in Chinese. */
    public static int run(String[] args, Map<String, String> env) {
        try {
            String dataDir = option(args, "--data-dir", env.getOrDefault("SK_DATA_DIR", "./data"));
            var target = new Backups.Target(Path.of(dataDir).toAbsolutePath(), env.get("SPRING_DATASOURCE_URL"),
                    env.get("SPRING_DATASOURCE_USERNAME"), env.get("SPRING_DATASOURCE_PASSWORD"),
                    env.get("SK_AUDIT_ANCHOR_KEY_FILE"));
            if (args[0].equals("backup")) {
                Path to = Path.of(required(args, "--to")).toAbsolutePath();
                var made = Backups.backup(target, to);
                System.out.println("备份完成：" + to + "（" + made.files() + " 个文件，" + made.bytes() / 1024 / 1024 + " MB）");
                if (made.keyOutside()) {
                    System.out.println("注意：审计锚点密钥在数据目录之外（SK_AUDIT_ANCHOR_KEY_FILE），未包含在备份中，请另行保管。");
                }
                return 0;
            }
            Path from = Path.of(required(args, "--from")).toAbsolutePath();
            var restored = Backups.restore(from, target);
            System.out.println("恢复完成：" + target.dataDir());
            restored.counts().forEach((table, n) -> System.out.println("  " + table + "：" + n + " 行"));
            var v = restored.verification();
            if (v.intact()) {
                System.out.println("审计哈希链校验通过：" + v.checked() + " 条记录，" + v.anchors() + " 个签名锚点一致。");
                return 0;
            }
            System.out.println("审计哈希链校验未通过：");
            v.findings().forEach(f -> System.out.println("  " + f));
            return 3;
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.out.println("失败：" + e.getMessage());
            System.out.println("用法：backup --to 目录 [--data-dir 数据目录] | restore --from 目录 [--data-dir 新数据目录]");
            return 2;
        }
    }

    private static String required(String[] args, String name) {
        String value = option(args, name, null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("缺少参数 " + name);
        }
        return value;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
