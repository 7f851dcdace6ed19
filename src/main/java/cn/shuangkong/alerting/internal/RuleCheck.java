package cn.shuangkong.alerting.internal;

import cn.shuangkong.alerting.internal.AlertRules.Rule;
import java.util.List;
import java.util.Map;

/**
 * One family of alert rules, as the {@link AlertEngine} runs them: which rules it answers for, what a run of one finds,
 * and which of the rule's open alerts that run no longer supports. Each family says for itself which rules are its own,
 * so that a new rule is added where its check lives and the engine never learns its code.
 */
interface RuleCheck {

    /** Whether this family checks the rule; exactly one family answers for each rule the engine runs. */
    boolean handles(Rule rule);

    /** What the rule finds now, one finding per subject. */
    List<Finding> check(Rule rule);

    /** Of the rule's open alerts, those that {@code findings} (this run's) no longer hold, each with what cleared it. */
    Map<Long, String> clearedOf(Rule rule, List<Finding> findings, List<Alerts.OpenAlert> open);
}
