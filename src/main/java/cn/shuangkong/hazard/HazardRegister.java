package cn.shuangkong.hazard;

import cn.shuangkong.hazard.internal.Grading;
import cn.shuangkong.hazard.internal.PersonNames;
import cn.shuangkong.hazard.internal.RemediationPlan;
import cn.shuangkong.hazard.internal.RiskReferences;
import cn.shuangkong.risk.Reassessments;
import cn.shuangkong.risk.RiskRefs;
import cn.shuangkong.hazard.HazardAction.Permissions;
import cn.shuangkong.hazard.HazardPhotos.Stage;
import cn.shuangkong.hazard.HazardPhotos.Upload;
import cn.shuangkong.access.Accounts;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Ref;
import cn.shuangkong.shared.Refs;
import cn.shuangkong.shared.StateChanged;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The hazard register's application service: registers hazards from any source and moves them through the closed
 * loop. Each method checks scope and permission, lets {@link Hazard} decide whether the step is allowed, saves, and
 * publishes a {@link StateChanged} (the audit record and the detail page's timeline) in the same transaction.
 * Inspection, public reports, monitoring and supervision report their findings through {@link #register}.
 */
@Service
public class HazardRegister {

    /** The grade as asked for: a criterion code from {@link MajorHazardCriteria} makes it 重大 by itself. */
    public record GradingInput(HazardLevel level, String criterionCode, String majorReason) {
        public static GradingInput general() {
            return new GradingInput(HazardLevel.GENERAL, null, null);
        }
    }

    /**
     * The outcome of a registration; {@code created} is false when the client key had been used before. {@code saved}
     * is the new hazard as stored with its names (what the registration answers), null for a repeated key.
     */
    public record Registration(Hazard hazard, boolean created, Hazards.Row saved) { }

    /** The third hazard of one type at one risk point within 90 days says the risk is not under control. */
    static final int REASSESS_AFTER = 3;

    private final Hazards hazards;
    private final Reassessments reassessments;
    private final HazardPhotos photos;
    private final Notices notices;
    private final MajorHazardCriteria criteria;
    private final Enterprises enterprises;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Refs refs;
    private final Accounts accounts;
    private final Departments departments;
    private final PersonNames names;
    private final RiskReferences risks;

    HazardRegister(Hazards hazards, HazardPhotos photos, Notices notices, MajorHazardCriteria criteria,
                   Enterprises enterprises, ApplicationEventPublisher events, Clock clock, Reassessments reassessments, Refs refs,
                   Accounts accounts, Departments departments, PersonNames names, RiskReferences risks) {
        this.names = names;
        this.risks = risks;
        this.refs = refs;
        this.accounts = accounts;
        this.departments = departments;
        this.reassessments = reassessments;
        this.hazards = hazards;
        this.photos = photos;
        this.notices = notices;
        this.criteria = criteria;
        this.enterprises = enterprises;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Registers a hazard found by {@code me} at an enterprise in their scope (their own, if they belong to one). A
     * 随手拍 needs a photo and waits for confirmation; a 重大隐患 is reported to the 属地 regulators at once. With a
     * client key, a repeated call answers the hazard registered the first time instead of registering it twice.
     */
    @Transactional
    public Registration register(Actor me, Long enterpriseId, HazardReport report, GradingInput grading, Upload photo) {
        if (report.source() == null) {
            throw DomainException.invalid("source", "请选择隐患来源");
        }
        boolean snapshot = report.source() == HazardSource.SNAPSHOT;
        if (!me.can(snapshot ? Permissions.REPORT : Permissions.WRITE)) {
            throw new DomainException(HttpStatus.FORBIDDEN, snapshot ? "您没有上报隐患的权限" : "您没有登记隐患的权限，一线员工请使用随手拍上报", null);
        }
        return record(me, enterpriseId, List.of(new Found(report, grading, photo))).get(0);
    }

    /** One finding of a batch: what was found, the grade asked for, and its photo, if any. */
    public record Found(HazardReport report, GradingInput grading, Upload photo) { }

    /**
     * Registers what a finder found while doing work another module has already authorised — an assigned inspection
     * task, say — so the finder needs no hazard permission of their own. Otherwise exactly like {@link #register}.
     */
    @Transactional
    public Registration registerFinding(Actor finder, Long enterpriseId, HazardReport report, GradingInput grading, Upload photo) {
        return registerFindings(finder, enterpriseId, List.of(new Found(report, grading, photo))).get(0);
    }

    /**
     * Registers the findings of one piece of such work (a patrol's abnormal answers, a checklist's) at one enterprise,
     * answered in the order given: the same registrations, audit records and notices as {@link #registerFinding} for
     * each in turn — a later finding can be the repeat of an earlier one — but written set-based, so the read models'
     * statement triggers on hazards and risk points run once for the batch, not once per finding. Nothing is saved if
     * any finding is refused.
     */
    @Transactional
    public List<Registration> registerFindings(Actor finder, Long enterpriseId, List<Found> findings) {
        if (findings.isEmpty()) return List.of(); // a patrol without an abnormal answer: nothing to read or write
        for (Found f : findings) {
            if (f.report().source() == null || f.report().source() == HazardSource.SNAPSHOT) {
                throw DomainException.invalid("source", "发现的隐患须注明来源（随手拍请走上报流程）");
            }
        }
        return record(finder, enterpriseId, findings);
    }

    private List<Registration> record(Actor me, Long enterpriseId, List<Found> findings) {
        Enterprise enterprise = enterpriseFor(me, enterpriseId);
        Instant now = clock.instant();
        Registration[] out = new Registration[findings.size()];
        List<Hazard> fresh = new ArrayList<>();
        List<Integer> freshAt = new ArrayList<>(); // where each fresh hazard's registration goes in the answer
        Map<String, Integer> keyed = new HashMap<>(); // a client key used twice in one batch: the second is a repeat call
        Map<Integer, Integer> repeatCalls = new HashMap<>();
        hazards.takeTurnsOn(enterprise.id(), findings.stream().map(f -> f.report().clientKey()).toList());
        for (int i = 0; i < findings.size(); i++) {
            HazardReport report = findings.get(i).report();
            String key = report.clientKey() == null || report.clientKey().isBlank() ? null : report.clientKey().strip();
            if (key != null) {
                var earlier = hazards.byClientKey(enterprise.id(), key);
                if (earlier.isPresent()) {
                    out[i] = new Registration(earlier.get(), false, null);
                    continue;
                }
                if (keyed.containsKey(key)) {
                    repeatCalls.put(i, keyed.get(key));
                    continue;
                }
                keyed.put(key, i);
            }
            fresh.add(found(me, enterprise, report, key, findings.get(i).grading(), findings.get(i).photo(), now));
            freshAt.add(i);
        }
        List<List<Hazards.Earlier>> earlier = hazards.earlierOf(enterprise.id(), fresh);
        List<Hazards.Row> saved = new ArrayList<>(java.util.Collections.nCopies(fresh.size(), null));
        // A hazard that repeats one of its own batch needs that one's id: it goes in a later insert. Usually one insert.
        List<Integer> pending = new ArrayList<>(java.util.stream.IntStream.range(0, fresh.size()).boxed().toList());
        while (!pending.isEmpty()) {
            List<Integer> wave = pending.stream()
                    .filter(k -> earlier.get(k).stream().allMatch(e -> e.sibling() == null || saved.get(e.sibling()) != null)).toList();
            for (int k : wave) {
                List<Hazards.Earlier> before = earlier.get(k);
                if (!before.isEmpty()) {
                    var latest = before.get(0);
                    fresh.get(k).markRecurrence(latest.id() != null ? latest.id() : fresh.get(latest.sibling()).id(), before.size());
                }
            }
            List<Hazards.Row> rows = hazards.insertAll(wave.stream().map(fresh::get).toList(), enterprise.name(), now);
            for (int w = 0; w < wave.size(); w++) saved.set(wave.get(w), rows.get(w));
            pending.removeAll(wave);
        }
        List<Reassessments.Flag> flags = new ArrayList<>();
        for (int k = 0; k < fresh.size(); k++) {
            Hazard h = fresh.get(k);
            Found f = findings.get(freshAt.get(k));
            if (f.photo() != null) {
                photos.add(h.id(), h.enterpriseId(), Stage.BEFORE, f.photo(), me.username(), now);
            }
            events.publishEvent(new StateChanged(h.source() == HazardSource.SNAPSHOT ? "随手拍上报隐患" : "登记隐患", "hazard", String.valueOf(h.id()),
                    h.title() + "（" + h.source().label + "，" + h.level().label + "）→ " + h.state().label
                            + (h.repeated() ? "；重复隐患：90 天内同一风险点同类隐患第 " + (h.earlierInWindow() + 1) + " 次，前次 #" + h.repeatOf() : ""),
                    enterprise.id(), enterprise.regionCode()));
            if (h.measureId() != null) { // 风险管控措施失效: the risk is not what its assessment assumed
                flags.add(new Reassessments.Flag(h.riskPointId(), "管控措施失效：" + risks.measureContent(h.measureId()).map(c -> c.length() > 80 ? c.substring(0, 79) + "…" : c).orElse("")
                        + "（隐患 #" + h.id() + " " + h.title() + "）"));
            }
            if (h.repeated() && h.earlierInWindow() + 1 >= REASSESS_AFTER) {
                flags.add(new Reassessments.Flag(h.riskPointId(), "90 天内同类隐患已出现 " + (h.earlierInWindow() + 1) + " 次（最近：隐患 #" + h.id() + " " + h.title() + "）"));
            }
            if (h.major() && h.state() == HazardState.REGISTERED) {
                reportMajor(h, enterprise.name(), enterprise.regionCode());
            }
            out[freshAt.get(k)] = new Registration(h, true, saved.get(k));
        }
        reassessments.flagAll(flags);
        repeatCalls.forEach((i, first) -> out[i] = new Registration(out[first].hazard(), false, null));
        return List.of(out);
    }

    /** A new hazard as reported, checked and graded, its point and failed measure the enterprise's own; not yet saved. */
    private Hazard found(Actor me, Enterprise enterprise, HazardReport report, String key, GradingInput grading, Upload photo, Instant now) {
        check(report);
        if (report.source() == HazardSource.SNAPSHOT && photo == null) {
            throw DomainException.invalid("photo", "随手拍须附现场照片");
        }
        if (report.foundAt() != null && report.foundAt().isAfter(now.plusSeconds(300))) {
            throw DomainException.invalid("foundAt", "发现时间不能晚于现在");
        }
        // the point and the failed measure are named by the caller: both must be this enterprise's, or nothing is saved
        Long riskPointId = refs.withinOptional(enterprise.id(), RiskRefs.RISK_POINT, report.riskPointId()).map(Ref::id).orElse(null);
        if (report.measureId() != null) {
            refs.within(enterprise.id(), RiskRefs.CONTROL_MEASURE, report.measureId());
            Long ofMeasure = hazards.riskPointOfMeasure(enterprise.id(), report.measureId()).orElseThrow();
            if (riskPointId != null && !riskPointId.equals(ofMeasure)) {
                throw DomainException.invalid("measureId", "失效的管控措施不属于所选风险点");
            }
            riskPointId = ofMeasure;
        }
        var cleaned = new HazardReport(report.source(), report.type(), riskPointId, report.title().strip(),
                report.description().strip(), report.location().strip(), report.foundAt(), key, report.measureId());
        return Hazard.found(enterprise.id(), cleaned, grade(grading), me.username(), now);
    }

    @Transactional
    public Hazards.Row confirm(Actor me, long id, GradingInput grading) {
        Grading g = grade(grading);
        return step(me, id, HazardAction.CONFIRM, h -> h.confirm(g), h -> "等级：" + h.level().label);
    }

    @Transactional
    public Hazards.Row reject(Actor me, long id, String reason) {
        return step(me, id, HazardAction.REJECT, h -> h.reject(reason), h -> "理由：" + h.rejectReason());
    }

    @Transactional
    public Hazards.Row fixOnSpot(Actor me, long id, String note, Upload afterPhoto) {
        return step(me, id, HazardAction.FIX_ON_SPOT, h -> {
            addEvidence(me, h, afterPhoto);
            h.fixOnSpot(me.username(), note, photos.count(h.id(), Stage.AFTER), clock.instant());
        }, h -> "已现场整改，待他人确认");
    }

    @Transactional
    public Hazards.Row confirmFix(Actor me, long id) {
        return step(me, id, HazardAction.CONFIRM_FIX, h -> h.confirmFix(me.username(), clock.instant()), h -> "确认整改有效");
    }

    @Transactional
    public Hazards.Row refuseFix(Actor me, long id, String reason) {
        String[] fixer = new String[1];
        Hazards.Row row = step(me, id, HazardAction.REFUSE_FIX, h -> {
            fixer[0] = h.rectifiedBy(); // the refusal clears it: who fixed it is told before it is gone
            h.refuseFix(me.username(), reason, clock.instant());
        }, h -> "理由：" + h.acceptanceOpinion());
        Hazard h = row.hazard();
        sentBack(Collections.singletonList(fixer[0]), h, "即查即改未获确认，请重新整改：" + h.title() + "。理由：" + h.acceptanceOpinion());
        return row;
    }

    /**
     * A hazard sent back (验收不通过, 不同意销号, 即查即改未获确认): whoever must act again is told why, in the inbox and by
     * the e-mail every notice brings — until now only the page said so, to whoever happened to open it.
     */
    private void sentBack(List<String> to, Hazard h, String message) {
        notices.send(to, Notices.Kind.SENT_BACK, h.id(), message);
    }

    @Transactional
    public Hazards.Row assign(Actor me, long id, RemediationPlan plan) {
        String[] responsibleName = {null}; // the check below reads the name the audit detail shows: one lookup, not two
        Hazards.Row row = step(me, id, HazardAction.ASSIGN, x -> {
            if (plan.responsible() != null && !plan.responsible().isBlank()) {
                responsibleName[0] = hazards.nameOfPersonOf(x.enterpriseId(), plan.responsible().strip())
                        .orElseThrow(() -> DomainException.invalid("responsible", "整改责任人须是本企业的在岗账号"));
            }
            x.assign(plan, today());
        }, x -> "责任人：" + (responsibleName[0] != null ? responsibleName[0] : names.nameOf(x.responsible())) + "，期限：" + x.deadline()
                + (x.funds() != null ? "，资金：" + x.funds() + " 元" : ""));
        Hazard h = row.hazard();
        notices.send(List.of(h.responsible()), Notices.Kind.ASSIGNED, h.id(),
                "请在 " + h.deadline() + " 前完成整改：" + h.title());
        return row;
    }

    @Transactional
    public Hazards.Row complete(Actor me, long id, String note, Upload afterPhoto) {
        return step(me, id, HazardAction.COMPLETE, h -> {
            // A worker rectifies what was assigned to them; managers may record the completion for anyone.
            if (!me.can(Permissions.WRITE) && !me.username().equals(h.responsible())) {
                throw new DomainException(HttpStatus.FORBIDDEN, "只有整改责任人可以提交整改完成", null);
            }
            addEvidence(me, h, afterPhoto);
            h.complete(me.username(), note, photos.count(h.id(), Stage.AFTER), clock.instant());
        }, h -> "整改说明：" + h.rectificationNote());
    }

    @Transactional
    public Hazards.Row accept(Actor me, long id, boolean passed, String opinion) {
        String[] rectifier = new String[1];
        Hazards.Row row = step(me, id, HazardAction.ACCEPT, h -> {
            rectifier[0] = h.rectifiedBy();
            h.accept(me.username(), passed, opinion, clock.instant());
        }, h -> (passed ? "验收通过" : "验收不通过") + (h.acceptanceOpinion() != null ? "：" + h.acceptanceOpinion() : ""));
        Hazard h = row.hazard();
        if (!passed) {
            sentBack(Arrays.asList(h.responsible(), rectifier[0]), h, "验收不通过，请重新整改：" + h.title()
                    + "。意见：" + h.acceptanceOpinion() + (h.deadline() != null ? "；整改期限 " + h.deadline() : ""));
        }
        return row;
    }

    @Transactional
    public Hazards.Row requestExtension(Actor me, long id, LocalDate newDeadline, String reason) {
        Hazards.Row row = step(me, id, HazardAction.REQUEST_EXTENSION, x -> {
            if (!me.can(Permissions.WRITE) && !me.username().equals(x.responsible())) {
                throw new DomainException(HttpStatus.FORBIDDEN, "只有整改责任人可以申请延期", null);
            }
            x.requestExtension(me.username(), newDeadline, reason);
        }, x -> "申请延期至 " + x.extensionDeadline() + "，理由：" + x.extensionReason());
        Hazard h = row.hazard();
        notices.send(notices.managersOf(h.enterpriseId()), Notices.Kind.EXTENSION, h.id(),
                "延期申请待审批：" + h.title() + "（申请延期至 " + h.extensionDeadline() + "）");
        return row;
    }

    @Transactional
    public Hazards.Row decideExtension(Actor me, long id, boolean approved) {
        String[] requester = new String[1];
        Hazards.Row row = step(me, id, HazardAction.DECIDE_EXTENSION, h -> {
            requester[0] = h.extensionRequestedBy();
            h.decideExtension(me.username(), approved);
        }, h -> approved ? "同意延期，新期限：" + h.deadline() : "不同意延期，期限仍为 " + h.deadline());
        // whoever asked learns the answer: until now only the page said which deadline holds
        Hazard h = row.hazard();
        notices.send(java.util.Collections.singletonList(requester[0]), Notices.Kind.EXTENSION, h.id(),
                (approved ? "延期申请已同意，整改期限改为 " : "延期申请未同意，整改期限仍为 ") + h.deadline() + "：" + h.title());
        return row;
    }

    @Transactional
    public Hazards.Row supervise(Actor me, long id, String docNo, String level, LocalDate deadline) {
        LocalDate[] planned = new LocalDate[1];
        Hazards.Row row = step(me, id, HazardAction.SUPERVISE, x -> {
            if (me.jurisdiction().kind() != cn.shuangkong.shared.Jurisdiction.Kind.REGULATOR) {
                throw new DomainException(HttpStatus.FORBIDDEN, "只有监管部门可以挂牌督办", null);
            }
            planned[0] = x.deadline();
            x.supervise(me.username(), accounts.departmentIdOf(me.username()).orElse(null), docNo, level, deadline, today());
        }, x -> "文号：" + x.supervisionDocNo() + "，" + x.supervisionLevel() + "，督办期限：" + x.supervisionDeadline() + broughtForward(planned[0], x));
        Hazard h = row.hazard();
        List<String> to = new ArrayList<>(notices.managersOf(h.enterpriseId()));
        to.add(h.responsible());
        notices.send(to, Notices.Kind.SUPERVISED, h.id(), "重大隐患被挂牌督办（" + h.supervisionDocNo() + "）：" + h.title() + broughtForward(planned[0], h));
        return row;
    }

    /**
     * 调整督办期限: the department that listed the hazard, or one above it, moves the 督办期限 with a reason while the listing
     * is open (ADR 0066). The 整改期限 follows ({@link Hazard#adjustSupervisionDeadline}); the audit record says old → new,
     * why and who; the enterprise's managers and the responsible person are told; the 逾期 alert is re-checked at once.
     */
    @Transactional
    public Hazards.Row adjustSupervision(Actor me, long id, LocalDate newDeadline, String reason) {
        LocalDate[] before = new LocalDate[2]; // the 督办期限 and the 整改期限 before the change
        Hazards.Row row = step(me, id, HazardAction.ADJUST_SUPERVISION, x -> {
            if (x.supervised() && x.state().open() && !mayAdjustSupervision(me, x)) { // not listed or ended: the 409 first
                throw new DomainException(HttpStatus.FORBIDDEN, "只有挂牌督办的部门（" + listingDepartment(x) + "）或其上级部门可以调整督办期限", null);
            }
            before[0] = x.supervisionDeadline();
            before[1] = x.adjustSupervisionDeadline(newDeadline, reason, today());
        }, x -> supervisionMoved(before[0], before[1], x) + "，理由：" + reason.strip());
        Hazard h = row.hazard();
        List<String> to = new ArrayList<>(notices.managersOf(h.enterpriseId()));
        to.add(h.responsible());
        notices.send(to, Notices.Kind.SUPERVISED, h.id(), "挂牌督办（" + h.supervisionDocNo() + "）" + supervisionMoved(before[0], before[1], h)
                + "：" + h.title() + "。理由：" + reason.strip());
        return row;
    }

    /** "督办期限由 A 延长至 B" and, when it moved too, "；整改期限由 C 调整为 D". */
    private static String supervisionMoved(LocalDate oldSupervision, LocalDate oldDeadline, Hazard h) {
        String moved = "督办期限由 " + oldSupervision + (h.supervisionDeadline().isAfter(oldSupervision) ? " 延长至 " : " 提前至 ") + h.supervisionDeadline();
        return oldDeadline == null || oldDeadline.equals(h.deadline()) ? moved : moved + "；整改期限由 " + oldDeadline + " 调整为 " + h.deadline();
    }

    /**
     * Whether {@code me} is of the department that listed the hazard or of one above it: a regulator whose region
     * contains that department's and whose industries cover its (全行业 covers all). A listing whose department is not
     * known (listed before V299 by an account since removed) is open to any regulator whose scope holds the hazard.
     */
    public boolean mayAdjustSupervision(Actor me, Hazard h) {
        Jurisdiction mine = me.jurisdiction();
        if (mine.kind() != Jurisdiction.Kind.REGULATOR || !h.supervised()) return false;
        if (h.supervisionDepartmentId() == null) return true;
        var listing = departments.find(h.supervisionDepartmentId());
        if (listing.isEmpty()) return true;
        var d = listing.get();
        boolean region = Jurisdiction.regionPrefix(d.regionCode()).startsWith(mine.regionPrefix());
        boolean industries = mine.industries().isEmpty()
                || (!d.industries().isEmpty() && d.industries().stream().allMatch(i -> mine.industries().stream().anyMatch(i::startsWith)));
        return region && industries;
    }

    /**
     * 谁督办、谁销号 (ADR 0069): the 销号 of a listed hazard is its listing department's or one above it
     * ({@link #mayAdjustSupervision}); of one not listed, any regulator's whose scope holds it, as before.
     */
    public boolean mayDecideClosure(Actor me, Hazard h) {
        return !h.supervised() || mayAdjustSupervision(me, h);
    }

    /** The name of the department that listed the hazard, when known (listings before V299 by a removed account are not). */
    public Optional<String> listingDepartmentName(Hazard h) {
        return h.supervisionDepartmentId() == null ? Optional.empty()
                : departments.find(h.supervisionDepartmentId()).map(Departments.Department::name);
    }

    private String listingDepartment(Hazard h) {
        return listingDepartmentName(h).orElse("督办部门");
    }

    private static String broughtForward(LocalDate planned, Hazard h) {
        return planned == null || planned.equals(h.deadline()) ? "" : "；整改期限由 " + planned + " 提前至督办期限 " + h.deadline();
    }

    @Transactional
    public Hazards.Row decideClosure(Actor me, long id, boolean approved, String opinion) {
        String[] rectifier = new String[1];
        Hazards.Row row = step(me, id, HazardAction.APPROVE_CLOSURE, h -> {
            if (h.allowedActions().contains(HazardAction.APPROVE_CLOSURE) && !mayDecideClosure(me, h)) { // not awaiting it: the 409 first
                throw new DomainException(HttpStatus.FORBIDDEN, "挂牌督办的重大隐患由督办部门（" + listingDepartment(h) + "）或其上级部门审批销号", null);
            }
            rectifier[0] = h.rectifiedBy();
            h.decideClosure(me.username(), approved, opinion, clock.instant());
        },
                // the regulator's words in both cases: an approval's opinion is kept nowhere else
                h -> approved ? "同意销号" + (opinion == null || opinion.isBlank() ? "" : "：" + opinion.strip())
                        : "不同意销号：" + h.acceptanceOpinion());
        Hazard h = row.hazard();
        if (!approved) { // the rectifier works again, and the managers who accepted it must accept it again
            List<String> to = new ArrayList<>(Arrays.asList(h.responsible(), rectifier[0]));
            to.addAll(notices.managersOf(h.enterpriseId()));
            sentBack(to, h, "监管部门不同意销号，请重新整改：" + h.title() + "。意见：" + h.acceptanceOpinion()
                    + (h.deadline() != null ? "；整改期限 " + h.deadline() : ""));
        }
        return row;
    }

    /** Adds a photo of the hazard as found (before) or as fixed (after), outside any step. */
    @Transactional
    public void addPhoto(Actor me, long id, Stage stage, Upload upload) {
        if (!me.can(Permissions.REPORT) && !me.can(Permissions.WRITE) && !me.can(Permissions.RECTIFY)) {
            throw new DomainException(HttpStatus.FORBIDDEN, "您没有上传隐患照片的权限", null);
        }
        Hazards.Locked locked = hazards.lock(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("隐患"));
        Hazard h = locked.hazard();
        if (!h.state().open()) {
            throw DomainException.conflict("隐患已" + h.state().label + "，不能再添加照片");
        }
        if (upload == null) {
            throw DomainException.invalid("photo", "请选择照片");
        }
        photos.add(id, h.enterpriseId(), stage, upload, me.username(), clock.instant());
        events.publishEvent(new StateChanged("上传隐患照片", "hazard", String.valueOf(id),
                (stage == Stage.BEFORE ? "整改前" : "整改后") + "照片", h.enterpriseId(), locked.regionCode()));
    }

    /**
     * The frame of every step: lock the hazard in the caller's scope, check the permission, let the domain object
     * change, save, and audit "before → after" with the step's own detail. Answers the hazard as saved, with its
     * names, so that the caller need not read it again (ADR 0038).
     */
    private Hazards.Row step(Actor me, long id, HazardAction action, Consumer<Hazard> change, java.util.function.Function<Hazard, String> detail) {
        Hazards.Locked locked = hazards.lock(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("隐患"));
        Hazard h = locked.hazard();
        if (!me.can(action.permission)) {
            throw new DomainException(HttpStatus.FORBIDDEN, "您没有权限" + action.label, null);
        }
        HazardState before = h.state();
        boolean wasMajorRegistered = h.major() && before == HazardState.REGISTERED;
        change.accept(h);
        Hazards.Row saved = hazards.update(locked, clock.instant());
        events.publishEvent(new StateChanged(action.label, "hazard", String.valueOf(id),
                (before == h.state() ? "" : before.label + " → " + h.state().label + "；") + detail.apply(h), h.enterpriseId(), locked.regionCode()));
        if (h.major() && h.state() == HazardState.REGISTERED && !wasMajorRegistered) {
            reportMajor(h, locked.enterpriseName(), locked.regionCode()); // a 随手拍 graded 重大 on confirmation is reported the moment it is registered
        }
        return saved;
    }

    private void reportMajor(Hazard h, String enterpriseName, String regionCode) {
        notices.send(notices.regulatorsOf(h.enterpriseId()), Notices.Kind.MAJOR, h.id(),
                enterpriseName + " 登记重大隐患：" + h.title());
        events.publishEvent(new StateChanged("报告重大隐患", "hazard", String.valueOf(h.id()),
                "已报告属地监管部门：" + (h.criterionText() != null ? h.criterionText() : h.majorReason()),
                h.enterpriseId(), regionCode));
    }

    private void addEvidence(Actor me, Hazard h, Upload afterPhoto) {
        if (afterPhoto != null) {
            photos.add(h.id(), h.enterpriseId(), Stage.AFTER, afterPhoto, me.username(), clock.instant());
        }
    }

    private Enterprise enterpriseFor(Actor me, Long enterpriseId) {
        if (me.enterpriseId() != null) {
            if (enterpriseId != null && !enterpriseId.equals(me.enterpriseId())) {
                throw DomainException.invalid("enterpriseId", "只能登记本企业的隐患");
            }
            return enterprises.findUnscoped(me.enterpriseId()).orElseThrow();
        }
        if (enterpriseId == null) {
            throw DomainException.invalid("enterpriseId", "请选择隐患所在企业");
        }
        return enterprises.find(me.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
    }

    private Grading grade(GradingInput in) {
        GradingInput g = in == null ? GradingInput.general() : in;
        MajorHazardCriteria.Criterion criterion = null;
        if (g.criterionCode() != null && !g.criterionCode().isBlank()) {
            criterion = criteria.find(g.criterionCode())
                    .orElseThrow(() -> DomainException.invalid("criterionCode", "未知的判定标准条款：" + g.criterionCode()));
        }
        return Grading.of(g.level() == null ? HazardLevel.GENERAL : g.level(), criterion, g.majorReason());
    }

    private static void check(HazardReport r) {
        if (r.source() == null) throw DomainException.invalid("source", "请选择隐患来源");
        if (r.type() == null) throw DomainException.invalid("type", "请选择隐患类型");
        if (r.title() == null || r.title().isBlank()) throw DomainException.invalid("title", "请填写隐患名称");
        if (r.title().strip().length() > 100) throw DomainException.invalid("title", "隐患名称不能超过 100 字");
        if (r.description() == null || r.description().isBlank()) throw DomainException.invalid("description", "请描述隐患情况");
        if (r.description().length() > 2000) throw DomainException.invalid("description", "隐患描述不能超过 2000 字");
        if (r.location() == null || r.location().isBlank()) throw DomainException.invalid("location", "请填写隐患部位");
        if (r.location().length() > 200) throw DomainException.invalid("location", "隐患部位不能超过 200 字");
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
