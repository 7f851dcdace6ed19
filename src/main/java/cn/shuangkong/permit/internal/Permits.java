package cn.shuangkong.permit.internal;

import cn.shuangkong.contractor.Contractors;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.permit.PermitExpired;
import cn.shuangkong.permit.internal.PermitRules.GasKind;
import cn.shuangkong.permit.internal.PermitRules.LelClass;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.risk.RiskRefs;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Deadlines;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.shared.Ref;
import cn.shuangkong.shared.Refs;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Window;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.training.Certificates;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.SimplePropertyRowMapper;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 特殊作业票: application, gas analyses, safety measures, approval, work, acceptance and closing, or cancelling, with
 * every rule of GB 30871-2022 the platform enforces (levels, validity, analyses, approvers, certificates, video). Each
 * step is signed by the signed-in person, written to the permit's timeline and audited in the same transaction.
 */
@Service
public class Permits {

    // ---------------------------------------------------------------- what callers send

    /**
     * An application. {@code level} is the 动火 level applied for (特级 / 一级 / 二级); 高处 and 吊装 take theirs from
     * {@code heightMetres} and {@code loadTonnes}. {@code planX}/{@code planY} place it on the site plan (0..1).
     * {@code insideDike}: 动火 inside a 重大危险源 tank farm's fire dike (asked when the risk point is a 重大危险源).
     * {@code hazardousMedium}: 盲板抽堵 on a flammable or toxic medium.
     */
    public record Application(PermitKind kind, String level, String place, BigDecimal planX, BigDecimal planY,
                              Long riskPointId, Long riskUnitId, String job, List<HazardLine> hazards, Long guardianId,
                              List<WorkerLine> workers, Long contractorId, String contractorName, Instant plannedStart,
                              Instant plannedEnd, Boolean insideDike, Boolean hazardousMedium, BigDecimal heightMetres,
                              BigDecimal loadTonnes, String videoReference, List<Long> linkedPermitIds) { }

    /** One JSA / 危害识别 line: the hazard and the measure against it. */
    public record HazardLine(String hazard, String measure) { }

    /** One person on the job: an employee (required where the role needs a certificate) or a contractor's person by name. */
    public record WorkerLine(Long employeeId, String name, WorkerRole role) { }

    /** One gas sample: {@code lelClass} for a combustible gas, {@code limit} for a toxic one, {@code enriched} for oxygen. */
    public record SampleDraft(String gas, GasKind kind, LelClass lelClass, BigDecimal value, BigDecimal limit, Boolean enriched) { }

    /** One analysis: when and where the samples were taken and by whom (the analyser), with its samples. */
    public record AnalysisDraft(Instant sampledAt, String place, String analyser, List<SampleDraft> samples) { }

    /** One checklist item confirmed: {@code applicable} false is 不涉及. */
    public record Confirmation(String item, Boolean applicable) { }

    /** List filters; every one optional. {@code open}: only approved permits not yet completed, closed or cancelled. */
    public record Query(Long enterpriseId, PermitKind kind, PermitStatus status, Boolean open) {
        public static Query all() {
            return new Query(null, null, null, null);
        }
    }

    // ---------------------------------------------------------------- what callers get

    /** A permit as stored; {@link #statusAt} says whether it has expired. */
    public record Permit(long id, long enterpriseId, String enterpriseName, String number, PermitKind kind,
                         String requestedLevel, String level, String levelReason, String place, BigDecimal planX,
                         BigDecimal planY, long riskPointId, Long riskUnitId, String riskPointLabel, String job,
                         Boolean insideDike, Boolean hazardousMedium, BigDecimal heightM, BigDecimal loadT,
                         Instant plannedStart, Instant validUntil, String applicantUsername, String applicantName,
                         long guardianId, String guardianName, Long contractorId, String contractorName, String videoRef,
                         PermitStatus status, String approvedBy, String approverName, Instant approvedAt,
                         String approvalOpinion, Instant startedAt, Instant suspendedAt, Instant completedAt,
                         String completionNote, Instant closedAt, Instant cancelledAt, String cancelReason,
                         Instant expiredAt, Instant createdAt) {

        /**
         * The status at {@code now}: the stored one, or {@link PermitStatus#EXPIRED} for a permit that lapses and whose
         * validity has passed but which the sweep has not reached yet. The one rule of expiry: {@link #lapsedAt} and
         * the sweep's query say the same.
         */
        public PermitStatus statusAt(Instant now) {
            return lapsedAt(now) ? PermitStatus.EXPIRED : status;
        }

        /** Expired by the clock but not yet recorded as such. */
        boolean lapsedAt(Instant now) {
            return status.lapses() && now.isAfter(validUntil);
        }

        /** "动火安全作业票（特级）" as the standard titles the form. */
        public String title() {
            return kind.label + "安全作业票" + (level == null ? "" : "（" + level + "）");
        }
    }

    public record Worker(int seq, Long employeeId, String name, WorkerRole role) { }

    public record Sample(int seq, String gas, GasKind kind, LelClass lelClass, BigDecimal value, BigDecimal limitValue, boolean passed) { }

    public record Analysis(long id, Instant sampledAt, String place, String analyser, boolean passed, String recordedBy,
                           Instant recordedAt, List<Sample> samples) { }

    /** A checklist item with its confirmation, if any. */
    public record MeasureItem(String item, String text, Boolean applicable, String confirmer, Instant confirmedAt) {
        public boolean confirmed() {
            return applicable != null;
        }
    }

    public record Extension(Instant fromUntil, Instant toUntil, String reason, String extendedBy, Instant extendedAt) { }

    /** One entry of the permit's timeline: who signed what, when. */
    public record Step(String action, String actor, String actorName, Instant at, String note) { }

    /** A permit linked to this one (either way), with its status now. */
    public record Linked(long id, String number, PermitKind kind, String level, PermitStatus status) { }

    /**
     * Everything about one permit, as its page and PDF show it. {@code status} is as of now; {@code blockers} says, in
     * Chinese, what keeps it from starting (or resuming) now — empty when it may.
     */
    public record Sheet(Permit permit, PermitStatus status, List<HazardLine> hazards, List<Worker> workers,
                        List<Analysis> analyses, List<MeasureItem> measures, List<Extension> extensions,
                        List<Step> steps, List<Linked> links, PermitRules.Approver approver, List<String> blockers) { }

    // ---------------------------------------------------------------- implementation

    private static final String SELECT = """
            select p.*, e.name as enterprise_name from permit p join enterprise e on e.id = p.enterprise_id
            """;
    /** {@link Permit#lapsedAt} in SQL, at {@code :now}. */
    static final String LAPSED = lapsed("p");

