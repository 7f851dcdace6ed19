package cn.shuangkong.hazard;

import cn.shuangkong.hazard.internal.Grading;
import cn.shuangkong.hazard.internal.RemediationPlan;
import cn.shuangkong.shared.DomainException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/**
 * One hazard and its closed loop. Every step is a method here that first checks the step is allowed in the current
 * state, then the step's own rules (evidence, 五落实, a second person), so that no caller can skip or bend the loop.
 * Fields are package-private only so that {@link Hazards} can load and save them.
 */
public class Hazard {

    Long id;
    long enterpriseId;
    HazardSource source;
    HazardLevel level = HazardLevel.GENERAL;
    String criterionCode;
    String criterionText;
    String majorReason;
    HazardType type;
    Long riskPointId;
    Long measureId;
    String title;
    String description;
    String location;
    String foundBy;
    Instant foundAt;
    String clientKey;
    HazardState state;
    String rejectReason;

    String responsible;
    String measures;
    BigDecimal funds;
    LocalDate deadline;
    String contingencyPlan;

    boolean fixedOnSpot;
    String rectifiedBy;
    Instant rectifiedAt;
    String rectificationNote;

    String acceptedBy;
    Instant acceptedAt;
    String acceptanceOpinion;

    LocalDate extensionDeadline;
    String extensionReason;
    String extensionRequestedBy;

    boolean overdue;
    boolean reminded;
    Instant escalatedAt;

    boolean supervised;
    String supervisionDocNo;
    String supervisionLevel;
    LocalDate supervisionDeadline;
    String supervisedBy;
    /** The department that listed it: it, or one above it, may move the 督办期限 (ADR 0066). */
    Long supervisionDepartmentId;

    Instant closedAt;
    /** When the row was last written, by the database (ADR 0027): a mirror's watermark, not a business time. */
    Instant updatedAt;

    Long repeatOf;
    int earlierInWindow;

    /** How far back a hazard of the same type at the same risk point makes a new one a 重复隐患. */
    public static final java.time.Duration RECURRENCE_WINDOW = java.time.Duration.ofDays(90);

    Hazard() {
    }

    /** A hazard just found: a 随手拍 waits for confirmation, every other source enters the loop registered. */
    public static Hazard found(long enterpriseId, HazardReport report, Grading grading, String by, Instant now) {
        var h = new Hazard();
        h.enterpriseId = enterpriseId;
        h.source = report.source();
        h.type = report.type();
        h.riskPointId = report.riskPointId();
        h.measureId = report.measureId();
        h.title = report.title();
        h.description = report.description();
        h.location = report.location();
        h.foundAt = report.foundAt() != null ? report.foundAt() : now;
        h.foundBy = by;
        h.clientKey = report.clientKey();
        h.state = report.source() == HazardSource.SNAPSHOT ? HazardState.PENDING_CONFIRMATION : HazardState.REGISTERED;
        h.grade(grading);
        return h;
    }

    /**
     * 重复: the same type of hazard at the same risk point within {@link #RECURRENCE_WINDOW}; {@code latest} is the
     * most recent earlier one and {@code earlier} how many there were in the window.
     */
    void markRecurrence(Long latest, int earlier) {
        if (latest != null && earlier > 0) {
            repeatOf = latest;
            earlierInWindow = earlier;
        }
    }

    public boolean repeated() {
        return repeatOf != null;
    }

    /** The steps open to someone now; the pages show exactly these and a 409 names them. */
    public Set<HazardAction> allowedActions() {
        Set<HazardAction> allowed = EnumSet.noneOf(HazardAction.class);
        switch (state) {
            case PENDING_CONFIRMATION -> allowed.addAll(List.of(HazardAction.CONFIRM, HazardAction.REJECT));
            case REGISTERED -> {
                // A 重大隐患 always needs a 治理方案; fixing it on the spot would skip the 五落实.
                if (!major()) allowed.add(HazardAction.FIX_ON_SPOT);
                allowed.add(HazardAction.ASSIGN);
            }
            case FIXED_ON_SPOT -> allowed.addAll(List.of(HazardAction.CONFIRM_FIX, HazardAction.REFUSE_FIX));
            case RECTIFYING -> {
                allowed.add(HazardAction.COMPLETE);
                if (extensionPending()) allowed.add(HazardAction.DECIDE_EXTENSION);
                // at the 督办期限 already, no extension could be granted: the form is not offered (ADR 0062)
                else if (!(supervised && deadline != null && !deadline.isBefore(supervisionDeadline))) allowed.add(HazardAction.REQUEST_EXTENSION);
            }
            case RECTIFIED -> allowed.add(HazardAction.ACCEPT);
            case AWAITING_REGULATOR -> allowed.add(HazardAction.APPROVE_CLOSURE);
            case REJECTED, CLOSED -> { }
        }
        if (major() && !supervised && state.open() && state != HazardState.AWAITING_REGULATOR) {
            allowed.add(HazardAction.SUPERVISE);
        }
        if (supervised && state.open()) allowed.add(HazardAction.ADJUST_SUPERVISION);
        return allowed;
    }

