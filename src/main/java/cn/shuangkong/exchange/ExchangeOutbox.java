package cn.shuangkong.exchange;

import cn.shuangkong.shared.StateChanged;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The outbox of 数据上报: every change that the national model sees (the register, hazards, inspection records, the
 * enterprise's codes) leaves a marker in the transaction that makes it — just before it commits, so a change rolled
 * back leaves none and a committed one always has one. The marker says only which enterprise changed; what to send is
 * worked out from the data itself ({@link ExchangeSync}), so two quick edits are one upload of the latest state.
 */
@Component
class ExchangeOutbox {

    static final Set<String> WATCHED = Set.of("enterprise", "risk_point", "risk_unit", "risk_event", "control_measure",
            "risk_assessment", "hazard", "inspection_record");

    private final JdbcClient jdbc;

    ExchangeOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(StateChanged change) {
        if (change.enterpriseId() == null || !WATCHED.contains(change.entityType())) return;
        jdbc.sql("insert into exchange_outbox (enterprise_id, entity_type, entity_id, action) values (:e, :t, :id, :a)")
                .param("e", change.enterpriseId()).param("t", change.entityType()).param("id", change.entityId())
                .param("a", change.action()).update();
    }
}
