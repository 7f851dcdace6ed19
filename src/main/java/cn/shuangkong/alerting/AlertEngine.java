package cn.shuangkong.alerting;

import cn.shuangkong.alerting.AlertRules.Rule;
import cn.shuangkong.shared.AlarmRaised;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs the enabled rules on a schedule ({@code shuangkong.alerting.cron}) and on demand, and turns sensor alarms from
 * monitoring into alerts. Safe to run any number of times and on several instances: an open alert for the same rule
 * and subject is refreshed, never duplicated (a unique index decides).
 */
@Component
public class AlertEngine {

    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);

    /** What one run did: per rule, how many findings and how many of them were new alerts. */
    public record Run(Map<String, int[]> byRule) {
        public int raised() {
            return byRule.values().stream().mapToInt(v -> v[1]).sum();
        }

        public int found() {
            return byRule.values().stream().mapToInt(v -> v[0]).sum();
        }
    }

    private final AlertRules rules;
    private final Alerts alerts;
    private final DailyChecks daily;
    private final FormalityChecks formality;

    AlertEngine(AlertRules rules, Alerts alerts, DailyChecks daily, FormalityChecks formality) {
        this.rules = rules;
        this.alerts = alerts;
        this.daily = daily;
        this.formality = formality;
    }

    @Scheduled(cron = "${shuangkong.alerting.cron:0 */15 * * * *}")
    void scheduled() {
        Run run = runAll();
        if (run.raised() > 0) log.info("Alert rules raised {} new alerts", run.raised());
    }

    /**
     * Every enabled rule once. Each alert is raised in its own transaction, and a rule that fails is logged and skipped,
     * so that one broken rule cannot keep the others from running.
     */
    public Run runAll() {
        Map<String, int[]> result = new LinkedHashMap<>();
        for (Rule rule : rules.all()) {
            if (!rule.enabled() || rule.category().equals("SENSOR")) continue;
            try {
                result.put(rule.code(), apply(rule));
            } catch (RuntimeException e) {
                log.error("Alert rule {} failed", rule.code(), e);
            }
        }
        return new Run(result);
    }

    private int[] apply(Rule rule) {
        List<Finding> findings = rule.category().equals("FORMALITY") ? formality.check(rule) : daily.check(rule);
        int raised = 0;
        for (Finding f : findings) {
            if (alerts.raise(rule, f)) raised++;
        }
        return new int[] {findings.size(), raised};
    }

    /**
     * A sensor alarm becomes an alert after monitoring's transaction commits, in a transaction of its own, so that a
     * failure here can never undo the alarm itself.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void on(AlarmRaised alarm) {
        // No catch: a failure leaves the event's publication incomplete in Spring Modulith's registry, and
        // EventRetries hands it back later (issue 10, item 11). A second delivery finds the alert and adds none.
        Rule rule = rules.find("SENSOR_ALARM").orElseThrow();
        if (!rule.enabled()) return;
        alerts.raise(rule, new Finding(alarm.enterpriseId(), "alarm:" + alarm.alarmId(), "在线监测" + alarm.level() + "：" + alarm.title(),
                List.of("报警级别：" + alarm.level(), "报警内容：" + alarm.title(), "报警时间：" + Alerts.formatSeconds(alarm.raisedAt()),
                        alarm.riskPointId() == null ? "未关联风险点" : "关联风险点 #" + alarm.riskPointId()),
                alarm.link()));
    }
}
