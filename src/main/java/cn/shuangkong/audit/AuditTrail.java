package cn.shuangkong.audit;

import cn.shuangkong.audit.internal.AuditAnchors;
import cn.shuangkong.audit.internal.AuditChain;
import cn.shuangkong.audit.internal.AuditSealer;
import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.shared.BeforeCommitBatch;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.Window;
import org.springframework.jdbc.core.SimplePropertyRowMapper;
import cn.shuangkong.shared.StateChanged;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import java.sql.Types;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Appends every {@link StateChanged} to the audit trail inside the transaction that made the change, just before it
 * commits; {@link AuditSealer} links the committed records into the hash chain shortly after (ADR 0038), one sealer
 * at a time across instances, so the chain stays linear.
 */
@Service
public class AuditTrail {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;
    private final AuditAnchors anchors;
    private final AuditSealer sealer;
    private final TransactionTemplate readOnly;
    private final BeforeCommitBatch<Pending> appends = new BeforeCommitBatch<>(this::append);

    AuditTrail(JdbcClient jdbc, JdbcTemplate batch, Clock clock, AuditAnchors anchors, AuditSealer sealer,
               PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
        this.anchors = anchors;
        this.sealer = sealer;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * Joins the publisher's transaction; a change made outside one (a lockout after failed logins) gets its own. The
     * record is appended just before that transaction commits (ADR 0023): the chain's lock is then held for the
     * append and the commit only, not for the rest of the work that follows the change.
     */
    @EventListener
    @Transactional
    public void on(StateChanged change) {
        appends.add(new Pending(change, actor(), clientAddress()));
    }

    /** A change waiting for its transaction's commit, with who made it and from where (known only on this thread). */
    private record Pending(StateChanged change, String actor, String clientAddress) { }

    /**
     * Appends the transaction's changes in the order they were made, unsealed (ADR 0038): the chain lock is taken
     * shared, so writers commit side by side, and it is held until this transaction ends, so that {@link AuditSealer}
     * (which takes it exclusively) never seals past a record that is still to commit. The ids come from the table's
     * identity in insert order; the sealer links and hashes the records once they are committed.
     */
    private void append(List<Pending> changes) {
        TransactionLocks.waitForShared(jdbc, AuditChain.LOCK);
        var at = java.sql.Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
        // One batch for the transaction's records, in the order they were made: a round trip per record was most of
        // what a transaction of many changes (the demo load, an import) spent here (issue 12 item 9).
        batch.batchUpdate("""
                insert into audit_record (occurred_at, actor, client_address, action, entity_type, entity_id, summary,
                                          enterprise_id, region_code, hash_version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, changes, changes.size(), (ps, p) -> {
                    StateChanged c = p.change();
                    Object[] row = {at, p.actor(), p.clientAddress(), c.action(), c.entityType(), c.entityId(), c.summary(),
                            c.enterpriseId(), c.regionCode(), AuditChain.CURRENT_VERSION};
                    int[] types = {Types.TIMESTAMP, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
                            Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.INTEGER};
                    for (int i = 0; i < types.length; i++) ps.setObject(i + 1, row[i], types[i]);
                });
    }

    /** The whole chain, against itself, its anchors and the database's guards. */
    public Verification verify() {
        return verify(null, null);
    }

    /**
     * The records with ids in [fromId, toId] (either may be null); the first is linked to the record before it.
     * A missing tail is found only when toId is null. What has committed is sealed first (unless someone holds the
     * chain), so the walk covers it; a record left unsealed longer than {@link #SEALED_WITHIN} is a finding.
     */
    public Verification verify(Long fromId, Long toId) {
        sealer.sealIfFree();
        Instant stale = clock.instant().minus(SEALED_WITHIN);
        return readOnly.execute(tx -> ChainVerifier.verify(jdbc, anchors.log(), fromId, toId, stale));
    }

    /** How long a committed record may wait for its seal before verification reports the sealer as stopped. */
    static final java.time.Duration SEALED_WITHIN = java.time.Duration.ofMinutes(1);

    /** Filters of the audit log. */
    public record Query(String actor, String action, String entityType, Instant from, Instant to) { }

    /** The log within a jurisdiction: regulators see their region's and enterprises' records, an enterprise its own. */
    @Transactional(readOnly = true)
    public PageResult<AuditRecord> search(Jurisdiction scope, Query q, PageResult.Request page) {
        Map<String, Object> params = new HashMap<>();
        String where = where(scope, q, params);
        long total = jdbc.sql("select count(*) from audit_record a" + where).params(params).query(Long.class).single();
        params.put("limit", page.size());
        params.put("offset", page.offset());
        var items = jdbc.sql("select a.* from audit_record a" + where + " order by a.id desc limit :limit offset :offset")
                .params(params).query(AuditRecord.class).list();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    /**
     * The same filters read as a mirror reads them (ADR 0027, 0033). A record is never written again, so the time it
     * was made is its stamp; the overlap a mirror re-reads also covers two appends whose times cross their ids.
     */
    @Transactional(readOnly = true)
    public Window.Slice<AuditRecord> changes(Jurisdiction scope, Query q, Window window) {
        Map<String, Object> params = new HashMap<>();
        return window.read(jdbc, "select a.* from audit_record a", "a", "occurred_at", where(scope, q, params), params,
                new SimplePropertyRowMapper<>(AuditRecord.class));
    }

    private static String where(Jurisdiction scope, Query q, Map<String, Object> params) {
        var filter = scope.enterpriseIdIn("a.enterprise_id");
        params.putAll(filter.params());
        String inScope = filter.sql();
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
        return where.toString();
    }

    /**
     * The trail of one entity, oldest first: the status timeline of a detail page. One statement, so no transaction
     * of its own: an API answer read after its step's commit need not commit a second time (ADR 0038).
     */
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
