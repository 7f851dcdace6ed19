package cn.shuangkong.referral;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.access.Accounts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.hazard.Notices;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Departments.Department;
import cn.shuangkong.referral.internal.ReferredItems;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 隐患抄告 and 治理反馈: a regulator refers an item of its scope to the department whose remit it is; that department
 * 签收s, then 办结s with a result or 退回s with a reason. A referral is seen by the two departments (and the platform's
 * administrators) only — not by the enterprise, not by other departments; every step is audited and told to the other
 * side's inbox. A referral not answered (办结 or 退回) by its deadline is 逾期, which the alert centre raises.
 */
@Service
public class Referrals {

    /** What may be referred. */
    public enum ItemKind {
        HAZARD("隐患"), FINDING("执法检查发现问题"), PUBLIC_REPORT("群众举报");
        public final String label;
        ItemKind(String label) { this.label = label; }
        public String label() { return label; }
    }

    /** Where a referral stands; HANDLED and RETURNED are answers (治理反馈). */
    public enum Status {
        SENT("待签收"), ACCEPTED("已签收办理中"), HANDLED("已办结反馈"), RETURNED("已退回");
        public final String label;
        Status(String label) { this.label = label; }
        public String label() { return label; }
        public boolean answered() { return this == HANDLED || this == RETURNED; }
    }

    public record Referral(long id, ItemKind itemKind, long itemId, String itemTitle, String itemSummary, long enterpriseId,
                           String enterpriseName, String regionCode, String regionName, long fromDepartmentId,
                           String fromDepartmentName, long toDepartmentId, String toDepartmentName, String referredBy,
                           Instant referredAt, LocalDate deadline, String note, Status status, String acceptedBy,
                           Instant acceptedAt, String answeredBy, Instant answeredAt, String answer) {
        public boolean overdue(LocalDate today) {
            return !status.answered() && deadline.isBefore(today);
        }

        public List<String> summaryLines() {
            return itemSummary.lines().toList();
        }
    }

    /** One step of a referral's life. */
    public record Step(String action, String note, String actor, String actorName, Instant at) {
        public String label() {
            return switch (action) {
                case "REFERRED" -> "抄告";
                case "ACCEPTED" -> "签收";
                case "HANDLED" -> "办结反馈";
                default -> "退回";
            };
        }
    }

    /** Which referrals a list shows: those the viewer's department received, or sent. */
    public enum Box { IN, OUT }

    /** A referral past its deadline without an answer, as the alert centre raises it. */
    public record Overdue(long id, long enterpriseId, String enterpriseName, String itemTitle, String fromDepartmentName,
                          String toDepartmentName, LocalDate deadline, Instant referredAt, Status status) { }

    private static final String SELECT = """
            select r.id, r.item_kind, r.item_id, r.item_title, r.item_summary, r.enterprise_id, e.name as enterprise_name,
                   r.region_code, rg.name as region_name, r.from_department_id, fd.name as from_department_name,
                   r.to_department_id, td.name as to_department_name, r.referred_by, r.referred_at, r.deadline, r.note,
                   r.status, r.accepted_by, r.accepted_at, r.answered_by, r.answered_at, r.answer
              from referral r join (%1$s) e on e.id = r.enterprise_id join (%2$s) rg on rg.code = r.region_code
              join (%3$s) fd on fd.id = r.from_department_id join (%3$s) td on td.id = r.to_department_id
            """.formatted(OrganizationFacts.enterprises(), OrganizationFacts.regions(), OrganizationFacts.departments());
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final JdbcClient jdbc;
    private final Departments departments;
    private final ReferredItems items;
    private final Notices notices;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Accounts accounts;

    Referrals(JdbcClient jdbc, Departments departments, ReferredItems items, Notices notices,
              ApplicationEventPublisher events, Clock clock, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.departments = departments;
        this.items = items;
        this.notices = notices;
        this.events = events;
        this.clock = clock;
    }

