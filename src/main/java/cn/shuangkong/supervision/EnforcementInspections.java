package cn.shuangkong.supervision;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.hazard.HazardFacts;
import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardRegister.GradingInput;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardState;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.organization.Departments.Department;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.supervision.internal.Credit;
import cn.shuangkong.supervision.internal.DocumentNumbers;
import cn.shuangkong.supervision.internal.Offices;
import cn.shuangkong.supervision.internal.SupervisionProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 执法检查: an inspection of an enterprise by a department (planned, or from a 双随机 draw); each finding becomes a
 * hazard in the enterprise's register (source 执法检查); the 责令限期整改指令书 is issued with the department's next
 * number; after the deadline the 复查 closes each finding whose hazard was rectified and escalates the others, under
 * an 整改复查意见书 with a number of its own.
 */
@Service
public class EnforcementInspections {

    public enum FindingState {
        OPEN("待复查"), CLOSED("复查合格"), ESCALATED("逾期未改，已升级");
        public final String label;
        FindingState(String label) { this.label = label; }
        public String label() { return label; }
    }

    public record Inspection(long id, long departmentId, String departmentName, long enterpriseId, String enterpriseName,
                             Long drawId, LocalDate inspectedOn, String inspectors, String summary, String orderNo,
                             Instant orderIssuedAt, String reviewNo, Instant reviewedAt, String reviewOpinion,
                             String createdBy, Instant createdAt, List<Finding> findings) {
        public LocalDate latestDeadline() {
            return findings.stream().map(Finding::deadline).max(Comparator.naturalOrder()).orElse(null);
        }

        public boolean allRectified() {
            return !findings.isEmpty() && findings.stream().allMatch(Finding::rectified);
        }

        /** The 复查 is due: the order is out, not yet reviewed, and the deadline has passed or every finding is fixed. */
        public boolean reviewable(LocalDate today) {
            return orderNo != null && reviewNo == null && (allRectified() || !today.isBefore(latestDeadline()));
        }
    }

    public record Finding(long id, long hazardId, String title, String description, String location, String basis,
                          LocalDate deadline, FindingState state, String reviewNote, HazardState hazardState, boolean major) {
        public boolean rectified() {
            return RECTIFIED.contains(hazardState);
        }
    }

    /** What an inspector writes down for one finding. */
    public record FindingInput(String title, String description, String location, HazardType type, boolean major,
                               String majorReason, String basis, LocalDate deadline) { }

    static final Set<HazardState> RECTIFIED = Set.of(HazardState.RECTIFIED, HazardState.AWAITING_REGULATOR, HazardState.CLOSED);

