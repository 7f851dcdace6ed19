package cn.shuangkong.audit.internal;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.audit.AnchorLog.Anchor;
import cn.shuangkong.audit.AnchorLog;
import cn.shuangkong.audit.AuditRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * Writes signed checkpoints of the chain outside the database, on a schedule and on demand, and optionally sends
 * each one to a configured URL (a second place an attacker of this server must also reach). A checkpoint first
 * checks the records added since the previous one, and refuses to anchor a chain that no longer leads on from it:
 * an anchor must never bless a tampered chain.
 */
@Service
public class AuditAnchors {

    private static final Logger log = LoggerFactory.getLogger(AuditAnchors.class);

    /** The outcome of one checkpoint: the anchor now newest, whether this call wrote it, or why it refused. */
    public record Checkpoint(boolean written, Anchor anchor, String refusal) { }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AnchorLog anchors;
    private final String url;
    private final AuditSealer sealer;
    private final TransactionTemplate transactions;
    // Built at the first anchor sent, not at start: a client loads the JDK's TLS trust store (≈ 140 certificates) and
    // starts a selector thread, for a URL that most installations never set (ADR 0060).
    private final Supplier<HttpClient> http = SingletonSupplier.of(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());

    public AuditAnchors(JdbcClient jdbc, Clock clock,
                 @Value("${shuangkong.audit.anchor.file}") Path file,
                 @Value("${shuangkong.audit.anchor.key-file}") Path keyFile,
                 @Value("${shuangkong.audit.anchor.url:}") String url, AuditSealer sealer,
                 PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.sealer = sealer;
        this.clock = clock;
        this.anchors = AnchorLog.open(file, keyFile);
        this.url = url == null ? "" : url.trim();
    }

    @Scheduled(fixedDelayString = "${shuangkong.audit.anchor.every:PT1M}", initialDelayString = "${shuangkong.audit.anchor.every:PT1M}")
    @SchedulerLock(name = "audit-anchors", lockAtMostFor = "PT5M", lockAtLeastFor = "PT30S")
    void scheduled() {
        // in a transaction of its own, as through the proxy: the chain's lock is then held until the anchor is written
        // (called directly it would be let go at once, and whoever holds the chain could see the file grow meanwhile)
        var result = transactions.execute(status -> checkpoint());
        if (result.refusal() != null) {
            log.error("审计锚点未写入：{}", result.refusal());
        }
    }

    /**
     * Anchors the chain as it stands, if it grew since the last anchor. Holds the chain's lock, so the tail read is
     * the tail, and appends wait the few milliseconds this takes; what has committed is sealed first, so the anchor
     * covers it.
     */
    @Transactional
    public Checkpoint checkpoint() {
        TransactionLocks.waitFor(jdbc, AuditChain.LOCK);
        sealer.sealHeld();
        Anchor last = anchors.last();
        long afterId = 0;
        String prev = AuditChain.GENESIS;
        int version = 1;
        if (last != null) {
            var anchored = jdbc.sql("select hash, hash_version from audit_record where id = :id").param("id", last.lastId()).query().listOfRows();
            if (anchored.isEmpty() || !last.lastHash().equals(anchored.get(0).get("hash"))) {
                return new Checkpoint(false, last, "最后锚点（" + last.shownAt() + "）锚定的编号 " + last.lastId()
                        + " 的记录已不存在或已被改动，请在审计日志中校验哈希链");
            }
            afterId = last.lastId();
            prev = last.lastHash();
            version = ((Number) anchored.get(0).get("hash_version")).intValue();
        }
        var walk = new ChainWalk(prev, version);
        // Sealed records only: the unsealed ones are the newest (ADR 0038) and wait for the next anchor.
        try (var rows = jdbc.sql("select * from audit_record where id > :id and hash is not null order by id").param("id", afterId)
                .withFetchSize(1000).query(AuditRecord.class).stream()) {
            rows.forEach(walk::accept);
        }
        if (walk.reason != null) {
            return new Checkpoint(false, last, walk.reason);
        }
        if (walk.last == null) {
            return new Checkpoint(false, last, null);
        }
        long count = (last == null ? 0 : last.count()) + walk.checked;
        Anchor anchor = anchors.append(new Anchor(walk.last.id(), walk.last.hash(), count, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        publish(anchor);
        return new Checkpoint(true, anchor, null);
    }

    /** Sends the anchor to the configured URL; a failure is logged, never fatal: the file holds the anchor. */
    private void publish(Anchor a) {
        if (url.isEmpty()) {
            return;
        }
        String json = """
                {"lastId":%d,"lastHash":"%s","count":%d,"at":"%s","signature":"%s","publicKey":"%s"}"""
                .formatted(a.lastId(), a.lastHash(), a.count(), a.at(), anchors.sign(a), anchors.publicKey());
        try {
            var response = http.get().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                log.warn("审计锚点发送到 {} 被拒绝：HTTP {}", url, response.statusCode());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("审计锚点发送到 {} 失败：{}", url, e.toString());
        }
    }

    /** The log itself, for verification. */
    public AnchorLog log() {
        return anchors;
    }
}
