package cn.shuangkong.inspection;

import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.RefKind;
import cn.shuangkong.shared.Refs;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 包保责任人任务: a 重大危险源's 主要负责人, 技术负责人 and 操作负责人 each have a numbered 任务清单; every item is a task
 * of its own per period, typed as the national model types a 包保责任人's 隐患排查任务 (isDefend, by role), shown in the
 * person's 我的任务 and counted per role in 运行效果评估. The lists are kept by whoever knows the 包保 persons (the
 * major hazard module), which issues the tasks here; this module alone writes them (ADR 0031).
 */
@Service
public class DutyTasks {

    /** The task types of the three 包保 roles. */
    public enum Type {
        PRINCIPAL("主要负责人"), TECHNICAL("技术负责人"), OPERATOR("操作负责人");
        public final String label;
        Type(String label) { this.label = label; }
        public String label() { return label; }
    }

    /** One item of a person's list for one source, to be issued for the period that contains now. */
    public record Issue(long enterpriseId, long riskPointId, long employeeId, Type type, int itemNo, String content, Cycle cycle) { }

    public record Task(long id, long enterpriseId, long riskPointId, String riskPointName, long employeeId, String employeeName,
                       Type taskType, int itemNo, String content, String cycleUnit, Instant periodStart, Instant dueAt,
                       String status, Instant doneAt, String result, String note, Long hazardId) {
        public String statusLabel() {
            return switch (status) {
                case "DONE" -> "ABNORMAL".equals(result) ? "已完成（发现异常）" : "已完成";
                case "OVERDUE" -> "逾期";
                default -> "待完成";
            };
        }

        public String cycleLabel() {
            return "每" + Cycle.Unit.valueOf(cycleUnit).label;
        }

        public boolean open() {
            return "PENDING".equals(status);
        }
    }

    /** Per task type over a window: tasks due in it, done by their deadline, missed, still open. */
    public record RoleFigures(Type taskType, long due, long doneOnTime, long overdue, long pending) {
        public String label() {
            return taskType.label;
        }

        public Double rate() {
            long closed = doneOnTime + overdue;
            return closed == 0 ? null : Math.round(doneOnTime * 1000.0 / closed) / 10.0;
        }
    }

    /** A 包保任务 named by id, for {@link Refs}. */
    static final RefKind DUTY_TASK = RefKind.of("包保任务", "select enterprise_id from duty_task where id = :id");

    private static final String SELECT = """
            select t.id, t.enterprise_id, t.risk_point_id, p.code || ' ' || p.name as risk_point_name, t.employee_id,
                   em.name as employee_name, t.task_type, t.item_no, t.content, t.cycle_unit, t.period_start, t.due_at, t.status,
                   t.done_at, t.result, t.note, t.hazard_id
              from duty_task t join (%s) p on p.id = t.risk_point_id join (%s) em on em.id = t.employee_id
            """.formatted(RiskFacts.points(), OrganizationFacts.employees());

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Refs refs;
    private final HazardRegister hazards;

    DutyTasks(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events, Refs refs, HazardRegister hazards) {
        this.hazards = hazards;
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.refs = refs;
    }

    /**
     * The task of each item for the period containing {@code at} (now, or a past moment to catch up); a period already
     * issued (by this or another instance) is left alone; one already over is 逾期 at once. Returns how many were created.
     */
    @Transactional
    public int issue(List<Issue> issues, Instant at) {
        Instant now = clock.instant();
        int created = 0;
        for (Issue i : issues) {
            Instant start = i.cycle().periodStart(at), due = i.cycle().next(start);
            created += jdbc.sql("""
                    insert into duty_task (enterprise_id, risk_point_id, employee_id, task_type, item_no, content, cycle_unit,
                                           period_start, due_at, status)
                    values (:e, :p, :emp, :type, :no, :content, :unit, :start, :due, case when :due > :now then 'PENDING' else 'OVERDUE' end)
                    on conflict (risk_point_id, task_type, item_no, period_start) do nothing
                    """).param("e", i.enterpriseId()).param("p", i.riskPointId()).param("emp", i.employeeId())
                    .param("type", i.type().name()).param("no", i.itemNo()).param("content", i.content())
                    .param("unit", i.cycle().unit().name()).param("start", Timestamp.from(start)).param("due", Timestamp.from(due))
                    .param("now", Timestamp.from(now)).update();
        }
        return created;
    }

