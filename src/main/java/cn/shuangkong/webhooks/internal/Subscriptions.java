package cn.shuangkong.webhooks.internal;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.StateChanged;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 推送订阅 as their owner manages them. A subscription belongs to the account that made it and is told only about
 * its owner's scope at that moment (the {@link Jurisdiction} is kept with it); every id from outside is looked up
 * among the caller's own subscriptions, so another's answers 404.
 */
@Service
public class Subscriptions {

    public enum State {
        ACTIVE("正常"), SUSPENDED("已暂停"), DELETED("已删除");
        public final String label;
        State(String label) { this.label = label; }
        public String label() { return label; }
    }

    /** A subscription as its owner sees it (never the secret). */
    public record Subscription(long id, String name, String url, List<WebhookEvent> events, String scope, State state,
                               int consecutiveFailures, Instant suspendedAt, Instant createdAt) { }

    /** A new subscription: the secret is shown this once. */
    public record Created(long id, String secret) { }

    /** One event sent (or to be sent) to one subscriber. */
    public record Delivery(long id, long subscriptionId, String eventId, String eventType, String state, int attempts,
                           Instant nextAttemptAt, Integer lastStatus, String lastError, Instant deliveredAt, Instant createdAt,
                           String payload) {
        public String stateLabel() {
            return switch (state) {
                case "DELIVERED" -> "已送达";
                case "FAILED" -> "已放弃";
                default -> attempts == 0 ? "待发送" : "重试中";
            };
        }
    }

    /** One try: when, what the receiver answered (null if it did not answer), how long it took. */
    public record Attempt(long id, long deliveryId, Instant attemptedAt, Integer status, int latencyMs, String error) { }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final UrlGuard guard;
    private final ApplicationEventPublisher events;

    Subscriptions(JdbcClient jdbc, Clock clock, UrlGuard guard, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.guard = guard;
        this.events = events;
    }

    @Transactional
    public Created create(Actor me, String name, String url, List<String> eventCodes) {
        if (name == null || name.isBlank() || name.strip().length() > 60) {
            throw DomainException.invalid("name", "订阅名称不能为空，且不超过60字");
        }
        String target = guard.check(url).toString();
        Set<String> codes = new LinkedHashSet<>();
        for (String code : eventCodes == null ? List.<String>of() : eventCodes) {
            if (code == null || WebhookEvent.byCode(code).isEmpty()) {
                throw DomainException.invalid("events", "未知的事件类型：" + code + "（可选：" + allCodes() + "）");
            }
            codes.add(code);
        }
        if (codes.isEmpty()) throw DomainException.invalid("events", "请至少选择一种事件类型");
        Jurisdiction scope = me.jurisdiction();
        if (scope.kind() == Jurisdiction.Kind.NONE) throw DomainException.invalid("scope", "您的账号没有数据范围，无法订阅事件");
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Timestamp now = Timestamp.from(clock.instant());
        long id = jdbc.sql("""
                insert into webhook_subscription (owner_username, name, url, secret, event_types, scope_kind, scope_enterprise_id,
                       scope_region_prefix, scope_industries, scope_service_org_id, scope_label, created_at, updated_at)
                values (:owner, :name, :url, :secret, :types, :kind, :ent, :region, :industries, :org, :label, :now, :now)
                returning id""")
                .param("owner", me.username()).param("name", name.strip()).param("url", target).param("secret", secret)
                .param("types", codes.toArray(String[]::new)).param("kind", scope.kind().name())
                .param("ent", scope.enterpriseId()).param("region", scope.regionPrefix())
                .param("industries", scope.industries().toArray(String[]::new)).param("org", scope.serviceOrgId())
                .param("label", scope.label()).param("now", now)
                .query(Long.class).single();
        events.publishEvent(new StateChanged("新建推送订阅", "webhook_subscription", String.valueOf(id),
                name.strip() + " → " + target + "（" + String.join("、", codes) + "）", me.enterpriseId(), null));
        return new Created(id, secret);
    }

    public List<Subscription> of(Actor me) {
        return of(me, false);
    }

    /** With {@code withDeleted}, deleted ones too (state DELETED): a mirror must learn that they went. */
    public List<Subscription> of(Actor me, boolean withDeleted) {
        return jdbc.sql("select * from webhook_subscription where owner_username = :u"
                        + (withDeleted ? "" : " and state <> 'DELETED'") + " order by id desc")
                .param("u", me.username()).query(Subscriptions::subscription).list();
    }

    public Subscription get(Actor me, long id) {
        return jdbc.sql("select * from webhook_subscription where id = :id and owner_username = :u and state <> 'DELETED'")
                .param("id", id).param("u", me.username()).query(Subscriptions::subscription).optional()
                .orElseThrow(() -> DomainException.notFound("推送订阅"));
    }

