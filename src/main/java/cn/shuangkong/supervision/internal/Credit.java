package cn.shuangkong.supervision.internal;

import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 信用监管: the 黑名单 — proposed by a regulator or by an enforcement outcome, listed only when a second person
 * approves, for the configured time — and the 约谈 / 通报 records of an enterprise.
 */
@Service
public class Credit {

    public enum Basis {
        MANUAL("人工提请"), ESCALATION("复查逾期未整改"), REPEATED("多次执法检查发现问题");
        public final String label;
        Basis(String label) { this.label = label; }
        public String label() { return label; }
    }

    public enum State {
        PROPOSED("待审批"), ACTIVE("已列入"), REJECTED("未通过"), REMOVED("已移出");
        public final String label;
        State(String label) { this.label = label; }
        public String label() { return label; }
    }

    public enum RecordKind {
        TALK("约谈"), NOTICE("通报");
        public final String label;
        RecordKind(String label) { this.label = label; }
        public String label() { return label; }
    }

    public record Entry(long id, long enterpriseId, String enterpriseName, String departmentName, String reason, Basis basis,
                        State state, String proposedBy, Instant proposedAt, String decidedBy, Instant decidedAt,
                        String decisionNote, LocalDate startDate, LocalDate endDate, String proposerName, String deciderName,
                        String removalProposedBy, Instant removalProposedAt, String removalReason, String removalProposerName,
                        String removedBy, Instant removedAt, String removalNote, String removerName) {
        /** A removal (移出) has been proposed and waits for a second person. */
        public boolean removalPending() {
            return state == State.ACTIVE && removalProposedBy != null;
        }
    }

    public record SupervisionRecord(long id, long enterpriseId, String enterpriseName, RecordKind kind, LocalDate heldOn,
                                    String subject, String content, String createdBy, Instant createdAt) { }