    /**
     * 抄告: the item is looked up in the referring regulator's scope; the receiving department must be another one whose
     * area covers the enterprise (the department responsible for that place), and it may lie outside the industries of
     * either side — that is what a referral is for.
     */
    @Transactional
    public Referral refer(Actor me, ItemKind kind, Long itemId, Long toDepartmentId, LocalDate deadline, String note) {
        Department from = departmentOf(me);
        if (kind == null) throw DomainException.invalid("itemKind", "请选择抄告的事项类别");
        if (itemId == null) throw DomainException.invalid("itemId", "请选择抄告的事项");
        ReferredItems.Item item = items.resolve(me, kind, itemId);
        if (toDepartmentId == null) throw DomainException.invalid("toDepartmentId", "请选择接收抄告的部门");
        Department to = departments.find(toDepartmentId)
                .filter(d -> item.regionCode().startsWith(Jurisdiction.regionPrefix(d.regionCode())))
                .orElseThrow(() -> DomainException.invalid("toDepartmentId", "请选择属地覆盖该企业的监管部门"));
        if (to.id() == from.id()) throw DomainException.invalid("toDepartmentId", "不能抄告本部门");
        LocalDate today = LocalDate.now(clock);
        if (deadline == null) throw DomainException.invalid("deadline", "请填写反馈期限");
        if (deadline.isBefore(today)) throw DomainException.invalid("deadline", "反馈期限不能早于今天");
        if (deadline.isAfter(today.plusYears(1))) throw DomainException.invalid("deadline", "反馈期限不能超过一年");
        String n = text(note, "note", "请填写抄告说明（为何属于该部门职责、请其办理什么）", 1000);
        // Referrals of one item to one department take turns until the first commits (ADR 0084): 抄告 clicked twice once
        // found no open referral in both requests, and the second broke the one-open-referral index (the database's
        // generic conflict). The second now waits and is told below that the item is referred already.
        TransactionLocks.waitFor(jdbc, "referral:" + kind.name() + ":" + itemId + ":" + to.id());
        if (jdbc.sql("select count(*) from referral where item_kind = :k and item_id = :i and to_department_id = :d and status in ('SENT','ACCEPTED')")
                .param("k", kind.name()).param("i", itemId).param("d", to.id()).query(Long.class).single() > 0) {
            throw DomainException.conflict("该事项已抄告" + to.name() + "，尚未反馈，无需重复抄告");
        }
        Instant now = clock.instant();
        long id = jdbc.sql("""
                insert into referral (item_kind, item_id, item_title, item_summary, enterprise_id, region_code, from_department_id,
                                      to_department_id, referred_by, referred_at, deadline, note)
                values (:k, :i, :t, :s, :e, :r, :f, :to, :u, :at, :dl, :n) returning id
                """).param("k", kind.name()).param("i", itemId).param("t", item.title()).param("s", item.summary())
                .param("e", item.enterpriseId()).param("r", item.regionCode()).param("f", from.id()).param("to", to.id())
                .param("u", me.username()).param("at", Timestamp.from(now)).param("dl", deadline).param("n", n)
                .query(Long.class).single();
        step(id, "REFERRED", n, me, now);
        notices.notify(accountsOf(to.id()), Notices.Kind.REFERRAL, "/referrals/" + id,
                from.name() + "抄告：" + item.title() + "，请于 " + deadline + " 前反馈");
        events.publishEvent(new StateChanged("抄告", "referral", String.valueOf(id),
                from.name() + " → " + to.name() + "：" + item.title() + "（反馈期限 " + deadline + "）", item.enterpriseId(), item.regionCode()));
        return find(me, id).orElseThrow();
    }

    /** 签收: the receiving department has it in hand. */
    @Transactional
    public Referral accept(Actor me, long id) {
        Referral r = received(me, id);
        if (r.status() != Status.SENT) throw DomainException.conflict("该抄告" + r.status().label + "，无需签收");
        Instant now = clock.instant();
        jdbc.sql("update referral set status = 'ACCEPTED', accepted_by = :u, accepted_at = :t where id = :id")
                .param("u", me.username()).param("t", Timestamp.from(now)).param("id", id).update();
        return answered(me, r, "ACCEPTED", null, now, "签收抄告", "已签收");
    }

