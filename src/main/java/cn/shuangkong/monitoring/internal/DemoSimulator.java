package cn.shuangkong.monitoring.internal;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Jurisdiction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo's sensors (switch: {@code shuangkong.monitoring.simulator.enabled}): publishes a reading for every
 * monitoring point of the demo chemical works through the broker, as a DCS gateway would — values drifting around the
 * middle of their normal band — and every few minutes lets the first liquid level climb past its high limit for
 * about a minute and fall back, so a new user sees an alarm raised and can acknowledge and clear it. With several
 * instances on one database each tick runs on one of them (a ShedLock lock per tick, ADR 0020), so the readings are
 * not doubled.
 */
@Component
class DemoSimulator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DemoSimulator.class);

    private final MonitoringProperties.Simulator settings;
    private final MqttConnector mqtt;
    private final MonitoringPoints points;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final LockingTaskExecutor locks;
    private final Random random = new Random();
    private ScheduledExecutorService timer;
    private Instant startedAt;
    private volatile boolean running;

    DemoSimulator(MonitoringProperties properties, MqttConnector mqtt, MonitoringPoints points, JdbcClient jdbc, Clock clock,
                  LockingTaskExecutor locks) {
        this.locks = locks;
        this.settings = properties.simulator();
        this.mqtt = mqtt;
        this.points = points;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private void tick() {
        try {
            Long enterprise = jdbc.sql("select e.id from (%s) e where e.name = :n".formatted(OrganizationFacts.enterprises())).param("n", settings.enterprise())
                    .query(Long.class).optional().orElse(null);
            if (enterprise == null || mqtt.brokerUrl() == null) return;
            List<MonitoringPoints.Point> list = points.list(Jurisdiction.platform(), enterprise);
            long cycle = settings.excursionEvery().toSeconds();
            long phase = (clock.instant().getEpochSecond() - startedAt.getEpochSecond()) % Math.max(cycle, 120);
            boolean excursionDone = false;
            for (var p : list) {
                BigDecimal lo = p.low() != null ? p.low() : p.lowLow() != null ? p.lowLow() : BigDecimal.ZERO;
                BigDecimal hi = p.high() != null ? p.high() : p.highHigh();
                if (hi == null) continue;
                double low = lo.doubleValue(), high = hi.doubleValue(), mid = (low + high) / 2, span = high - low;
                if ("GAS".equals(p.kind())) { // a tight tank farm reads a few %LEL at most
                    mid = high * 0.06;
                    span = high * 0.1;
                }
                double v = mid + span * 0.08 * Math.sin(clock.millis() / 60000.0 + p.id()) + span * 0.02 * random.nextGaussian();
                // Each excursion is an alarm of its own: the demo waits until the last one is cleared, so that a
                // platform left running overnight shows one alarm to handle rather than a hundred.
                if (!excursionDone && "LEVEL".equals(p.kind())) {
                    excursionDone = true;
                    // from 60 s into the cycle: climb for 40 s past high (not high-high), hold 60 s, fall back over 40 s
                    double peak = high + (p.highHigh() != null ? (p.highHigh().doubleValue() - high) * 0.5 : span * 0.05);
                    if (phase < 60 || phase >= 200 || awaitingClearance(p.id())) { /* normal */ }
                    else if (phase < 100) v = mid + (peak - mid) * (phase - 60) / 40.0;
                    else if (phase < 160) v = peak + span * 0.005 * random.nextGaussian();
                    else v = peak - (peak - mid) * (phase - 160) / 40.0;
                }
                mqtt.publish("shuangkong/v1/" + p.creditCode() + "/" + p.code(),
                        "{\"value\":" + BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString() + ",\"ts\":\"" + clock.instant() + "\"}");
            }
        } catch (RuntimeException e) {
            log.warn("Simulator tick failed: {}", e.toString());
        }
    }

    /** Held for most of a tick: another instance whose timer fires inside it skips its own tick. */
    private void tickOnOneInstance(long everyMillis) {
        try {
            locks.executeWithLock((Runnable) this::tick, new LockConfiguration(Instant.now(), "demo-simulator",
                    Duration.ofMillis(everyMillis * 6), Duration.ofMillis(everyMillis * 4 / 5)));
        } catch (RuntimeException e) {
            log.warn("Simulator tick failed: {}", e.toString()); // the database may be away: the next tick tries again
        }
    }

    private boolean awaitingClearance(long pointId) {
        return jdbc.sql("select exists(select 1 from alarm where point_id = :p and state <> 'CLEARED' and returned_at is not null)")
                .param("p", pointId).query(Boolean.class).single();
    }

    @Override
    public void start() {
        running = true;
        if (!settings.enabled()) return;
        startedAt = clock.instant();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "monitoring-simulator");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1000, settings.every().toMillis());
        timer.scheduleAtFixedRate(() -> tickOnOneInstance(every), every, every, TimeUnit.MILLISECONDS);
        log.info("Demo sensor simulator on: {} every {}s, a level excursion every {}", settings.enterprise(), every / 1000, settings.excursionEvery());
    }

    @Override
    public void stop() {
        running = false;
        if (timer != null) timer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 500;
    }
}
