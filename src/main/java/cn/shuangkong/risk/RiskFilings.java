package cn.shuangkong.risk;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Snapshots;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * 备案: the principal signs the register as it stands; it is kept as a frozen snapshot with its SHA-256. The same
 * snapshot computed from today's register tells whether anything changed since (变更未备案) — no timestamps to trust.
 */
@Service
public class RiskFilings {

    /** A filing as lists show it (without the snapshot). */
    public record Filing(long id, long enterpriseId, String enterpriseName, String regionName, int version, String contentHash,
                         int pointCount, int majorCount, String signedBy, String signerName, Instant signedAt, String status,
                         String returnComment, String returnedBy, Instant returnedAt) {
        public String statusLabel() {
            return status.equals("RETURNED") ? "已退回" : "已备案";
        }
    }

    /** Where an enterprise's register stands against its latest filing. */
    public record Standing(Optional<Filing> latest, String currentHash) {
        public boolean filed() {
            return latest.isPresent();
        }

        /** 变更未备案: filed before, but today's register is not what was signed. */
        public boolean changedSinceFiling() {
            return latest.isPresent() && !latest.get().contentHash().equals(currentHash);
        }
    }

    /** The content that is signed: only what the register says, in a fixed order, nothing volatile. */
    public record SnapshotPoint(String code, String name, String kind, String orgUnit, String location, String sitePosition,
                         boolean majorHazardSource, String reviewDue, Integer level, List<String> guarantors,
                         List<SnapshotEvent> events, List<SnapshotMeasure> measures) { }

    public record SnapshotEvent(String name, String hazard, String factorCode, List<String> accidentTypes, String consequence,
                         Integer inherentLevel, Integer residualLevel) { }

    public record SnapshotMeasure(String type, String description, String controlTier, String responsibleUnit,
                           String responsibleName, String checkContent, String checkCycle, String checkCycleUnit,
                           List<String> events) { }

    private static final String SELECT = """
            select f.id, f.enterprise_id, e.name as enterprise_name, r.name as region_name, f.version, f.content_hash,
                   f.point_count, f.major_count, f.signed_by, f.signer_name, f.signed_at, f.status, f.return_comment,
                   f.returned_by, f.returned_at
              from risk_filing f join (%s) e on e.id = f.enterprise_id join (%s) r on r.code = e.region_code
            """.formatted(OrganizationFacts.enterprises(), OrganizationFacts.regions());

