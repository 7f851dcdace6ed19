package cn.shuangkong.risk;

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
 * The level each risk point had at a past moment, for reports that compare periods (重大风险 added, re-graded or
 * removed in a quarter). A level is what the approved assessment versions in force then say (ADR 0006); a point
 * nothing has touched since that moment simply has its level of today, and an event never assessed on the platform
 * (an imported register) keeps the level it was given.
 */
@Component
public class RiskLevelHistory {

    /** A risk point and its level at the moment asked for. */
    public record PointLevel(long pointId, String code, String name, long enterpriseId, int level) {
        public RiskLevel riskLevel() {
            return RiskLevel.of(level);
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    RiskLevelHistory(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Every graded point in scope at {@code at}, by id. From now on that is simply the register as it stands: the rows'
     * {@code created_at} are the database's stamps, not the platform clock's, so they are asked only about the past.
     */
    public Map<Long, PointLevel> at(Jurisdiction scope, Instant at) {
        var f = scope.enterpriseFilter("e");
        Map<String, Object> p = new LinkedHashMap<>(f.params());
        p.put("t", Timestamp.from(at));
        p.put("current", !at.isBefore(clock.instant()));
        Map<Long, PointLevel> out = new LinkedHashMap<>();
        jdbc.sql("""
                with pts as (select p.id, p.code, p.name, p.enterprise_id, p.level
                               from risk_point p join (%s) e on e.id = p.enterprise_id
                              where %s and (:current or p.created_at < :t)),
                changed as (select v.risk_point_id as id from risk_event v join pts on pts.id = v.risk_point_id
                              join risk_assessment a on a.risk_event_id = v.id
                             where not :current and a.status = 'APPROVED' and a.approved_at >= :t
                            union
                            select v.risk_point_id from risk_event v join pts on pts.id = v.risk_point_id
                             where not :current and v.created_at >= :t),
                past as (select v.risk_point_id as id, min(coalesce(
                                (select a.grade from risk_assessment a where a.risk_event_id = v.id and a.status = 'APPROVED'
                                    and a.basis = 'RESIDUAL' and a.approved_at < :t order by a.version desc limit 1),
                                (select a.grade from risk_assessment a where a.risk_event_id = v.id and a.status = 'APPROVED'
                                    and a.basis = 'INHERENT' and a.approved_at < :t order by a.version desc limit 1),
                                case when not exists (select 1 from risk_assessment a where a.risk_event_id = v.id and a.status = 'APPROVED')
                                     then coalesce(v.residual_level, v.inherent_level) end)) as level
                           from risk_event v join changed c on c.id = v.risk_point_id
                          where v.created_at < :t group by v.risk_point_id)
                select pts.id, pts.code, pts.name, pts.enterprise_id,
                       case when pts.id in (select id from changed) then past.level else pts.level end as level
                  from pts left join past on past.id = pts.id
                 order by pts.id
                """.formatted(OrganizationFacts.enterprises(), f.sql())).params(p).query((rs, n) -> {
                    // by hand for its rule: a point that had no level then is left out
                    int level = rs.getInt("level");
                    if (!rs.wasNull()) {
                        out.put(rs.getLong("id"), new PointLevel(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
                                rs.getLong("enterprise_id"), level));
                    }
                    return null;
                }).list();
        return out;
    }

    /** The points in scope with an assessment version approved in [from, to): re-assessed (重新评价) in the period. */
    public Set<Long> reassessed(Jurisdiction scope, Instant from, Instant to) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select distinct v.risk_point_id from risk_assessment a join risk_event v on v.id = a.risk_event_id
                  join risk_point p on p.id = v.risk_point_id join (%s) e on e.id = p.enterprise_id
                 where %s and a.status = 'APPROVED' and a.approved_at >= :from and a.approved_at < :to
                """.formatted(OrganizationFacts.enterprises(), f.sql())).params(f.params()).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(Long.class).list().stream().collect(Collectors.toSet());
    }
}
