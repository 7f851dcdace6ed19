package cn.shuangkong.alerting.internal;

import cn.shuangkong.alerting.internal.AlertRules.Rule;
import cn.shuangkong.hazard.HazardAction;
import cn.shuangkong.monitoring.AlarmCleared;
import cn.shuangkong.monitoring.Alarms;
import cn.shuangkong.monitoring.AlarmRaised;
import cn.shuangkong.shared.StateChanged;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the enabled rules on a schedule ({@code shuangkong.alerting.cron}) and on demand, and turns sensor alarms from
 * monitoring into alerts. Safe to run any number of times and on several instances: an open alert for the same rule
 * and subject is refreshed, never duplicated (a unique index decides). Each run also closes, as 自动解除, the open
 * alerts whose condition has cleared; a sensor alert closes as soon as its alarm is cleared ({@link AlarmCleared}). A
 * sensor alarm's alert is made off the thread that stored the reading, by {@link AlarmReactions} (ADR 0051).
 */
@Component
public class AlertEngine {

    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    private static final String SENSOR_ALARM = "SENSOR_ALARM";
    private static final String ALARM_SUBJECT = "alarm:";

    /** What one run did: per rule, how many findings, how many of them were new alerts, and how many alerts cleared. */
    public record Run(Map<String, int[]> byRule) {
        public int raised() {
            return byRule.values().stream().mapToInt(v -> v[1]).sum();
        }

        public int resolved() {
            return byRule.values().stream().mapToInt(v -> v[2]).sum();
        }

        public int found() {
            return byRule.values().stream().mapToInt(v -> v[0]).sum();
        }
    }

    private final AlertRules rules;
    private final Alerts alerts;
    private final DailyChecks daily;
    private final ReferralChecks referrals;
    private final OccupationalChecks occupational;
    private final List<RuleCheck> checks;

    private final Alarms alarms;

    private final TransactionTemplate ownTransaction;

    /** {@code checks}: every {@link RuleCheck} bean, so that a new family of rules needs no change here. */
    AlertEngine(AlertRules rules, Alerts alerts, List<RuleCheck> checks, DailyChecks daily, ReferralChecks referrals,
                OccupationalChecks occupational, Alarms alarms, PlatformTransactionManager transactions) {
        this.referrals = referrals;
        this.occupational = occupational;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.rules = rules;
        this.alerts = alerts;
        this.daily = daily;
        this.checks = List.copyOf(checks);
        this.alarms = alarms;
    }

    @Scheduled(cron = "${shuangkong.alerting.cron:0 */15 * * * *}")
    @SchedulerLock(name = "alert-engine", lockAtMostFor = "PT14M", lockAtLeastFor = "PT1M")
    void scheduled() {
        Run run = runAll();
        if (run.raised() > 0 || run.resolved() > 0) log.info("Alert rules raised {} new alerts, {} cleared", run.raised(), run.resolved());
    }

    /**
     * Every enabled rule once. Each alert is raised in its own transaction, and a rule that fails is logged and skipped,
     * so that one broken rule cannot keep the others from running.
     */
    public Run runAll() {
        Map<String, int[]> result = new LinkedHashMap<>();
        for (Rule rule : rules.all()) {
            try {
                // Sensor alerts follow their alarms whether or not the rule still raises new ones.
                if (rule.category().equals("SENSOR")) result.put(rule.code(), new int[] {0, 0, resolveClearedAlarms(null)});
                else if (rule.enabled()) result.put(rule.code(), apply(rule));
            } catch (RuntimeException e) {
                log.error("Alert rule {} failed", rule.code(), e);
            }
        }
        return new Run(result);
    }

    /** One rule now, whether or not it is enabled for the schedule (a regulator's 立即运行 of a single rule, a test). */
    public Run run(String code) {
        Rule rule = rules.find(code).orElseThrow(() -> cn.shuangkong.shared.DomainException.notFound("预警规则"));
        return new Run(Map.of(code, apply(rule)));
    }

    /** Runs the rule through the check that handles it, raises what it finds and closes what it no longer finds. */
    private int[] apply(Rule rule) {
        RuleCheck check = checkOf(rule);
        if (check == null) {
            // a rule row without code behind it (a migration ahead of its check) finds nothing rather than failing the run
            log.warn("No check handles alert rule {}", rule.code());
            return new int[] {0, 0, 0};
        }
        List<Finding> findings = check.check(rule);
        int raised = 0;
        for (Finding f : findings) {
            if (alerts.raise(rule, f)) raised++;
        }
        int resolved = 0;
        for (var cleared : check.clearedOf(rule, findings, alerts.openOf(rule.code())).entrySet()) {
            if (alerts.resolve(cleared.getKey(), cleared.getValue())) resolved++;
        }
        return new int[] {findings.size(), raised, resolved};
    }

    /** The check that handles the rule, or null when none does. */
    private RuleCheck checkOf(Rule rule) {
        return checks.stream().filter(c -> c.handles(rule)).findFirst().orElse(null);
    }

