package cn.shuangkong.monitoring.internal;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The periodic work of monitoring, each step in its own transaction: escalating unacknowledged alarms, marking silent
 * points offline (every 30 s) and generating this period's 包保 checks (hourly). Each step is safe to run on several
 * instances at once (skip-locked rows, once-per-period keys).
 */
@Component
class MonitoringSweeps {

    private final Excursions alarms;
    private final GuarantorChecks checks;
    private volatile boolean closing;

    MonitoringSweeps(Excursions alarms, GuarantorChecks checks) {
        this.alarms = alarms;
        this.checks = checks;
    }

    @EventListener(ContextClosedEvent.class)
    void closing() {
        closing = true; // the embedded database may already be going down: start no sweep now
    }

    @Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT30S")
    @SchedulerLock(name = "monitoring-alarm-sweep", lockAtMostFor = "PT5M", lockAtLeastFor = "PT20S")
    void alarms() {
        if (closing) return;
        alarms.escalate();
        alarms.markOffline();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    @SchedulerLock(name = "guarantor-checks", lockAtMostFor = "PT55M", lockAtLeastFor = "PT50M")
    void guarantorChecks() {
        if (!closing) checks.generateAll();
    }
}
