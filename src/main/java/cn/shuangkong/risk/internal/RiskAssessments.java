package cn.shuangkong.risk.internal;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.risk.AssessmentMethods;
import cn.shuangkong.risk.Evaluation;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.risk.internal.RiskDrafts.AssessmentDraft;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assessment versions and their sign-off 分析人 → 审核人 → 审定人. A version changes the register only when the third,
 * distinct person approves it; then the event's level, its risk point's level and so the enterprise's colour follow.
 */
@Service
public class RiskAssessments {

    private final JdbcClient jdbc;
    private final RiskPoints points;
    private final RiskRegistry registry;
    private final AssessmentMethods methods;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    private final RiskUnits units;

    RiskAssessments(JdbcClient jdbc, RiskPoints points, RiskRegistry registry, AssessmentMethods methods, JsonMapper json,
                    Clock clock, ApplicationEventPublisher events, RiskUnits units) {
        this.units = units;
        this.jdbc = jdbc;
        this.points = points;
        this.registry = registry;
        this.methods = methods;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    /** The analyst records a new version; it waits for review and changes nothing yet. */
    @Transactional
    public long submit(Actor analyst, long eventId, AssessmentDraft d) {
        Target t = target(analyst, eventId);
        RiskTerms.Basis basis = parseBasis(d.basis());
        if (d.reason() == null || d.reason().isBlank()) throw DomainException.invalid("reason", "请填写评价依据或变更原因");
        if (d.reason().trim().length() > 500) throw DomainException.invalid("reason", "评价依据不能超过500字");
        Evaluation ev = methods.evaluate(d.method(), d.inputs() == null ? java.util.Map.of() : d.inputs());
        // Assessments of one event take turns until the first commits (ADR 0084): two submitted at once read the same
        // latest version, and the second broke the version's unique key; it is now recorded as the next version.
        TransactionLocks.waitFor(jdbc, "risk-assessment:" + eventId);
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from risk_assessment where risk_event_id = :v")
                .param("v", eventId).query(Integer.class).single();
        long id = jdbc.sql("""
                insert into risk_assessment (risk_event_id, version, basis, method, inputs, score, grade, reason,
                                             analyst, analyst_name, analysed_at)
                values (:v, :ver, :basis, :method, cast(:inputs as jsonb), :score, :grade, :reason, :who, :name, :at)
                returning id
                """).param("v", eventId).param("ver", version).param("basis", basis.name()).param("method", ev.method())
                .param("inputs", json.writeValueAsString(ev.inputs())).param("score", ev.score()).param("grade", ev.grade())
                .param("reason", d.reason().trim()).param("who", analyst.username()).param("name", analyst.displayName())
                .param("at", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("提交风险评价", "risk_assessment", String.valueOf(id),
                t.eventName + " 第" + version + "版 " + basis.label + " " + ev.method() + "=" + ev.score().toPlainString()
                        + " " + ev.level().label, t.enterprise.id(), t.enterprise.regionCode()));
        return id;
    }

    /** 审核: someone other than the analyst confirms the analysis. */
    @Transactional
    public void review(Actor reviewer, long assessmentId) {
        Version v = version(reviewer, assessmentId);
        if (!v.status.equals(RiskTerms.SignOff.ANALYSED.name())) throw DomainException.conflict("该评价版本不在待审核状态");
        if (Objects.equals(v.analyst, reviewer.username())) {
            throw new DomainException(HttpStatus.CONFLICT, "审核人不能是分析人本人", null);
        }
        jdbc.sql("update risk_assessment set status = 'REVIEWED', reviewer = :u, reviewer_name = :n, reviewed_at = :t where id = :id")
                .param("u", reviewer.username()).param("n", reviewer.displayName()).param("t", Timestamp.from(clock.instant()))
                .param("id", assessmentId).update();
        events.publishEvent(new StateChanged("审核风险评价", "risk_assessment", String.valueOf(assessmentId),
                v.target.eventName + " 第" + v.version + "版 审核通过", v.target.enterprise.id(), v.target.enterprise.regionCode()));
    }

    /** 审定: a third person approves; from now on this version is the event's level. */
    @Transactional
    public void approve(Actor approver, long assessmentId) {
        Version v = version(approver, assessmentId);
        if (!v.status.equals(RiskTerms.SignOff.REVIEWED.name())) throw DomainException.conflict("该评价版本尚未审核，不能审定");
        if (Objects.equals(v.analyst, approver.username()) || Objects.equals(v.reviewer, approver.username())) {
            throw new DomainException(HttpStatus.CONFLICT, "审定人不能是分析人或审核人本人", null);
        }
        jdbc.sql("update risk_assessment set status = 'APPROVED', approver = :u, approver_name = :n, approved_at = :t where id = :id")
                .param("u", approver.username()).param("n", approver.displayName()).param("t", Timestamp.from(clock.instant()))
                .param("id", assessmentId).update();
        // The newest approved version of each basis is the one in force; older approvals are history.
        jdbc.sql("""
                update risk_event v set
                  inherent_level = (select a.grade from risk_assessment a where a.risk_event_id = v.id and a.status = 'APPROVED'
                                     and a.basis = 'INHERENT' order by a.version desc limit 1),
                  residual_level = (select a.grade from risk_assessment a where a.risk_event_id = v.id and a.status = 'APPROVED'
                                     and a.basis = 'RESIDUAL' order by a.version desc limit 1)
                 where v.id = :v
                """).param("v", v.eventId).update();
        // A risk point is as high as its highest event (grade 1 is highest, so the minimum); the assessment now in force
        // describes the point again, so it no longer awaits re-assessment (待重新评价, Reassessments).
        jdbc.sql("""
                update risk_point p set level = (select min(coalesce(v.residual_level, v.inherent_level)) from risk_event v
                                                  where v.risk_point_id = p.id), updated_at = :now,
                       reassessment_reason = null, reassessment_flagged_at = null
                 where p.id = :p
                """).param("p", v.target.pointId).param("now", PlatformTime.now(clock)).update();
        units.refreshLevels(v.target.pointId); // and its 风险分析单元 as high as its highest event
        events.publishEvent(new StateChanged("审定风险评价", "risk_assessment", String.valueOf(assessmentId),
                v.target.eventName + " 第" + v.version + "版 生效：" + RiskLevel.of(v.grade).label,
                v.target.enterprise.id(), v.target.enterprise.regionCode()));
    }

    private record Target(long pointId, String eventName, Enterprise enterprise) { }

    private record Version(long eventId, int version, int grade, String status, String analyst, String reviewer, Target target) { }

    private Target target(Actor actor, long eventId) {
        record Row(long riskPointId, String name) { }
        Row row = jdbc.sql("select risk_point_id, name from risk_event where id = :v").param("v", eventId).query(Row.class)
                .optional().orElseThrow(() -> DomainException.notFound("风险事件"));
        RiskPoints.Point p = points.find(actor.jurisdiction(), row.riskPointId())
                .orElseThrow(() -> DomainException.notFound("风险事件"));
        return new Target(p.id(), row.name(), registry.writable(actor.jurisdiction(), p.enterpriseId()));
    }

    private Version version(Actor actor, long assessmentId) {
        record Row(long riskEventId, int version, int grade, String status, String analyst, String reviewer) { }
        // held until the sign-off commits: two reviewers (or approvers) at once sign in turn, the second refused
        Row row = jdbc.sql("select risk_event_id, version, grade, status, analyst, reviewer from risk_assessment where id = :id for update")
                .param("id", assessmentId).query(Row.class).optional()
                .orElseThrow(() -> DomainException.notFound("风险评价"));
        return new Version(row.riskEventId(), row.version(), row.grade(), row.status(), row.analyst(), row.reviewer(),
                target(actor, row.riskEventId()));
    }

    private static RiskTerms.Basis parseBasis(String basis) {
        if (basis == null || basis.isBlank()) return RiskTerms.Basis.RESIDUAL;
        try {
            return RiskTerms.Basis.valueOf(basis.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("basis", "评价类别应为 INHERENT（固有风险）或 RESIDUAL（残余风险）");
        }
    }
}
