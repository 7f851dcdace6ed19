package cn.shuangkong.occupational.internal;

import static cn.shuangkong.occupational.internal.OccupationalFactors.own;
import static cn.shuangkong.occupational.internal.OccupationalFactors.refuse;
import static cn.shuangkong.occupational.internal.OccupationalFactors.text;

import cn.shuangkong.contractor.Contractors;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.Snapshots;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.TransactionLocks;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * 职业病危害项目申报 (ADR 0083): the enterprise files its factors by post with the people exposed, its principal and its
 * 职业卫生管理人员 to its regulators; each filing is the content frozen as JSON text with its SHA-256, never changed
 * (the database refuses it). The same content computed from today's factors and people tells what has changed since.
 */
@Service
public class Declarations {

    /** 首次申报 / 变更申报 / 年度更新. */
    public enum Kind {
        FIRST("首次申报"), CHANGE("变更申报"), ANNUAL("年度更新");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    /** A factor at a post as declared. */
    public record DeclaredFactor(String category, String name) { }

    /** A post with factors, how many people are on it (劳务派遣 workers entered as employees on the post included). */
    public record DeclaredPost(long postId, String post, int exposed, List<DeclaredFactor> factors) { }

    /** A factor over all posts, with the people exposed to it. */
    public record FactorTotal(String category, String name, int exposed) { }

    /**
     * What is filed, in a fixed order and nothing volatile but the day: the enterprise, its principal and
     * 职业卫生管理人员, the posts with their factors and people, the totals per factor, the people exposed in all and the
     * contractors' people on site that day (they have no post here, so they are stated beside, not counted in).
     */
    public record Content(String enterprise, String creditCode, String address, String principal, String healthManager,
                          List<DeclaredPost> posts, List<FactorTotal> factors, int exposed, int contractorPeopleOnSite) { }

    /** A filing as lists show it (without the snapshot). */
    public record Filing(long id, long enterpriseId, String enterpriseName, int version, String kind, String reason, String contentHash,
                         String principal, String healthManager, int factorCount, int exposedCount, String filedBy, String filerName,
                         Instant filedAt) {
        public String kindLabel() {
            return Kind.valueOf(kind).label;
        }
    }

    /** A filing with its content as filed, and whether the stored text still hashes to what was recorded. */
    public record Detail(Filing filing, Content content, boolean intact) { }

    public record Draft(Kind kind, String healthManager, String reason) { }

    private static final String SELECT = """
            select d.id, d.enterprise_id, e.name as enterprise_name, d.version, d.kind, d.reason, d.content_hash, d.principal,
                   d.health_manager, d.factor_count, d.exposed_count, d.filed_by, d.filer_name, d.filed_at
              from occupational_declaration d join (%s) e on e.id = d.enterprise_id
            """.formatted(OrganizationFacts.enterprises());

