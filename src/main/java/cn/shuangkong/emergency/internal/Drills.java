package cn.shuangkong.emergency.internal;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 应急演练: planned (date, plan, 桌面/实战, participants), then recorded (what happened, evaluation, problems found) with
 * follow-up actions tracked to done. A drill whose date has passed without a record is overdue.
 */
@Service
public class Drills {

    /** 桌面演练 / 实战演练. */
    public enum Kind {
        TABLETOP("桌面演练"), FIELD("实战演练");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    /** A drill with the count of its follow-up actions still open. */
    public record Drill(long id, long enterpriseId, String enterpriseName, Long planId, String planTitle, String title,
                        String kind, LocalDate plannedOn, String participants, LocalDate heldOn, String record,
                        String evaluation, String problems, int openActions, int totalActions) {
        public String kindLabel() {
            return Kind.valueOf(kind).label;
        }

        public boolean held() {
            return heldOn != null;
        }

        public boolean overdue(LocalDate today) {
            return heldOn == null && plannedOn.isBefore(today);
        }

        public String statusLabel(LocalDate today) {
            if (held()) return openActions > 0 ? "已演练 · 整改中" : "已演练";
            return overdue(today) ? "逾期未演练" : "计划中";
        }
    }

    /** A follow-up action of a drill's problems. */
    public record Action(long id, long drillId, String description, String responsible, LocalDate dueOn, Instant doneAt,
                         String doneBy, String doneNote) {
        public boolean done() {
            return doneAt != null;
        }

        public boolean overdue(LocalDate today) {
            return doneAt == null && dueOn.isBefore(today);
        }
    }

    public record DrillDraft(Long planId, String title, String kind, LocalDate plannedOn, String participants) { }

    public record DrillRecord(LocalDate heldOn, String record, String evaluation, String problems) { }

    public record ActionDraft(String description, String responsible, LocalDate dueOn) { }

    private static final String DRILL = """
            select d.id, d.enterprise_id, e.name as enterprise_name, d.plan_id, p.title as plan_title, d.title, d.kind,
                   d.planned_on, d.participants, d.held_on, d.record, d.evaluation, d.problems,
                   (select count(*) from emergency_drill_action a where a.drill_id = d.id and a.done_at is null) as open_actions,
                   (select count(*) from emergency_drill_action a where a.drill_id = d.id) as total_actions
              from emergency_drill d
              join (%s) e on e.id = d.enterprise_id
              left join emergency_plan p on p.id = d.plan_id
            """.formatted(OrganizationFacts.enterprises());

    private final JdbcClient jdbc;
    private final Owners owners;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Drills(JdbcClient jdbc, Owners owners, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.owners = owners;
        this.events = events;
        this.clock = clock;
    }

    /** Drills in scope, newest plans first; {@code overdueOnly} keeps the planned ones whose date has passed. */
    public List<Drill> list(Jurisdiction scope, Long enterpriseId, boolean overdueOnly) {
        var f = scope.enterpriseFilter("e");
        Map<String, Object> params = new HashMap<>(f.params());
        StringBuilder where = new StringBuilder(" where ").append(f.sql());
        if (enterpriseId != null) {
            where.append(" and d.enterprise_id = :ent");
            params.put("ent", enterpriseId);
        }
        if (overdueOnly) {
            where.append(" and d.held_on is null and d.planned_on < :today");
            params.put("today", LocalDate.now(clock));
        }
        return jdbc.sql(DRILL + where + " order by d.planned_on desc, d.id desc").params(params).query(Drill.class).list();
    }

    public Optional<Drill> find(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(DRILL + " where d.id = :id and " + f.sql()).params(f.params()).param("id", id).query(Drill.class).optional();
    }

    /** A drill's page read as one (ADR 0076): the drill in the caller's scope, else a 404, then its follow-up actions. */
    public record Detail(Drill drill, List<Action> actions) { }

    public Detail detail(Jurisdiction scope, long id) {
        return new Detail(find(scope, id).orElseThrow(() -> DomainException.notFound("应急演练")), actions(id));
    }

    public List<Action> actions(long drillId) {
        return jdbc.sql("select id, drill_id, description, responsible, due_on, done_at, done_by, done_note from emergency_drill_action where drill_id = :d order by id")
                .param("d", drillId).query(Action.class).list();
    }

    @Transactional
    public long plan(Actor me, DrillDraft d) {
        var owner = owners.own(me);
        Fields check = Fields.check();
        String title = check.text("title", d.title(), "演练名称", 120, true);
        Kind kind = check.choice("kind", d.kind(), Kind.class, "请选择演练形式", "演练形式只能是桌面演练或实战演练");
        check.require(d.plannedOn(), "plannedOn", "请填写计划日期");
        String participants = check.text("participants", d.participants(), "参演人员", 500, true);
        if (d.planId() != null) {
            long own = jdbc.sql("select count(*) from emergency_plan where id = :p and enterprise_id = :e")
                    .param("p", d.planId()).param("e", owner.id()).query(Long.class).single();
            check.rule(own == 1, "planId", "演练依据的预案须是本企业的应急预案");
        }
        check.done();
        long id = jdbc.sql("""
                insert into emergency_drill (enterprise_id, plan_id, title, kind, planned_on, participants, created_at)
                values (:e, :p, :t, :k, :d, :pa, :n) returning id
                """).param("e", owner.id()).param("p", d.planId()).param("t", title).param("k", kind.name())
                .param("d", d.plannedOn()).param("pa", participants).param("n", Timestamp.from(clock.instant()))
                .query(Long.class).single();
        events.publishEvent(new StateChanged("计划应急演练", "emergency_drill", String.valueOf(id),
                kind.label + "：" + title + "，计划 " + d.plannedOn(), owner.id(), owner.regionCode()));
        return id;
    }

