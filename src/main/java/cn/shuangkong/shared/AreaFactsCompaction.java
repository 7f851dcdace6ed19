package cn.shuangkong.shared;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Folds the pending rows of the area read models into one row per key (ADR 0035). Writers append a delta row rather
 * than update the one row of their town and industry (so that they never wait for each other); readers sum every row
 * of a key, so a round changes no figure, it only keeps the number of rows a reader sums small. One SQL function over
 * every owner's roll-up (V225, V226), each compacting its own tables in one statement.
 */
@Component
class AreaFactsCompaction {

    private static final Logger log = LoggerFactory.getLogger(AreaFactsCompaction.class);

    private final JdbcClient jdbc;

    AreaFactsCompaction(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Scheduled(initialDelayString = "${shuangkong.area-facts.compact-first:1m}",
            fixedDelayString = "${shuangkong.area-facts.compact-every:1m}")
    @SchedulerLock(name = "area-facts-compaction", lockAtMostFor = "PT10M", lockAtLeastFor = "PT20S")
    void compact() {
        try {
            jdbc.sql("select area_facts_compact()").query().listOfRows();
        } catch (RuntimeException e) {
            // Nothing is lost: the pending rows stay and count as they are; the next round folds them.
            log.warn("Compacting the area read models failed this round: {}", e.toString());
        }
    }
}
