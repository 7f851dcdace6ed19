package cn.shuangkong.demo;

import cn.shuangkong.bulletin.internal.RiskBulletins;
import java.time.Duration;
import java.time.Instant;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The quarter-start drafts of the 风险动态信息通报 for the demo city, as the nightly job would have made them on the
 * 1st (each area's draft exists once, so a restart adds nothing): the regulators find last quarter's waiting.
 */
@Component
@Profile("demo")
@Order(110)
class DemoBulletins implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoBulletins.class);

    private final RiskBulletins bulletins;
    private final LockingTaskExecutor locks;

    DemoBulletins(RiskBulletins bulletins, LockingTaskExecutor locks) {
        this.bulletins = bulletins;
        this.locks = locks;
    }

    @Override
    public void run(ApplicationArguments args) {
        locks.executeWithLock((Runnable) () -> {
            int n = bulletins.draftLastQuarter();
            if (n > 0) log.info("Demo 风险动态信息通报: {} drafts of last quarter", n);
        }, new LockConfiguration(Instant.now(), "demo-bulletins", Duration.ofMinutes(10), Duration.ZERO));
    }
}