    /**
     * Closes the open sensor alerts whose alarm has been cleared: of the given alarms, or of all open sensor alerts when
     * {@code alarmIds} is null. Returns how many closed.
     */
    private int resolveClearedAlarms(Collection<Long> alarmIds) {
        if (alarmIds != null && alarmIds.isEmpty()) return 0;
        Map<Long, Long> alertByAlarm = new LinkedHashMap<>();
        var open = alarmIds == null ? alerts.openOf(SENSOR_ALARM)
                : alerts.openOf(SENSOR_ALARM, alarmIds.stream().map(id -> ALARM_SUBJECT + id).toList());
        for (Alerts.OpenAlert a : open) {
            if (!a.subjectKey().startsWith(ALARM_SUBJECT)) continue;
            long alarmId = Long.parseLong(a.subjectKey().substring(ALARM_SUBJECT.length()));
            if (alarmIds == null || alarmIds.contains(alarmId)) alertByAlarm.put(alarmId, a.id());
        }
        int resolved = 0;
        for (Alarms.Alarm alarm : alarms.clearedAmong(alertByAlarm.keySet())) {
            String fact = "报警已于 " + Alerts.formatSeconds(alarm.clearedAt()) + " 消除"
                    + (alarm.returnedAt() == null ? "" : "（读数于 " + Alerts.formatSeconds(alarm.returnedAt()) + " 恢复正常）");
            if (alerts.resolve(alertByAlarm.get(alarm.id()), fact)) resolved++;
        }
        return resolved;
    }

    /**
     * The alerts owed for sensor alarms ({@link AlarmReactions}, ADR 0051), in the caller's transaction: each raised
     * alarm becomes an alert (a second delivery finds it and adds none), each enterprise's recipients looked up once;
     * then the sensor alerts of all these alarms whose alarm is cleared close — a clear, and a raise that reached the
     * alert centre only after its alarm was cleared, both end closed.
     */
    void react(List<AlarmRaised> raised, Collection<Long> alarmIds) {
        Rule rule = rules.find(SENSOR_ALARM).orElseThrow();
        if (rule.enabled() && !raised.isEmpty()) alerts.raiseAll(rule, raised.stream().map(AlertEngine::finding).toList());
        resolveClearedAlarms(alarmIds);
    }

    private static Finding finding(AlarmRaised alarm) {
        return new Finding(alarm.enterpriseId(), ALARM_SUBJECT + alarm.alarmId(), "在线监测" + alarm.level() + "：" + alarm.title(),
                List.of("报警级别：" + alarm.level(), "报警内容：" + alarm.title(), "报警时间：" + Alerts.formatSeconds(alarm.raisedAt()),
                        alarm.riskPointId() == null ? "未关联风险点" : "关联风险点 #" + alarm.riskPointId()),
                alarm.link());
    }

    /**
     * A filed register or a published 承诺公告 closes its alert at once instead of at the next run: the enterprise's own
     * change (announced, like every change, as {@link StateChanged}) is re-checked for that enterprise only, after it
     * commits; so is an answered referral, and an enterprise's 职业健康 alerts after a change of its exams, factors, intervals
     * or people. A plain listener that registers the re-check only for those kinds of change: a transactional event
     * listener would record a Modulith publication for every change of every module (ADR 0023); a re-check lost to a
     * crash is made by the rule's next run, which re-checks every open alert anyway. A hazard whose deadline moved (a
     * 督办期限 changed, an extension granted) has its 逾期 alerts re-checked the same way (ADR 0066).
     */
    @EventListener
    public void on(StateChanged change) {
        Runnable recheck;
        if (change.entityType().equals("referral") && change.entityId() != null) {
            // an answered referral clears its overdue alert at once (derived state follows its source, ADR 0017)
            long referral = Long.parseLong(change.entityId());
            recheck = () -> ownTransaction.executeWithoutResult(status ->
                    referrals.recheck(referral, alerts.openOf(ReferralChecks.RULE)).forEach(alerts::resolve));
        } else if (change.entityType().equals("hazard") && change.entityId() != null && movesDeadline(change.action())) {
            // a 督办期限 moved or an extension granted: the 逾期 alert of the old deadline clears at once (ADR 0066)
            String subject = "hazard:" + change.entityId() + ":";
            recheck = () -> ownTransaction.executeWithoutResult(status -> {
                for (String rule : List.of("MAJOR_HAZARD_OVERDUE", "HAZARD_OVERDUE")) {
                    var open = alerts.openAbout(rule, subject);
                    if (!open.isEmpty()) daily.recheck(rule, open).forEach(alerts::resolve);
                }
            });
        } else if (OccupationalChecks.follows(change)) {
            // an exam recorded, a person moved or gone, a factor removed: the 职业健康 alerts it settles clear at once (ADR 0081)
            long enterprise = change.enterpriseId();
            recheck = () -> ownTransaction.executeWithoutResult(status ->
                    occupational.recheck(enterprise, rule -> alerts.openOf(rule, enterprise)).forEach(alerts::resolve));
        } else {
            String rule = switch (change.entityType()) {
                case "risk_filing" -> "REGISTER_NOT_FILED";
                case "daily_commitment" -> "COMMITMENT_MISSING";
                default -> null;
            };
            if (rule == null || change.enterpriseId() == null) return; // every other change costs nothing, not even a transaction
            recheck = () -> ownTransaction.executeWithoutResult(status -> {
                var open = alerts.openOf(rule).stream().filter(a -> a.enterpriseId() == change.enterpriseId()).toList();
                daily.recheck(rule, open).forEach(alerts::resolve);
            });
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            recheck.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                recheck.run();
            }
        });
    }

    private static boolean movesDeadline(String action) {
        return HazardAction.ADJUST_SUPERVISION.label.equals(action) || HazardAction.DECIDE_EXTENSION.label.equals(action);
    }
}
