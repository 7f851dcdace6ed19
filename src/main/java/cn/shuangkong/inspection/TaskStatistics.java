package cn.shuangkong.inspection;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Jurisdiction;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Inspection tasks counted over a period, by the 驾驶舱's rule: a task counts in the period its window closed
 * ({@code due_at}), and only once that moment has passed; suspended tasks (停用检维修) count neither way.
 */
@Component
public class TaskStatistics {

    /** Tasks done and missed (逾期未完成) among those that came due in the period. */
    public record Counts(long done, long missed) {
        public Double completionRate() {
            return done + missed == 0 ? null : Math.round(done * 1000.0 / (done + missed)) / 10.0;
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    TaskStatistics(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Counts between(Jurisdiction scope, Instant from, Instant to) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select count(*) filter (where t.status = 'DONE') as done, count(*) filter (where t.status = 'OVERDUE') as missed
                  from inspection_task t join (%s) e on e.id = t.enterprise_id
                 where %s and t.due_at >= :from and t.due_at < :to and t.due_at <= :now
                """.formatted(OrganizationFacts.enterprises(), f.sql())).params(params(f, from, to)).query(Counts.class).single();
    }

    /** The enterprises in scope that had tasks come due in the period: those expected to report what they found. */
    public Set<Long> enterprisesWithTasksDue(Jurisdiction scope, Instant from, Instant to) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select distinct t.enterprise_id from inspection_task t join (%s) e on e.id = t.enterprise_id
                 where %s and t.due_at >= :from and t.due_at < :to and t.due_at <= :now and t.status <> 'SUSPENDED'
                """.formatted(OrganizationFacts.enterprises(), f.sql())).params(params(f, from, to)).query(Long.class).list().stream()
                .collect(Collectors.toSet());
    }

    private Map<String, Object> params(Jurisdiction.SqlFilter f, Instant from, Instant to) {
        Map<String, Object> p = new LinkedHashMap<>(f.params());
        p.put("from", Timestamp.from(from));
        p.put("to", Timestamp.from(to));
        p.put("now", Timestamp.from(clock.instant()));
        return p;
    }
}
