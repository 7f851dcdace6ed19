package cn.shuangkong.exchange.internal;

import cn.shuangkong.exchange.ExchangeFacts;
import cn.shuangkong.hazard.HazardState;
import cn.shuangkong.hazard.ReportedHazards;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Jurisdiction;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The 重大隐患 received from lower platforms, for the hazard module's 重大隐患督办 list (ADR 0044). */
@Service
class ReceivedHazards implements ReportedHazards {

    /** The national model's 隐患状态 in the register's words: 0 is being rectified, 1 awaits acceptance, 9 is closed. */
    private static final Map<String, HazardState> STATES = Map.of("0", HazardState.RECTIFYING, "1", HazardState.RECTIFIED,
            "9", HazardState.CLOSED);

    private final JdbcClient jdbc;
    private final Clock clock;

    ReceivedHazards(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record Row(String recordId, long enterpriseId, String enterpriseName, String title, Instant foundAt,
                       String registrant, String liablePerson, LocalDate deadline, boolean overdue, String state,
                       String source) { }

    @Override
    @Transactional(readOnly = true)
    public long countMajor(Jurisdiction scope, HazardState state, Boolean overdue) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("with e as (%s) select count(*) from (%s) x %s".formatted(OrganizationFacts.enterprises(f),
                        ExchangeFacts.majorHazards("e"), where(state, overdue)))
                .params(f.params()).params(params(state, overdue)).query(Long.class).single();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Major> major(Jurisdiction scope, HazardState state, Boolean overdue, int offset, int limit) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                with e as (%s)
                select x.record_id, x.enterprise_id, e.name as enterprise_name, x.title, x.found_at, x.registrant,
                       x.liable_person, x.deadline, x.overdue, x.state, x.source
                  from (%s) x join e on e.id = x.enterprise_id %s
                 order by x.overdue desc, x.found_at desc nulls last, x.record_id
                 limit :limit offset :offset
                """.formatted(OrganizationFacts.enterprises(f), ExchangeFacts.majorHazards("e"), where(state, overdue)))
                .params(f.params()).params(params(state, overdue)).param("limit", limit).param("offset", offset)
                .query(Row.class).list().stream()
                .map(r -> new Major(r.recordId(), r.enterpriseId(), r.enterpriseName(), r.title(), r.foundAt(), r.registrant(),
                        r.liablePerson(), r.deadline(), r.overdue(), STATES.get(r.state()), r.source()))
                .toList();
    }

    /** A state the national model has no word for (待确认, 已驳回 …) matches nothing received. */
    private static String where(HazardState state, Boolean overdue) {
        String sql = " where true";
        if (state != null) sql += " and x.state = :x_state";
        if (overdue != null) sql += " and x.overdue = :x_overdue";
        return sql;
    }

    private Map<String, Object> params(HazardState state, Boolean overdue) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("now", Timestamp.from(clock.instant()));
        if (state != null) {
            p.put("x_state", STATES.entrySet().stream().filter(s -> s.getValue() == state).map(Map.Entry::getKey)
                    .findFirst().orElse("-"));
        }
        if (overdue != null) p.put("x_overdue", overdue);
        return p;
    }
}
