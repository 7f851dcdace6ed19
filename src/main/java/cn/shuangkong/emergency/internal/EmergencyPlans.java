package cn.shuangkong.emergency.internal;

import cn.shuangkong.files.FileFacts;
import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.files.FileKind;
import cn.shuangkong.files.FileStore;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.risk.RiskRefs;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Refs;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 应急预案: an enterprise's plans, each a chain of versions. A new version supersedes the current one (which stays as
 * history with its own file), carries its 编制/评审/发布/备案 dates and a summary, and the plan links the risk points
 * it covers, whose 应急处置卡 the risk module prints.
 */
@Service
public class EmergencyPlans {

    /** 综合应急预案 / 专项应急预案 / 现场处置方案 (GB/T 29639). */
    public enum Kind {
        COMPREHENSIVE("综合应急预案"), SPECIAL("专项应急预案"), ONSITE("现场处置方案");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    /** A plan with its current version's dates. */
    public record Plan(long id, long enterpriseId, String enterpriseName, String kind, String title, Integer currentVersion,
                       LocalDate publishedOn, LocalDate filedOn, Instant updatedAt, int riskCount) {
        public String kindLabel() {
            return Kind.valueOf(kind).label;
        }
    }

    /** One version of a plan; {@code supersededAt} is null for the current one. */
    public record Version(long id, long planId, int version, Long fileId, String fileName, String summary,
                          LocalDate compiledOn, LocalDate reviewedOn, LocalDate publishedOn, LocalDate filedOn,
                          String filedWith, String createdBy, Instant createdAt, Instant supersededAt) {
        public boolean current() {
            return supersededAt == null;
        }
    }

    /** A risk point the plan covers. */
    public record LinkedRisk(long id, String code, String name, Integer level) {
        public RiskLevel riskLevel() {
            return RiskLevel.ofNullable(level);
        }
    }

    /** What a plan is: kind, title and the risk points it covers. */
    public record PlanDraft(String kind, String title, List<Long> riskPointIds) { }

    /** What one version says about itself; its file travels beside it. */
    public record VersionDraft(String summary, LocalDate compiledOn, LocalDate reviewedOn, LocalDate publishedOn,
                               LocalDate filedOn, String filedWith) { }

    private static final String PLAN = """
            select p.id, p.enterprise_id, e.name as enterprise_name, p.kind, p.title, v.version as current_version,
                   v.published_on, v.filed_on, p.updated_at,
                   (select count(*) from emergency_plan_risk r where r.plan_id = p.id) as risk_count
              from emergency_plan p
              join (%s) e on e.id = p.enterprise_id
              left join emergency_plan_version v on v.plan_id = p.id and v.superseded_at is null
            """.formatted(OrganizationFacts.enterprises());

    private final JdbcClient jdbc;
    private final Refs refs;
    private final Owners owners;
    private final FileStore files;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EmergencyPlans(JdbcClient jdbc, Owners owners, FileStore files, ApplicationEventPublisher events, Clock clock, Refs refs) {
        this.refs = refs;
        this.jdbc = jdbc;
        this.owners = owners;
        this.files = files;
        this.events = events;
        this.clock = clock;
    }

    public List<Plan> list(Jurisdiction scope, Long enterpriseId) {
        var f = scope.enterpriseFilter("e").narrowedTo("p.enterprise_id", enterpriseId);
        Map<String, Object> params = f.params();
        String where = " where " + f.sql();
        return jdbc.sql(PLAN + where + " order by e.name, case p.kind when 'COMPREHENSIVE' then 0 when 'SPECIAL' then 1 else 2 end, p.id")
                .params(params).query(Plan.class).list();
    }

    public Optional<Plan> find(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(PLAN + " where p.id = :id and " + f.sql()).params(f.params()).param("id", id).query(Plan.class).optional();
    }

    /**
     * A plan's page read as one (ADR 0076): the plan in the caller's scope, else a 404, then by its id its versions
     * (newest first), linked risk points, and its enterprise's risk points the link form offers.
     */
    public record Detail(Plan plan, List<Version> versions, List<LinkedRisk> risks, List<LinkedRisk> riskPoints) { }

    public Detail detail(Jurisdiction scope, long id) {
        var plan = find(scope, id).orElseThrow(() -> DomainException.notFound("应急预案"));
        return new Detail(plan, versions(id), risks(id), riskPointsOf(plan.enterpriseId()));
    }

    /** The signed-in person's enterprise's risk points a new plan may link; none for a person of no enterprise. */
    public List<LinkedRisk> riskPointsOf(Actor me) {
        return me.enterpriseId() == null ? List.of() : riskPointsOf(me.enterpriseId());
    }