    /** 办结反馈: what the receiving department did about it. */
    @Transactional
    public Referral handle(Actor me, long id, String result) {
        return answer(me, id, Status.HANDLED, text(result, "answer", "请填写处理结果", 2000), "办结反馈抄告", "已办结");
    }

    /** 退回: not the receiving department's remit, or not enough to act on — with the reason. */
    @Transactional
    public Referral giveBack(Actor me, long id, String reason) {
        return answer(me, id, Status.RETURNED, text(reason, "answer", "请填写退回理由", 2000), "退回抄告", "已退回");
    }

    private Referral answer(Actor me, long id, Status to, String text, String verb, String word) {
        Referral r = received(me, id);
        if (r.status().answered()) throw DomainException.conflict("该抄告" + r.status().label + "，不能再次反馈");
        Instant now = clock.instant();
        jdbc.sql("update referral set status = :s, answered_by = :u, answered_at = :t, answer = :a where id = :id")
                .param("s", to.name()).param("u", me.username()).param("t", Timestamp.from(now)).param("a", text).param("id", id).update();
        return answered(me, r, to.name(), text, now, verb, word);
    }

    private Referral answered(Actor me, Referral r, String action, String note, Instant now, String verb, String word) {
        step(r.id(), action, note, me, now);
        notices.notify(accountsOf(r.fromDepartmentId()), Notices.Kind.REFERRAL_ANSWER, "/referrals/" + r.id(),
                r.toDepartmentName() + word + "抄告：" + r.itemTitle() + (note == null ? "" : "。" + note));
        events.publishEvent(new StateChanged(verb, "referral", String.valueOf(r.id()),
                r.toDepartmentName() + "：" + r.itemTitle() + "，" + r.status().label + " → " + Status.valueOf(action).label
                        + (note == null ? "" : "；" + note), r.enterpriseId(), r.regionCode()));
        return find(me, r.id()).orElseThrow();
    }

    /** The referrals the viewer's department received ({@link Box#IN}) or sent; the platform's administrators see all. */
    public List<Referral> list(Actor me, Box box) {
        return list(me, box, false);
    }

    /** With {@code whole}, past the latest 200: a mirror windows the whole box itself (ADR 0033). */
    public List<Referral> list(Actor me, Box box, boolean whole) {
        String cap = whole ? "" : " limit 200";
        if (me.jurisdiction().isPlatform()) {
            return jdbc.sql(SELECT + " order by r.referred_at desc, r.id desc" + cap).query(REFERRALS).list();
        }
        Long dept = departmentIdOf(me);
        if (dept == null) return List.of();
        String column = box == Box.IN ? "r.to_department_id" : "r.from_department_id";
        return jdbc.sql(SELECT + " where " + column + " = :d order by (r.status in ('HANDLED','RETURNED')), r.deadline, r.id desc" + cap)
                .param("d", dept).query(REFERRALS).list();
    }

    /** A referral, if the viewer's department sent or received it (or the viewer administers the platform). */
    Optional<Referral> find(Actor me, long id) {
        if (me.jurisdiction().isPlatform()) return jdbc.sql(SELECT + " where r.id = :id").param("id", id).query(REFERRALS).optional();
        Long dept = departmentIdOf(me);
        if (dept == null) return Optional.empty();
        return jdbc.sql(SELECT + " where r.id = :id and (r.from_department_id = :d or r.to_department_id = :d)")
                .param("id", id).param("d", dept).query(REFERRALS).optional();
    }

    /** A referral read as one (ADR 0076): the referral the caller may see ({@link #find}), else a 404, then its steps. */
    public record Detail(Referral referral, List<Step> steps) { }

    public Detail detail(Actor me, long id) {
        return new Detail(find(me, id).orElseThrow(() -> DomainException.notFound("抄告")), steps(id));
    }

