package cn.shuangkong.audit;

import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.StateChanged;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Appends every {@link StateChanged} to the audit chain inside the transaction that made the change. Appends are
 * serialised with a transaction-scoped advisory lock, so the chain stays linear with several app instances.
 */
@Service
public class AuditTrail {

    static final String GENESIS = "0".repeat(64);
    private static final long CHAIN_LOCK = 0x5348_4B41_5544_4954L; // "SHKAUDIT"

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditTrail(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Joins the publisher's transaction; a change made outside one (a lockout after failed logins) gets its own. */
    @EventListener
    @Transactional
    public void on(StateChanged change) {
        append(change);
    }

    private void append(StateChanged c) {
        jdbc.sql("select pg_advisory_xact_lock(:k)").param("k", CHAIN_LOCK).query(Object.class).single();
        String prev = jdbc.sql("select hash from audit_record order by id desc limit 1").query(String.class).optional().orElse(GENESIS);
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String actor = actor();
        String client = clientAddress();
        String hash = hash(prev, at, actor, client, c.action(), c.entityType(), c.entityId(), c.summary());
        jdbc.sql("""
                insert into audit_record (occurred_at, actor, client_address, action, entity_type, entity_id, summary,
                                          enterprise_id, region_code, prev_hash, hash)
                values (:at, :actor, :client, :action, :type, :eid, :summary, :ent, :region, :prev, :hash)
                """).param("at", java.sql.Timestamp.from(at)).param("actor", actor).param("client", client)
                .param("action", c.action()).param("type", c.entityType()).param("eid", c.entityId())
                .param("summary", c.summary()).param("ent", c.enterpriseId()).param("region", c.regionCode())
                .param("prev", prev).param("hash", hash).update();
    }

    /** The outcome of walking the chain: how many records were checked and the first whose hash does not hold. */
    public record Verification(boolean intact, long checked, Long firstBrokenId, String reason) {
        static Verification of(long checked, Long firstBrokenId, String reason) {
            return new Verification(firstBrokenId == null, checked, firstBrokenId, reason);
        }
    }

    /** Recomputes every hash in order; streams, so a long chain does not have to fit in memory. */
    @Transactional(readOnly = true)
    public Verification verify() {
        var state = new Object() {
            String prev = GENESIS;
            long checked;
            Long broken;
            String reason;
        };
        try (var rows = jdbc.sql("select * from audit_record order by id").withFetchSize(1000).query(AuditRecord.class).stream()) {
            rows.takeWhile(r -> state.broken == null).forEach(r -> {
                state.checked++;
                if (!r.prevHash().equals(state.prev)) {
                    state.broken = r.id();
                    state.reason = "前一条记录的哈希不符（记录被删除或插入）";
                } else if (!r.hash().equals(hash(r.prevHash(), r.occurredAt(), r.actor(), r.clientAddress(), r.action(),
                        r.entityType(), r.entityId(), r.summary()))) {
                    state.broken = r.id();
                    state.reason = "记录内容与其哈希不符（记录被篡改）";
                }
                state.prev = r.hash();
            });
        }
        return Verification.of(state.checked, state.broken, state.reason);
    }

    /** Filters of the audit log. */
    public record Query(String actor, String action, String entityType, Instant from, Instant to) { }

    /** The log within a jurisdiction: regulators see their region's and enterprises' records, an enterprise its own. */
    @Transactional(readOnly = true)
    public PageResult<AuditRecord> search(Jurisdiction scope, Query q, PageResult.Request page) {
        Map<String, Object> params = new HashMap<>();
        var filter = scope.enterpriseFilter("e");
        params.putAll(filter.params());
        String inScope = "a.enterprise_id in (select e.id from enterprise e where " + filter.sql() + ")";
        if (scope.isPlatform()) {
            inScope = "true";
        } else if (scope.kind() == Jurisdiction.Kind.REGULATOR) {
            inScope = "(" + inScope + " or (a.enterprise_id is null and a.region_code like :jd_region))";
        }
        StringBuilder where = new StringBuilder(" where ").append(inScope);
        if (q.actor() != null && !q.actor().isBlank()) {
            where.append(" and a.actor = :actor");
            params.put("actor", q.actor().trim());
        }
        if (q.action() != null && !q.action().isBlank()) {
            where.append(" and a.action like :action");
            params.put("action", "%" + q.action().trim().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (q.entityType() != null && !q.entityType().isBlank()) {
            where.append(" and a.entity_type = :type");
            params.put("type", q.entityType());
        }
        if (q.from() != null) {
            where.append(" and a.occurred_at >= :from");
            params.put("from", java.sql.Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            where.append(" and a.occurred_at < :to");
            params.put("to", java.sql.Timestamp.from(q.to()));
        }
        long total = jdbc.sql("select count(*) from audit_record a" + where).params(params).query(Long.class).single();
        params.put("limit", page.size());
        params.put("offset", page.offset());
        var items = jdbc.sql("select a.* from audit_record a" + where + " order by a.id desc limit :limit offset :offset")
                .params(params).query(AuditRecord.class).list();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    /** The trail of one entity, oldest first: the status timeline of a detail page. */
    @Transactional(readOnly = true)
    public java.util.List<AuditRecord> historyOf(String entityType, String entityId) {
        return jdbc.sql("select * from audit_record where entity_type = :t and entity_id = :id order by id")
                .param("t", entityType).param("id", entityId).query(AuditRecord.class).list();
    }

    static String hash(String prev, Instant at, String actor, String client, String action, String type, String id, String summary) {
        String content = String.join("\u001f", prev, at.truncatedTo(ChronoUnit.MICROS).toString(), actor,
                String.valueOf(client), action, type, String.valueOf(id), summary);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String actor() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || !auth.isAuthenticated() || "anonymousUser".equals(auth.getName()) ? "system" : auth.getName();
    }

    private static String clientAddress() {
        return Optional.ofNullable(RequestContextHolder.getRequestAttributes())
                .filter(ServletRequestAttributes.class::isInstance)
                .map(a -> ((ServletRequestAttributes) a).getRequest())
                .map(HttpServletRequest::getRemoteAddr).orElse(null);
    }
}
