package cn.shuangkong.monitoring.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Creates the daily partitions of {@code reading} (Beijing days) ahead of time: at start, before ingestion, and every
 * hour after. Idempotent, so several instances may all do it. Dropping old days is a retention decision left to the
 * operator ({@code drop table reading_20261101}).
 */
@Component
class ReadingPartitions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadingPartitions.class);
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final int daysAhead;
    private volatile boolean running;

    ReadingPartitions(JdbcClient jdbc, Clock clock, MonitoringProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.daysAhead = properties.partitionDaysAhead();
    }

    @Scheduled(cron = "0 7 * * * *")
    @SchedulerLock(name = "reading-partitions", lockAtMostFor = "PT30M", lockAtLeastFor = "PT5M")
    void ensureAhead() {
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        for (int d = -1; d <= daysAhead; d++) ensure(today.plusDays(d));
    }

    /** The partition of one day; a day whose rows already sit in the default partition is left there. */
    void ensure(LocalDate day) {
        String name = "reading_" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
        try {
            // The application's role may not create tables: a function of the schema's owner does (migration V120).
            jdbc.sql("select create_reading_partition(:name, :from, :to)").param("name", name)
                    .param("from", day.atStartOfDay(ZONE).toOffsetDateTime())
                    .param("to", day.plusDays(1).atStartOfDay(ZONE).toOffsetDateTime()).query().listOfRows();
        } catch (RuntimeException e) {
            log.warn("Reading partition {} not created: {}", name, e.getMessage());
        }
    }

    @Override
    public void start() {
        ensureAhead();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 3000;
    }
}