    /** The plans covering a risk point (the caller has checked the point is in scope). */
    public List<Plan> coveringRiskPoint(long riskPointId) {
        return jdbc.sql(PLAN + " where p.id in (select plan_id from emergency_plan_risk where risk_point_id = :rp) order by p.kind, p.id")
                .param("rp", riskPointId).query(Plan.class).list();
    }

    public List<Version> versions(long planId) {
        return jdbc.sql("""
                select v.id, v.plan_id, v.version, v.file_id, f.original_name as file_name, v.summary, v.compiled_on,
                       v.reviewed_on, v.published_on, v.filed_on, v.filed_with, v.created_by, v.created_at, v.superseded_at
                  from emergency_plan_version v left join (%s) f on f.id = v.file_id
                 where v.plan_id = :p order by v.version desc
                """.formatted(FileFacts.files())).param("p", planId).query(Version.class).list();
    }

    public List<LinkedRisk> risks(long planId) {
        return jdbc.sql("""
                select rp.id, rp.code, rp.name, rp.level from emergency_plan_risk r join (%s) rp on rp.id = r.risk_point_id
                 where r.plan_id = :p order by rp.level nulls last, rp.code
                """.formatted(RiskFacts.points())).param("p", planId).query(LinkedRisk.class).list();
    }

    /** The enterprise's risk points a plan may link, for the forms. */
    public List<LinkedRisk> riskPointsOf(long enterpriseId) {
        return jdbc.sql("select p.id, p.code, p.name, p.level from (%s) p where p.enterprise_id = :e order by p.level nulls last, p.code"
                        .formatted(RiskFacts.points()))
                .param("e", enterpriseId).query(LinkedRisk.class).list();
    }

    /** A new plan with its first version (and file) in one step, as the page creates it. */
    @Transactional
    public long create(Actor me, PlanDraft plan, VersionDraft version, String fileName, byte[] file) {
        var owner = owners.own(me);
        Fields check = Fields.check();
        Kind kind = checkPlan(check, owner.id(), plan);
        String title = check.text("title", plan.title(), "预案名称", 120, true);
        checkVersion(check, version, file);
        check.done();
        long id = insertPlan(me, owner, kind, title, plan.riskPointIds());
        insertVersion(me, owner, id, version, fileName, file);
        return id;
    }

    /** A new plan without a version yet (the API uploads versions separately). */
    @Transactional
    public long create(Actor me, PlanDraft plan) {
        var owner = owners.own(me);
        Fields check = Fields.check();
        Kind kind = checkPlan(check, owner.id(), plan);
        String title = check.text("title", plan.title(), "预案名称", 120, true);
        check.done();
        return insertPlan(me, owner, kind, title, plan.riskPointIds());
    }

    /** A new version: it supersedes the current one, which stays in the history. */
    @Transactional
    public Version addVersion(Actor me, long planId, VersionDraft version, String fileName, byte[] file) {
        Plan plan = find(me.jurisdiction(), planId).orElseThrow(() -> DomainException.notFound("应急预案"));
        var owner = owners.own(me, plan.enterpriseId(), "应急预案");
        Fields check = Fields.check();
        checkVersion(check, version, file);
        check.done();
        int v = insertVersion(me, owner, planId, version, fileName, file);
        return versions(planId).stream().filter(x -> x.version() == v).findFirst().orElseThrow();
    }

    /** Replaces the set of risk points the plan covers. */
    @Transactional
    public void linkRisks(Actor me, long planId, List<Long> riskPointIds) {
        Plan plan = find(me.jurisdiction(), planId).orElseThrow(() -> DomainException.notFound("应急预案"));
        var owner = owners.own(me, plan.enterpriseId(), "应急预案");
        Fields check = Fields.check();
        List<Long> ids = checkRiskPoints(check, owner.id(), riskPointIds);
        check.done();
        jdbc.sql("delete from emergency_plan_risk where plan_id = :p").param("p", planId).update();
        ids.forEach(rp -> jdbc.sql("insert into emergency_plan_risk (plan_id, risk_point_id) values (:p, :r)").param("p", planId).param("r", rp).update());
        touch(planId);
        events.publishEvent(new StateChanged("关联风险点", "emergency_plan", String.valueOf(planId),
                plan.title() + "：关联 " + ids.size() + " 个风险点", owner.id(), owner.regionCode()));
    }

    private Kind checkPlan(Fields check, long enterpriseId, PlanDraft plan) {
        Kind kind = check.choice("kind", plan.kind(), Kind.class, "请选择预案类别", "预案类别只能是综合应急预案、专项应急预案或现场处置方案");
        checkRiskPoints(check, enterpriseId, plan.riskPointIds());
        return kind;
    }

    private List<Long> checkRiskPoints(Fields check, long enterpriseId, List<Long> riskPointIds) {
        List<Long> ids = new ArrayList<>(riskPointIds == null ? List.of() : new LinkedHashSet<>(riskPointIds));
        ids.remove(null);
        refs.allWithin(enterpriseId, RiskRefs.RISK_POINT, ids); // another enterprise's point refuses the whole request
        return ids;
    }