    @Transactional
    public void delete(Actor me, long id) {
        Subscription s = get(me, id);
        jdbc.sql("update webhook_subscription set state = 'DELETED', updated_at = :now where id = :id")
                .param("now", Timestamp.from(clock.instant())).param("id", id).update();
        // what was still waiting goes nowhere: the receiver asked for no more
        jdbc.sql("update webhook_delivery set state = 'FAILED', last_error = '订阅已删除' where subscription_id = :id and state = 'PENDING'")
                .param("id", id).update();
        events.publishEvent(new StateChanged("删除推送订阅", "webhook_subscription", String.valueOf(id), s.name() + " → " + s.url(),
                me.enterpriseId(), null));
    }

    /** A suspended subscription back to work: failures counted afresh, what was waiting is sent at once. */
    @Transactional
    public void resume(Actor me, long id) {
        Subscription s = get(me, id);
        if (s.state() != State.SUSPENDED) throw DomainException.conflict("该订阅未暂停，无需恢复");
        guard.check(s.url());
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("update webhook_subscription set state = 'ACTIVE', consecutive_failures = 0, suspended_at = null, updated_at = :now where id = :id")
                .param("now", now).param("id", id).update();
        jdbc.sql("update webhook_delivery set next_attempt_at = :now where subscription_id = :id and state = 'PENDING'")
                .param("now", now).param("id", id).update();
        events.publishEvent(new StateChanged("恢复推送订阅", "webhook_subscription", String.valueOf(id), s.name(), me.enterpriseId(), null));
    }

    /** The subscription's latest deliveries, newest first. */
    public List<Delivery> deliveries(Actor me, long subscriptionId, int limit) {
        get(me, subscriptionId);
        return jdbc.sql("select * from webhook_delivery where subscription_id = :s order by id desc limit :n")
                .param("s", subscriptionId).param("n", Math.max(1, Math.min(limit, 200))).query(DELIVERIES).list();
    }

    public Delivery delivery(Actor me, long deliveryId) {
        return jdbc.sql("""
                select d.* from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
                 where d.id = :id and s.owner_username = :u and s.state <> 'DELETED'""")
                .param("id", deliveryId).param("u", me.username()).query(DELIVERIES).optional()
                .orElseThrow(() -> DomainException.notFound("推送记录"));
    }

    public List<Attempt> attempts(Actor me, long deliveryId) {
        delivery(me, deliveryId);
        return jdbc.sql("select * from webhook_attempt where delivery_id = :d order by id")
                .param("d", deliveryId).query(Attempt.class).list();
    }

    /** The same event (same id, same body) once more, with a fresh round of retries; a delivered one too, on request. */
    @Transactional
    public void resend(Actor me, long deliveryId) {
        Delivery d = delivery(me, deliveryId);
        Subscription s = get(me, d.subscriptionId());
        if (s.state() != State.ACTIVE) throw DomainException.conflict("订阅已暂停：请先恢复订阅再重发");
        jdbc.sql("update webhook_delivery set state = 'PENDING', attempts = 0, next_attempt_at = :now where id = :id")
                .param("now", Timestamp.from(clock.instant())).param("id", deliveryId).update();
        events.publishEvent(new StateChanged("重发推送", "webhook_delivery", String.valueOf(deliveryId),
                s.name() + "：" + d.eventType() + " " + d.eventId(), me.enterpriseId(), null));
    }

    static String allCodes() {
        return String.join("、", Arrays.stream(WebhookEvent.values()).map(WebhookEvent::code).toList());
    }

    /** By hand: the scope's columns (prefixed {@code scope_}) make a {@link Jurisdiction}, no industries read as none. */
    static Jurisdiction scopeOf(ResultSet rs) throws SQLException {
        java.sql.Array industries = rs.getArray("scope_industries");
        return new Jurisdiction(Jurisdiction.Kind.valueOf(rs.getString("scope_kind")), rs.getObject("scope_enterprise_id", Long.class),
                rs.getString("scope_region_prefix"), industries == null ? List.of() : List.of((String[]) industries.getArray()),
                rs.getObject("scope_service_org_id", Long.class), rs.getString("scope_label"));
    }

    /** By hand: the event types are a text array of codes, of which those this version no longer knows are left out. */
    private static Subscription subscription(ResultSet rs, int n) throws SQLException {
        List<WebhookEvent> types = Arrays.stream((String[]) rs.getArray("event_types").getArray())
                .flatMap(c -> WebhookEvent.byCode(c).stream()).toList();
        Timestamp suspended = rs.getTimestamp("suspended_at");
        return new Subscription(rs.getLong("id"), rs.getString("name"), rs.getString("url"), types, rs.getString("scope_label"),
                State.valueOf(rs.getString("state")), rs.getInt("consecutive_failures"),
                suspended == null ? null : suspended.toInstant(), rs.getTimestamp("created_at").toInstant());
    }

    private static final RowMapper<Delivery> DELIVERIES = Rows.of(Delivery.class);
}