    private static String lapsed(String alias) {
        return alias + ".status in (" + PermitStatus.LAPSING_SQL + ") and " + alias + ".valid_until < :now";
    }
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("M月d日 HH:mm");
    /** Who signs what the platform records by itself (an expiry), on the permit's timeline. */
    private static final String SYSTEM = "system", SYSTEM_NAME = "平台";
    private static final int MAX_LINES = 50;

    private final JdbcClient jdbc;
    private final Refs refs;
    private final OrgStructure org;
    private final RiskPoints points;
    private final Certificates certificates;
    private final Contractors contractors;
    private final SafetyMeasures measures;
    private final PermitRules rules;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Deadlines deadlines;

    Permits(JdbcClient jdbc, Refs refs, OrgStructure org, RiskPoints points, Certificates certificates, Contractors contractors,
            SafetyMeasures measures, PermitRules rules, ApplicationEventPublisher events, Clock clock, Deadlines deadlines) {
        this.deadlines = deadlines;
        this.jdbc = jdbc;
        this.refs = refs;
        this.org = org;
        this.points = points;
        this.certificates = certificates;
        this.contractors = contractors;
        this.measures = measures;
        this.rules = rules;
        this.events = events;
        this.clock = clock;
    }

    public PermitRules rules() {
        return rules;
    }

    /** Permits in scope, newest first. */
    public List<Permit> list(Jurisdiction scope, Query q) {
        Map<String, Object> params = new HashMap<>();
        String where = where(scope, q, params);
        return jdbc.sql(SELECT + where + " order by p.created_at desc, p.id desc limit 500").params(params).query(Permit.class).list();
    }

    /** 增量同步 (ADR 0033): the same filter as {@link #list}, windowed by (updated_at, id) and without its cap. */
    public Window.Slice<Permit> changes(Jurisdiction scope, Query q, Window window) {
        Map<String, Object> params = new HashMap<>();
        return window.read(jdbc, SELECT, "p", where(scope, q, params), params, new SimplePropertyRowMapper<>(Permit.class));
    }

    private String where(Jurisdiction scope, Query q, Map<String, Object> params) {
        var f = scope.enterpriseFilter("e");
        params.putAll(f.params());
        StringBuilder where = new StringBuilder(" where ").append(f.sql());
        if (q.enterpriseId() != null) {
            where.append(" and p.enterprise_id = :ent");
            params.put("ent", q.enterpriseId());
        }
        if (q.kind() != null) {
            where.append(" and p.kind = :kind");
            params.put("kind", q.kind().name());
        }
        Instant now = clock.instant();
        // Expired: recorded, or lapsed by the clock in the seconds before the sweep records it (Permit.statusAt).
        if (q.status() == PermitStatus.EXPIRED) {
            where.append(" and (p.status = 'EXPIRED' or (").append(LAPSED).append("))");
        } else if (q.status() != null) {
            where.append(" and p.status = :status");
            params.put("status", q.status().name());
            if (q.status().lapses()) where.append(" and p.valid_until >= :now");
        }
        if (Boolean.TRUE.equals(q.open())) where.append(" and p.status in ('APPROVED', 'IN_PROGRESS', 'SUSPENDED') and p.valid_until >= :now");
        params.put("now", Timestamp.from(now));
        return where.toString();
    }

    /** The open 特级 and 一级 动火 in scope right now: what regulators watch live (报备) and the 大屏 counts. */
    public List<Permit> openTopLevelWork(Jurisdiction scope) {
        // the kinds graded 特级 / 一级 are 动火 and 吊装 (一级: above 100 t); the other kinds' grades are not reported
        return list(scope, new Query(null, null, null, true)).stream()
                .filter(p -> "特级".equals(p.level()) || "一级".equals(p.level())).toList();
    }

    /** A permit in scope; 404 otherwise. */
    public Permit find(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where p.id = :id and " + f.sql()).param("id", id).params(f.params()).query(Permit.class)
                .optional().orElseThrow(() -> DomainException.notFound(PermitRefs.PERMIT.label()));
    }

    /** Everything about one permit in scope. */
    public Sheet sheet(Jurisdiction scope, long id) {
        return sheetOf(find(scope, id));
    }

    /** The kind's checklist items with the permit's confirmations. */
    private List<MeasureItem> measureItems(Permit p) {
        Map<String, Map<String, Object>> done = jdbc.sql("select * from permit_measure where permit_id = :p").param("p", p.id())
                .query().listOfRows().stream().collect(Collectors.toMap(r -> (String) r.get("item"), Function.identity()));
        return measures.of(p.kind()).stream().map(i -> {
            var d = done.get(i.code());
            return d == null ? new MeasureItem(i.code(), i.text(), null, null, null)
                    : new MeasureItem(i.code(), i.text(), (Boolean) d.get("applicable"), (String) d.get("confirmer"),
                    ((Timestamp) d.get("confirmed_at")).toInstant());
        }).toList();
    }

    private static final RowMapper<Sample> SAMPLES = Rows.of(Sample.class);

    private List<Analysis> analyses(long permitId) {
        var samples = jdbc.sql("""
                select s.analysis_id, s.seq, s.gas, s.kind, s.lel_class, s.value, s.limit_value, s.passed
                  from permit_sample s join permit_analysis a on a.id = s.analysis_id where a.permit_id = :p order by s.seq
                """).param("p", permitId).query((rs, n) -> Map.entry(rs.getLong("analysis_id"), SAMPLES.mapRow(rs, n))).list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        // by hand: an analysis takes its samples, read above
        return jdbc.sql("select * from permit_analysis where permit_id = :p order by sampled_at desc, id desc").param("p", permitId)
                .query((rs, n) -> new Analysis(rs.getLong("id"), rs.getTimestamp("sampled_at").toInstant(), rs.getString("place"),
                        rs.getString("analyser"), rs.getBoolean("passed"), rs.getString("recorded_by"),
                        rs.getTimestamp("recorded_at").toInstant(), samples.getOrDefault(rs.getLong("id"), List.of()))).list();
    }

    private List<Worker> workers(long permitId) {
        return jdbc.sql("select seq, employee_id, name, role from permit_worker where permit_id = :p order by seq").param("p", permitId)
                .query(Worker.class).list();
    }