    private final JdbcClient jdbc;
    private final Enterprises enterprises;
    private final Offices offices;
    private final SupervisionProperties settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Credit(JdbcClient jdbc, Enterprises enterprises, Offices offices, SupervisionProperties settings,
           ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.enterprises = enterprises;
        this.offices = offices;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    /** A regulator proposes listing an enterprise in its scope; someone else must approve. */
    @Transactional
    public Entry propose(Actor me, long enterpriseId, String reason) {
        Enterprise e = enterprises.find(me.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        if (reason == null || reason.isBlank()) throw DomainException.invalid("reason", "请填写列入黑名单的事由");
        if (reason.strip().length() > 500) throw DomainException.invalid("reason", "事由不能超过 500 字");
        return insert(me, e, offices.departmentIdOrNull(me), Basis.MANUAL, reason.strip())
                .orElseThrow(() -> DomainException.conflict(e.name() + " 已有待审批的黑名单提请或已在黑名单中"));
    }

    /** An enforcement outcome proposes a listing on its own, unless one is already pending or standing. */
    public Optional<Entry> proposeFor(Actor me, long departmentId, Enterprise e, Basis basis, String reason) {
        return insert(me, e, departmentId, basis, reason.length() > 500 ? reason.substring(0, 500) : reason);
    }

    private Optional<Entry> insert(Actor me, Enterprise e, Long departmentId, Basis basis, String reason) {
        if (open(e.id())) return Optional.empty();
        // "Unless one is pending or standing" holds at the moment of the insert too (ADR 0084): two outcomes of one
        // enterprise at once (two regulators' 指令书 or 复查) both found none, and the second's insert broke the one-open-
        // entry index, which failed the regulator's whole 签发 or 复查 with it (the failed statement aborts the
        // transaction, so catching it was no way out). The second now waits for the first and inserts nothing.
        Optional<Long> inserted = jdbc.sql("""
                insert into blacklist_entry (enterprise_id, department_id, reason, basis, state, proposed_by, proposed_at)
                values (:e, :d, :r, :b, 'PROPOSED', :u, :t)
                on conflict (enterprise_id) where state in ('PROPOSED','ACTIVE') do nothing returning id
                """).param("e", e.id()).param("d", departmentId).param("r", reason).param("b", basis.name())
                .param("u", me.username()).param("t", Timestamp.from(clock.instant())).query(Long.class).optional();
        if (inserted.isEmpty()) return Optional.empty();
        long id = inserted.get();
        events.publishEvent(new StateChanged("提请列入黑名单", "blacklist", String.valueOf(id),
                e.name() + "（" + basis.label + "）：" + reason, e.id(), e.regionCode()));
        return find(me.jurisdiction(), id);
    }

    /** The second person's decision: approve (listed from today for the configured time) or reject. */
    @Transactional
    public Entry decide(Actor me, long id, boolean approve, String note) {
        Entry entry = lock(me, id);
        if (entry.state() != State.PROPOSED) throw DomainException.conflict("该提请已" + entry.state().label + "，不能再审批");
        if (entry.proposedBy().equals(me.username())) {
            throw new DomainException(HttpStatus.FORBIDDEN, "提请人不能审批自己的提请，须由另一名人员审批", null);
        }
        if (!approve && (note == null || note.isBlank())) throw DomainException.invalid("note", "不同意时请填写理由");
        LocalDate today = LocalDate.now(clock);
        jdbc.sql("""
                update blacklist_entry set state = :s, decided_by = :u, decided_at = :t, decision_note = :n,
                       start_date = :from, end_date = :to where id = :id
                """).param("s", approve ? "ACTIVE" : "REJECTED").param("u", me.username())
                .param("t", Timestamp.from(clock.instant())).param("n", note == null || note.isBlank() ? null : note.strip())
                .param("from", approve ? today : null)
                .param("to", approve ? today.plus(settings.blacklist().validity()).minusDays(1) : null).param("id", id).update();
        Entry after = find(me.jurisdiction(), id).orElseThrow();
        events.publishEvent(new StateChanged(approve ? "批准列入黑名单" : "不同意列入黑名单", "blacklist", String.valueOf(id),
                after.enterpriseName() + "：" + (approve ? "列入期限 " + after.startDate() + " 至 " + after.endDate() : "理由：" + note),
                after.enterpriseId(), regionOf(after.enterpriseId())));
        return after;
    }

    /**
     * Proposes taking a standing listing off early (信用修复). Like the listing itself, the removal takes effect only when
     * a second person approves it: one regulator alone can neither put an enterprise on the list nor take it off.
     */
    @Transactional
    public Entry proposeRemoval(Actor me, long id, String reason) {
        Entry entry = lock(me, id);
        if (entry.state() != State.ACTIVE) throw DomainException.conflict("只有已列入的企业可以提请移出");
        if (entry.removalPending()) throw DomainException.conflict("已有待审批的移出提请");
        if (reason == null || reason.isBlank()) throw DomainException.invalid("reason", "请填写移出理由（如：信用修复完成）");
        if (reason.strip().length() > 500) throw DomainException.invalid("reason", "移出理由不能超过 500 字");
        jdbc.sql("""
                update blacklist_entry set removal_proposed_by = :u, removal_proposed_at = :t, removal_reason = :r where id = :id
                """).param("u", me.username()).param("t", Timestamp.from(clock.instant())).param("r", reason.strip())
                .param("id", id).update();
        events.publishEvent(new StateChanged("提请移出黑名单", "blacklist", String.valueOf(id),
                entry.enterpriseName() + "：" + reason.strip(), entry.enterpriseId(), regionOf(entry.enterpriseId())));
        return find(me.jurisdiction(), id).orElseThrow();
    }

    /** The second person's decision on a removal: approve (removed today) or reject (the listing stands; a reason is required). */
    @Transactional
    public Entry decideRemoval(Actor me, long id, boolean approve, String note) {
        Entry entry = lock(me, id);
        if (!entry.removalPending()) throw DomainException.conflict("该记录没有待审批的移出提请");
        if (entry.removalProposedBy().equals(me.username())) {
            throw new DomainException(HttpStatus.FORBIDDEN, "提请人不能审批自己的移出提请，须由另一名人员审批", null);
        }
        if (!approve && (note == null || note.isBlank())) throw DomainException.invalid("note", "不同意时请填写理由");
        if (note != null && note.strip().length() > 500) throw DomainException.invalid("note", "意见不能超过 500 字");
        String n = note == null || note.isBlank() ? null : note.strip();
        if (approve) {
            jdbc.sql("""
                    update blacklist_entry set state = 'REMOVED', removed_by = :u, removed_at = :t, removal_note = :n, end_date = :d
                     where id = :id
                    """).param("u", me.username()).param("t", Timestamp.from(clock.instant())).param("n", n)
                    .param("d", LocalDate.now(clock)).param("id", id).update();
        } else {
            // The rejected proposal is kept in the audit trail; the row is free for a later, better-founded one.
            jdbc.sql("update blacklist_entry set removal_proposed_by = null, removal_proposed_at = null, removal_reason = null where id = :id")
                    .param("id", id).update();
        }
        events.publishEvent(new StateChanged(approve ? "批准移出黑名单" : "不同意移出黑名单", "blacklist", String.valueOf(id),
                entry.enterpriseName() + "：提请理由 " + entry.removalReason() + (n == null ? "" : "；意见 " + n),
                entry.enterpriseId(), regionOf(entry.enterpriseId())));
        return find(me.jurisdiction(), id).orElseThrow();
    }

    public List<Entry> entries(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where " + f.sql() + " order by case b.state when 'PROPOSED' then 0 when 'ACTIVE' then 1 else 2 end, b.proposed_at desc limit 200")
                .params(f.params()).query(ENTRIES).list();
    }

    public List<Entry> ofEnterprise(long enterpriseId) {
        return jdbc.sql(SELECT + " where b.enterprise_id = :id order by b.proposed_at desc").param("id", enterpriseId).query(ENTRIES).list();
    }

    public Optional<Entry> find(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where b.id = :id and " + f.sql()).params(f.params()).param("id", id).query(ENTRIES).optional();
    }

    /** Records a 约谈 or 通报 of an enterprise in the regulator's scope. */
    @Transactional
    public SupervisionRecord record(Actor me, long enterpriseId, RecordKind kind, LocalDate heldOn, String subject, String content) {
        Enterprise e = enterprises.find(me.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        if (kind == null) throw DomainException.invalid("kind", "请选择约谈或通报");
        if (heldOn == null) throw DomainException.invalid("heldOn", "请填写日期");
        if (heldOn.isAfter(LocalDate.now(clock))) throw DomainException.invalid("heldOn", "日期不能晚于今天");
        if (subject == null || subject.isBlank()) throw DomainException.invalid("subject", "请填写事由");
        if (subject.strip().length() > 100) throw DomainException.invalid("subject", "事由不能超过 100 字");
        if (content == null || content.isBlank()) throw DomainException.invalid("content", "请填写" + kind.label + "内容");
        if (content.length() > 2000) throw DomainException.invalid("content", "内容不能超过 2000 字");
        long id = jdbc.sql("""
                insert into supervision_record (enterprise_id, department_id, kind, held_on, subject, content, created_by, created_at)
                values (:e, :d, :k, :h, :s, :c, :u, :t) returning id
                """).param("e", e.id()).param("d", offices.departmentIdOrNull(me)).param("k", kind.name()).param("h", heldOn)
                .param("s", subject.strip()).param("c", content.strip()).param("u", me.username())
                .param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("记录" + kind.label, "supervision-record", String.valueOf(id),
                e.name() + "：" + subject.strip(), e.id(), e.regionCode()));
        return records(me.jurisdiction(), e.id()).stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }

    /** 约谈 and 通报 in scope, newest first; {@code enterpriseId} null for all. */
    public List<SupervisionRecord> records(Jurisdiction scope, Long enterpriseId) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select s.id, s.enterprise_id, e.name as enterprise_name, s.kind, s.held_on, s.subject, s.content, s.created_by, s.created_at
                  from supervision_record s join (%s) e on e.id = s.enterprise_id
                 where (cast(:e as bigint) is null or s.enterprise_id = :e) and\s""".formatted(OrganizationFacts.enterprises()) + f.sql() + " order by s.held_on desc, s.id desc limit 200")
                .params(f.params()).param("e", enterpriseId)
                .query(RECORDS).list();
    }

    private boolean open(long enterpriseId) {
        return jdbc.sql("select count(*) from blacklist_entry where enterprise_id = :e and state in ('PROPOSED','ACTIVE')")
                .param("e", enterpriseId).query(Long.class).single() > 0;
    }

    private Entry lock(Actor me, long id) {
        jdbc.sql("select id from blacklist_entry where id = :id for update").param("id", id).query(Long.class).optional();
        return find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("黑名单记录"));
    }

    private String regionOf(long enterpriseId) {
        return enterprises.findUnscoped(enterpriseId).map(Enterprise::regionCode).orElse(null);
    }

    private static final String SELECT = """
            select b.id, b.enterprise_id, e.name as enterprise_name, d.name as department_name, b.reason, b.basis, b.state,
                   b.proposed_by, b.proposed_at, b.decided_by, b.decided_at, b.decision_note, b.start_date, b.end_date,
                   coalesce(%s, b.proposed_by) as proposer_name, %s as decider_name,
                   b.removal_proposed_by, b.removal_proposed_at, b.removal_reason, %s as removal_proposer_name,
                   b.removed_by, b.removed_at, b.removal_note, %s as remover_name
              from blacklist_entry b join (%s) e on e.id = b.enterprise_id left join (%s) d on d.id = b.department_id
            """.formatted(Offices.nameOf("b.proposed_by"), Offices.nameOf("b.decided_by"), Offices.nameOf("b.removal_proposed_by"),
                    Offices.nameOf("b.removed_by"), OrganizationFacts.enterprises(), OrganizationFacts.departments());

    private static final RowMapper<Entry> ENTRIES = Rows.of(Entry.class);

    private static final RowMapper<SupervisionRecord> RECORDS = Rows.of(SupervisionRecord.class);
}
