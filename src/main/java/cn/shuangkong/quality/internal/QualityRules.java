package cn.shuangkong.quality.internal;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The 数据质量 rules as data: what each finds, how to fix it and what it costs the score; admins tune them. */
@Service
public class QualityRules {

    /**
     * One rule.
     *
     * @param weight       points off the score per finding
     * @param maxDeduction cap of the rule's points off one enterprise's score
     * @param parameter    the rule's threshold where it has one (e.g. days), else null
     */
    public record Rule(String code, String name, String description, String fix, int weight, int maxDeduction,
                       Integer parameter, boolean enabled, int sortOrder) {
        /** Points off for this many findings of the rule. */
        public int deduction(long findings) {
            return (int) Math.min(maxDeduction, weight * findings);
        }
    }

    /** A change an admin makes; null leaves a value as it is. */
    public record Change(Integer weight, Integer maxDeduction, Integer parameter, Boolean enabled) { }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    QualityRules(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    public List<Rule> all() {
        return jdbc.sql("""
                select code, name, description, fix, weight, max_deduction, parameter, enabled, sort_order
                  from quality_rule order by sort_order, code
                """).query(Rule.class).list();
    }

    public Optional<Rule> find(String code) {
        return all().stream().filter(r -> r.code().equals(code)).findFirst();
    }

    @Transactional
    public Rule change(Actor admin, String code, Change c) {
        Rule before = find(code).orElseThrow(() -> DomainException.notFound("数据质量规则"));
        if (c.weight() != null && (c.weight() < 0 || c.weight() > 100)) throw DomainException.invalid("weight", "每项扣分应在 0–100 之间");
        if (c.maxDeduction() != null && (c.maxDeduction() < 0 || c.maxDeduction() > 100)) {
            throw DomainException.invalid("maxDeduction", "扣分上限应在 0–100 之间");
        }
        if (c.parameter() != null && (c.parameter() < 1 || c.parameter() > 3650)) {
            throw DomainException.invalid("parameter", "参数应在 1–3650 之间");
        }
        if (c.parameter() != null && before.parameter() == null) throw DomainException.invalid("parameter", "该规则没有参数");
        jdbc.sql("""
                update quality_rule set weight = coalesce(:w, weight), max_deduction = coalesce(:m, max_deduction),
                       parameter = coalesce(:p, parameter), enabled = coalesce(:en, enabled), updated_at = :t where code = :c
                """).param("w", c.weight()).param("m", c.maxDeduction()).param("p", c.parameter()).param("en", c.enabled())
                .param("t", Timestamp.from(clock.instant())).param("c", code).update();
        Rule after = find(code).orElseThrow();
        events.publishEvent(new StateChanged("修改数据质量规则", "quality_rule", code,
                before.name() + "：每项扣 " + before.weight() + "→" + after.weight() + " 分，上限 " + before.maxDeduction() + "→"
                        + after.maxDeduction() + "，参数 " + before.parameter() + "→" + after.parameter() + "，"
                        + (after.enabled() ? "启用" : "停用"), null, null));
        return after;
    }
}
