package cn.shuangkong.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several instances on one PostgreSQL (ADR 0020): a {@code @SchedulerLock} job runs on one of them at a time and,
 * through its {@code lockAtLeastFor}, about once per period cluster-wide. The lock is a row of {@code shedlock}
 * (migration V150) whose {@code locked_by} names the instance that ran the job last.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
public class ClusterLocks {

    /** The advisory lock under which the demo loaders check for their markers and load (one instance loads). */
    public static final long DEMO_LOAD = 0x5348_0001L;

    /** This instance, as it appears in {@code shedlock.locked_by}: host, process and a per-start suffix. */
    private final String instance = host() + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        // The database's clock, not each instance's: instances whose clocks differ still agree on who holds a lock.
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withLockedByValue(instance)
                .usingDbTime()
                .build());
    }

    /** For work that is not a {@code @Scheduled} method (the demo sensor simulator's ticks). */
    @Bean
    LockingTaskExecutor lockingTaskExecutor(LockProvider lockProvider) {
        return new DefaultLockingTaskExecutor(lockProvider);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