    private void checkVersion(Fields check, VersionDraft v, byte[] file) {
        if (v == null) {
            check.fail("summary", "请填写预案版本信息");
            return;
        }
        LocalDate today = LocalDate.now(clock);
        check.text("summary", v.summary(), "内容摘要", 2000, true);
        check.require(v.compiledOn(), "compiledOn", "请填写编制日期");
        check.rule(v.compiledOn() == null || !v.compiledOn().isAfter(today), "compiledOn", "编制日期不能晚于今天");
        check.rule(v.reviewedOn() == null || v.compiledOn() == null || !v.reviewedOn().isBefore(v.compiledOn()), "reviewedOn", "评审日期不能早于编制日期");
        check.rule(v.publishedOn() == null || v.reviewedOn() != null, "reviewedOn", "预案须经评审后才能发布，请填写评审日期");
        check.rule(v.publishedOn() == null || v.reviewedOn() == null || !v.publishedOn().isBefore(v.reviewedOn()), "publishedOn", "发布日期不能早于评审日期");
        check.rule(v.filedOn() == null || v.publishedOn() != null, "publishedOn", "预案须发布后才能备案，请填写发布日期");
        check.rule(v.filedOn() == null || v.publishedOn() == null || !v.filedOn().isBefore(v.publishedOn()), "filedOn", "备案日期不能早于发布日期");
        String with = check.text("filedWith", v.filedWith(), "备案部门", 120, false);
        check.rule(v.filedOn() == null || with != null, "filedWith", "已备案的预案请填写备案部门");
        check.rule(with == null || v.filedOn() != null, "filedOn", "请填写备案日期");
        check.rule(file != null && file.length > 0, "file", "请上传预案文件（PDF 或 DOCX）");
    }

    private long insertPlan(Actor me, Owners.Owner owner, Kind kind, String title, List<Long> riskPointIds) {
        Timestamp now = Timestamp.from(clock.instant());
        long id = jdbc.sql("insert into emergency_plan (enterprise_id, kind, title, created_at, updated_at) values (:e, :k, :t, :n, :n) returning id")
                .param("e", owner.id()).param("k", kind.name()).param("t", title).param("n", now).query(Long.class).single();
        if (riskPointIds != null) {
            new LinkedHashSet<>(riskPointIds).stream().filter(java.util.Objects::nonNull).forEach(rp ->
                    jdbc.sql("insert into emergency_plan_risk (plan_id, risk_point_id) values (:p, :r)").param("p", id).param("r", rp).update());
        }
        events.publishEvent(new StateChanged("新建应急预案", "emergency_plan", String.valueOf(id), kind.label + "：" + title,
                owner.id(), owner.regionCode()));
        return id;
    }

    private int insertVersion(Actor me, Owners.Owner owner, long planId, VersionDraft v, String fileName, byte[] file) {
        var stored = files.store(me, owner.id(), FileKind.Purpose.EMERGENCY_PLAN, fileName, file);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("select id from emergency_plan where id = :p for update").param("p", planId).query(Long.class).single();
        int next = jdbc.sql("select coalesce(max(version), 0) + 1 from emergency_plan_version where plan_id = :p")
                .param("p", planId).query(Integer.class).single();
        int superseded = jdbc.sql("update emergency_plan_version set superseded_at = :n where plan_id = :p and superseded_at is null")
                .param("n", now).param("p", planId).update();
        jdbc.sql("""
                insert into emergency_plan_version (plan_id, version, file_id, summary, compiled_on, reviewed_on, published_on,
                                                    filed_on, filed_with, created_by, created_at)
                values (:p, :v, :f, :s, :c, :r, :pub, :fo, :fw, :by, :n)
                """).param("p", planId).param("v", next).param("f", stored.id()).param("s", v.summary().strip())
                .param("c", v.compiledOn()).param("r", v.reviewedOn()).param("pub", v.publishedOn()).param("fo", v.filedOn())
                .param("fw", v.filedWith() == null || v.filedWith().isBlank() ? null : v.filedWith().strip())
                .param("by", me.username()).param("n", now).update();
        touch(planId);
        events.publishEvent(new StateChanged("发布预案版本", "emergency_plan", String.valueOf(planId),
                "第 " + next + " 版（文件 " + stored.originalName() + "）" + (superseded > 0 ? "，替代第 " + (next - 1) + " 版" : ""),
                owner.id(), owner.regionCode()));
        return next;
    }

    private void touch(long planId) {
        jdbc.sql("update emergency_plan set updated_at = :n where id = :p").param("n", Timestamp.from(clock.instant())).param("p", planId).update();
    }
}