    List<Step> steps(long referralId) {
        return jdbc.sql("select action, note, actor, actor_name, at from referral_step where referral_id = :r order by at, id")
                .param("r", referralId).query(Step.class).list();
    }

    /** Departments a referral of an enterprise in {@code regionCode} may go to: those whose area covers it, except the sender's. */
    public List<Department> recipients(Actor me, String regionCode) {
        Long own = departmentIdOf(me);
        return departments.under("").stream()
                .filter(d -> regionCode == null || regionCode.startsWith(Jurisdiction.regionPrefix(d.regionCode())))
                .filter(d -> own == null || d.id() != own).toList();
    }

    /** Referrals past their deadline without an answer, on the platform's today. */
    public List<Overdue> overdue() {
        return jdbc.sql("""
                select r.id, r.enterprise_id, e.name as enterprise_name, r.item_title, fd.name as from_department_name,
                       td.name as to_department_name, r.deadline, r.referred_at, r.status
                  from referral r join (%1$s) e on e.id = r.enterprise_id
                  join (%2$s) fd on fd.id = r.from_department_id join (%2$s) td on td.id = r.to_department_id
                 where r.status in ('SENT','ACCEPTED') and r.deadline < :today order by r.id
                """.formatted(OrganizationFacts.enterprises(), OrganizationFacts.departments())).param("today", LocalDate.now(clock)).query(Overdue.class).list();
    }

    /** For a referral already answered: the fact in words ("…于 … 办结反馈：…"); empty while it waits. */
    public Optional<String> answerOf(long id) {
        return jdbc.sql(SELECT + " where r.id = :id").param("id", id).query(REFERRALS).optional()
                .filter(r -> r.status().answered())
                .map(r -> r.toDepartmentName() + "已于 " + MINUTES.withZone(PlatformTime.zone()).format(r.answeredAt())
                        + (r.status() == Status.HANDLED ? " 办结反馈：" : " 退回：") + ReferredItems.abbreviate(r.answer(), 200));
    }

    /** Whether the viewer works for the department that received the referral (and so answers it). */
    public boolean isReceiver(Actor me, Referral r) {
        Long dept = departmentIdOf(me);
        return dept != null && dept == r.toDepartmentId();
    }

    private Referral received(Actor me, long id) {
        jdbc.sql("select id from referral where id = :id for update").param("id", id).query(Long.class).optional();
        Referral r = find(me, id).orElseThrow(() -> DomainException.notFound("抄告"));
        Long dept = departmentIdOf(me);
        if (dept == null || r.toDepartmentId() != dept) {
            throw new DomainException(HttpStatus.FORBIDDEN, "只有接收抄告的部门（" + r.toDepartmentName() + "）可以签收和反馈", null);
        }
        return r;
    }

    private Department departmentOf(Actor me) {
        Long id = departmentIdOf(me);
        if (id == null) throw new DomainException(HttpStatus.FORBIDDEN, "只有监管部门的账号可以抄告", null);
        return departments.find(id).orElseThrow();
    }

    private Long departmentIdOf(Actor me) {
        return accounts.departmentIdOf(me.username()).orElse(null);
    }

    private List<String> accountsOf(long departmentId) {
        return accounts.usernamesOfDepartments(List.of(departmentId));
    }

    private void step(long id, String action, String note, Actor me, Instant at) {
        jdbc.sql("insert into referral_step (referral_id, action, note, actor, actor_name, at) values (:r, :a, :n, :u, :un, :t)")
                .param("r", id).param("a", action).param("n", note).param("u", me.username())
                .param("un", ReferredItems.abbreviate(me.displayName(), 60)).param("t", Timestamp.from(at)).update();
    }

    private static String text(String value, String field, String missing, int max) {
        if (value == null || value.isBlank()) throw DomainException.invalid(field, missing);
        String v = value.strip();
        if (v.length() > max) throw DomainException.invalid(field, "不能超过 " + max + " 字");
        return v;
    }

    private static final RowMapper<Referral> REFERRALS = Rows.of(Referral.class);
}