    /** The signed-in person's own 包保 tasks: open ones by deadline, then the last ones closed. */
    public List<Task> mine(Actor me) {
        if (me.employeeId() == null) return List.of();
        return jdbc.sql(SELECT + """
                 where t.employee_id = :emp and t.enterprise_id = :e
                 order by (t.status <> 'PENDING'), case when t.status = 'PENDING' then t.due_at end, t.due_at desc, t.task_type, t.item_no
                 limit 60""").param("emp", me.employeeId()).param("e", me.enterpriseId()).query(Task.class).list();
    }

    /**
     * The person records their own open task; ABNORMAL needs a note and registers a hazard at the 重大危险源 (企业自查,
     * found by the 包保 person), as an 异常 on an inspection task does. Audited.
     */
    @Transactional
    public Task record(Actor me, long taskId, String result, String note) {
        refs.resolve(me, DUTY_TASK, taskId);
        Task t = jdbc.sql(SELECT + " where t.id = :id for update of t").param("id", taskId).query(Task.class).single();
        if (me.employeeId() == null || me.employeeId() != t.employeeId()) {
            throw new DomainException(HttpStatus.FORBIDDEN,
                    "这是" + t.employeeName() + "（" + t.taskType().label + "）的包保任务，只能由本人完成", null);
        }
        if (!t.open()) throw DomainException.conflict("OVERDUE".equals(t.status()) ? "该包保任务已逾期，不能补记" : "该包保任务已完成");
        Instant now = clock.instant();
        if (!now.isBefore(t.dueAt())) throw DomainException.conflict("该包保任务已逾期，不能补记");
        if (!"NORMAL".equals(result) && !"ABNORMAL".equals(result)) throw DomainException.invalid("result", "请选择结果：正常或发现异常");
        String text = note == null || note.isBlank() ? null : note.strip();
        if ("ABNORMAL".equals(result) && text == null) throw DomainException.invalid("note", "发现异常时请写明情况");
        if (text != null && text.length() > 1000) throw DomainException.invalid("note", "说明不能超过 1000 字");
        Long hazard = null;
        if ("ABNORMAL".equals(result)) {
            String item = t.taskType().label + "包保任务第" + t.itemNo() + "项：" + t.content();
            hazard = hazards.registerFinding(me, t.enterpriseId(), new HazardReport(HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION,
                    t.riskPointId(), "包保任务发现异常：" + (text.length() > 60 ? text.substring(0, 59) + "…" : text),
                    text + "\n（" + item + "）", t.riskPointName(), now, "duty-task-" + taskId), null, null).hazard().id();
        }
        jdbc.sql("update duty_task set status = 'DONE', done_at = :t, done_by = :u, result = :r, note = :n, hazard_id = :h where id = :id")
                .param("t", Timestamp.from(now)).param("u", me.username()).param("r", result).param("n", text).param("h", hazard)
                .param("id", taskId).update();
        events.publishEvent(new StateChanged("完成包保任务", "duty_task", String.valueOf(taskId),
                t.riskPointName() + " " + t.taskType().label + " 第" + t.itemNo() + "项：" + ("NORMAL".equals(result) ? "正常" : "发现异常：" + text),
                t.enterpriseId(), null));
        return jdbc.sql(SELECT + " where t.id = :id").param("id", taskId).query(Task.class).single();
    }

    /** Per task type, the tasks of the scope whose deadline falls in [from, to). Every type is listed, with zeros. */
    public List<RoleFigures> byRole(Jurisdiction scope, Instant from, Instant to) {
        var f = scope.enterpriseFilter("e");
        List<RoleFigures> found = jdbc.sql("""
                select t.task_type, count(*) as due,
                       count(*) filter (where t.status = 'DONE' and t.done_at <= t.due_at) as done_on_time,
                       count(*) filter (where t.status = 'OVERDUE') as overdue,
                       count(*) filter (where t.status = 'PENDING') as pending
                  from duty_task t join (%s) e on e.id = t.enterprise_id
                 where t.due_at >= :from and t.due_at < :to and %s group by t.task_type""".formatted(OrganizationFacts.enterprises(), f.sql()))
                .params(f.params()).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(RoleFigures.class).list();
        List<RoleFigures> all = new ArrayList<>();
        for (Type type : Type.values()) {
            all.add(found.stream().filter(r -> r.taskType() == type).findFirst().orElse(new RoleFigures(type, 0, 0, 0, 0)));
        }
        return all;
    }
}