    private final JdbcClient jdbc;
    private final OccupationalFactors factors;
    private final OrgStructure org;
    private final Enterprises enterprises;
    private final Contractors contractors;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Declarations(JdbcClient jdbc, OccupationalFactors factors, OrgStructure org, Enterprises enterprises, Contractors contractors,
                 JsonMapper json, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.factors = factors;
        this.org = org;
        this.enterprises = enterprises;
        this.contractors = contractors;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Files the actor's own enterprise's declaration as it stands: the first is 首次申报, later ones 变更申报 (with what
     * changed) or 年度更新. Refused without a factor, without a principal on the enterprise's record, or of the wrong kind.
     */
    @Transactional
    public long file(Actor me, Draft d) {
        long enterpriseId = own(me);
        Enterprise e = enterprises.find(me.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        // one filing at a time per enterprise: the version and the kind follow from the one before
        TransactionLocks.waitFor(jdbc, "occupational_declaration:" + enterpriseId);
        Map<String, String> errors = new LinkedHashMap<>();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from occupational_declaration where enterprise_id = :e")
                .param("e", enterpriseId).query(Integer.class).single();
        if (d.kind() == null) errors.put("kind", "请选择申报类型");
        else if (version == 1 && d.kind() != Kind.FIRST) errors.put("kind", "尚未申报过，请选择首次申报");
        else if (version > 1 && d.kind() == Kind.FIRST) errors.put("kind", "已申报过，请选择变更申报或年度更新");
        text(errors, "healthManager", d.healthManager(), "职业卫生管理人员", 40);
        String reason = d.reason() == null || d.reason().isBlank() ? null : d.reason().strip();
        if (d.kind() == Kind.CHANGE && reason == null) errors.put("reason", "请填写变更内容");
        else if (reason != null && reason.length() > 200) errors.put("reason", "变更内容长度不能超过 200 个字");
        refuse(errors);
        if (e.principalName() == null || e.principalName().isBlank()) {
            throw DomainException.conflict("企业信息中没有主要负责人，请先补充后再申报");
        }
        Content content = contents(Map.of(enterpriseId, new Who(e.name(), e.creditCode(), e.address(), e.principalName().strip(),
                d.healthManager().strip())), factors.of(enterpriseId), true).get(enterpriseId);
        if (content.posts().isEmpty()) throw DomainException.conflict("尚未登记岗位的职业病危害因素，无需申报");
        var frozen = Snapshots.freeze(json, content);
        long id = jdbc.sql("""
                insert into occupational_declaration (enterprise_id, version, kind, reason, snapshot, content_hash, principal, health_manager,
                                                      factor_count, exposed_count, filed_by, filer_name, filed_at)
                values (:e, :v, :k, :r, :s, :h, :p, :m, :fc, :ec, :u, :n, :t) returning id
                """).param("e", enterpriseId).param("v", version).param("k", d.kind().name()).param("r", reason)
                .param("s", frozen.text()).param("h", frozen.sha256()).param("p", content.principal()).param("m", content.healthManager())
                .param("fc", content.factors().size()).param("ec", content.exposed()).param("u", me.username()).param("n", me.displayName())
                .param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("职业病危害项目申报", "occupational_declaration", String.valueOf(id),
                d.kind().label + "（第 " + version + " 次）：" + content.factors().size() + " 种危害因素，接害 " + content.exposed()
                        + " 人，SHA-256 " + frozen.sha256().substring(0, 12) + "…", enterpriseId, e.regionCode()));
        return id;
    }

    /**
     * What a filing of the enterprise (in the caller's scope, else 404) would say today, for the page to show before
     * filing: the 职业卫生管理人员 is the latest filing's, if any.
     */
    public Content current(Jurisdiction scope, long enterpriseId) {
        Enterprise e = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        String manager = latest(List.of(enterpriseId)).values().stream().map(l -> l.filing().healthManager()).findFirst().orElse(null);
        return contents(Map.of(enterpriseId, new Who(e.name(), e.creditCode(), e.address(), e.principalName(), manager)),
                factors.of(enterpriseId), true).get(enterpriseId);
    }

    /** Filings in scope, newest first; {@code enterpriseId} narrows to one enterprise. */
    public List<Filing> list(Jurisdiction scope, Long enterpriseId) {
        var f = scope.enterpriseFilter("e").narrowedTo("d.enterprise_id", enterpriseId);
        Map<String, Object> params = f.params();
        String where = " where " + f.sql();
        return jdbc.sql(SELECT + where + " order by d.filed_at desc, d.id desc limit 500").params(params).query(Filing.class).list();
    }

    /** A filing in scope with its content as filed, or 404. */
    public Detail find(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        Filing filing = jdbc.sql(SELECT + " where d.id = :id and " + f.sql()).params(f.params()).param("id", id).query(Filing.class)
                .optional().orElseThrow(() -> DomainException.notFound("职业病危害项目申报"));
        String text = jdbc.sql("select snapshot from occupational_declaration where id = :id").param("id", id).query(String.class).single();
        return new Detail(filing, json.readValue(text, Content.class), Snapshots.sha256(text).equals(filing.contentHash()));
    }

    /** A latest filing with the content it filed. */
    record Latest(Filing filing, Content content) { }

    /** The latest filing of each of several enterprises, with its content, in one statement. */
    Map<Long, Latest> latest(Collection<Long> enterpriseIds) {
        Map<Long, Latest> out = new HashMap<>();
        if (enterpriseIds.isEmpty()) return out;
        RowMapper<Filing> filings = Rows.of(Filing.class);
        jdbc.sql(SELECT.replaceFirst("select d\\.id,", "select distinct on (d.enterprise_id) d.snapshot, d.id,")
                        + " where d.enterprise_id = any(:ents) order by d.enterprise_id, d.version desc")
                .param("ents", enterpriseIds.toArray(Long[]::new))
                .query((rs, n) -> new Latest(filings.mapRow(rs, n), json.readValue(rs.getString("snapshot"), Content.class))).list()
                .forEach(l -> out.put(l.filing().enterpriseId(), l));
        return out;
    }

    /** Who the declaration names: the enterprise's record and the manager typed on the form. */
    record Who(String name, String creditCode, String address, String principal, String healthManager) { }

    /**
     * The content of each enterprise as it would be filed today, from its factors (read by the caller, all of these
     * enterprises') and the people on the posts: one statement whatever their number; the contractors' people on site
     * (a statement per enterprise) only when asked, for a filing or its preview — the comparison does not use them.
     */
    Map<Long, Content> contents(Map<Long, Who> who, List<OccupationalFactors.Factor> all, boolean contractorsOnSite) {
        Map<Long, Content> out = new LinkedHashMap<>();
        if (who.isEmpty()) return out;
        Map<Long, Long> onPost = org.current(who.keySet(), all.stream().map(OccupationalFactors.Factor::postId).collect(Collectors.toSet()), Set.of())
                .stream().filter(p -> p.postId() != null).collect(Collectors.groupingBy(OrgStructure.Employee::postId, Collectors.counting()));
        LocalDate today = LocalDate.now(clock);
        Map<Long, List<OccupationalFactors.Factor>> byEnterprise = all.stream()
                .collect(Collectors.groupingBy(OccupationalFactors.Factor::enterpriseId, LinkedHashMap::new, Collectors.toList()));
        who.forEach((enterpriseId, w) -> {
            Map<Long, List<OccupationalFactors.Factor>> byPost = byEnterprise.getOrDefault(enterpriseId, List.of()).stream()
                    .collect(Collectors.groupingBy(OccupationalFactors.Factor::postId, TreeMap::new, Collectors.toList()));
            List<DeclaredPost> posts = new ArrayList<>();
            Map<String, FactorTotal> totals = new TreeMap<>();
            int exposed = 0;
            for (var entry : byPost.entrySet()) {
                int people = onPost.getOrDefault(entry.getKey(), 0L).intValue();
                exposed += people;
                List<DeclaredFactor> here = entry.getValue().stream().map(f -> new DeclaredFactor(f.category(), f.name()))
                        .sorted(java.util.Comparator.comparing(DeclaredFactor::name)).toList();
                posts.add(new DeclaredPost(entry.getKey(), entry.getValue().get(0).postName(), people, here));
                for (var f : here) {
                    totals.merge(f.name(), new FactorTotal(f.category(), f.name(), people),
                            (a, b) -> new FactorTotal(a.category(), a.name(), a.exposed() + b.exposed()));
                }
            }
            int contractorPeople = contractorsOnSite ? contractors.onSite(enterpriseId, today).stream().mapToInt(Contractors.OnSite::people).sum() : 0;
            out.put(enterpriseId, new Content(w.name(), w.creditCode(), w.address(), w.principal(), w.healthManager(), List.copyOf(posts),
                    List.copyOf(totals.values()), exposed, contractorPeople));
        });
        return out;
    }
}
