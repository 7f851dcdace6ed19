package cn.shuangkong.inspection;

import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    InspectionScheduler(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    private record Measure(long id, long enterpriseId, long riskPointId, BigDecimal checkCycle, String checkCycleUnit,
                           Instant createdAt, Instant lastPeriod) { }

    /** What one run did, for logs and tests. */
    public record Run(int generated, int overdue) { }

    @Scheduled(fixedDelayString = "${shuangkong.inspection.schedule-every:PT1M}", initialDelayString = "PT20S")
    public void tick() {
        Run run = runOnce();
        if (run.generated() + run.overdue() > 0) {
            log.info("Inspection tasks: {} generated, {} marked overdue", run.generated(), run.overdue());
        }
    }

    @Transactional
    public Run runOnce() {
        return new Run(generate(), markOverdue());
    }

    /** Creates the task of every period that has begun and has none yet. */
    int generate() {
        Instant now = clock.instant();
        List<Measure> measures = jdbc.sql("""
                select m.id, p.enterprise_id, p.id as risk_point_id, m.check_cycle, m.check_cycle_unit, m.created_at,
                       (select max(t.period_start) from inspection_task t where t.measure_id = m.id) as last_period
                  from control_measure m join risk_point p on p.id = m.risk_point_id
                  join enterprise e on e.id = p.enterprise_id
                 where e.status = 'OPERATING'
                """).query(Measure.class).list();
        int generated = 0;
        for (Measure m : measures) {
            Cycle cycle = new Cycle(m.checkCycle(), Cycle.Unit.valueOf(m.checkCycleUnit()));
            Instant from = latest(m.createdAt(), now.minus(CATCH_UP));
            if (m.lastPeriod() != null) from = latest(from, cycle.next(m.lastPeriod()));
            for (Instant start : cycle.periodStarts(from, now)) {
                if (start.isAfter(now)) break;
                Instant due = cycle.next(start);
                String status = suspended(m.riskPointId(), start, due) ? "SUSPENDED" : due.isAfter(now) ? "PENDING" : "OVERDUE";
                generated += jdbc.sql("""
                        insert into inspection_task (enterprise_id, risk_point_id, measure_id, period_start, due_at, status)
                        values (:e, :p, :m, :start, :due, :status) on conflict (measure_id, period_start) do nothing
                        """).param("e", m.enterpriseId()).param("p", m.riskPointId()).param("m", m.id())
                        .param("start", java.sql.Timestamp.from(start)).param("due", java.sql.Timestamp.from(due))
                        .param("status", status).update();
            }
        }
        return generated;
    }

    /** A task whose window has closed undone becomes 逾期 and counts against the completion rate. */
    int markOverdue() {
        return jdbc.sql("update inspection_task set status = 'OVERDUE' where status = 'PENDING' and due_at <= :now")
                .param("now", java.sql.Timestamp.from(clock.instant())).update();
    }

    /** Whether an outage overlaps the task's window: an object out of service for any of it is not inspected. */
    private boolean suspended(long riskPointId, Instant start, Instant due) {
        return jdbc.sql("""
                select exists(select 1 from risk_point_outage o where o.risk_point_id = :p
                   and (o.starts_on::timestamp at time zone 'Asia/Shanghai') < :due
                   and ((o.ends_on + 1)::timestamp at time zone 'Asia/Shanghai') > :start)
                """).param("p", riskPointId).param("start", java.sql.Timestamp.from(start))
                .param("due", java.sql.Timestamp.from(due)).query(Boolean.class).single();
    }

    /**
     * 停用检维修: the risk point is out of service for these days; its tasks in that time are suspended, not overdue.
     */
    @Transactional
    public long recordOutage(long riskPointId, LocalDate from, LocalDate to, String reason, String by) {
        if (from == null || to == null || to.isBefore(from)) {
            throw cn.shuangkong.shared.DomainException.invalid("endsOn", "停用结束日期不能早于开始日期");
        }
        if (reason == null || reason.isBlank()) {
            throw cn.shuangkong.shared.DomainException.invalid("reason", "请填写停用原因");
        }
        long id = jdbc.sql("""
                insert into risk_point_outage (risk_point_id, starts_on, ends_on, reason, created_by, created_at)
                values (:p, :a, :b, :r, :by, :at) returning id
                """).param("p", riskPointId).param("a", from).param("b", to).param("r", reason.strip()).param("by", by)
                .param("at", java.sql.Timestamp.from(clock.instant())).query(Long.class).single();
        int suspended = jdbc.sql("""
                update inspection_task set status = 'SUSPENDED'
                 where risk_point_id = :p and status in ('PENDING','OVERDUE')
                   and period_start < ((cast(:b as date) + 1)::timestamp at time zone 'Asia/Shanghai')
                   and due_at > (cast(:a as date)::timestamp at time zone 'Asia/Shanghai')
                """).param("p", riskPointId).param("a", from).param("b", to).update();
        Long enterprise = jdbc.sql("select enterprise_id from risk_point where id = :p").param("p", riskPointId).query(Long.class).single();
        events.publishEvent(new StateChanged("登记停用检维修", "risk_point", String.valueOf(riskPointId),
                from + " 至 " + to + "：" + reason.strip() + "（暂停 " + suspended + " 项任务）", enterprise, null));
        return id;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
