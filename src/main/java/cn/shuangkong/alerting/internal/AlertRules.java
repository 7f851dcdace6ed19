package cn.shuangkong.alerting.internal;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The alert rules as configured in table {@code alert_rule}: whether each is on, its threshold and its window. */
@Service
public class AlertRules {

    /** One rule's configuration; {@code threshold} and {@code windowValue} mean what their labels say. */
    public record Rule(String code, String name, String category, String severity, boolean enabled, BigDecimal threshold,
                       String thresholdLabel, Integer windowValue, String windowLabel, String description,
                       String updatedBy, Instant updatedAt) {
        public String severityLabel() {
            return Alerts.severityLabel(severity);
        }

        public String categoryLabel() {
            return switch (category) {
                case "FORMALITY" -> "走过场";
                case "SENSOR" -> "在线监测";
                case "REFERRAL" -> "部门抄告";
                default -> "常规";
            };
        }

        double thresholdOr(double fallback) {
            return threshold == null ? fallback : threshold.doubleValue();
        }

        int windowOr(int fallback) {
            return windowValue == null ? fallback : windowValue;
        }
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AlertRules(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    public List<Rule> all() {
        return jdbc.sql("select * from alert_rule order by category, code").query(Rule.class).list();
    }

    public Optional<Rule> find(String code) {
        return jdbc.sql("select * from alert_rule where code = :c").param("c", code).query(Rule.class).optional();
    }

    /** Changes a rule's switch, threshold or window (admins only); the change is audited with before and after. */
    @Transactional
    public Rule configure(Actor me, String code, boolean enabled, BigDecimal threshold, Integer windowValue) {
        if (!me.can("alerting:rule:manage")) {
            throw new DomainException(HttpStatus.FORBIDDEN, "您没有配置预警规则的权限", null);
        }
        Rule before = find(code).orElseThrow(() -> DomainException.notFound("预警规则"));
        if (before.thresholdLabel() != null && (threshold == null || threshold.signum() < 0)) {
            throw DomainException.invalid("threshold", "请填写不小于 0 的阈值（" + before.thresholdLabel() + "）");
        }
        if (before.thresholdLabel() != null) withinItsUnit(before.thresholdLabel(), threshold);
        if (before.windowLabel() != null && (windowValue == null || windowValue < 1 || windowValue > 3650)) {
            throw DomainException.invalid("windowValue", "统计期间须在 1 到 3650 " + before.windowLabel() + "之间");
        }
        jdbc.sql("""
                update alert_rule set enabled = :en, threshold = :th, window_value = :w, updated_by = :by, updated_at = :at
                 where code = :c
                """).param("en", enabled).param("th", before.thresholdLabel() == null ? null : threshold)
                .param("w", before.windowLabel() == null ? null : windowValue).param("by", me.username())
                .param("at", Timestamp.from(clock.instant())).param("c", code).update();
        Rule after = find(code).orElseThrow();
        events.publishEvent(new StateChanged("配置预警规则", "alert_rule", code,
                before.name() + "：" + describe(before) + " → " + describe(after), null, null));
        return after;
    }

    /**
     * A threshold as its unit (the label's last （…）) allows: an hour of the day 0–23 and whole (the rule reads the
     * hour as an integer, and 99 left 承诺公告未发布 启用 but never raised), a percentage up to 100, a count whole.
     */
    private static void withinItsUnit(String label, BigDecimal threshold) {
        int open = label.lastIndexOf('（');
        String unit = open < 0 || !label.endsWith("）") ? "" : label.substring(open + 1, label.length() - 1);
        boolean whole = threshold.stripTrailingZeros().scale() <= 0;
        if (unit.equals("时") && (!whole || threshold.compareTo(BigDecimal.valueOf(23)) > 0)) {
            throw DomainException.invalid("threshold", "每日截止时刻须为 0 到 23 之间的整点");
        }
        if (unit.equals("%") && threshold.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw DomainException.invalid("threshold", "百分比阈值须在 0 到 100 之间");
        }
        if ((unit.equals("项") || unit.equals("条")) && !whole) {
            throw DomainException.invalid("threshold", "阈值须为整数（" + label + "）");
        }
    }

    private static String describe(Rule r) {
        return (r.enabled() ? "启用" : "停用")
                + (r.thresholdLabel() == null ? "" : "，" + r.thresholdLabel() + " " + r.threshold().stripTrailingZeros().toPlainString())
                + (r.windowLabel() == null ? "" : "，期间 " + r.windowValue() + " " + r.windowLabel());
    }
}