    private final JdbcClient jdbc;
    private final Enterprises enterprises;
    private final RiskSheets sheets;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    RiskFilings(JdbcClient jdbc, Enterprises enterprises, RiskSheets sheets, JsonMapper json, Clock clock,
                ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.enterprises = enterprises;
        this.sheets = sheets;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    /** The principal signs and submits the register of their own enterprise. */
    @Transactional
    public Filing submit(Actor principal, long enterpriseId) {
        Enterprise e = enterprises.find(principal.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        if (!ownsEnterprise(principal, enterpriseId)) {
            throw new DomainException(HttpStatus.FORBIDDEN, "只有本企业主要负责人可以签署备案", null);
        }
        List<SnapshotPoint> snapshot = snapshot(enterpriseId);
        if (snapshot.isEmpty()) throw DomainException.conflict("风险清单为空，不能备案");
        var frozen = Snapshots.freeze(json, snapshot);
        String text = frozen.text(), hash = frozen.sha256();
        // Filings of one enterprise take turns until the first commits (ADR 0084): 签署备案 clicked twice once read the
        // same latest version in both, and the second broke the version's unique key; it now files the next version.
        TransactionLocks.waitFor(jdbc, "risk-filing:" + enterpriseId);
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from risk_filing where enterprise_id = :e")
                .param("e", enterpriseId).query(Integer.class).single();
        int major = (int) snapshot.stream().filter(p -> Integer.valueOf(1).equals(p.level())).count();
        long id = jdbc.sql("""
                insert into risk_filing (enterprise_id, version, snapshot, content_hash, point_count, major_count,
                                         signed_by, signer_name, signed_at)
                values (:e, :v, :s, :h, :pc, :mc, :u, :n, :t) returning id
                """).param("e", enterpriseId).param("v", version).param("s", text).param("h", hash)
                .param("pc", snapshot.size()).param("mc", major).param("u", principal.username())
                .param("n", principal.displayName()).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("风险清单备案", "risk_filing", String.valueOf(id),
                "第" + version + "次备案，" + snapshot.size() + " 个风险点（重大 " + major + "），SHA-256 " + hash.substring(0, 12) + "…",
                enterpriseId, e.regionCode()));
        return find(principal.jurisdiction(), id).orElseThrow();
    }

    /** A regulator returns a filing with comments; the enterprise files again after correcting. */
    @Transactional
    public void giveBack(Actor regulator, long filingId, String comment) {
        Filing f = find(regulator.jurisdiction(), filingId).orElseThrow(() -> DomainException.notFound("备案"));
        if (regulator.jurisdiction().kind() != Jurisdiction.Kind.REGULATOR && !regulator.jurisdiction().isPlatform()) {
            throw new DomainException(HttpStatus.FORBIDDEN, "只有监管部门可以退回备案", null);
        }
        if (comment == null || comment.isBlank()) throw DomainException.invalid("comment", "请填写退回意见");
        if (comment.trim().length() > 500) throw DomainException.invalid("comment", "退回意见不能超过500字");
        if (f.status().equals("RETURNED")) throw DomainException.conflict("该备案已退回");
        int changed = jdbc.sql("update risk_filing set status = 'RETURNED', return_comment = :c, returned_by = :u, returned_at = :t"
                        + " where id = :id and status <> 'RETURNED'")
                .param("c", comment.trim()).param("u", regulator.displayName()).param("t", Timestamp.from(clock.instant()))
                .param("id", filingId).update();
        if (changed == 0) throw DomainException.conflict("该备案已退回"); // another regulator returned it meanwhile
        events.publishEvent(new StateChanged("退回风险清单备案", "risk_filing", String.valueOf(filingId), comment.trim(),
                f.enterpriseId(), null));
    }

    /** The standing of an enterprise in the caller's scope, else a 404. */
    public Standing standing(Jurisdiction scope, long enterpriseId) {
        enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        return standing(enterpriseId);
    }

    public Standing standing(long enterpriseId) {
        Optional<Filing> latest = jdbc.sql(SELECT + " where f.enterprise_id = :e order by f.version desc limit 1")
                .param("e", enterpriseId).query(Filing.class).optional();
        return new Standing(latest, Snapshots.freeze(json, snapshot(enterpriseId)).sha256());
    }

    public List<Filing> list(Jurisdiction scope, Long enterpriseId) {
        var filter = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where " + filter.sql() + (enterpriseId == null ? "" : " and f.enterprise_id = :ent")
                        + " order by f.signed_at desc limit 200")
                .params(filter.params()).params(enterpriseId == null ? java.util.Map.of() : java.util.Map.of("ent", enterpriseId))
                .query(Filing.class).list();
    }

    public Optional<Filing> find(Jurisdiction scope, long id) {
        var filter = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where f.id = :id and " + filter.sql()).params(filter.params()).param("id", id)
                .query(Filing.class).optional();
    }

    /** The frozen register of a filing in scope, as JSON text exactly as signed. */
    Optional<String> snapshotOf(Jurisdiction scope, long id) {
        return find(scope, id).map(f -> jdbc.sql("select snapshot from risk_filing where id = :id").param("id", id)
                .query(String.class).single());
    }

    /** The frozen register of a filing in scope, read back for display. */
    public List<SnapshotPoint> pointsOf(Jurisdiction scope, long id) {
        return snapshotOf(scope, id).map(text -> List.of(json.readValue(text, SnapshotPoint[].class)))
                .orElseThrow(() -> DomainException.notFound("备案"));
    }

    private List<SnapshotPoint> snapshot(long enterpriseId) {
        return sheets.ofEnterprise(enterpriseId).stream().map(s -> {
            var p = s.point();
            return new SnapshotPoint(p.code(), p.name(), p.kind(), p.orgUnitName(), p.location(), p.sitePosition(),
                    p.majorHazardSource(), p.reviewDue() == null ? null : p.reviewDue().toString(), p.level(),
                    p.majorHazardSource() ? java.util.Arrays.asList(p.guarantorPrincipal(), p.guarantorTechnical(),
                            p.guarantorOperator()) : List.of(),
                    s.events().stream().map(e -> new SnapshotEvent(e.name(), e.hazard(), e.factorCode(), e.accidentTypes(),
                            e.consequence(), e.inherentLevel(), e.residualLevel())).toList(),
                    s.measures().stream().map(m -> new SnapshotMeasure(m.type(), m.description(), s.tierOf(m).name(),
                            m.responsibleUnitName(), m.responsibleName(), m.checkContent(),
                            m.checkCycle().stripTrailingZeros().toPlainString(), m.checkCycleUnit(),
                            m.eventIds().stream().map(id -> s.event(id).name()).toList())).toList());
        }).toList();
    }

    private static boolean ownsEnterprise(Actor a, long enterpriseId) {
        return a.enterpriseId() != null && a.enterpriseId() == enterpriseId;
    }
}
