package cn.shuangkong.quality;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Jurisdiction;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * 数据质量 findings over a period: a finding is kept (resolved, with the time) rather than deleted, so what was open
 * at any past moment can be told, and what was found in a period.
 */
@Component
public class QualityHistory {

    /** One rule: findings open at the period's end, the enterprises they concern, and those found in the period. */
    public record Row(String ruleCode, String ruleName, long openAtEnd, long enterprises, long found) { }

    private final JdbcClient jdbc;

    QualityHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every rule with anything to count, in the rules' order. */
    public List<Row> between(Jurisdiction scope, Instant from, Instant to) {
        var f = scope.enterpriseFilter("e");
        Map<String, Object> p = new LinkedHashMap<>(f.params());
        p.put("from", Timestamp.from(from));
        p.put("to", Timestamp.from(to));
        return jdbc.sql("""
                with open as (select q.* from quality_finding q join (%s) e on e.id = q.enterprise_id
                               where %s and q.found_at < :to)
                select r.code as rule_code, r.name as rule_name,
                       count(o.id) filter (where o.resolved_at is null or o.resolved_at >= :to) as open_at_end,
                       count(distinct o.enterprise_id) filter (where o.resolved_at is null or o.resolved_at >= :to) as enterprises,
                       count(o.id) filter (where o.found_at >= :from) as found
                  from quality_rule r join open o on o.rule_code = r.code
                 group by r.code, r.name, r.sort_order
                 order by r.sort_order
                """.formatted(OrganizationFacts.enterprises(), f.sql())).params(p).query(Row.class).list();
    }
}
