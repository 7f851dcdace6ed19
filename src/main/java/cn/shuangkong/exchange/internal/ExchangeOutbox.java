package cn.shuangkong.exchange.internal;

import cn.shuangkong.shared.BeforeCommitBatch;
import cn.shuangkong.shared.StateChanged;
import java.util.List;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The outbox of 数据上报: every change that the national model sees (the register, hazards, inspection records, the
 * enterprise's codes) leaves a marker in the transaction that makes it — just before it commits, so a change rolled
 * back leaves none and a committed one always has one. The marker says only which enterprise changed; what to send is
 * worked out from the data itself ({@link ExchangeSync}), so two quick edits are one upload of the latest state.
 *
 * <p>A transaction's markers are written together, in one statement, in the order of its changes (ADR 0063): one
 * insert per change was a tenth of a register copy's statements and of a patrol's. A change published outside a
 * transaction leaves no marker, as when this was a before-commit transactional listener.
 */
@Component
class ExchangeOutbox {

    static final Set<String> WATCHED = Set.of("enterprise", "risk_point", "risk_unit", "risk_event", "control_measure",
            "risk_assessment", "hazard", "inspection_record");

    private final JdbcClient jdbc;
    private final BeforeCommitBatch<StateChanged> markers = new BeforeCommitBatch<>(this::write);

    ExchangeOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(StateChanged change) {
        if (change.enterpriseId() == null || !WATCHED.contains(change.entityType())) return;
        if (!TransactionSynchronizationManager.isSynchronizationActive() || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return;
        }
        markers.add(change);
    }

    private void write(List<StateChanged> changes) {
        jdbc.sql("""
                insert into exchange_outbox (enterprise_id, entity_type, entity_id, action)
                select e, t, id, a from unnest(cast(:e as bigint[]), cast(:t as text[]), cast(:id as text[]), cast(:a as text[]))
                  with ordinality as m (e, t, id, a, seq)
                 order by seq
                """)
                .param("e", changes.stream().map(StateChanged::enterpriseId).toArray(Long[]::new))
                .param("t", changes.stream().map(StateChanged::entityType).toArray(String[]::new))
                .param("id", changes.stream().map(StateChanged::entityId).toArray(String[]::new))
                .param("a", changes.stream().map(StateChanged::action).toArray(String[]::new))
                .update();
    }
}
