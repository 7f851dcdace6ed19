package cn.shuangkong.hazard;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hazard register counted over a period, for reports that compare periods (the quarterly 风险动态信息通报). The
 * rules are the 驾驶舱's: a hazard counts as registered in the month it was found if it counts as found at all
 * ({@link HazardFacts#countsAsFound}: not rejected, not a 随手拍 awaiting confirmation), as closed in
 * the month of its 销号; and 逾期 as the deadline sweep marks it, but answerable for any past moment: at {@code to},
 * a hazard whose deadline day was before {@code to}'s day, not rectified by the end of that day and not closed by then.
 */
@Component
public class HazardStatistics {

    /** One source and level: registered and closed in the period, overdue at its end. */
    public record Row(HazardSource source, HazardLevel level, long registered, long closed, long overdue) { }

    private static final RowMapper<Row> ROWS = Rows.of(Row.class);

    private final JdbcClient jdbc;
    private final Clock clock;

    HazardStatistics(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Every source and level with anything to count in [from, to), in the enums' order. */
    public List<Row> between(Jurisdiction scope, Instant from, Instant to) {
        var f = scope.enterpriseFilter("e");
        Map<String, Object> p = new LinkedHashMap<>(f.params());
        p.put("from", Timestamp.from(from));
        p.put("to", Timestamp.from(to));
        p.put("to_day", LocalDate.ofInstant(to, clock.getZone()));
        p.put("zone", clock.getZone().getId());
        var rows = jdbc.sql("""
                select h.source, h.level,
                       count(*) filter (where h.found_at >= :from and h.found_at < :to and %3$s) as registered,
                       count(*) filter (where h.state = 'CLOSED' and h.closed_at >= :from and h.closed_at < :to) as closed,
                       count(*) filter (where h.found_at < :to and %3$s
                                          and h.deadline < cast(:to_day as date)
                                          and (h.rectified_at is null or h.rectified_at >= cast(h.deadline + 1 as timestamp) at time zone :zone)
                                          and (h.closed_at is null or h.closed_at >= :to)) as overdue
                  from hazard h join (%s) e on e.id = h.enterprise_id
                 where %s and (h.found_at < :to)
                 group by h.source, h.level
                """.formatted(OrganizationFacts.enterprises(), f.sql(), HazardFacts.countsAsFound("h"))).params(p)
                .query(ROWS).list();
        return rows.stream().filter(r -> r.registered() + r.closed() + r.overdue() > 0)
                .sorted(java.util.Comparator.comparing(Row::source).thenComparing(Row::level)).toList();
    }

    /** The enterprises in scope with any hazard found in [from, to), rejected ones included (a report was made). */
    public Set<Long> reportingEnterprises(Jurisdiction scope, Instant from, Instant to) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select distinct h.enterprise_id from hazard h join (%s) e on e.id = h.enterprise_id
                 where %s and h.found_at >= :from and h.found_at < :to
                """.formatted(OrganizationFacts.enterprises(), f.sql())).params(f.params()).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(Long.class).list().stream().collect(Collectors.toSet());
    }
}