    private final JdbcClient jdbc;
    private final Offices offices;
    private final Enterprises enterprises;
    private final HazardRegister hazards;
    private final DocumentNumbers numbers;
    private final Credit credit;
    private final SupervisionProperties settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EnforcementInspections(JdbcClient jdbc, Offices offices, Enterprises enterprises, HazardRegister hazards,
                           DocumentNumbers numbers, Credit credit, SupervisionProperties settings,
                           ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.offices = offices;
        this.enterprises = enterprises;
        this.hazards = hazards;
        this.numbers = numbers;
        this.credit = credit;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Inspection create(Actor me, long enterpriseId, LocalDate inspectedOn, String inspectors, String summary, Long drawId) {
        return create(me, enterpriseId, inspectedOn, inspectors, summary, drawId, null);
    }

    /** An inspection as the department's part of a 联合执法 ({@code jointId}), or on its own when that is null. */
    @Transactional
    public Inspection create(Actor me, long enterpriseId, LocalDate inspectedOn, String inspectors, String summary, Long drawId,
                             Long jointId) {
        Department d = offices.departmentOf(me);
        if (jointId != null) {
            boolean partner = jdbc.sql("""
                    select count(*) from joint_inspection j join joint_inspection_department jd on jd.joint_inspection_id = j.id
                     where j.id = :j and jd.department_id = :d and j.enterprise_id = :e
                    """).param("j", jointId).param("d", d.id()).param("e", enterpriseId).query(Long.class).single() > 0;
            if (!partner) throw DomainException.notFound("联合执法");
            // One department's part of a joint inspection is recorded in turns until the first commits (ADR 0084): a
            // double click once found none in both and the second broke the one-part-per-department index (a generic
            // conflict); it now finds the first's part and is told where to record its findings.
            TransactionLocks.waitFor(jdbc, "joint-inspection-part:" + jointId + ":" + d.id());
            if (jdbc.sql("select count(*) from enforcement_inspection where joint_inspection_id = :j and department_id = :d")
                    .param("j", jointId).param("d", d.id()).query(Long.class).single() > 0) {
                throw DomainException.conflict("本部门已在该联合执法中记录检查，请在原检查中登记问题");
            }
        }
        Enterprise e = enterprises.find(me.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        if (inspectedOn == null) throw DomainException.invalid("inspectedOn", "请填写检查日期");
        if (inspectedOn.isAfter(LocalDate.now(clock))) throw DomainException.invalid("inspectedOn", "检查日期不能晚于今天");
        if (inspectors == null || inspectors.isBlank()) throw DomainException.invalid("inspectors", "请填写检查人员");
        if (inspectors.strip().length() > 200) throw DomainException.invalid("inspectors", "检查人员不能超过 200 字");
        if (summary != null && summary.length() > 2000) throw DomainException.invalid("summary", "检查情况不能超过 2000 字");
        if (drawId != null) {
            boolean picked = jdbc.sql("""
                    select count(*) from random_draw_pick p join random_draw r on r.id = p.draw_id
                     where p.draw_id = :r and p.enterprise_id = :e and r.department_id = :d
                    """).param("r", drawId).param("e", enterpriseId).param("d", d.id()).query(Long.class).single() > 0;
            if (!picked) throw DomainException.invalid("drawId", "该企业不在所选的本部门双随机抽取结果中");
        }
        Instant now = clock.instant();
        long id = jdbc.sql("""
                insert into enforcement_inspection (department_id, enterprise_id, draw_id, joint_inspection_id, inspected_on, inspectors,
                                                    summary, created_by, created_at)
                values (:d, :e, :r, :j, :on, :i, :s, :u, :t) returning id
                """).param("d", d.id()).param("e", e.id()).param("r", drawId).param("j", jointId).param("on", inspectedOn)
                .param("i", inspectors.strip()).param("s", summary == null || summary.isBlank() ? null : summary.strip())
                .param("u", me.username()).param("t", Timestamp.from(now)).query(Long.class).single();
        events.publishEvent(new StateChanged("记录执法检查", "enforcement-inspection", String.valueOf(id),
                d.name() + " 检查 " + e.name() + "（" + inspectedOn + "，" + inspectors.strip() + (drawId != null ? "，双随机第 " + drawId + " 号" : "") + "）",
                e.id(), e.regionCode()));
        return find(me.jurisdiction(), id).orElseThrow();
    }

    /** Records a finding; it enters the enterprise's hazard register at once with source 执法检查. */
    @Transactional
    public Finding addFinding(Actor me, long inspectionId, FindingInput in) {
        Inspection x = own(me, inspectionId);
        if (x.orderNo() != null) throw DomainException.conflict("指令书已签发（" + x.orderNo() + "），不能再增加问题，请另行记录一次检查");
        if (in.deadline() == null) throw DomainException.invalid("deadline", "请填写整改期限");
        if (in.deadline().isBefore(LocalDate.now(clock))) throw DomainException.invalid("deadline", "整改期限不能早于今天");
        if (in.basis() != null && in.basis().length() > 300) throw DomainException.invalid("basis", "违法依据不能超过 300 字");
        String basis = in.basis() == null || in.basis().isBlank() ? null : in.basis().strip();
        var report = new HazardReport(HazardSource.ENFORCEMENT, in.type(), null, in.title(),
                in.description() == null ? null : in.description() + (basis == null ? "" : "\n违反：" + basis),
                in.location(), null, "enforcement-" + inspectionId + "-" + (x.findings().size() + 1));
        var grading = in.major() ? new GradingInput(HazardLevel.MAJOR, null, in.majorReason()) : GradingInput.general();
        var registered = hazards.registerFinding(me, x.enterpriseId(), report, grading, null).hazard();
        long id = jdbc.sql("""
                insert into enforcement_finding (inspection_id, hazard_id, title, basis, deadline) values (:i, :h, :t, :b, :d) returning id
                """).param("i", inspectionId).param("h", registered.id()).param("t", registered.title()).param("b", basis)
                .param("d", in.deadline()).query(Long.class).single();
        events.publishEvent(new StateChanged("记录执法检查发现问题", "enforcement-inspection", String.valueOf(inspectionId),
                registered.title() + " → 隐患 #" + registered.id() + "，限期 " + in.deadline(), x.enterpriseId(), regionOf(x.enterpriseId())));
        return find(me.jurisdiction(), inspectionId).orElseThrow().findings().stream().filter(f -> f.id() == id).findFirst().orElseThrow();
    }

    /** Issues the 责令限期整改指令书 under the department's next number. */
    @Transactional
    public Inspection issueOrder(Actor me, long inspectionId) {
        Inspection x = own(me, inspectionId);
        if (x.orderNo() != null) throw DomainException.conflict("指令书已签发：" + x.orderNo());
        if (x.findings().isEmpty()) throw DomainException.invalid("findings", "未发现问题，无需签发责令限期整改指令书");
        Department d = offices.departmentOf(me);
        int year = LocalDate.now(clock).getYear();
        String no = numbers.next(d.id(), offices.prefixOf(d), year, DocumentNumbers.Kind.ORDER);
        jdbc.sql("update enforcement_inspection set order_no = :n, order_issued_at = :t where id = :id")
                .param("n", no).param("t", Timestamp.from(clock.instant())).param("id", inspectionId).update();
        Enterprise e = enterprises.findUnscoped(x.enterpriseId()).orElseThrow();
        events.publishEvent(new StateChanged("签发责令限期整改指令书", "enforcement-inspection", String.valueOf(inspectionId),
                no + "：" + x.findings().size() + " 项问题，最迟 " + x.latestDeadline() + " 前整改完毕", e.id(), e.regionCode()));
        long repeated = jdbc.sql("""
                select count(*) from enforcement_inspection where enterprise_id = :e and order_no is not null and order_issued_at >= :since
                """).param("e", e.id()).param("since", Timestamp.from(clock.instant().minus(Duration.ofDays(365)))).query(Long.class).single();
        if (repeated >= settings.blacklist().repeatedInspections()) {
            credit.proposeFor(me, d.id(), e, Credit.Basis.REPEATED, "一年内 " + repeated + " 次执法检查发现问题并责令整改（最近：" + no + "）");
        }
        return find(me.jurisdiction(), inspectionId).orElseThrow();
    }

    /** The 复查: closes findings whose hazards are rectified, escalates the others, and issues the 整改复查意见书. */
    @Transactional
    public Inspection review(Actor me, long inspectionId, String opinion) {
        Inspection x = own(me, inspectionId);
        LocalDate today = LocalDate.now(clock);
        if (x.orderNo() == null) throw DomainException.conflict("尚未签发责令限期整改指令书，无需复查");
        if (x.reviewNo() != null) throw DomainException.conflict("已复查：" + x.reviewNo());
        if (!x.reviewable(today)) {
            throw DomainException.conflict("整改期限 " + x.latestDeadline() + " 未到，且仍有问题未整改完毕，暂不能复查");
        }
        if (opinion != null && opinion.length() > 2000) throw DomainException.invalid("opinion", "复查意见不能超过 2000 字");
        Department d = offices.departmentOf(me);
        List<String> escalated = new ArrayList<>();
        for (Finding f : x.findings()) {
            boolean ok = f.rectified();
            jdbc.sql("update enforcement_finding set state = :s, review_note = :n where id = :id")
                    .param("s", ok ? "CLOSED" : "ESCALATED")
                    .param("n", (ok ? "已整改" : "逾期未整改") + "（隐患状态：" + f.hazardState().label + "）").param("id", f.id()).update();
            if (!ok) escalated.add(f.title());
        }
        String no = numbers.next(d.id(), offices.prefixOf(d), today.getYear(), DocumentNumbers.Kind.REVIEW);
        String text = opinion == null || opinion.isBlank()
                ? (escalated.isEmpty() ? "经复查，责令整改的问题已整改完毕。" : "经复查，以下问题逾期未整改：" + String.join("；", escalated) + "。将依法立案查处。")
                : opinion.strip();
        jdbc.sql("update enforcement_inspection set review_no = :n, reviewed_at = :t, review_opinion = :o where id = :id")
                .param("n", no).param("t", Timestamp.from(clock.instant())).param("o", text).param("id", inspectionId).update();
        Enterprise e = enterprises.findUnscoped(x.enterpriseId()).orElseThrow();
        events.publishEvent(new StateChanged("整改复查", "enforcement-inspection", String.valueOf(inspectionId),
                no + "：" + (x.findings().size() - escalated.size()) + " 项合格" + (escalated.isEmpty() ? "" : "，" + escalated.size() + " 项逾期未整改已升级"),
                e.id(), e.regionCode()));
        if (!escalated.isEmpty() && settings.blacklist().proposeOnEscalation()) {
            credit.proposeFor(me, d.id(), e, Credit.Basis.ESCALATION, "复查（" + no + "）发现逾期未整改：" + String.join("；", escalated));
        }
        return find(me.jurisdiction(), inspectionId).orElseThrow();
    }

    /** Inspections in scope, newest first; {@code enterpriseId} null for all. */
    public List<Inspection> list(Jurisdiction scope, Long enterpriseId) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where (cast(:eid as bigint) is null or x.enterprise_id = :eid) and " + f.sql()
                        + " order by x.inspected_on desc, x.id desc limit 200")
                .params(f.params()).param("eid", enterpriseId).query(this::map).list();
    }

