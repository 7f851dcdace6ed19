package cn.shuangkong.risk;

import cn.shuangkong.shared.StateChanged;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 待重新评价: "风险管控措施失效或弱化极易形成隐患" — a failed control measure or a hazard that keeps recurring means the
 * risk point's assessment no longer describes reality. Modules above {@code risk} (inspection, hazard) flag it here;
 * the next approved assessment of the point clears it.
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

    /** Flags the point (keeping the first reason while it stays flagged) and audits why. */
    @Transactional
    public void flag(long riskPointId, String reason) {
        String why = reason.length() > 300 ? reason.substring(0, 299) + "…" : reason;
        Long enterprise = jdbc.sql("""
                update risk_point set reassessment_reason = coalesce(reassessment_reason, :r),
                       reassessment_flagged_at = coalesce(reassessment_flagged_at, :t)
                 where id = :p returning enterprise_id
                """).param("r", why).param("t", java.sql.Timestamp.from(clock.instant())).param("p", riskPointId)
                .query(Long.class).optional().orElse(null);
        if (enterprise != null) {
            events.publishEvent(new StateChanged("风险点待重新评价", "risk_point", String.valueOf(riskPointId), why, enterprise, null));
        }
    }

    /** Called when a new assessment of the point takes effect. */
    void clear(long riskPointId) {
        jdbc.sql("update risk_point set reassessment_reason = null, reassessment_flagged_at = null where id = :p")
                .param("p", riskPointId).update();
    }

    /** Why the point awaits re-assessment, if it does (for its pages). */
    public Optional<String> reasonOf(long riskPointId) {
        return jdbc.sql("select reassessment_reason from risk_point where id = :p and reassessment_reason is not null")
                .param("p", riskPointId).query(String.class).optional();
    }
}
