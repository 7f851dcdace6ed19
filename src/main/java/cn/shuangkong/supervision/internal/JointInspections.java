package cn.shuangkong.supervision.internal;

import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Departments.Department;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.risk.RiskDocuments;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.supervision.EnforcementInspections;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 联合执法: a lead department sets up a joint inspection of one enterprise with the other departments responsible for
 * it (管行业必须管安全: those the organization module lists for the enterprise); each department records its own
 * inspection under it with {@link EnforcementInspections#create}, and the joint record lists every department's
 * findings in one document. A department not responsible for the enterprise is not a partner here — that is what
 * 抄告 is for.
 */
@Service
public class JointInspections {

    /** One department's part: its inspection, or none yet. */
    public record Part(Department department, EnforcementInspections.Inspection inspection) {
        public List<EnforcementInspections.Finding> findings() {
            return inspection == null ? List.of() : inspection.findings();
        }
    }

    public record Joint(long id, long enterpriseId, String enterpriseName, LocalDate inspectedOn, String title,
                        long leadDepartmentId, String leadDepartmentName, String createdBy, Instant createdAt, List<Part> parts) {
        public int findingCount() {
            return parts.stream().mapToInt(p -> p.findings().size()).sum();
        }
    }

    /** Organization's enterprises, composed into each statement (ADR 0041). */
    private static final String ENTERPRISES = "(" + OrganizationFacts.enterprises() + ")";

    private final JdbcClient jdbc;
    private final Offices offices;
    private final Enterprises enterprises;
    private final Departments departments;
    private final EnforcementInspections inspections;
    private final RiskDocuments documents;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    JointInspections(JdbcClient jdbc, Offices offices, Enterprises enterprises, Departments departments,
                     EnforcementInspections inspections, RiskDocuments documents, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.offices = offices;
        this.enterprises = enterprises;
        this.departments = departments;
        this.inspections = inspections;
        this.documents = documents;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Joint create(Actor me, long enterpriseId, LocalDate inspectedOn, String title, Collection<Long> partnerIds) {
        Department lead = offices.departmentOf(me);
        Enterprise e = enterprises.find(me.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        if (inspectedOn == null) throw DomainException.invalid("inspectedOn", "请填写检查日期");
        if (inspectedOn.isAfter(LocalDate.now(clock).plusDays(60))) throw DomainException.invalid("inspectedOn", "检查日期不能晚于 60 天后");
        if (title == null || title.isBlank()) throw DomainException.invalid("title", "请填写联合执法名称");
        if (title.strip().length() > 100) throw DomainException.invalid("title", "名称不能超过 100 字");
        Set<Long> responsible = new LinkedHashSet<>(departments.ofEnterprise(enterpriseId).stream().map(Department::id).toList());
        Set<Long> partners = new LinkedHashSet<>();
        for (Long id : partnerIds == null ? List.<Long>of() : partnerIds) {
            if (id == null || id == lead.id()) continue;
            if (!responsible.contains(id)) {
                throw DomainException.invalid("departmentIds", "联合执法的部门须对该企业负有监管职责；其他部门请以抄告方式移交");
            }
            partners.add(id);
        }
        if (partners.isEmpty()) throw DomainException.invalid("departmentIds", "请选择至少一个参加联合执法的其他部门");
        Instant now = clock.instant();
        long id = jdbc.sql("""
                insert into joint_inspection (enterprise_id, inspected_on, title, lead_department_id, created_by, created_at)
                values (:e, :on, :t, :d, :u, :at) returning id
                """).param("e", e.id()).param("on", inspectedOn).param("t", title.strip()).param("d", lead.id())
                .param("u", me.username()).param("at", Timestamp.from(now)).query(Long.class).single();
        Set<Long> all = new LinkedHashSet<>(List.of(lead.id()));
        all.addAll(partners);
        for (long d : all) {
            jdbc.sql("insert into joint_inspection_department (joint_inspection_id, department_id) values (:j, :d)")
                    .param("j", id).param("d", d).update();
        }
        List<String> names = all.stream().map(d -> departments.find(d).orElseThrow().name()).toList();
        events.publishEvent(new StateChanged("组织联合执法", "joint-inspection", String.valueOf(id),
                title.strip() + "：" + e.name() + "，" + inspectedOn + "，" + String.join("、", names), e.id(), e.regionCode()));
        return find(me.jurisdiction(), id).orElseThrow();
    }

    public List<Joint> list(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("select j.id from joint_inspection j join " + ENTERPRISES + " e on e.id = j.enterprise_id where " + f.sql()
                        + " order by j.inspected_on desc, j.id desc limit 100")
                .params(f.params()).query(Long.class).list().stream().map(id -> load(scope, id)).flatMap(Optional::stream).toList();
    }

    public Optional<Joint> find(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        boolean visible = jdbc.sql("select count(*) from joint_inspection j join " + ENTERPRISES + " e on e.id = j.enterprise_id"
                + " where j.id = :id and " + f.sql()).params(f.params()).param("id", id).query(Long.class).single() > 0;
        return visible ? load(scope, id) : Optional.empty();
    }

    /** Whether the viewer's department takes part and has not recorded its inspection yet. */
    public boolean awaitsPartOf(Actor me, Joint j) {
        Long mine = offices.departmentIdOrNull(me);
        return mine != null && j.parts().stream().anyMatch(p -> p.department().id() == mine && p.inspection() == null);
    }

    /** The joint document: every department's findings under one heading, as a PDF with the platform's font. */
    public byte[] document(Jurisdiction scope, long id) {
        Joint j = find(scope, id).orElseThrow(() -> DomainException.notFound("联合执法"));
        return documents.render("pdf/joint-inspection", Map.of("j", j, "e", enterprises.findUnscoped(j.enterpriseId()).orElseThrow(),
                "printed", LocalDate.now(clock)));
    }

    private Optional<Joint> load(Jurisdiction scope, long id) {
        return jdbc.sql("""
                select j.id, j.enterprise_id, e.name as enterprise_name, j.inspected_on, j.title, j.lead_department_id,
                       d.name as lead_department_name, j.created_by, j.created_at
                  from joint_inspection j join %s e on e.id = j.enterprise_id join (%s) d on d.id = j.lead_department_id
                 where j.id = :id
                """.formatted(ENTERPRISES, OrganizationFacts.departments())).param("id", id).query((rs, n) -> {
                    long lead = rs.getLong("lead_department_id");
                    List<Part> parts = jdbc.sql("""
                            select jd.department_id, x.id as inspection_id from joint_inspection_department jd
                              left join enforcement_inspection x on x.joint_inspection_id = jd.joint_inspection_id and x.department_id = jd.department_id
                             where jd.joint_inspection_id = :j order by (jd.department_id <> :lead), jd.department_id
                            """).param("j", id).param("lead", lead)
                            .query((r2, m) -> new Part(departments.find(r2.getLong(1)).orElseThrow(),
                                    r2.getObject(2) == null ? null : inspections.find(Jurisdiction.platform(), r2.getLong(2)).orElseThrow()))
                            .list();
                    return new Joint(rs.getLong("id"), rs.getLong("enterprise_id"), rs.getString("enterprise_name"),
                            rs.getObject("inspected_on", LocalDate.class), rs.getString("title"), lead,
                            rs.getString("lead_department_name"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), parts);
                }).optional();
    }
}