    /** 随手拍 confirmed by the safety manager, who grades it on the way in. */
    public void confirm(Grading grading) {
        require(HazardAction.CONFIRM);
        grade(grading);
        state = HazardState.REGISTERED;
    }

    public void reject(String reason) {
        require(HazardAction.REJECT);
        rejectReason = required("reason", reason, "请填写驳回理由");
        state = HazardState.REJECTED;
    }

    /** 即查即改: fixed on the spot, proven by a photo taken after the fix; a second person still confirms it. */
    public void fixOnSpot(String by, String note, int afterPhotos, Instant now) {
        require(HazardAction.FIX_ON_SPOT);
        if (afterPhotos == 0) {
            throw DomainException.invalid("photo", "即查即改须上传整改后的照片");
        }
        fixedOnSpot = true;
        rectifiedBy = by;
        rectifiedAt = now;
        rectificationNote = note;
        state = HazardState.FIXED_ON_SPOT;
    }

    public void confirmFix(String by, Instant now) {
        require(HazardAction.CONFIRM_FIX);
        notSelf(by, rectifiedBy, "即查即改须由整改人以外的人员确认");
        acceptedBy = by;
        acceptedAt = now;
        close(now);
    }

    /** The fix did not hold: back to 已登记, where it can be fixed again or put under 限期整改. */
    public void refuseFix(String by, String reason, Instant now) {
        require(HazardAction.REFUSE_FIX);
        notSelf(by, rectifiedBy, "即查即改须由整改人以外的人员确认");
        acceptanceOpinion = required("reason", reason, "请填写退回理由");
        acceptedBy = by;
        acceptedAt = now;
        fixedOnSpot = false;
        sendBack(HazardState.REGISTERED);
    }

    /** 限期整改; for a 重大隐患 the plan is the 治理方案 and must carry all of the 五落实. */
    public void assign(RemediationPlan plan, LocalDate today) {
        require(HazardAction.ASSIGN);
        Map<String, String> missing = new LinkedHashMap<>();
        if (blank(plan.responsible())) missing.put("responsible", "责任");
        if (blank(plan.measures())) missing.put("measures", "措施");
        if (major() && (plan.funds() == null || plan.funds().signum() <= 0)) missing.put("funds", "资金");
        if (plan.deadline() == null) missing.put("deadline", "时限");
        if (major() && blank(plan.contingencyPlan())) missing.put("contingencyPlan", "预案");
        if (!missing.isEmpty()) {
            String what = String.join("、", missing.values());
            String message = major() ? "重大隐患治理方案未落实“五落实”，缺少：" + what : "限期整改缺少：" + what;
            throw new DomainException(HttpStatus.BAD_REQUEST, message,
                    missing.keySet().stream().collect(Collectors.toMap(k -> k, k -> "必填", (a, b) -> a, LinkedHashMap::new)));
        }
        if (plan.deadline().isBefore(today)) {
            throw DomainException.invalid("deadline", "整改期限不能早于今天");
        }
        withinSupervision(plan.deadline(), "整改期限");
        if (plan.funds() != null && plan.funds().signum() < 0) {
            throw DomainException.invalid("funds", "整改资金不能为负数");
        }
        responsible = plan.responsible().strip();
        measures = plan.measures().strip();
        funds = plan.funds();
        deadline = plan.deadline();
        contingencyPlan = blank(plan.contingencyPlan()) ? null : plan.contingencyPlan().strip();
        overdue = false;
        reminded = false;
        state = HazardState.RECTIFYING;
    }

    public void complete(String by, String note, int afterPhotos, Instant now) {
        require(HazardAction.COMPLETE);
        String text = required("note", note, "请说明整改情况");
        if (afterPhotos == 0) {
            throw DomainException.invalid("photo", "整改完成须上传整改后的照片作为证据");
        }
        rectifiedBy = by;
        rectifiedAt = now;
        rectificationNote = text;
        state = HazardState.RECTIFIED;
    }

    /** 验收 by someone other than the rectifier: pass closes (or, under 挂牌督办, goes to the regulator), fail reopens. */
    public void accept(String by, boolean passed, String opinion, Instant now) {
        require(HazardAction.ACCEPT);
        notSelf(by, rectifiedBy, "不能验收自己完成的整改，须由他人验收");
        if (!passed) {
            acceptanceOpinion = required("opinion", opinion, "验收不通过须写明意见");
        } else {
            acceptanceOpinion = blank(opinion) ? null : opinion.strip();
        }
        acceptedBy = by;
        acceptedAt = now;
        if (!passed) {
            sendBack(HazardState.RECTIFYING);
        } else if (supervised) {
            state = HazardState.AWAITING_REGULATOR;
        } else {
            close(now);
        }
    }

