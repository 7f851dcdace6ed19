package cn.shuangkong.webhooks.internal;

import cn.shuangkong.hazard.Notices;
import cn.shuangkong.shared.StateChanged;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posts what the outbox holds. Due deliveries are claimed in a short transaction (their next attempt pushed out by a
 * lease, {@code skip locked}), sent with no transaction open, and each result recorded in its own: no database lock
 * waits for a slow receiver. A failure is retried after {@code retry-base} × 2^(attempt − 1) (capped at
 * {@code retry-max}), given up after {@code max-attempts}; a subscription whose sends failed {@code suspend-after} times
 * in a row is suspended and its owner told in the inbox. Runs on one instance at a time (ShedLock).
 */
@Component
public class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private record Due(long id, long subscriptionId, String eventId, String eventType, String payload, int attempts,
                       String url, String secret, String ownerUsername, String name) { }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final UrlGuard guard;
    private final Notices notices;
    private final ApplicationEventPublisher events;
    private final GuardedHttp http;
    private final Duration timeout;
    private final Duration retryBase;
    private final Duration retryMax;
    private final int maxAttempts;
    private final int suspendAfter;

    WebhookSender(JdbcClient jdbc, Clock clock, TransactionTemplate tx, UrlGuard guard, GuardedHttp http, Notices notices,
                  ApplicationEventPublisher events,
                  @Value("${shuangkong.webhooks.timeout:10s}") Duration timeout,
                  @Value("${shuangkong.webhooks.retry-base:30s}") Duration retryBase,
                  @Value("${shuangkong.webhooks.retry-max:6h}") Duration retryMax,
                  @Value("${shuangkong.webhooks.max-attempts:12}") int maxAttempts,
                  @Value("${shuangkong.webhooks.suspend-after:10}") int suspendAfter) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
        this.guard = guard;
        this.http = http;
        this.notices = notices;
        this.events = events;
        this.timeout = timeout;
        this.retryBase = retryBase;
        this.retryMax = retryMax;
        this.maxAttempts = maxAttempts;
        this.suspendAfter = suspendAfter;
    }

    @Scheduled(initialDelayString = "${shuangkong.webhooks.send-every:5s}", fixedDelayString = "${shuangkong.webhooks.send-every:5s}")
    @SchedulerLock(name = "webhook-sender", lockAtMostFor = "PT10M")
    void scheduled() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            log.warn("Webhook round failed, the next one tries again: {}", e.toString());
        }
    }

    /** Sends every delivery due now; returns how many were tried. Public so that a test need not wait for the schedule. */
    public int sendDue() {
        int tried = 0;
        for (List<Due> batch = claim(); !batch.isEmpty(); batch = claim()) {
            for (Due d : batch) send(d);
            tried += batch.size();
        }
        return tried;
    }

    private List<Due> claim() {
        Instant now = clock.instant();
        return tx.execute(s -> jdbc.sql("""
                update webhook_delivery d set next_attempt_at = :lease
                  from webhook_subscription s
                 where s.id = d.subscription_id and d.id in (
                       select d2.id from webhook_delivery d2 join webhook_subscription s2 on s2.id = d2.subscription_id
                        where d2.state = 'PENDING' and d2.next_attempt_at <= :now and s2.state = 'ACTIVE'
                        order by d2.next_attempt_at, d2.id limit 20 for update of d2 skip locked)
                returning d.id, d.subscription_id, d.event_id, d.event_type, d.payload, d.attempts, s.url, s.secret, s.owner_username, s.name""")
                .param("now", Timestamp.from(now))
                // a sender that dies mid-send leaves the delivery due again once the lease has passed
                .param("lease", Timestamp.from(now.plus(timeout.multipliedBy(3))))
                .query(Due.class).list());
    }

    private void send(Due d) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            // the address is checked where the connection is made (GuardedHttp): looked up here, it could differ there
            URI uri = guard.parse(d.url());
            long epoch = started.getEpochSecond();
            status = http.post(uri, Map.of(
                    "Content-Type", "application/json; charset=utf-8",
                    "User-Agent", "Shuangkong-Webhooks/1",
                    Signatures.EVENT, d.eventType(),
                    Signatures.DELIVERY, d.eventId(),
                    Signatures.TIMESTAMP, String.valueOf(epoch),
                    Signatures.SIGNATURE, Signatures.sign(d.secret(), epoch, d.payload())), d.payload());
            if (status / 100 != 2) error = "接收方返回 HTTP " + status;
        } catch (cn.shuangkong.shared.DomainException | GuardedHttp.Refused e) {
            error = e.getMessage();
        } catch (java.io.IOException e) {
            error = "无法连接接收方：" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        }
        int latency = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - t0) / 1_000_000);
        record(d, started, status, latency, error == null ? null : error.length() > 500 ? error.substring(0, 500) : error);
    }

    private void record(Due d, Instant at, Integer status, int latency, String error) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("insert into webhook_attempt (delivery_id, attempted_at, status, latency_ms, error) values (:d, :at, :st, :ms, :err)")
                    .param("d", d.id()).param("at", Timestamp.from(at)).param("st", status).param("ms", latency).param("err", error).update();
            int attempts = d.attempts() + 1;
            if (error == null) {
                jdbc.sql("update webhook_delivery set state = 'DELIVERED', attempts = :n, last_status = :st, last_error = null, delivered_at = :at where id = :id")
                        .param("n", attempts).param("st", status).param("at", Timestamp.from(at)).param("id", d.id()).update();
                jdbc.sql("update webhook_subscription set consecutive_failures = 0 where id = :s").param("s", d.subscriptionId()).update();
                return;
            }
            boolean giveUp = attempts >= maxAttempts;
            jdbc.sql("update webhook_delivery set state = :state, attempts = :n, last_status = :st, last_error = :err, next_attempt_at = :next where id = :id")
                    .param("state", giveUp ? "FAILED" : "PENDING").param("n", attempts).param("st", status).param("err", error)
                    .param("next", Timestamp.from(at.plus(backoff(attempts)))).param("id", d.id()).update();
            int failures = jdbc.sql("update webhook_subscription set consecutive_failures = consecutive_failures + 1 where id = :s returning consecutive_failures")
                    .param("s", d.subscriptionId()).query(Integer.class).single();
            if (failures >= suspendAfter) suspend(d, at, failures, error);
        });
    }

    private void suspend(Due d, Instant at, int failures, String error) {
        int changed = jdbc.sql("update webhook_subscription set state = 'SUSPENDED', suspended_at = :at, updated_at = :at where id = :s and state = 'ACTIVE'")
                .param("at", Timestamp.from(at)).param("s", d.subscriptionId()).update();
        if (changed == 0) return;
        String message = "推送订阅“" + d.name() + "”连续 " + failures + " 次推送失败，已暂停（最近一次：" + error + "）。请检查接收地址后在“事件推送”页面恢复。";
        notices.notify(List.of(d.ownerUsername()), Notices.Kind.WEBHOOK_SUSPENDED, "/webhooks/" + d.subscriptionId(), message);
        events.publishEvent(new StateChanged("暂停推送订阅", "webhook_subscription", String.valueOf(d.subscriptionId()),
                d.name() + "：连续 " + failures + " 次失败", null, null));
    }

    /** retry-base × 2^(n − 1), never more than retry-max. */
    Duration backoff(int attempts) {
        Duration wait = retryBase.multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(retryMax) > 0 ? retryMax : wait;
    }
}
