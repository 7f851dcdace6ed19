package cn.shuangkong.demo;

import cn.shuangkong.monitoring.internal.GuarantorTaskLists;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * 包保任务清单 at the demo's 重大危险源 (the chemical works' tank farm): four weeks of its three 包保 persons' tasks,
 * the past ones done except one of the 操作负责人's (逾期), one done with a finding, and this period's first items done.
 */
@Component
@Profile("demo")
@Order(55)
class DemoDuties implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDuties.class);

    private final JdbcClient jdbc;
    private final GuarantorTaskLists lists;
    private final Clock clock;

    DemoDuties(JdbcClient jdbc, GuarantorTaskLists lists, Clock clock) {
        this.jdbc = jdbc;
        this.lists = lists;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "duties")) return;
        Instant now = clock.instant();
        // In the load's transaction although the hourly guarantor job issues the same tasks: each is inserted on
        // conflict do nothing (ADR 0084), so whichever comes second adds nothing instead of aborting the load.
        for (int weeksAgo = 3; weeksAgo >= 0; weeksAgo--) lists.issueAll(now.minus(Duration.ofDays(7L * weeksAgo)));
        // The history, as the persons recorded it: every past task done a day before its deadline, but for the
        // 操作负责人's last item of last week; the second of last week's items found something.
        Timestamp at = Timestamp.from(now);
        long missed = jdbc.sql("""
                select id from duty_task where task_type = 'OPERATOR' and due_at <= :now order by due_at desc, item_no desc limit 1
                """).param("now", at).query(Long.class).optional().orElse(-1L);
        jdbc.sql("""
                update duty_task t set status = 'DONE', done_at = t.due_at - interval '1 day', result = 'NORMAL',
                       done_by = (select u.username from user_account u where u.employee_id = t.employee_id order by u.id limit 1)
                 where t.due_at <= :now and t.id <> :missed""").param("now", at).param("missed", missed).update();
        jdbc.sql("update duty_task set status = 'OVERDUE' where id = :id").param("id", missed).update();
        jdbc.sql("""
                update duty_task set result = 'ABNORMAL', note = 'T-104 氮封压力表读数偏低，已报仪表班校验'
                 where id = (select id from duty_task where status = 'DONE' and task_type = 'OPERATOR' and item_no = 2
                              order by due_at desc limit 1)""").update();
        // This period: the principal's and the technical head's first items are already done.
        jdbc.sql("""
                update duty_task t set status = 'DONE', done_at = greatest(t.period_start, cast(:now as timestamptz) - interval '2 hours'),
                       result = 'NORMAL',
                       done_by = (select u.username from user_account u where u.employee_id = t.employee_id order by u.id limit 1)
                 where t.status = 'PENDING' and t.item_no = 1 and t.task_type in ('PRINCIPAL', 'TECHNICAL')""").param("now", at).update();
        DemoLoads.markLoaded(jdbc, "duties", clock);
        log.info("Demo 包保任务 loaded");
    }
}
