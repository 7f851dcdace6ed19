package cn.shuangkong.monitoring.internal;

import cn.shuangkong.monitoring.Alarms.Alarm;
import cn.shuangkong.shared.Jurisdiction;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Alarms read one at a time for the monitoring pages and the handling steps: an alarm in the caller's scope (the one
 * scoped lookup, ADR 0076), then by the ids it holds, its point's excursions over a span and its risk point's 失控.
 */
@Repository
public class AlarmRecords {

    private final JdbcClient jdbc;

    AlarmRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An alarm of an enterprise in the scope; empty otherwise. */
    public Optional<Alarm> find(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(AlarmRows.SELECT + " where a.id = :id and " + f.sql()).param("id", id).params(f.params()).query(AlarmRows.MAPPER).optional();
    }

    /** Every alarm of a point that overlaps the span, oldest first: the separate excursions a chart shades. */
    public List<Alarm> ofPointBetween(long pointId, Instant from, Instant to) {
        return jdbc.sql(AlarmRows.SELECT + """
                 where a.point_id = :p and a.level <> 'OFFLINE' and a.raised_at < :to and coalesce(a.returned_at, :to) > :from
                 order by a.raised_at, a.id""").param("p", pointId).param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to)).query(AlarmRows.MAPPER).list();
    }

    /** Whether the risk point is 失控 (an alarm of its monitoring points is open). */
    public boolean outOfControl(long riskPointId) {
        return jdbc.sql("select count(*) from risk_point_dynamic_state where risk_point_id = :r").param("r", riskPointId)
                .query(Long.class).single() > 0;
    }
}
