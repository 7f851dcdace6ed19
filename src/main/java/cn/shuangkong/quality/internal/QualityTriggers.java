package cn.shuangkong.quality.internal;

import cn.shuangkong.shared.StateChanged;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * When the rules run: after a committed change that belongs to an enterprise (every module publishes
 * {@link StateChanged}), debounced — the enterprises changed are collected and checked together every
 * {@code shuangkong.quality.debounce} (a burst of edits to one register is one check) — and nightly for everyone, since
 * time-based rules (零隐患 for months) change without any edit.
 */
@Component
class QualityTriggers {

    private static final Logger log = LoggerFactory.getLogger(QualityTriggers.class);
    /** Changes that cannot change a finding: the checks' own records and the rating they feed. */
    private static final Set<String> IGNORED = Set.of(QualityChecks.ENTITY, "enterprise-rating", "quality_rule");

    private final QualityChecks checks;
    private final Map<Long, String> pending = new LinkedHashMap<>();

    QualityTriggers(QualityChecks checks) {
        this.checks = checks;
    }

    @EventListener
    void on(StateChanged change) {
        if (change.enterpriseId() == null || IGNORED.contains(change.entityType())) return;
        long enterprise = change.enterpriseId();
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            queue(enterprise, change.action());
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                queue(enterprise, change.action());
            }
        });
    }

    private synchronized void queue(long enterprise, String reason) {
        pending.putIfAbsent(enterprise, reason);
    }

    private synchronized Map<Long, String> drain() {
        Map<Long, String> out = new LinkedHashMap<>(pending);
        pending.clear();
        return out;
    }

    // No cluster lock (ADR 0020): each instance drains the changes that were committed through it.
    @Scheduled(fixedDelayString = "${shuangkong.quality.debounce:PT10S}", initialDelayString = "${shuangkong.quality.debounce:PT10S}")
    void runPending() {
        drain().forEach((enterprise, reason) -> {
            try {
                checks.check(enterprise, "变更后检查：" + reason);
            } catch (RuntimeException e) {
                log.warn("数据质量检查失败 enterprise {}: {}", enterprise, e.toString());
            }
        });
    }

    @Scheduled(cron = "${shuangkong.quality.nightly-cron:0 45 2 * * *}", zone = "${shuangkong.time-zone:Asia/Shanghai}")
    @SchedulerLock(name = "quality-nightly", lockAtMostFor = "PT3H", lockAtLeastFor = "PT10M")
    void nightly() {
        log.info("Nightly 数据质量: {} enterprises", checks.checkAll("每日例行检查"));
    }
}