    public void requestExtension(String by, LocalDate newDeadline, String reason) {
        require(HazardAction.REQUEST_EXTENSION);
        String why = required("reason", reason, "请填写延期理由");
        if (newDeadline == null || !newDeadline.isAfter(deadline)) {
            throw DomainException.invalid("deadline", "延期后的期限须晚于当前期限 " + deadline);
        }
        withinSupervision(newDeadline, "延期后的期限");
        extensionDeadline = newDeadline;
        extensionReason = why;
        extensionRequestedBy = by;
    }

    /** Decided by someone other than the requester (the level above); approval moves the deadline and lifts 逾期. */
    public void decideExtension(String by, boolean approved) {
        require(HazardAction.DECIDE_EXTENSION);
        notSelf(by, extensionRequestedBy, "不能审批自己的延期申请");
        if (approved) {
            withinSupervision(extensionDeadline, "延期后的期限"); // 挂牌督办 may have come after the request
            deadline = extensionDeadline;
            overdue = false;
            reminded = false;
        }
        extensionDeadline = null;
        extensionReason = null;
        extensionRequestedBy = null;
    }

    /**
     * 挂牌督办 by a regulator; from now on 销号 needs that regulator's approval, and the 督办期限 binds the 整改期限: a
     * later one is brought forward to it, so that the hazard is 逾期 (marked, escalated, alerted, counted) the day after
     * the regulator's deadline like after any other (ADR 0062).
     */
    public void supervise(String by, String docNo, String supervisionLevel, LocalDate supervisionDeadline, LocalDate today) {
        supervise(by, null, docNo, supervisionLevel, supervisionDeadline, today);
    }

    /** {@link #supervise} by an account of the department {@code departmentId}, which may later move the 督办期限. */
    public void supervise(String by, Long departmentId, String docNo, String supervisionLevel, LocalDate supervisionDeadline, LocalDate today) {
        require(HazardAction.SUPERVISE);
        supervisionDocNo = required("docNo", docNo, "请填写督办文号");
        this.supervisionLevel = required("level", supervisionLevel, "请选择督办级别");
        if (supervisionDeadline == null || supervisionDeadline.isBefore(today)) {
            throw DomainException.invalid("deadline", "督办期限须为今天或以后");
        }
        this.supervisionDeadline = supervisionDeadline;
        supervisedBy = by;
        supervisionDepartmentId = departmentId;
        supervised = true;
        if (deadline != null && deadline.isAfter(supervisionDeadline)) {
            deadline = supervisionDeadline;
            reminded = false; // the reminder ahead of the new deadline is still owed
        }
    }

    /**
     * The listing department (or one above it, checked by the caller) moves its 督办期限 — 延长 or 提前 — with a reason,
     * while the listing is open (ADR 0066). The 整改期限 stays bound to it: one later than the new date is brought
     * forward to it, and one that stood at the old 督办期限 moves with it, so that a hazard 逾期 only because the old
     * date passed is no longer 逾期 (the mark is lifted here; the alert and every count follow it). An earlier 整改期限
     * of the enterprise's own stays as planned. Answers the 整改期限 before the change.
     */
    public LocalDate adjustSupervisionDeadline(LocalDate newDeadline, String reason, LocalDate today) {
        if (!supervised) throw DomainException.conflict("该隐患未挂牌督办，没有督办期限可调整");
        if (!state.open()) throw DomainException.conflict("隐患已" + state.label + "，挂牌督办已结束，不能调整督办期限");
        require(HazardAction.ADJUST_SUPERVISION);
        required("reason", reason, "请填写调整督办期限的理由"); // the reason lives in the audit record, not on the hazard
        if (newDeadline == null || newDeadline.isBefore(today)) {
            throw DomainException.invalid("deadline", "督办期限须为今天或以后");
        }
        if (newDeadline.equals(supervisionDeadline)) {
            throw DomainException.invalid("deadline", "新的督办期限与当前督办期限相同：" + supervisionDeadline);
        }
        LocalDate old = supervisionDeadline, planned = deadline;
        supervisionDeadline = newDeadline;
        if (deadline != null && (deadline.isAfter(newDeadline) || deadline.equals(old))) {
            deadline = newDeadline;
            reminded = false; // the reminder ahead of the new date is owed again
            overdue = false;  // the new date is today or later: 逾期 follows its deadline back (derived state follows its source)
        }
        return planned;
    }

    /** Under 挂牌督办 no 整改期限 of the enterprise's own may pass the regulator's 督办期限. */
    private void withinSupervision(LocalDate date, String what) {
        if (supervised && date.isAfter(supervisionDeadline)) {
            throw DomainException.invalid("deadline", "已挂牌督办，" + what + "不能晚于督办期限 " + supervisionDeadline);
        }
    }