    private Sheet sheetOf(Permit p) {
        long id = p.id();
        var hazards = jdbc.sql("select hazard, measure from permit_hazard where permit_id = :p order by seq").param("p", id)
                .query(HazardLine.class).list();
        var workers = workers(id);
        var extensions = jdbc.sql("select from_until, to_until, reason, extended_by, extended_at from permit_extension where permit_id = :p order by id")
                .param("p", id).query(Extension.class).list();
        var steps = jdbc.sql("select action, actor, actor_name, at, note from permit_step where permit_id = :p order by at, id")
                .param("p", id).query(Step.class).list();
        Instant now = clock.instant();
        var links = jdbc.sql("""
                select o.id, o.number, o.kind, o.level, case when %s then 'EXPIRED' else o.status end as status from permit_link l
                  join permit o on o.id = case when l.permit_id = :p then l.linked_id else l.permit_id end
                 where l.permit_id = :p or l.linked_id = :p order by o.id
                """.formatted(lapsed("o"))).param("p", id).param("now", Timestamp.from(now)).query(Linked.class).list();
        List<Analysis> analyses = analyses(id);
        List<String> blockers = switch (p.statusAt(now)) {
            case APPROVED -> startBlockers(p, analyses, now, null);
            case SUSPENDED -> startBlockers(p, analyses, now, p.suspendedAt());
            default -> List.of();
        };
        return new Sheet(p, p.statusAt(now), hazards, workers, analyses, measureItems(p), extensions, steps, links,
                rules.approver(p.kind(), p.level()), blockers);
    }

    // ---------------------------------------------------------------- 申请

    /** Applies for a permit at the actor's own enterprise; refusals name the field, nothing is saved on a refusal. */
    @Transactional
    public long apply(Actor me, Application a) {
        long enterpriseId = own(me);
        Map<String, String> errors = new LinkedHashMap<>();
        if (a.kind() == null) throw DomainException.invalid("kind", "请选择作业类别");
        text(errors, "place", a.place(), "作业地点", 200);
        text(errors, "job", a.job(), "作业内容", 1000);
        if ((a.planX() == null) != (a.planY() == null)) errors.put("planX", "平面图位置须同时给出横、纵坐标");
        else if (a.planX() != null && (outOfUnit(a.planX()) || outOfUnit(a.planY()))) errors.put("planX", "平面图位置应在 0 到 1 之间");
        if (a.riskPointId() == null) errors.put("riskPointId", "请选择作业所在的风险点");
        if (a.guardianId() == null) errors.put("guardianId", "请选择监护人");
        if (a.plannedStart() == null) errors.put("plannedStart", "请填写作业开始时间");
        if (a.plannedEnd() == null) errors.put("plannedEnd", "请填写作业结束时间");
        else if (a.plannedStart() != null && !a.plannedEnd().isAfter(a.plannedStart())) errors.put("plannedEnd", "作业结束时间须晚于开始时间");
        if (a.plannedEnd() != null && !a.plannedEnd().isAfter(clock.instant())) errors.put("plannedEnd", "作业结束时间须晚于现在");
        if (a.contractorId() == null && a.contractorName() != null && a.contractorName().strip().length() > 120) {
            errors.put("contractorName", "承包商名称不能超过 120 个字");
        }
        if (a.videoReference() != null && a.videoReference().strip().length() > 300) errors.put("videoReference", "视频录像编号不能超过 300 个字");
        List<HazardLine> hazards = a.hazards() == null ? List.of() : a.hazards();
        if (hazards.isEmpty()) errors.put("hazards", "请至少填写一条危害识别及其安全措施");
        if (hazards.size() > MAX_LINES) errors.put("hazards", "危害识别不能超过 " + MAX_LINES + " 条");
        for (HazardLine h : hazards) {
            if (h == null || blank(h.hazard()) || blank(h.measure())) errors.put("hazards", "每条危害识别须写明危害及其安全措施");
            else if (h.hazard().strip().length() > 300 || h.measure().strip().length() > 500) errors.put("hazards", "危害不能超过 300 个字，措施不能超过 500 个字");
        }
        List<WorkerLine> workers = a.workers() == null ? List.of() : a.workers();
        if (workers.isEmpty()) errors.put("workers", "请至少填写一名作业人员");
        if (workers.size() > MAX_LINES) errors.put("workers", "作业人员不能超过 " + MAX_LINES + " 人");
        if (a.kind() == PermitKind.BLIND_PLATE && a.hazardousMedium() == null) errors.put("hazardousMedium", "请说明管道设备内介质是否易燃易爆或有毒");
        if (!errors.isEmpty()) throw refusal(errors);

        // Ids from outside, each in the actor's enterprise.
        Ref point = refs.within(enterpriseId, RiskRefs.RISK_POINT, a.riskPointId());
        RiskPoints.Point rp = points.find(me.jurisdiction(), point.id()).orElseThrow(() -> DomainException.notFound("风险点"));
        if (a.riskUnitId() != null) {
            refs.within(enterpriseId, RiskRefs.RISK_UNIT, a.riskUnitId());
            if (points.units(rp.id()).stream().noneMatch(u -> u.id() == a.riskUnitId())) {
                throw DomainException.invalid("riskUnitId", "所选风险分析单元不属于该风险点");
            }
        }
        Map<Long, OrgStructure.Employee> staff = org.employees(enterpriseId).stream()
                .collect(Collectors.toMap(OrgStructure.Employee::id, Function.identity()));
        OrgStructure.Employee guardian = Optional.ofNullable(staff.get(a.guardianId())).orElseThrow(() -> DomainException.notFound("监护人"));
        List<Long> linked = a.linkedPermitIds() == null ? List.of() : a.linkedPermitIds();
        refs.allWithin(enterpriseId, PermitRefs.PERMIT, linked);

        if (a.kind() == PermitKind.HOT_WORK && rp.majorHazardSource() && a.insideDike() == null) {
            throw DomainException.invalid("insideDike", "「" + rp.name() + "」是重大危险源，请说明动火点是否在储罐区防火堤内");
        }
        ZoneId zone = PlatformTime.zone();
        PermitRules.Levelled levelled = rules.level(a.kind(), blankToNull(a.level()), a.heightMetres(), a.loadTonnes(),
                a.kind() == PermitKind.HOT_WORK ? a.insideDike() : null, a.plannedStart(), a.plannedEnd(), zone);
        Duration limit = rules.validityLimit(a.kind(), levelled.level());
        if (Duration.between(a.plannedStart(), a.plannedEnd()).compareTo(limit) > 0) {
            String as = levelled.level() == null ? a.kind().label : levelled.level() + a.kind().label;
            throw DomainException.invalid("plannedEnd", as + "作业票有效期不能超过 " + hours(limit)
                    + (levelled.reason() != null ? "（已" + levelled.reason() + "，升级为" + levelled.level() + "）" : ""));
        }

        // A role needing a certificate goes only to an employee who holds a valid one on the day the job starts.
        LocalDate day = a.plannedStart().atZone(zone).toLocalDate();
        String contractorName = contractorOf(enterpriseId, a, day);
        List<Worker> people = new ArrayList<>();
        for (WorkerLine w : workers) {
            if (w == null || w.role() == null) throw DomainException.invalid("workers", "请为每名作业人员选择作业角色");
            String name;
            if (w.employeeId() != null) {
                OrgStructure.Employee e = Optional.ofNullable(staff.get(w.employeeId())).orElseThrow(() -> DomainException.notFound("作业人员"));
                name = e.name();
                if (w.role().certificate != null && !certificates.holds(enterpriseId, e.id(), w.role().certificate, day)) {
                    throw DomainException.invalid("workers", w.role().label + " " + name + " 在 " + day + " 没有有效的「"
                            + w.role().certificate.category + "」证书，不能担任该角色");
                }
            } else {
                if (w.role().certificate != null) {
                    throw DomainException.invalid("workers", w.role().label + " 须选择本企业持有有效「" + w.role().certificate.category + "」证书的人员");
                }
                if (blank(w.name()) || w.name().strip().length() > 60) throw DomainException.invalid("workers", "请填写作业人员姓名（不超过 60 个字）");
                name = w.name().strip();
            }
            people.add(new Worker(people.size() + 1, w.employeeId(), name, w.role()));
        }

        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        long id = jdbc.sql("""
                insert into permit (enterprise_id, number, kind, requested_level, level, level_reason, place, plan_x, plan_y,
                       risk_point_id, risk_unit_id, risk_point_label, job, inside_dike, hazardous_medium, height_m, load_t,
                       planned_start, valid_until, applicant_username, applicant_name, guardian_id, guardian_name, contractor_id,
                       contractor_name, video_ref, status, created_at)
                values (:e, :number, :kind, :rl, :l, :lr, :place, :x, :y, :rp, :ru, :rpl, :job, :dike, :medium, :h, :t,
                        :start, :until, :u, :un, :g, :gn, :cid, :cn, :video, 'APPLIED', :now) returning id
                """).param("e", enterpriseId).param("number", "tmp-" + java.util.UUID.randomUUID().toString().replace("-", ""))
                .param("kind", a.kind().name()).param("rl", levelled.requested()).param("l", levelled.level())
                .param("lr", levelled.reason()).param("place", a.place().strip()).param("x", a.planX()).param("y", a.planY())
                .param("rp", rp.id()).param("ru", a.riskUnitId()).param("rpl", rp.code() + " " + rp.name())
                .param("job", a.job().strip()).param("dike", a.kind() == PermitKind.HOT_WORK ? a.insideDike() : null)
                .param("medium", a.kind() == PermitKind.BLIND_PLATE ? a.hazardousMedium() : null)
                .param("h", a.kind() == PermitKind.HEIGHT ? a.heightMetres() : null)
                .param("t", a.kind() == PermitKind.LIFTING ? a.loadTonnes() : null)
                .param("start", Timestamp.from(a.plannedStart())).param("until", Timestamp.from(a.plannedEnd()))
                .param("u", me.username()).param("un", me.displayName()).param("g", guardian.id()).param("gn", guardian.name())
                .param("cid", a.contractorId()).param("cn", contractorName)
                .param("video", blankToNull(a.videoReference())).param("now", Timestamp.from(now)).query(Long.class).single();
        // The number names the kind and the day; the id makes it unique without a counter to contend for.
        String number = a.kind().prefix + today.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + id;
        jdbc.sql("update permit set number = :n where id = :id").param("n", number).param("id", id).update();
        int seq = 0;
        for (HazardLine h : hazards) {
            jdbc.sql("insert into permit_hazard (permit_id, seq, hazard, measure) values (:p, :s, :h, :m)").param("p", id)
                    .param("s", ++seq).param("h", h.hazard().strip()).param("m", h.measure().strip()).update();
        }
        for (Worker w : people) {
            jdbc.sql("insert into permit_worker (permit_id, seq, employee_id, name, role) values (:p, :s, :e, :n, :r)").param("p", id)
                    .param("s", w.seq()).param("e", w.employeeId()).param("n", w.name()).param("r", w.role().name()).update();
        }
        for (Long other : linked) insertLink(id, other);
        String summary = number + " " + a.kind().label + (levelled.level() == null ? "" : " " + levelled.level())
                + (levelled.reason() == null ? "" : "（由" + levelled.requested() + "升级：" + levelled.reason() + "）") + "，" + a.place().strip();
        step(me, id, "申请", summary);
        audit("申请作业票", id, summary, enterpriseId);
        return id;
    }

