package cn.shuangkong.inspection;

import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reads of inspection tasks: a person's own tasks, an enterprise's task list, and completion figures. */
@Service
public class InspectionTasks {

    /** A task with what the inspector needs to see: where, what to check, by when. */
    public record Task(long id, long enterpriseId, long riskPointId, String riskPointName, String riskPointCode,
                       String location, Integer level, long measureId, String checkContent, String measureType,
                       BigDecimal checkCycle, String checkCycleUnit, String responsibleName, Instant periodStart,
                       Instant dueAt, String status, Instant doneAt) {
        public String statusLabel() {
            return switch (status) {
                case "PENDING" -> "待排查";
                case "DONE" -> "已完成";
                case "OVERDUE" -> "逾期";
                default -> "停用暂停";
            };
        }

        public String cycleLabel() {
            return new Cycle(checkCycle, Cycle.Unit.valueOf(checkCycleUnit)).label();
        }
    }

    /** 排查完成率 of one enterprise (or a jurisdiction) over a date range; suspended tasks count neither way. */
    public record Completion(long due, long done, long overdue, long pending) {
        public Double rate() {
            long closed = done + overdue;
            return closed == 0 ? null : Math.round(done * 1000.0 / closed) / 10.0;
        }
    }

    static final String SELECT = """
            select t.id, t.enterprise_id, t.risk_point_id, p.name as risk_point_name, p.code as risk_point_code,
                   p.location, p.level, t.measure_id, m.check_content, m.type as measure_type, m.check_cycle,
                   m.check_cycle_unit, em.name as responsible_name, t.period_start, t.due_at, t.status, t.done_at
              from inspection_task t
              join (%s) p on p.id = t.risk_point_id
              join (%s) m on m.id = t.measure_id
              join (%s) em on em.id = m.responsible_employee_id
              join (%s) e on e.id = t.enterprise_id
            """.formatted(RiskFacts.points(), RiskFacts.measures(), OrganizationFacts.employees(), OrganizationFacts.enterprises());

    private final JdbcClient jdbc;

    InspectionTasks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * 我的任务: open tasks of the measures this person answers for, or whose responsible unit is this person's post.
     */
    public List<Task> mine(Actor me) {
        if (me.employeeId() == null) return List.of();
        return jdbc.sql(SELECT + """
                 where t.status = 'PENDING' and t.enterprise_id = :e
                   and (m.responsible_employee_id = :emp
                        or m.responsible_unit_id = (select x.post_id from (%s) x where x.id = :emp))
                 order by t.due_at, p.name, t.id
                """.formatted(OrganizationFacts.employees())).param("e", me.enterpriseId()).param("emp", me.employeeId()).query(Task.class).list();
    }

    /** The open tasks at one risk point that this person may do. */
    public List<Task> openAt(Actor me, long riskPointId) {
        return mine(me).stream().filter(t -> t.riskPointId() == riskPointId).toList();
    }

    /** Filters of the task list. */
    public record Query(String status, LocalDate from, LocalDate to) { }

    public PageResult<Task> search(Jurisdiction scope, Query q, PageResult.Request page) {
        var f = scope.enterpriseFilter("e");
        Map<String, Object> params = new HashMap<>(f.params());
        StringBuilder where = new StringBuilder(" where ").append(f.sql());
        if (q.status() != null && !q.status().isBlank()) {
            where.append(" and t.status = :status");
            params.put("status", q.status());
        }
        if (q.from() != null) {
            where.append(" and t.due_at >= :from");
            params.put("from", java.sql.Timestamp.from(q.from().atStartOfDay(PlatformTime.zone()).toInstant()));
        }
        if (q.to() != null) {
            where.append(" and t.period_start < :to");
            params.put("to", java.sql.Timestamp.from(q.to().plusDays(1).atStartOfDay(PlatformTime.zone()).toInstant()));
        }
        long total = jdbc.sql("select count(*) from inspection_task t join (" + OrganizationFacts.enterprises() + ") e on e.id = t.enterprise_id" + where)
                .params(params).query(Long.class).single();
        params.put("limit", page.size());
        params.put("offset", page.offset());
        var items = jdbc.sql(SELECT + where + " order by t.due_at desc, t.id desc limit :limit offset :offset")
                .params(params).query(Task.class).list();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    /** Tasks whose window ends within the range, within the scope. */
    public Completion completion(Jurisdiction scope, LocalDate from, LocalDate to) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select count(*) filter (where t.status <> 'SUSPENDED') as due,
                       count(*) filter (where t.status = 'DONE') as done,
                       count(*) filter (where t.status = 'OVERDUE') as overdue,
                       count(*) filter (where t.status = 'PENDING') as pending
                  from inspection_task t join (%s) e on e.id = t.enterprise_id
                 where t.due_at > :from and t.period_start < :to and %s""".formatted(OrganizationFacts.enterprises(), f.sql()))
                .params(f.params())
                .param("from", java.sql.Timestamp.from(from.atStartOfDay(PlatformTime.zone()).toInstant()))
                .param("to", java.sql.Timestamp.from(to.plusDays(1).atStartOfDay(PlatformTime.zone()).toInstant()))
                .query(Completion.class).single();
    }
}
