/**
 * 备份与恢复: {@code java -jar shuangkong.jar backup --to DIR} and {@code restore --from DIR}, run beside or instead of
 * the platform (no Spring context): the database (uploaded files included, they live in it), the audit anchors and
 * their key, and everything else in the data directory; a restore checks the audit chain of what it brought back. Its
 * API is {@link cn.shuangkong.backup.BackupCommand}, which the main class calls; the rest is in {@code internal}.
 */
package cn.shuangkong.backup;
