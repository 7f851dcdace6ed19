package cn.shuangkong.audit;

import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.StateChanged;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
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

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditAnchors anchors;

    AuditTrail(JdbcClient jdbc, Clock clock, AuditAnchors anchors) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.anchors = anchors;
    }

    /** Joins the publisher's transaction; a change made outside one (a lockout after failed logins) gets its own. */
    @EventListener
    @Transactional
    public void on(StateChanged change) {
        append(change);
    }

    /** Takes the id first: version 2 hashes the id too, so it must be known before the row is written. */
    private void append(StateChanged c) {
        jdbc.sql("select pg_advisory_xact_lock(:k)").param("k", AuditChain.LOCK).query(Object.class).single();
        String prev = jdbc.sql("select hash from audit_record order by id desc limit 1").query(String.class).optional().orElse(AuditChain.GENESIS);
        long id = jdbc.sql("select nextval(pg_get_serial_sequence('audit_record', 'id'))").query(Long.class).single();
        var unhashed = new AuditRecord(id, clock.instant().truncatedTo(ChronoUnit.MICROS), actor(), clientAddress(), c.action(),
                c.entityType(), c.entityId(), c.summary(), c.enterpriseId(), c.regionCode(), prev, null, AuditChain.CURRENT_VERSION);
        String hash = AuditChain.hash(unhashed);
        jdbc.sql("""
                insert into audit_record (id, occurred_at, actor, client_address, action, entity_type, entity_id, summary,
                                          enterprise_id, region_code, prev_hash, hash, hash_version)
                overriding system value
                values (:id, :at, :actor, :client, :action, :type, :eid, :summary, :ent, :region, :prev, :hash, :version)
                """).param("id", id).param("at", java.sql.Timestamp.from(unhashed.occurredAt())).param("actor", unhashed.actor())
                .param("client", unhashed.clientAddress()).param("action", c.action()).param("type", c.entityType())
                .param("eid", c.entityId()).param("summary", c.summary()).param("ent", c.enterpriseId())
                .param("region", c.regionCode()).param("prev", prev).param("hash", hash)
                .param("version", AuditChain.CURRENT_VERSION).update();
    }

    /** The whole chain, against itself, its anchors and the database's guards. */
    @Transactional(readOnly = true)
    public Verification verify() {
        return verify(null, null);
    }

    /**
     * The records with ids in [fromId, toId] (either may be null); the first is linked to the record before it.
     * A missing tail is found only when toId is null.
     */
    @Transactional(readOnly = true)
    public Verification verify(Long fromId, Long toId) {
        return ChainVerifier.verify(jdbc, anchors.log(), fromId, toId);
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