    // ---------------------------------------------------------------- 气体分析

    /** Records one gas analysis; each sample's result is computed by the rule, never entered. Returns the analysis id. */
    @Transactional
    public long recordAnalysis(Actor me, long permitId, AnalysisDraft d) {
        Permit p = lock(me, permitId);
        requireStatus(p, "记录气体分析", PermitStatus.APPLIED, PermitStatus.APPROVED, PermitStatus.IN_PROGRESS, PermitStatus.SUSPENDED);
        Map<String, String> errors = new LinkedHashMap<>();
        Instant now = clock.instant();
        if (d.sampledAt() == null) errors.put("sampledAt", "请填写采样时间");
        else if (d.sampledAt().isAfter(now.plusSeconds(60))) errors.put("sampledAt", "采样时间不能晚于现在");
        else if (d.sampledAt().isBefore(p.createdAt().minus(Duration.ofDays(1)))) errors.put("sampledAt", "采样时间早于作业申请");
        text(errors, "place", d.place(), "采样地点", 200);
        text(errors, "analyser", d.analyser(), "分析人", 60);
        List<SampleDraft> samples = d.samples() == null ? List.of() : d.samples();
        if (samples.isEmpty()) errors.put("samples", "请至少填写一项检测结果");
        if (samples.size() > 20) errors.put("samples", "一次分析不超过 20 项");
        for (SampleDraft s : samples) {
            String problem = sampleProblem(s);
            if (problem != null) {
                errors.put("samples", problem);
                break;
            }
        }
        if (!errors.isEmpty()) throw refusal(errors);
        List<PermitRules.Judged> judged = samples.stream().map(s -> rules.judge(s.kind(), s.lelClass(), s.value(), s.limit(),
                Boolean.TRUE.equals(s.enriched()))).toList();
        boolean passed = judged.stream().allMatch(PermitRules.Judged::passed);
        long id = jdbc.sql("""
                insert into permit_analysis (permit_id, sampled_at, place, analyser, passed, recorded_by, recorded_at)
                values (:p, :at, :place, :who, :ok, :u, :now) returning id
                """).param("p", permitId).param("at", Timestamp.from(d.sampledAt())).param("place", d.place().strip())
                .param("who", d.analyser().strip()).param("ok", passed).param("u", me.username()).param("now", Timestamp.from(now))
                .query(Long.class).single();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            SampleDraft s = samples.get(i);
            PermitRules.Judged j = judged.get(i);
            jdbc.sql("""
                    insert into permit_sample (analysis_id, seq, gas, kind, lel_class, value, limit_value, passed)
                    values (:a, :s, :g, :k, :l, :v, :lim, :ok)
                    """).param("a", id).param("s", i + 1).param("g", s.gas().strip()).param("k", s.kind().name())
                    .param("l", s.kind() == GasKind.COMBUSTIBLE ? s.lelClass().name() : null).param("v", s.value())
                    .param("lim", j.limit()).param("ok", j.passed()).update();
            words.add(s.gas().strip() + " " + PermitRules.plain(s.value()) + " " + j.verdict());
        }
        String summary = (passed ? "合格" : "不合格") + "；" + d.analyser().strip() + " 于 " + HM.format(d.sampledAt().atZone(PlatformTime.zone()))
                + " 在 " + d.place().strip() + " 采样：" + String.join("，", words);
        step(me, permitId, "气体分析", summary);
        audit("记录气体分析", permitId, p.number() + " " + summary, p.enterpriseId());
        return id;
    }

    private static String sampleProblem(SampleDraft s) {
        if (s == null || blank(s.gas())) return "请填写每项检测的气体名称";
        if (s.gas().strip().length() > 40) return "气体名称不能超过 40 个字";
        if (s.kind() == null) return "请为 " + s.gas().strip() + " 选择检测类别（可燃气体、氧气、有毒气体）";
        if (s.value() == null) return "请填写 " + s.gas().strip() + " 的检测值";
        if (s.value().signum() < 0) return s.gas().strip() + " 的检测值不能为负数";
        if (s.kind() != GasKind.TOXIC && s.value().compareTo(BigDecimal.valueOf(100)) > 0) return s.gas().strip() + " 的体积分数不能超过 100%";
        if (s.value().compareTo(BigDecimal.valueOf(1_000_000)) >= 0) return s.gas().strip() + " 的检测值过大";
        if (s.kind() == GasKind.COMBUSTIBLE && s.lelClass() == null) return "请说明 " + s.gas().strip() + " 的爆炸下限是否不小于 4%";
        if (s.kind() == GasKind.TOXIC && (s.limit() == null || s.limit().signum() <= 0 || s.limit().compareTo(BigDecimal.valueOf(1_000_000)) >= 0)) {
            return "请填写 " + s.gas().strip() + " 的容许浓度（mg/m³）";
        }
        return null;
    }

    // ---------------------------------------------------------------- 安全措施确认

    /** Confirms checklist items one by one, each signed by the actor; an item confirmed before is confirmed again by them. */
    @Transactional
    public void confirmMeasures(Actor me, long permitId, List<Confirmation> items) {
        Permit p = lock(me, permitId);
        requireStatus(p, "确认安全措施", PermitStatus.APPLIED);
        if (items == null || items.isEmpty()) throw DomainException.invalid("items", "请至少确认一项安全措施");
        List<String> words = new ArrayList<>();
        for (Confirmation c : items) {
            if (c == null || c.item() == null || c.applicable() == null) throw DomainException.invalid("items", "每项须写明措施编号及是否涉及");
            SafetyMeasures.Item item = measures.find(p.kind(), c.item())
                    .orElseThrow(() -> DomainException.invalid("items", "安全措施「" + abbreviate(c.item()) + "」不在" + p.kind().label + "作业的清单中"));
            jdbc.sql("""
                    insert into permit_measure (permit_id, item, applicable, confirmed_by, confirmer, confirmed_at)
                    values (:p, :i, :a, :u, :n, :t)
                    on conflict (permit_id, item) do update set applicable = excluded.applicable, confirmed_by = excluded.confirmed_by,
                        confirmer = excluded.confirmer, confirmed_at = excluded.confirmed_at
                    """).param("p", permitId).param("i", item.code()).param("a", c.applicable()).param("u", me.username())
                    .param("n", me.displayName()).param("t", Timestamp.from(clock.instant())).update();
            words.add(item.code() + (c.applicable() ? " 已落实" : " 不涉及"));
        }
        String summary = String.join("，", words);
        step(me, permitId, "确认安全措施", summary);
        audit("确认安全措施", permitId, p.number() + " " + summary, p.enterpriseId());
    }

    // ---------------------------------------------------------------- 审批

    /**
     * Approves: by the role the kind and level require, never by the applicant, with every measure confirmed and, where
     * the kind needs one, a passing analysis on record.
     */
    @Transactional
    public void approve(Actor me, long permitId, String opinion) {
        Permit p = lock(me, permitId);
        requireStatus(p, "审批", PermitStatus.APPLIED);
        if (opinion != null && opinion.strip().length() > 500) throw DomainException.invalid("opinion", "审批意见不能超过 500 个字");
        PermitRules.Approver approver = rules.approver(p.kind(), p.level());
        if (!me.can(approver.permission)) {
            throw new DomainException(HttpStatus.FORBIDDEN, p.title() + "须由" + approver.label + "审批，您的角色无此审批权限", null);
        }
        if (me.username().equals(p.applicantUsername())) {
            throw new DomainException(HttpStatus.FORBIDDEN, "申请人不能审批自己申请的作业票", null);
        }
        Instant now = clock.instant();
        List<String> missing = measureItems(p).stream().filter(m -> !m.confirmed()).map(MeasureItem::item).toList();
        if (!missing.isEmpty()) throw DomainException.conflict("以下安全措施尚未确认：" + String.join("、", missing));
        if (rules.needsAnalysis(p.kind(), p.hazardousMedium()) && analyses(permitId).stream().noneMatch(Analysis::passed)) {
            throw DomainException.conflict(p.kind().label + "作业审批前须有合格的气体分析");
        }
        jdbc.sql("""
                update permit set status = 'APPROVED', approved_by = :u, approver_name = :n, approved_at = :t, approval_opinion = :o
                 where id = :id
                """).param("u", me.username()).param("n", me.displayName()).param("t", Timestamp.from(now))
                .param("o", blankToNull(opinion)).param("id", permitId).update();
        String summary = "由" + approver.label + " " + me.displayName() + " 审批" + (blank(opinion) ? "" : "：" + opinion.strip());
        step(me, permitId, "审批", summary);
        audit("审批作业票", permitId, p.number() + " " + summary, p.enterpriseId());
    }

    // ---------------------------------------------------------------- 作业中

    /** Starts the work: only inside the validity window, on a fresh passing analysis, with the video of a 特级 动火. */
    @Transactional
    public void start(Actor me, long permitId) {
        Permit p = lock(me, permitId);
        requireStatus(p, "开始作业", PermitStatus.APPROVED);
        refuseIfBlocked(p, startBlockers(p, analyses(permitId), clock.instant(), null));
        jdbc.sql("update permit set status = 'IN_PROGRESS', started_at = :t where id = :id").param("t", Timestamp.from(clock.instant()))
                .param("id", permitId).update();
        step(me, permitId, "开始作业", "监护人 " + p.guardianName());
        audit("开始作业", permitId, p.number() + " 开始作业", p.enterpriseId());
    }

    /** Interrupts the work (作业中断), with the reason. */
    @Transactional
    public void suspend(Actor me, long permitId, String reason) {
        Permit p = lock(me, permitId);
        requireStatus(p, "中断作业", PermitStatus.IN_PROGRESS);
        String why = required("reason", reason, "中断原因", 500);
        jdbc.sql("update permit set status = 'SUSPENDED', suspended_at = :t where id = :id").param("t", Timestamp.from(clock.instant()))
                .param("id", permitId).update();
        step(me, permitId, "中断作业", why);
        audit("中断作业", permitId, p.number() + " " + why, p.enterpriseId());
    }

    /** Resumes: an interruption longer than allowed needs an analysis taken after it began, fresh and passing. */
    @Transactional
    public void resume(Actor me, long permitId) {
        Permit p = lock(me, permitId);
        requireStatus(p, "恢复作业", PermitStatus.SUSPENDED);
        refuseIfBlocked(p, startBlockers(p, analyses(permitId), clock.instant(), p.suspendedAt()));
        jdbc.sql("update permit set status = 'IN_PROGRESS', suspended_at = null where id = :id").param("id", permitId).update();
        String summary = "中断 " + minutes(Duration.between(p.suspendedAt(), clock.instant())) + " 后恢复";
        step(me, permitId, "恢复作业", summary);
        audit("恢复作业", permitId, p.number() + " " + summary, p.enterpriseId());
    }

    /**
     * Why the permit may not start (or resume, when {@code suspendedAt} is given) now, in Chinese; empty when it may.
     */
    List<String> startBlockers(Permit p, List<Analysis> analyses, Instant now, Instant suspendedAt) {
        List<String> out = new ArrayList<>();
        if (now.isBefore(p.plannedStart())) out.add("未到作业时段（" + at(p.plannedStart()) + " 起）");
        if ("特级".equals(p.level()) && p.kind() == PermitKind.HOT_WORK && blank(p.videoRef())) {
            out.add("特级动火须全程视频录像，请先登记录像编号或存放位置");
        }
        boolean longBreak = suspendedAt != null && Duration.between(suspendedAt, now).compareTo(rules.settings().interruptionLimit()) > 0;
        if (rules.needsAnalysis(p.kind(), p.hazardousMedium()) && (suspendedAt == null || longBreak)) {
            List<Analysis> usable = suspendedAt == null ? analyses
                    : analyses.stream().filter(a -> !a.sampledAt().isBefore(suspendedAt)).toList();
            Duration fresh = rules.settings().analysisValidity();
            if (usable.isEmpty()) {
                out.add(suspendedAt == null ? "尚无气体分析，不能开始作业"
                        : "作业中断超过 " + minutes(rules.settings().interruptionLimit()) + "，须重新进行气体分析");
            } else {
                Analysis last = usable.get(0);
                if (Duration.between(last.sampledAt(), now).compareTo(fresh) > 0) {
                    out.add("最近一次气体分析（" + at(last.sampledAt()) + "）已超过 " + minutes(fresh) + "，须重新分析");
                } else if (!last.passed()) {
                    out.add("最近一次气体分析不合格：" + last.samples().stream().filter(s -> !s.passed())
                            .map(s -> s.gas() + " " + PermitRules.plain(s.value())).collect(Collectors.joining("，")));
                } else {
                    GasKind need = rules.requiredGas(p.kind());
                    if (need != null && last.samples().stream().noneMatch(s -> s.kind() == need)) {
                        out.add(p.kind().label + "作业的气体分析须包含" + need.label + "检测");
                    }
                }
            }
        }
        for (Worker w : workers(p.id())) {
            if (w.role().certificate != null && (w.employeeId() == null
                    || !certificates.holds(p.enterpriseId(), w.employeeId(), w.role().certificate, now.atZone(PlatformTime.zone()).toLocalDate()))) {
                out.add(w.role().label + " " + w.name() + " 今天没有有效的「" + w.role().certificate.category + "」证书");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- 完工验收, 关闭, 取消

    /**
     * 完工验收: the work is finished and the site checked. Also after the permit has expired, if the work had started:
     * the job has stopped, and the site must still be accepted and the permit closed.
     */
    @Transactional
    public void complete(Actor me, long permitId, String note) {
        Permit p = lock(me, permitId);
        requireStatus(p, "完工验收", PermitStatus.IN_PROGRESS, PermitStatus.SUSPENDED, PermitStatus.EXPIRED);
        if (p.status() == PermitStatus.EXPIRED && p.startedAt() == null) {
            throw DomainException.conflict("作业票已于 " + at(p.expiredAt()) + " 过期失效，作业未开始，无须完工验收");
        }
        if (note != null && note.strip().length() > 500) throw DomainException.invalid("note", "验收意见不能超过 500 个字");
        jdbc.sql("update permit set status = 'COMPLETED', completed_at = :t, completed_by = :u, completion_note = :n, suspended_at = null where id = :id")
                .param("t", Timestamp.from(clock.instant())).param("u", me.username()).param("n", blankToNull(note)).param("id", permitId).update();
        String summary = blank(note) ? "完工，现场已清理" : note.strip();
        step(me, permitId, "完工验收", summary);
        audit("完工验收", permitId, p.number() + " " + summary, p.enterpriseId());
    }

    @Transactional
    public void close(Actor me, long permitId) {
        Permit p = lock(me, permitId);
        requireStatus(p, "关闭", PermitStatus.COMPLETED);
        jdbc.sql("update permit set status = 'CLOSED', closed_at = :t, closed_by = :u where id = :id")
                .param("t", Timestamp.from(clock.instant())).param("u", me.username()).param("id", permitId).update();
        step(me, permitId, "关闭", null);
        audit("关闭作业票", permitId, p.number() + " 关闭", p.enterpriseId());
    }

    /** 取消, with the reason, from any state before 关闭. */
    @Transactional
    public void cancel(Actor me, long permitId, String reason) {
        Permit p = lock(me, permitId);
        requireStatus(p, "取消", PermitStatus.APPLIED, PermitStatus.APPROVED, PermitStatus.IN_PROGRESS, PermitStatus.SUSPENDED,
                PermitStatus.COMPLETED);
        String why = required("reason", reason, "取消原因", 500);
        jdbc.sql("update permit set status = 'CANCELLED', cancelled_at = :t, cancelled_by = :u, cancel_reason = :r where id = :id")
                .param("t", Timestamp.from(clock.instant())).param("u", me.username()).param("r", why).param("id", permitId).update();
        step(me, permitId, "取消", why);
        audit("取消作业票", permitId, p.number() + " " + why, p.enterpriseId());
    }

    // ---------------------------------------------------------------- 延期, 视频, 关联

    /** A recorded extension within the standard's limit counted from the window's start; beyond it, a new permit. */
    @Transactional
    public void extend(Actor me, long permitId, Instant until, String reason) {
        Permit p = lock(me, permitId);
        if (p.status() == PermitStatus.EXPIRED) {
            throw DomainException.conflict("作业票已于 " + at(p.expiredAt()) + " 过期失效，不能再延期：延期须在有效期内办理，现须重新办理作业票");
        }
        requireStatus(p, "延期", PermitStatus.APPROVED, PermitStatus.IN_PROGRESS, PermitStatus.SUSPENDED);
        String why = required("reason", reason, "延期原因", 500);
        if (until == null) throw DomainException.invalid("until", "请填写延期至的时间");
        if (!until.isAfter(p.validUntil())) throw DomainException.invalid("until", "延期至须晚于现有效期（" + end(p.validUntil()) + "）");
        if (!until.isAfter(clock.instant())) throw DomainException.invalid("until", "延期至须晚于现在");
        Duration limit = rules.validityLimit(p.kind(), p.level());
        if (Duration.between(p.plannedStart(), until).compareTo(limit) > 0) {
            throw DomainException.invalid("until", p.title() + "自作业开始起有效期不能超过 " + hours(limit) + "（至 "
                    + end(p.plannedStart().plus(limit)) + "），超出须重新办理作业票");
        }
        // A longer window may now touch a night or a rest day: the level it would get must be the level it has.
        PermitRules.Levelled relevelled = rules.level(p.kind(), p.kind() == PermitKind.HOT_WORK ? p.requestedLevel() : p.level(),
                p.heightM(), p.loadT(), p.insideDike(), p.plannedStart(), until, PlatformTime.zone());
        if (p.level() != null && !p.level().equals(relevelled.level())) {
            throw DomainException.invalid("until", "延期后" + relevelled.reason() + "，级别将升为" + relevelled.level() + "，须重新办理作业票");
        }
        jdbc.sql("""
                insert into permit_extension (permit_id, from_until, to_until, reason, extended_by, extended_at)
                values (:p, :f, :t, :r, :u, :now)
                """).param("p", permitId).param("f", Timestamp.from(p.validUntil())).param("t", Timestamp.from(until))
                .param("r", why).param("u", me.username()).param("now", Timestamp.from(clock.instant())).update();
        jdbc.sql("update permit set valid_until = :t where id = :id").param("t", Timestamp.from(until)).param("id", permitId).update();
        String summary = "有效期由 " + end(p.validUntil()) + " 延至 " + end(until) + "：" + why;
        step(me, permitId, "延期", summary);
        audit("作业票延期", permitId, p.number() + " " + summary, p.enterpriseId());
    }

    /** Records where the video of the job is kept (required before a 特级 动火 starts). */
    @Transactional
    public void attachVideo(Actor me, long permitId, String reference) {
        Permit p = lock(me, permitId);
        requireStatus(p, "登记视频录像", PermitStatus.APPLIED, PermitStatus.APPROVED, PermitStatus.IN_PROGRESS, PermitStatus.SUSPENDED,
                PermitStatus.COMPLETED, PermitStatus.EXPIRED);
        String ref = required("reference", reference, "视频录像编号或存放位置", 300);
        jdbc.sql("update permit set video_ref = :v where id = :id").param("v", ref).param("id", permitId).update();
        step(me, permitId, "登记视频录像", ref);
        audit("登记作业视频", permitId, p.number() + " " + ref, p.enterpriseId());
    }

    /** Links two permits of one job (动火 inside a 受限空间); each still runs its own rules. */
    @Transactional
    public void link(Actor me, long permitId, Long otherId) {
        Permit p = lock(me, permitId);
        if (otherId == null) throw DomainException.invalid("permitId", "请选择要关联的作业票");
        refs.within(p.enterpriseId(), PermitRefs.PERMIT, otherId);
        if (otherId == permitId) throw DomainException.invalid("permitId", "作业票不能与自身关联");
        if (!insertLink(permitId, otherId)) throw DomainException.conflict("两张作业票已经关联");
        String other = jdbc.sql("select number from permit where id = :id").param("id", otherId).query(String.class).single();
        // the link is shown on both permits, so both timelines say who made it
        step(me, permitId, "关联作业票", other);
        step(me, otherId, "关联作业票", p.number());
        audit("关联作业票", permitId, p.number() + " ↔ " + other, p.enterpriseId());
    }

    /**
     * The permits the page offers to link to {@code p}: the same enterprise's unfinished ones (applied for, or open and
     * in their validity), not {@code p} itself nor those already linked to it; newest first.
     */
    public List<Permit> linkable(Jurisdiction scope, Permit p) {
        Instant now = clock.instant();
        var linked = jdbc.sql("select case when permit_id = :p then linked_id else permit_id end from permit_link where permit_id = :p or linked_id = :p")
                .param("p", p.id()).query(Long.class).set();
        return list(scope, new Query(p.enterpriseId(), null, null, null)).stream()
                .filter(o -> o.id() != p.id() && !linked.contains(o.id()) && o.statusAt(now).lapses()).toList();
    }

    private boolean insertLink(long a, long b) {
        return jdbc.sql("insert into permit_link (permit_id, linked_id) values (:a, :b) on conflict do nothing")
                .param("a", Math.min(a, b)).param("b", Math.max(a, b)).update() > 0;
    }

    // ---------------------------------------------------------------- 过期失效

    /**
     * Records the expiry of every permit whose validity has passed (up to {@code max}, earliest first), skipping rows a
     * step or another instance holds; returns how many. The expiry sweep calls it each minute (ADR 0043).
     */
    @Transactional
    public int expireDue(int max) {
        List<Permit> due = jdbc.sql(SELECT + " where " + LAPSED + " order by p.valid_until, p.id limit :max for update of p skip locked")
                .param("now", Timestamp.from(clock.instant())).param("max", max).query(Permit.class).list();
        due.forEach(this::expire);
        return due.size();
    }

    /**
     * Stores a lapsed permit (row locked by the caller) as expired at the moment its validity ended — not when this
     * runs: its timeline entry carries that moment, the audit record (stamped when written, as the chain requires)
     * names it, and {@link PermitExpired} tells whoever follows permits.
     */
    private void expire(Permit p) {
        Instant at = p.validUntil();
        jdbc.sql("update permit set status = 'EXPIRED', expired_at = :at where id = :id").param("at", Timestamp.from(at))
                .param("id", p.id()).update();
        String what = switch (p.status()) {
            case APPLIED -> "未获审批";
            case APPROVED -> "未开始作业";
            case IN_PROGRESS -> "作业中：须停止作业，完工验收后关闭";
            default -> "作业中断中：不得恢复作业，完工验收后关闭";
        };
        String summary = "有效期至 " + deadlines.format(at, "yyyy年M月d日 HH:mm:ss") + " 届满，作业票过期失效（" + what + "）";
        step(SYSTEM, SYSTEM_NAME, at, p.id(), "过期失效", summary);
        audit("作业票过期失效", p.id(), p.number() + " " + summary, p.enterpriseId());
        events.publishEvent(new PermitExpired(p.id(), p.enterpriseId(), p.number(), p.kind(), p.level(), at, p.status()));
    }

    // ---------------------------------------------------------------- SpecialWorkToday

    /** Permits of the enterprise that were open at some moment of {@code day}: approved, not yet closed, cancelled or expired. */
    List<Permit> openOn(long enterpriseId, LocalDate day) {
        ZoneId zone = PlatformTime.zone();
        Instant from = day.atStartOfDay(zone).toInstant(), to = day.plusDays(1).atStartOfDay(zone).toInstant();
        return jdbc.sql(SELECT + """
                 where p.enterprise_id = :e and p.approved_at is not null and p.approved_at < :to
                   and least(p.valid_until, coalesce(p.closed_at, p.cancelled_at, 'infinity'::timestamptz)) >= :from
                """).param("e", enterpriseId).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(Permit.class).list();
    }

    // ---------------------------------------------------------------- helpers

    /** The permit, resolved in the actor's scope and locked for this transaction; only its own enterprise acts on it. */
    private Permit lock(Actor me, long permitId) {
        Ref ref = refs.resolve(me, PermitRefs.PERMIT, permitId);
        if (me.enterpriseId() == null || me.enterpriseId() != ref.enterpriseId()) {
            throw new DomainException(HttpStatus.FORBIDDEN, "只有本企业账号可以办理作业票", null);
        }
        jdbc.sql("select id from permit where id = :id for update").param("id", permitId).query(Long.class).single();
        Permit p = find(me.jurisdiction(), permitId);
        // A step that finds the validity passed before the sweep came records the expiry first: what the step then
        // sees (and the trail says) is the permit as it stands. A refused step rolls it back; the sweep records it then.
        if (!p.lapsedAt(clock.instant())) return p;
        expire(p);
        return find(me.jurisdiction(), permitId);
    }

    /** The stored status (after {@link #lock}, the status now) must be one of {@code allowed}; else a 409 in Chinese. */
    private void requireStatus(Permit p, String what, PermitStatus... allowed) {
        PermitStatus now = p.status();
        for (PermitStatus s : allowed) if (s == now) return;
        if (now == PermitStatus.EXPIRED) throw DomainException.conflict("作业票已于 " + at(p.expiredAt()) + " 过期失效，不能" + what);
        throw DomainException.conflict("作业票" + now.label + "，不能" + what);
    }

    private static void refuseIfBlocked(Permit p, List<String> blockers) {
        if (!blockers.isEmpty()) {
            throw new DomainException(HttpStatus.CONFLICT, String.join("；", blockers), Map.of("blockers", String.join("；", blockers)));
        }
    }

    private void step(Actor me, long permitId, String action, String note) {
        step(me.username(), me.displayName(), clock.instant(), permitId, action, note);
    }

    private void step(String actor, String actorName, Instant at, long permitId, String action, String note) {
        jdbc.sql("insert into permit_step (permit_id, action, actor, actor_name, at, note) values (:p, :a, :u, :n, :t, :note)")
                .param("p", permitId).param("a", action).param("u", actor).param("n", actorName)
                .param("t", Timestamp.from(at)).param("note", note == null ? null : abbreviate500(note)).update();
    }

    private void audit(String action, long permitId, String summary, long enterpriseId) {
        events.publishEvent(new StateChanged(action, "permit", String.valueOf(permitId), summary, enterpriseId, null));
    }

    static long own(Actor me) {
        if (me.enterpriseId() == null) throw new DomainException(HttpStatus.FORBIDDEN, "只有企业账号可以申请特殊作业票", null);
        return me.enterpriseId();
    }

    private static DomainException refusal(Map<String, String> errors) {
        return new DomainException(HttpStatus.BAD_REQUEST, errors.values().iterator().next(), errors);
    }

    private static String required(String field, String value, String label, int max) {
        if (blank(value)) throw DomainException.invalid(field, "请填写" + label);
        if (value.strip().length() > max) throw DomainException.invalid(field, label + "不能超过 " + max + " 个字");
        return value.strip();
    }

    private static void text(Map<String, String> errors, String field, String value, String label, int max) {
        if (blank(value)) errors.put(field, "请填写" + label);
        else if (value.strip().length() > max) errors.put(field, label + "不能超过 " + max + " 个字");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * The contractor's name as the permit keeps it. A registered contractor (by id, resolved in the enterprise: another's
     * is a 404) must be admissible on the day the work starts — not blacklisted, cooperating, its 资质 current — and is
     * named as the register names it, whatever the request said; without an id the name is the applicant's free text.
     */
    private String contractorOf(long enterpriseId, Application a, LocalDate day) {
        if (a.contractorId() == null) return blankToNull(a.contractorName());
        contractors.requireAdmissible(enterpriseId, a.contractorId(), day);
        return contractors.nameOf(enterpriseId, a.contractorId()).orElseThrow(() -> DomainException.notFound("承包商"));
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s.strip();
    }

    private static boolean outOfUnit(BigDecimal v) {
        return v.signum() < 0 || v.compareTo(BigDecimal.ONE) > 0;
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }

    private static String abbreviate500(String s) {
        return s.length() > 500 ? s.substring(0, 499) + "…" : s;
    }

    private static String at(Instant t) {
        return HM.format(t.atZone(PlatformTime.zone()));
    }

    /** The end of a validity as the pages show it: a permit valid until midnight is valid to 24:00 of the day before. */
    private String end(Instant end) {
        return deadlines.format(end, "M月d日 HH:mm");
    }

    private static String hours(Duration d) {
        return d.toMinutes() % 60 == 0 ? d.toHours() + " 小时" : d.toMinutes() + " 分钟";
    }

    private static String minutes(Duration d) {
        return d.toMinutes() + " 分钟";
    }
}
