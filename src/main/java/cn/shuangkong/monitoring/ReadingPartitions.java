package cn.shuangkong.monitoring;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
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
    void ensureAhead() {
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        for (int d = -1; d <= daysAhead; d++) ensure(today.plusDays(d));
    }

    /** The partition of one day; a day whose rows already sit in the default partition is left there. */
    void ensure(LocalDate day) {
        String name = "reading_" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
        String from = day.atStartOfDay(ZONE).toOffsetDateTime().toString();
        String to = day.plusDays(1).atStartOfDay(ZONE).toOffsetDateTime().toString();
        try {
            // Names and bounds come from a LocalDate, never from input; DDL cannot take bind parameters.
            jdbc.sql("create table if not exists " + name + " partition of reading for values from ('" + from + "') to ('" + to + "')").update();
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