    public Optional<Inspection> find(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where x.id = :id and " + f.sql()).params(f.params()).param("id", id).query(this::map).optional();
    }

    /** The inspection holding a finding, if the inspection lies in scope (a referral names the finding alone). */
    public Optional<Inspection> ofFinding(Jurisdiction scope, long findingId) {
        return jdbc.sql("select inspection_id from enforcement_finding where id = :f").param("f", findingId).query(Long.class)
                .optional().flatMap(inspectionId -> find(scope, inspectionId));
    }

    /** Only the department that inspected may change an inspection; the row is locked for the change. */
    private Inspection own(Actor me, long id) {
        Department d = offices.departmentOf(me);
        jdbc.sql("select id from enforcement_inspection where id = :id for update").param("id", id).query(Long.class).optional();
        Inspection x = find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("执法检查"));
        if (x.departmentId() != d.id()) {
            throw new DomainException(HttpStatus.FORBIDDEN, "只有实施检查的部门（" + x.departmentName() + "）可以办理", null);
        }
        return x;
    }

    private String regionOf(long enterpriseId) {
        return enterprises.findUnscoped(enterpriseId).map(Enterprise::regionCode).orElse(null);
    }

    private static final String SELECT = """
            select x.id, x.department_id, d.name as department_name, x.enterprise_id, e.name as enterprise_name, x.draw_id,
                   x.inspected_on, x.inspectors, x.summary, x.order_no, x.order_issued_at, x.review_no, x.reviewed_at,
                   x.review_opinion, x.created_by, x.created_at
              from enforcement_inspection x join (%s) e on e.id = x.enterprise_id join (%s) d on d.id = x.department_id
            """.formatted(OrganizationFacts.enterprises(), OrganizationFacts.departments());

    private static final RowMapper<Finding> FINDINGS = Rows.of(Finding.class);

    /** By hand: an inspection's findings are a select of their own, read here for each row. */
    private Inspection map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        long id = rs.getLong("id");
        return new Inspection(id, rs.getLong("department_id"), rs.getString("department_name"), rs.getLong("enterprise_id"),
                rs.getString("enterprise_name"), (Long) rs.getObject("draw_id"), rs.getObject("inspected_on", LocalDate.class),
                rs.getString("inspectors"), rs.getString("summary"), rs.getString("order_no"), instant(rs.getTimestamp("order_issued_at")),
                rs.getString("review_no"), instant(rs.getTimestamp("reviewed_at")), rs.getString("review_opinion"),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), findings(id));
    }

    private List<Finding> findings(long inspectionId) {
        return jdbc.sql("""
                select f.id, f.hazard_id, f.title, h.description, h.location, f.basis, f.deadline, f.state, f.review_note,
                       h.state as hazard_state, h.level = 'MAJOR' as major
                  from enforcement_finding f join (%s) h on h.id = f.hazard_id where f.inspection_id = :i order by f.id
                """.formatted(HazardFacts.hazards())).param("i", inspectionId).query(FINDINGS).list();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
