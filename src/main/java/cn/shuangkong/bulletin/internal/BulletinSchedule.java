package cn.shuangkong.bulletin.internal;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drafts the quarter's 通报 of every area at quarter start. It runs every night rather than on the 1st only, so that
 * an instance down that night still drafts the next; the draft of an area and quarter exists once (a unique version 1),
 * so the nightly runs after the first change nothing.
 */
@Component
public class BulletinSchedule {

    private static final Logger log = LoggerFactory.getLogger(BulletinSchedule.class);

    private final RiskBulletins bulletins;

    public BulletinSchedule(RiskBulletins bulletins) {
        this.bulletins = bulletins;
    }

    @Scheduled(cron = "${shuangkong.bulletin.cron:0 20 1 * * *}", zone = "${shuangkong.time-zone:Asia/Shanghai}")
    @SchedulerLock(name = "risk-bulletin-drafts", lockAtMostFor = "PT30M", lockAtLeastFor = "PT1M")
    public void draftLastQuarter() {
        int n = bulletins.draftLastQuarter();
        if (n > 0) log.info("风险动态信息通报: {} drafts for the quarter just ended", n);
    }
}
