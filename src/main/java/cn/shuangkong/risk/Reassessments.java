package cn.shuangkong.risk;

import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 待重新评价: "风险管控措施失效或弱化极易形成隐患" — a failed control measure or a hazard that keeps recurring means the
 * risk point's assessment no longer describes reality. Modules above {@code risk} (inspection, hazard) flag it here;
 * the next approved assessment of the point clears it ({@code internal.RiskAssessments}, with the point's new level).
 */
@Service("reassessments")
public class Reassessments {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Reassessments(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /** A reason to re-assess a risk point. */
    public record Flag(long riskPointId, String reason) { }

    /** Flags the point (keeping the first reason while it stays flagged) and audits why. */
    @Transactional
    void flag(long riskPointId, String reason) {
        flagAll(List.of(new Flag(riskPointId, reason)));
    }

    /**
     * Flags the points as {@link #flag} does each in turn — a point keeps its first reason while it stays flagged, and
     * every reason is audited — in one statement, so the read models' statement triggers on {@code risk_point} run once.
     */
    @Transactional
    public void flagAll(List<Flag> flags) {
        if (flags.isEmpty()) return;
        List<String> why = flags.stream().map(f -> f.reason().length() > 300 ? f.reason().substring(0, 299) + "…" : f.reason()).toList();
        Map<Long, Long> enterpriseOf = jdbc.sql("""
                update risk_point p set reassessment_reason = coalesce(p.reassessment_reason, x.reason),
                       reassessment_flagged_at = coalesce(p.reassessment_flagged_at, :t)
                  from (select distinct on (id) id, reason
                          from unnest(cast(:ids as bigint[]), cast(:reasons as varchar[])) with ordinality as x(id, reason, n)
                         order by id, n) x
                 where p.id = x.id returning p.id, p.enterprise_id
                """).param("ids", flags.stream().map(Flag::riskPointId).toArray(Long[]::new)).param("reasons", why.toArray(String[]::new))
                .param("t", java.sql.Timestamp.from(clock.instant()))
                .query(Rows.pairs(Long.class, Long.class));
        for (int i = 0; i < flags.size(); i++) {
            Long enterprise = enterpriseOf.get(flags.get(i).riskPointId());
            if (enterprise != null) {
                events.publishEvent(new StateChanged("风险点待重新评价", "risk_point", String.valueOf(flags.get(i).riskPointId()), why.get(i),
                        enterprise, null));
            }
        }
    }

    /** Why the point awaits re-assessment, if it does (for its pages). */
    public Optional<String> reasonOf(long riskPointId) {
        return jdbc.sql("select reassessment_reason from risk_point where id = :p and reassessment_reason is not null")
                .param("p", riskPointId).query(String.class).optional();
    }
}
