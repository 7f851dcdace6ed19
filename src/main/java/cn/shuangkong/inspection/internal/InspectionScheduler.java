package cn.shuangkong.inspection.internal;

import cn.shuangkong.access.AccessFacts;
import cn.shuangkong.inspection.Cycle;
import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.shared.Deadlines;
import cn.shuangkong.hazard.Notices;
import cn.shuangkong.shared.StateChanged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Generates inspection tasks from every control measure's cycle and closes the windows that have passed.
 * Exactly once per period with any number of app instances: the unique (measure, period start) key makes a second
 * insert of the same period a no-op, so instances never need to agree on who generates. After downtime it catches up
 * on the periods it missed (up to {@link #CATCH_UP}), again without duplicates.
 */
@Service
public class InspectionScheduler {

    static final Duration CATCH_UP = Duration.ofDays(7);
    private static final Logger log = LoggerFactory.getLogger(InspectionScheduler.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Notices notices;
    private final Checklists checklists;
    private final Deadlines deadlines;

    InspectionScheduler(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events, Notices notices, Checklists checklists,
                        Deadlines deadlines) {
        this.deadlines = deadlines;
        this.checklists = checklists;
        this.notices = notices;
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /** What one run did, for logs and tests. */
    public record Run(int generated, int overdue, int reminded) { }

    /** How long before a window of a day or more closes its inspectors are reminded (shorter windows would be noise). */
    static final Duration REMIND_BEFORE = Duration.ofHours(4);

    @Scheduled(fixedDelayString = "${shuangkong.inspection.schedule-every:PT1M}", initialDelayString = "${shuangkong.inspection.first-run-after:PT20S}")
    @SchedulerLock(name = "inspection-scheduler", lockAtMostFor = "PT10M", lockAtLeastFor = "PT30S")
    public void tick() {
        Run run = runOnce();
        if (run.generated() + run.overdue() + run.reminded() > 0) {
            log.info("Inspection tasks: {} generated, {} marked overdue, {} people reminded", run.generated(), run.overdue(), run.reminded());
        }
    }

    @Transactional
    public Run runOnce() {
        return new Run(generate(), markOverdue(), remindClosingWindows() + checklists.remindDue());
    }

    /**
     * Creates the task of every period that has begun and has none yet, for every measure, in one statement: the
     * periods come from the same calendar arithmetic as {@link Cycle} (SQL functions of V22), from the later of the
     * measure's creation, {@link #CATCH_UP} ago and the period after its last task, up to now. The unique
     * (measure, period start) key makes a period another instance already created a no-op.
     */
    int generate() {
        Instant now = clock.instant();
        return jdbc.sql("""
                insert into inspection_task (enterprise_id, risk_point_id, measure_id, period_start, due_at, status)
                select g.enterprise_id, g.risk_point_id, g.measure_id, g.period_start, g.due_at,
                       case when exists (select 1 from risk_point_outage o where o.risk_point_id = g.risk_point_id
                                            and (o.starts_on::timestamp at time zone :zone) < g.due_at
                                            and ((o.ends_on + 1)::timestamp at time zone :zone) > g.period_start)
                            then 'SUSPENDED' when g.due_at > cast(:now as timestamptz) then 'PENDING' else 'OVERDUE' end
                  from (select m.id as measure_id, p.enterprise_id, p.id as risk_point_id,
                               s.local at time zone :zone as period_start,
                               (s.local + inspection_step(m.check_cycle, m.check_cycle_unit)) at time zone :zone as due_at
                          from (%s) m
                          join (%s) p on p.id = m.risk_point_id
                          join (%s) e on e.id = p.enterprise_id and e.status = 'OPERATING'
                          cross join lateral (select greatest(m.created_at, cast(:floor as timestamptz),
                                   (select max(t.period_start) at time zone :zone + inspection_step(m.check_cycle, m.check_cycle_unit)
                                      from inspection_task t where t.measure_id = m.id) at time zone :zone) as since) f
                          cross join lateral generate_series(inspection_period_start(f.since, m.check_cycle, m.check_cycle_unit, :zone),
                                   cast(:now as timestamptz) at time zone :zone, inspection_step(m.check_cycle, m.check_cycle_unit)) as s(local)) g
                on conflict (measure_id, period_start) do nothing
                """.formatted(RiskFacts.measures(), RiskFacts.points(), OrganizationFacts.enterprises())).param("now", java.sql.Timestamp.from(now)).param("floor", java.sql.Timestamp.from(now.minus(CATCH_UP)))
                .param("zone", PlatformTime.zone(clock)).update();
    }

    /**
     * 排查即将截止: the people on a task (the measure's responsible employee and the accounts on its post) are reminded
     * once, {@link #REMIND_BEFORE} before a window of a day or more closes; one notice (and e-mail) per person.
     */
    int remindClosingWindows() {
        Instant now = clock.instant();
        record Due(String username, long taskId, String point, String content, Instant dueAt) { }
        List<Due> due = jdbc.sql("""
                with closing as (
                    update inspection_task t set reminded_at = :now
                     where t.status = 'PENDING' and t.reminded_at is null and t.due_at > :now and t.due_at <= :until
                       and t.due_at - t.period_start >= interval '1 day'
                    returning t.id, t.risk_point_id, t.measure_id, t.due_at)
                select distinct a.username, c.id as task_id, p.name as point, m.check_content as content, c.due_at
                  from closing c join (%s) m on m.id = c.measure_id join (%s) p on p.id = c.risk_point_id
                  join (%s) a on a.enabled and a.enterprise_id = p.enterprise_id
                  left join (%s) e on e.id = a.employee_id
                 where a.employee_id = m.responsible_employee_id or e.post_id = m.responsible_unit_id
                 order by a.username, c.due_at
                """.formatted(RiskFacts.measures(), RiskFacts.points(), AccessFacts.accounts(), OrganizationFacts.employees())).param("now", java.sql.Timestamp.from(now)).param("until", java.sql.Timestamp.from(now.plus(REMIND_BEFORE)))
                .query(Due.class).list();
        var byPerson = due.stream().collect(java.util.stream.Collectors.groupingBy(Due::username,
                java.util.LinkedHashMap::new, java.util.stream.Collectors.toList()));
        byPerson.forEach((username, tasks) -> notices.notify(List.of(username), Notices.Kind.TASK_DUE_SOON, "/inspection/mine",
                "您有 " + tasks.size() + " 项排查任务将于 " + deadlines.format(tasks.get(0).dueAt()) + " 前截止：" + tasks.stream()
                        .map(t -> t.point() + "（" + t.content() + "）").distinct().limit(3).collect(java.util.stream.Collectors.joining("；"))
                        + (tasks.size() > 3 ? " 等" : "")));
        return byPerson.size();
    }

    /**
     * A task whose window has closed undone becomes 逾期 and counts against the completion rate — an inspection task, and
     * a 包保 task of a 重大危险源 against its role; how many did. 逾期 follows the window it was derived from, as a
     * hazard's follows its deadline: a task marked while the clock was ahead (a server clock corrected backwards) whose
     * window is open again by the clock is 待排查 again, or the completion rate and the inspector's list would count as
     * missed a check that can still be made (and reminded of), and the guarantor's list would offer nothing to do this
     * week. One statement per table, so the read models' statement triggers on it run once per run.
     */
    public int markOverdue() {
        var now = java.sql.Timestamp.from(clock.instant());
        int marked = 0;
        for (String table : List.of("inspection_task", "duty_task")) {
            marked += (int) jdbc.sql("""
                    update %s set status = case when due_at <= :now then 'OVERDUE' else 'PENDING' end
                     where (status = 'PENDING' and due_at <= :now) or (status = 'OVERDUE' and due_at > :now)
                    returning status
                    """.formatted(table)).param("now", now).query(String.class).list().stream()
                    .filter("OVERDUE"::equals).count();
        }
        return marked;
    }

    /**
     * 停用检维修: the risk point is out of service for these days; its tasks in that time are suspended, not overdue.
     * Only the actor's own enterprise's points; any other id is a 404, before the dates are looked at.
     */
    @Transactional
    public long recordOutage(cn.shuangkong.shared.Actor me, long riskPointId, LocalDate from, LocalDate to, String reason) {
        long enterprise = jdbc.sql("select p.enterprise_id from (%s) p where p.id = :p".formatted(RiskFacts.points())).param("p", riskPointId)
                .query(Long.class).optional().filter(e -> e.equals(me.enterpriseId()))
                .orElseThrow(() -> cn.shuangkong.shared.DomainException.notFound("风险点"));
        if (from == null || to == null || to.isBefore(from)) {
            throw cn.shuangkong.shared.DomainException.invalid("endsOn", "停用结束日期不能早于开始日期");
        }
        if (reason == null || reason.isBlank()) {
            throw cn.shuangkong.shared.DomainException.invalid("reason", "请填写停用原因");
        }
        long id = jdbc.sql("""
                insert into risk_point_outage (risk_point_id, starts_on, ends_on, reason, created_by, created_at)
                values (:p, :a, :b, :r, :by, :at) returning id
                """).param("p", riskPointId).param("a", from).param("b", to).param("r", reason.strip()).param("by", me.username())
                .param("at", java.sql.Timestamp.from(clock.instant())).query(Long.class).single();
        int suspended = jdbc.sql("""
                update inspection_task set status = 'SUSPENDED'
                 where risk_point_id = :p and status in ('PENDING','OVERDUE')
                   and period_start < ((cast(:b as date) + 1)::timestamp at time zone :zone)
                   and due_at > (cast(:a as date)::timestamp at time zone :zone)
                """).param("p", riskPointId).param("a", from).param("b", to).param("zone", PlatformTime.zone(clock)).update();
        events.publishEvent(new StateChanged("登记停用检维修", "risk_point", String.valueOf(riskPointId),
                from + " 至 " + to + "：" + reason.strip() + "（暂停 " + suspended + " 项任务）", enterprise, null));
        return id;
    }

}
