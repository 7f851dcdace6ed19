package cn.shuangkong.exchange;

import cn.shuangkong.shared.StateChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The outbox of 数据上报: every change that the national model sees (the register, hazards, inspection records, the
 * enterprise's codes) leaves a marker in the transaction that makes it — just before it commits, so a change rolled
 * back leaves none and a committed one always has one. The marker says only which enterprise changed; what to send is
 * worked out from the data itself ({@link ExchangeSync}), so two quick edits are one upload of the latest state.
 *
 * <p>A transaction's markers are written together, in one statement, in the order of its changes (ADR 0063): one
 * insert per change was a tenth of a register copy's statements and of a patrol's. A change published outside a
 * transaction leaves no marker, as before.
 */
@Component
class ExchangeOutbox {

    static final Set<String> WATCHED = Set.of("enterprise", "risk_point", "risk_unit", "risk_event", "control_measure",
            "risk_assessment", "hazard", "inspection_record");

    private final JdbcClient jdbc;

    ExchangeOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(StateChanged change) {
        if (change.enterpriseId() == null || !WATCHED.contains(change.entityType())) return;
        if (!TransactionSynchronizationManager.isSynchronizationActive() || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return;
        }
        Markers markers = pending();
        if (markers.written) {
            write(List.of(change)); // published by another step just before the commit, after ours: written at once
        } else {
            markers.changes.add(change);
        }
    }

    /** The watched changes of one transaction, until its pre-commit write. */
    private static final class Markers {
        final List<StateChanged> changes = new ArrayList<>();
        boolean written;
    }

    private Markers pending() {
        var pending = (Markers) TransactionSynchronizationManager.getResource(this);
        if (pending != null) return pending;
        Markers fresh = new Markers();
        TransactionSynchronizationManager.bindResource(this, fresh);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public int getOrder() {
                return Ordered.LOWEST_PRECEDENCE;
            }

            @Override
            public void beforeCommit(boolean readOnly) {
                fresh.written = true;
                write(fresh.changes);
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(ExchangeOutbox.this);
            }
        });
        return fresh;
    }

    private void write(List<StateChanged> changes) {
        if (changes.isEmpty()) return;
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