    /**
     * The regulator's 销号 decision. A refusal is the last word on the rectification, so it is recorded as the regulator's
     * (by, when, why) in place of the enterprise's acceptance, which stays in the history: the opinion must never read
     * as the enterprise acceptor's.
     */
    public void decideClosure(String by, boolean approved, String opinion, Instant now) {
        require(HazardAction.APPROVE_CLOSURE);
        if (approved) {
            close(now);
        } else {
            acceptanceOpinion = required("opinion", opinion, "不同意销号须写明意见");
            acceptedBy = by;
            acceptedAt = now;
            sendBack(HazardState.RECTIFYING);
        }
    }

    /**
     * A rectification refused (at 验收, at the regulator's 销号, or a 即查即改 not confirmed) is no longer the hazard's
     * rectification: the page, the 台账 and the statistics would otherwise read 整改完成 on a hazard being rectified
     * again. What was done and why it was refused stay in the history; the refusal stays as the last decision.
     */
    private void sendBack(HazardState to) {
        rectifiedBy = null;
        rectifiedAt = null;
        rectificationNote = null;
        state = to;
    }

    private void close(Instant now) {
        state = HazardState.CLOSED;
        closedAt = now;
        overdue = false;
    }

    private void grade(Grading g) {
        level = g.level();
        criterionCode = g.criterionCode();
        criterionText = g.criterionText();
        majorReason = g.majorReason();
    }

    private void require(HazardAction action) {
        Set<HazardAction> allowed = allowedActions();
        if (!allowed.contains(action)) {
            List<String> names = new ArrayList<>();
            allowed.forEach(a -> names.add(a.label));
            throw DomainException.conflict("隐患当前状态为「" + state.label + "」，不能" + action.label + "。当前允许的操作："
                    + (names.isEmpty() ? "无（闭环已结束）" : String.join("、", names)));
        }
    }

    private static void notSelf(String by, String other, String message) {
        if (Objects.equals(by, other)) {
            throw new DomainException(HttpStatus.FORBIDDEN, message, null);
        }
    }

    private static String required(String field, String value, String message) {
        if (blank(value)) {
            throw DomainException.invalid(field, message);
        }
        return value.strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public boolean major() {
        return level == HazardLevel.MAJOR;
    }

    public boolean extensionPending() {
        return extensionDeadline != null;
    }

    public Long id() { return id; }
    public long enterpriseId() { return enterpriseId; }
    public HazardSource source() { return source; }
    public HazardLevel level() { return level; }
    public String criterionCode() { return criterionCode; }
    public String criterionText() { return criterionText; }
    public String majorReason() { return majorReason; }
    public HazardType type() { return type; }
    public Long riskPointId() { return riskPointId; }

    /** The control measure whose failure this hazard is, when known. */
    public Long measureId() { return measureId; }
    public String title() { return title; }
    public String description() { return description; }
    public String location() { return location; }
    public String foundBy() { return foundBy; }
    public Instant foundAt() { return foundAt; }
    public String clientKey() { return clientKey; }
    public HazardState state() { return state; }
    public String rejectReason() { return rejectReason; }
    public String responsible() { return responsible; }
    public String measures() { return measures; }
    public BigDecimal funds() { return funds; }
    public LocalDate deadline() { return deadline; }
    public String contingencyPlan() { return contingencyPlan; }
    public boolean fixedOnSpot() { return fixedOnSpot; }
    public String rectifiedBy() { return rectifiedBy; }
    public Instant rectifiedAt() { return rectifiedAt; }
    public String rectificationNote() { return rectificationNote; }
    public String acceptedBy() { return acceptedBy; }
    public Instant acceptedAt() { return acceptedAt; }
    public String acceptanceOpinion() { return acceptanceOpinion; }
    public LocalDate extensionDeadline() { return extensionDeadline; }
    public String extensionReason() { return extensionReason; }
    public String extensionRequestedBy() { return extensionRequestedBy; }
    public boolean overdue() { return overdue; }
    public boolean reminded() { return reminded; }
    public Instant escalatedAt() { return escalatedAt; }
    public boolean supervised() { return supervised; }
    public String supervisionDocNo() { return supervisionDocNo; }
    public String supervisionLevel() { return supervisionLevel; }
    public LocalDate supervisionDeadline() { return supervisionDeadline; }
    public String supervisedBy() { return supervisedBy; }
    public Long supervisionDepartmentId() { return supervisionDepartmentId; }
    public Instant closedAt() { return closedAt; }
    public Instant updatedAt() { return updatedAt; }
    public Long repeatOf() { return repeatOf; }
    public int earlierInWindow() { return earlierInWindow; }
}