    /** Records how the drill went; once only. */
    @Transactional
    public void record(Actor me, long drillId, DrillRecord r) {
        Drill drill = find(me.jurisdiction(), drillId).orElseThrow(() -> DomainException.notFound("应急演练"));
        var owner = owners.own(me, drill.enterpriseId(), "应急演练");
        if (drill.held()) throw DomainException.conflict("该演练已于 " + drill.heldOn() + " 记录，不能重复记录");
        Fields check = Fields.check();
        check.require(r.heldOn(), "heldOn", "请填写实际演练日期");
        check.rule(r.heldOn() == null || !r.heldOn().isAfter(LocalDate.now(clock)), "heldOn", "实际演练日期不能晚于今天");
        String record = check.text("record", r.record(), "演练经过", 4000, true);
        String evaluation = check.text("evaluation", r.evaluation(), "演练评估", 2000, true);
        String problems = check.text("problems", r.problems(), "发现的问题", 2000, false);
        check.done();
        int changed = jdbc.sql("update emergency_drill set held_on = :h, record = :r, evaluation = :ev, problems = :p, recorded_by = :by"
                        + " where id = :id and held_on is null")
                .param("h", r.heldOn()).param("r", record).param("ev", evaluation).param("p", problems).param("by", me.username())
                .param("id", drillId).update();
        if (changed == 0) throw DomainException.conflict("该演练已记录，不能重复记录"); // another recording got there first
        events.publishEvent(new StateChanged("记录应急演练", "emergency_drill", String.valueOf(drillId),
                drill.title() + "：" + r.heldOn() + " 实施，评估：" + abbreviate(evaluation), owner.id(), owner.regionCode()));
    }

    /** A follow-up action for a problem the drill found; only after the drill is recorded. */
    @Transactional
    public long addAction(Actor me, long drillId, ActionDraft a) {
        Drill drill = find(me.jurisdiction(), drillId).orElseThrow(() -> DomainException.notFound("应急演练"));
        var owner = owners.own(me, drill.enterpriseId(), "应急演练");
        if (!drill.held()) throw DomainException.conflict("演练尚未记录，记录演练情况后才能登记整改措施");
        Fields check = Fields.check();
        String description = check.text("description", a.description(), "整改措施", 500, true);
        String responsible = check.text("responsible", a.responsible(), "责任人", 60, true);
        check.require(a.dueOn(), "dueOn", "请填写完成期限");
        check.rule(a.dueOn() == null || !a.dueOn().isBefore(drill.heldOn()), "dueOn", "完成期限不能早于演练日期");
        check.done();
        long id = jdbc.sql("insert into emergency_drill_action (drill_id, description, responsible, due_on) values (:d, :de, :r, :due) returning id")
                .param("d", drillId).param("de", description).param("r", responsible).param("due", a.dueOn()).query(Long.class).single();
        events.publishEvent(new StateChanged("登记演练整改措施", "emergency_drill", String.valueOf(drillId),
                description + "（" + responsible + "，期限 " + a.dueOn() + "）", owner.id(), owner.regionCode()));
        return id;
    }

    /** The drill a follow-up action belongs to, within the scope (404 otherwise): the page goes back to it. */
    public Drill drillOfAction(Jurisdiction scope, long actionId) {
        return jdbc.sql("select drill_id from emergency_drill_action where id = :a").param("a", actionId).query(Long.class).optional()
                .flatMap(drillId -> find(scope, drillId)).orElseThrow(() -> DomainException.notFound("整改措施"));
    }

    /** Closes a follow-up action with a note of what was done. */
    @Transactional
    public void completeAction(Actor me, long actionId, String note) {
        Drill drill = drillOfAction(me.jurisdiction(), actionId);
        long drillId = drill.id();
        var owner = owners.own(me, drill.enterpriseId(), "整改措施");
        Fields check = Fields.check();
        String text = check.text("note", note, "完成情况", 500, true);
        check.done();
        int changed = jdbc.sql("update emergency_drill_action set done_at = :n, done_by = :by, done_note = :note where id = :a and done_at is null")
                .param("n", Timestamp.from(clock.instant())).param("by", me.username()).param("note", text).param("a", actionId).update();
        if (changed == 0) throw DomainException.conflict("该整改措施已完成");
        events.publishEvent(new StateChanged("完成演练整改措施", "emergency_drill", String.valueOf(drillId),
                "整改措施 #" + actionId + " 已完成：" + text, owner.id(), owner.regionCode()));
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
