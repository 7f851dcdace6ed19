package cn.shuangkong.webhooks.internal;

import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox: an event a subscriber asked for is written into {@code webhook_delivery} in the very transaction of the
 * change (a plain listener runs inside it, as the audit trail's does), so a change and its deliveries commit or roll
 * back together, and nothing here waits for a receiver: {@link WebhookSender} posts later.
 */
@Component
class WebhookOutbox {

    private record Target(long id, Jurisdiction scope) { }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final JsonMapper json;

    WebhookOutbox(JdbcClient jdbc, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
    }

    @EventListener
    void on(StateChanged change) {
        if (change.entityType().equals("webhook_subscription")) forgetTargets(); // this transaction changed who subscribes
        WebhookEvent.of(change).ifPresent(event -> write(event, change));
    }

    private void write(WebhookEvent event, StateChanged change) {
        List<Target> targets = targets(event);
        if (targets.isEmpty()) return;
        Instant now = clock.instant();
        UUID eventId = UUID.randomUUID();
        String body = json.writeValueAsString(payload(eventId, event, change, now));
        for (Target t : targets) {
            if (!covers(t.scope(), change)) continue;
            jdbc.sql("""
                    insert into webhook_delivery (subscription_id, event_id, event_type, payload, enterprise_id, next_attempt_at, created_at)
                    values (:s, :e, :type, :body, :ent, :now, :now)""")
                    .param("s", t.id()).param("e", eventId).param("type", event.code).param("body", body)
                    .param("ent", change.enterpriseId()).param("now", Timestamp.from(now)).update();
        }
    }

    /**
     * The active subscriptions to an event, read once per transaction and event: a transaction that makes many changes
     * of one kind (the alerts of a burst of sensor alarms, ADR 0051) asks the database once, not once per change.
     */
    @SuppressWarnings("unchecked")
    private List<Target> targets(WebhookEvent event) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) return read(event);
        var known = (Map<WebhookEvent, List<Target>>) TransactionSynchronizationManager.getResource(this);
        if (known == null) {
            known = new EnumMap<>(WebhookEvent.class);
            TransactionSynchronizationManager.bindResource(this, known);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(WebhookOutbox.this);
                }
            });
        }
        return known.computeIfAbsent(event, this::read);
    }

    private void forgetTargets() {
        if (TransactionSynchronizationManager.getResource(this) instanceof Map<?, ?> known) known.clear();
    }

    private List<Target> read(WebhookEvent event) {
        return jdbc.sql("select * from webhook_subscription where state = 'ACTIVE' and :type = any(event_types)")
                .param("type", event.code)
                .query((rs, n) -> new Target(rs.getLong("id"), Subscriptions.scopeOf(rs))).list();
    }

    /** Whether the subscriber's scope holds what changed: its enterprise, else its region; a change of neither, the platform only. */
    private boolean covers(Jurisdiction scope, StateChanged change) {
        if (change.enterpriseId() != null) {
            var filter = scope.enterpriseFilter("e");
            return jdbc.sql("select exists (select 1 from enterprise e where e.id = :id and " + filter.sql() + ")")
                    .params(filter.params()).param("id", change.enterpriseId()).query(Boolean.class).single();
        }
        if (change.regionCode() != null && scope.kind() == Jurisdiction.Kind.REGULATOR) {
            return change.regionCode().startsWith(scope.regionPrefix());
        }
        return scope.isPlatform();
    }

    private static Map<String, Object> payload(UUID eventId, WebhookEvent event, StateChanged change, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", eventId.toString());
        body.put("type", event.code);
        body.put("occurredAt", now.toString());
        body.put("entityType", change.entityType());
        body.put("entityId", change.entityId());
        body.put("action", change.action());
        body.put("summary", change.summary());
        body.put("enterpriseId", change.enterpriseId());
        body.put("regionCode", change.regionCode());
        return body;
    }
}
