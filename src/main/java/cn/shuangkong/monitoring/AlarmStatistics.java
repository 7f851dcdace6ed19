package cn.shuangkong.monitoring;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Sensor alarms counted over a period: raised in it, and still not cleared at its end (answerable for any past moment). */
@Component
public class AlarmStatistics {

    /** One alarm level: raised in the period, and open (raised, not cleared) at its end. */
    public record Row(AlarmLevel level, long raised, long openAtEnd) { }

    private static final RowMapper<Row> ROWS = Rows.of(Row.class);

    private final JdbcClient jdbc;

    AlarmStatistics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every level with anything to count, in the enum's order. */
    public List<Row> between(Jurisdiction scope, Instant from, Instant to) {
        var f = scope.enterpriseFilter("e");
        Map<String, Object> p = new LinkedHashMap<>(f.params());
        p.put("from", Timestamp.from(from));
        p.put("to", Timestamp.from(to));
        return jdbc.sql("""
                select a.level, count(*) filter (where a.raised_at >= :from) as raised,
                       count(*) filter (where a.cleared_at is null or a.cleared_at >= :to) as open_at_end
                  from alarm a join (%s) e on e.id = a.enterprise_id
                 where %s and a.raised_at < :to
                 group by a.level
                """.formatted(OrganizationFacts.enterprises(), f.sql())).params(p)
                .query(ROWS).list().stream().filter(r -> r.raised() + r.openAtEnd() > 0)
                .sorted(java.util.Comparator.comparing(Row::level)).toList();
    }
}
