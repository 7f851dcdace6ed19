package cn.shuangkong.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.analytics.internal.Dashboard;
import cn.shuangkong.analytics.internal.Overview;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.PlatformTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The per-enterprise read models the dashboard reads (ADR 0024) agree with the records underneath after every kind of
 * change, and as the clock moves: a hazard registered, flagged overdue, closed; a task done, missed, falling due, leaving
 * the window; a risk point re-graded or removed. Every step also compares the read models with a count of the source.
 */
class ReadModelsTest extends PlatformTest {

    static final String XINQIAO = "321282100";
    static final Jurisdiction TOWN = Jurisdiction.regulator(XINQIAO, List.of(), "新桥镇");

    @Autowired
    Dashboard dashboard;

    @Autowired
    Overview overview;

    private Dashboard.Figures figures() {
        return dashboard.figures(TOWN);
    }

    @Test
    void a_hazard_registered_flagged_overdue_and_closed_moves_the_figures() {
        var rows = new DashboardRows(jdbc);
        long ent = rows.enterprise(XINQIAO, "读模型测试企业甲");
        var before = figures();

        long hazard = rows.hazard(ent, "读模型测试重大隐患", true, "RECTIFYING", false, clock.instant());
        var registered = figures();
        assertThat(registered.hazardsOpen() - before.hazardsOpen()).isEqualTo(1);
        assertThat(registered.majorHazardsOpen() - before.majorHazardsOpen()).isEqualTo(1);
        assertThat(registered.majorHazardsOverdue() - before.majorHazardsOverdue()).isZero();
        assertAgree(ent);

        jdbc.sql("update hazard set overdue = true where id = :h").param("h", hazard).update();
        var overdue = figures();
        assertThat(overdue.majorHazardsOverdue() - before.majorHazardsOverdue()).isEqualTo(1);
        assertThat(overdue.hazardsOverdue() - before.hazardsOverdue()).isEqualTo(1);
        assertAgree(ent);

        jdbc.sql("update hazard set state = 'CLOSED', closed_at = :at where id = :h")
                .param("at", Timestamp.from(clock.instant())).param("h", hazard).update();
        var closed = figures();
        assertThat(closed.hazardsOpen() - before.hazardsOpen()).isZero();
        assertThat(closed.hazardsClosed() - before.hazardsClosed()).isEqualTo(1);
        assertThat(closed.majorHazardsOverdue() - before.majorHazardsOverdue()).isZero();
        assertAgree(ent);
        // The month's trend counts it found and closed.
        var month = dashboard.trend(TOWN, 1).get(0);
        assertThat(month.found()).isPositive();
        assertThat(month.closed()).isPositive();
    }

    @Test
    void tasks_count_when_they_fall_due_and_leave_the_window_as_the_clock_moves() {
        Instant start = clock.instant();
        try {
            var rows = new DashboardRows(jdbc);
            long ent = rows.enterprise(XINQIAO, "读模型测试企业乙");
            long point = rows.riskPoint(ent, "读模型测试点", 4);
            // Done ahead of time: it counts from the moment it falls due, not before.
            rows.task(ent, point, start.plus(Duration.ofHours(2)), "DONE");
            assertThat(row(ent).tasksDone()).isZero();
            clock.advance(Duration.ofHours(3));
            assertThat(row(ent).tasksDone()).isEqualTo(1);
            // A missed one; the enterprise has reported nothing, so it is 零报告, in the town's figures too. (The town's
            // other tasks may have fallen due in the three hours just moved: compare with the town as it is now.)
            var beforeMissed = figures();
            rows.task(ent, point, clock.instant().minus(Duration.ofMinutes(1)), "OVERDUE");
            var missed = figures();
            assertThat(missed.tasksMissed() - beforeMissed.tasksMissed()).isEqualTo(1);
            // The town's 零报告 counts this enterprise with the others: other tests' enterprises in the town may have
            // become 零报告 in the three hours too, so the town is compared with its enterprises' own rows.
            assertThat(missed.zeroReport()).as("the town's 零报告 is its enterprises' own").isEqualTo(zeroReportIn(XINQIAO));
            assertThat(row(ent).zeroReport()).isTrue();
            assertAgree(ent);
            // Days later they come from the day buckets, unchanged; a hazard found ends 零报告.
            clock.advance(Duration.ofDays(2));
            assertThat(row(ent).tasksDone()).isEqualTo(1);
            assertThat(row(ent).tasksMissed()).isEqualTo(truth(ent)[1]).isPositive();
            rows.hazard(ent, "读模型测试隐患", false, "RECTIFYING", false, clock.instant());
            assertThat(row(ent).zeroReport()).isFalse();
            // The window is the last 30 days: past it, the task done then no longer counts. At every step the row
            // equals a count of the tasks themselves.
            clock.advance(Duration.ofDays(31));
            var gone = row(ent);
            assertThat(gone.tasksDone()).isZero();
            long[] truth = truth(ent);
            assertThat(new long[] {gone.tasksDone(), gone.tasksMissed()}).containsExactly(truth[0], truth[1]);
        } finally {
            clock.set(start);
        }
    }

    /** The town's enterprises whose own row says 零报告. */
    private long zeroReportIn(String town) {
        return jdbc.sql("select id from enterprise where region_code like :t || '%'").param("t", town).query(Long.class).list()
                .stream().filter(e -> dashboard.enterprise(TOWN, e).map(Dashboard.EnterpriseRow::zeroReport).orElse(false)).count();
    }

    private Dashboard.EnterpriseRow row(long enterprise) {
        var row = dashboard.enterprise(TOWN, enterprise).orElseThrow();
        long[] truth = truth(enterprise);
        assertThat(new long[] {row.tasksDone(), row.tasksMissed()}).as("done, missed as the tasks say").containsExactly(truth[0], truth[1]);
        return row;
    }

    /** Done and missed among the enterprise's tasks due in the window, counted from the tasks. */
    private long[] truth(long enterprise) {
        var since = java.time.LocalDate.now(clock).minusDays(dashboard.zeroReportDays()).atStartOfDay(clock.getZone()).toInstant();
        return jdbc.sql("""
                select count(*) filter (where status = 'DONE'), count(*) filter (where status = 'OVERDUE') from inspection_task
                 where enterprise_id = :e and due_at >= :since and due_at <= :now
                """).param("e", enterprise).param("since", Timestamp.from(since)).param("now", Timestamp.from(clock.instant()))
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    @Test
    void a_risk_point_regraded_or_removed_recolours_the_enterprise() {
        var rows = new DashboardRows(jdbc);
        long ent = rows.enterprise(XINQIAO, "读模型测试企业丙");
        long point = rows.riskPoint(ent, "读模型测试储罐", 3);
        assertThat(dashboard.enterprise(TOWN, ent).orElseThrow().level()).isEqualTo(3);
        var before = figures();

        jdbc.sql("update risk_point set level = 1 where id = :p").param("p", point).update();
        var red = figures();
        assertThat(red.red() - before.red()).isEqualTo(1);
        assertThat(red.majorRisks() - before.majorRisks()).isEqualTo(1);
        assertThat(dashboard.majorRisks(TOWN, 1000)).anyMatch(r -> r.id() == point);
        assertAgree(ent);

        jdbc.sql("delete from risk_point where id = :p").param("p", point).update();
        var gone = dashboard.enterprise(TOWN, ent).orElseThrow();
        assertThat(gone.level()).isNull();
        assertThat(gone.riskPoints()).isZero();
        assertAgree(ent);
    }

    @Test
    void the_home_page_figures_equal_a_count_of_the_records() {
        var d = overview.dualPrevention(TOWN);
        // with what a lower platform reported of the town's enterprises that keep no register here (other tests send some)
        String reported = """
                (select coalesce(sum(f.%s), 0) from exchange_received_facts f join enterprise e on e.id = f.enterprise_id
                  where e.region_code like '321282100%%' and not exists (select 1 from risk_point p where p.enterprise_id = e.id))""";
        long points = jdbc.sql("""
                select count(*) + %s from risk_point p join enterprise e on e.id = p.enterprise_id where e.region_code like '321282100%%'
                """.formatted(reported.formatted("points"))).query(Long.class).single();
        long open = jdbc.sql("""
                select count(*) + %s from hazard h join enterprise e on e.id = h.enterprise_id
                 where e.region_code like '321282100%%' and h.state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION')
                """.formatted(reported.formatted("open"))).query(Long.class).single();
        assertThat(d.riskPoints()).isPositive().isEqualTo(points);
        assertThat(d.red() + d.orange() + d.yellow() + d.blue() + d.unassessed()).isEqualTo(points);
        assertThat(d.hazardsOpen()).isEqualTo(open);
        assertThat(overview.totals(TOWN).enterprises()).isPositive();
        assertThat(overview.byTown(TOWN)).isNotEmpty();
        assertThat(overview.byIndustry(TOWN)).isNotEmpty();
    }

    @Test
    void the_read_models_equal_a_fresh_count_of_everything_in_the_database() {
        // Whatever the suite has done so far, through services, sweeps and plain SQL: one truth.
        assertThat(jdbc.sql("select count(*) from hazard").query(Long.class).single()).isPositive();
        assertThat(mismatches(HAZARD_FACTS)).isEmpty();
        assertThat(mismatches(TASK_DAYS)).isEmpty();
        assertThat(mismatches(RISK_FACTS)).isEmpty();
        assertThat(mismatches(ZERO_REPORT_DAYS)).isEmpty();
        // The roll-ups by region and industry equal the per-enterprise facts summed by each enterprise's key (ADR 0035),
        // with their pending rows and after a compaction alike.
        for (String pair : AREA_FACTS) assertThat(areaMismatches(pair)).as(pair).isEmpty();
        jdbc.sql("select area_facts_compact()").query().listOfRows();
        assertThat(jdbc.sql("select count(*) from hazard_area_facts where pending").query(Long.class).single()).isZero();
        for (String pair : AREA_FACTS) assertThat(areaMismatches(pair)).as(pair).isEmpty();
    }

    @Test
    void an_enterprise_that_moves_town_or_industry_takes_its_figures_along() {
        var rows = new DashboardRows(jdbc);
        long ent = rows.enterprise(XINQIAO, "读模型测试企业丁");
        long point = rows.riskPoint(ent, "读模型测试搬迁储罐", 1);
        rows.hazard(ent, "读模型测试搬迁隐患", true, "RECTIFYING", false, clock.instant().minus(Duration.ofHours(2)));
        rows.task(ent, point, clock.instant().minus(Duration.ofHours(30)), "DONE");
        var binjiang = Jurisdiction.regulator("321282401", List.of(), "滨江新区");
        var machinery = Jurisdiction.regulator("321282", List.of("C34"), "机械");
        var town = figures();
        var other = dashboard.figures(binjiang);
        var industry = dashboard.figures(machinery);

        jdbc.sql("update enterprise set region_code = '321282401' where id = :e").param("e", ent).update();
        var townAfter = figures();
        var otherAfter = dashboard.figures(binjiang);
        for (var pair : List.of(List.of(townAfter, town), List.of(other, otherAfter))) {
            var less = pair.get(0);
            var more = pair.get(1);
            assertThat(more.enterprises() - less.enterprises()).isEqualTo(1);
            assertThat(more.red() - less.red()).isEqualTo(1);
            assertThat(more.riskPoints() - less.riskPoints()).isEqualTo(1);
            assertThat(more.majorRisks() - less.majorRisks()).isEqualTo(1);
            assertThat(more.hazardsOpen() - less.hazardsOpen()).isEqualTo(1);
            assertThat(more.majorHazardsOpen() - less.majorHazardsOpen()).isEqualTo(1);
            assertThat(more.tasksDone() - less.tasksDone()).isEqualTo(1);
        }
        // A department that supervises machinery (C34) loses it when it turns out to be a retailer.
        jdbc.sql("update enterprise set industry_code = 'F5265' where id = :e").param("e", ent).update();
        var industryAfter = dashboard.figures(machinery);
        assertThat(industry.enterprises() - industryAfter.enterprises()).isEqualTo(1);
        assertThat(industry.hazardsOpen() - industryAfter.hazardsOpen()).isEqualTo(1);
        for (String pair : AREA_FACTS) assertThat(areaMismatches(pair)).as(pair).isEmpty();
    }

    private void assertAgree(long enterprise) {
        for (String pair : List.of(HAZARD_FACTS, TASK_DAYS, RISK_FACTS)) {
            assertThat(mismatches(pair, enterprise)).as(pair).isEmpty();
        }
    }

    private List<String> mismatches(String pair) {
        return mismatches(pair, -1);
    }

    /** Rows in one side of "(count of the source) EXCEPT (read model)" and not the other, for one enterprise or all (-1). */
    private List<String> mismatches(String pair, long enterprise) {
        String[] sides = pair.split(" EXCEPT ");
        String a = "select * from (" + sides[0] + ") s where (:e < 0 or s.enterprise_id = :e)";
        String b = "select * from (" + sides[1] + ") s where (:e < 0 or s.enterprise_id = :e)";
        return jdbc.sql("select x::text from ((" + a + " except " + b + ") union all (" + b + " except " + a + ")) x")
                .param("e", enterprise).query(String.class).list();
    }

    /** Rows in one side of "(truth) EXCEPT (roll-up)" and not the other. */
    private List<String> areaMismatches(String pair) {
        String[] sides = pair.split(" EXCEPT ");
        return jdbc.sql("select x::text from ((" + sides[0] + " except " + sides[1] + ") union all (" + sides[1] + " except "
                + sides[0] + ")) x").query(String.class).list();
    }

    /** Each roll-up by (region_code, industry_code) beside the per-enterprise facts summed by the enterprise's key. */
    static final List<String> AREA_FACTS = List.of("""
            select region_code, industry_code, count(*) from enterprise group by 1, 2
             EXCEPT select region_code, industry_code, sum(enterprises) from enterprise_area_facts group by 1, 2
             having sum(enterprises) <> 0""", """
            select region_code, industry_code, count(*) filter (where lv = 1), count(*) filter (where lv = 2),
                   count(*) filter (where lv = 3), count(*) filter (where lv = 4)
              from (select e.region_code, e.industry_code,
                           coalesce(case r.level when 'RED' then 1 when 'ORANGE' then 2 when 'YELLOW' then 3 when 'BLUE' then 4 end,
                                    rp.top_level) as lv
                      from enterprise e left join enterprise_rating r on r.enterprise_id = e.id
                      left join risk_point_facts rp on rp.enterprise_id = e.id) x
             group by 1, 2 having count(lv) > 0
             EXCEPT select region_code, industry_code, sum(red), sum(orange), sum(yellow), sum(blue) from enterprise_level_area_facts
             group by 1, 2 having sum(red) <> 0 or sum(orange) <> 0 or sum(yellow) <> 0 or sum(blue) <> 0""", """
            select e.region_code, e.industry_code, sum(f.open), sum(f.closed), sum(f.major_open), sum(f.major_overdue),
                   sum(f.overdue), sum(f.awaiting)
              from hazard_facts f join enterprise e on e.id = f.enterprise_id group by 1, 2
             having sum(f.open) <> 0 or sum(f.closed) <> 0 or sum(f.major_open) <> 0 or sum(f.overdue) <> 0 or sum(f.awaiting) <> 0
             EXCEPT select region_code, industry_code, sum(open), sum(closed), sum(major_open), sum(major_overdue), sum(overdue),
                   sum(awaiting) from hazard_area_facts group by 1, 2
             having sum(open) <> 0 or sum(closed) <> 0 or sum(major_open) <> 0 or sum(overdue) <> 0 or sum(awaiting) <> 0""", """
            select e.region_code, e.industry_code, f.month, sum(f.found), sum(f.major_found), sum(f.closed)
              from hazard_month_facts f join enterprise e on e.id = f.enterprise_id group by 1, 2, 3
             having sum(f.found) <> 0 or sum(f.closed) <> 0
             EXCEPT select region_code, industry_code, month, sum(found), sum(major_found), sum(closed) from hazard_area_month_facts
             group by 1, 2, 3 having sum(found) <> 0 or sum(closed) <> 0""", """
            select e.region_code, e.industry_code, f.day, sum(f.done), sum(f.missed), sum(f.due)
              from inspection_task_day_facts f join enterprise e on e.id = f.enterprise_id group by 1, 2, 3
             having sum(f.done) <> 0 or sum(f.missed) <> 0 or sum(f.due) <> 0
             EXCEPT select region_code, industry_code, day, sum(done), sum(missed), sum(due) from inspection_task_area_day_facts
             group by 1, 2, 3 having sum(done) <> 0 or sum(missed) <> 0 or sum(due) <> 0""", """
            select a.region_code, a.industry_code, g.day::date, sum(a.done), sum(a.missed) from inspection_task_area_day_facts a
              join generate_series(current_date - 60, current_date + 60, interval '1 day') g (day)
                on a.day between g.day::date - 30 and g.day::date
             group by 1, 2, 3 having sum(a.done) <> 0 or sum(a.missed) <> 0
             EXCEPT select region_code, industry_code, day, sum(done), sum(missed) from inspection_task_area_window_facts
             where day between current_date - 60 and current_date + 60
             group by 1, 2, 3 having sum(done) <> 0 or sum(missed) <> 0""", """
            select e.region_code, e.industry_code, f.month, sum(f.done), sum(f.missed)
              from inspection_task_month_facts f join enterprise e on e.id = f.enterprise_id group by 1, 2, 3
             having sum(f.done) <> 0 or sum(f.missed) <> 0
             EXCEPT select region_code, industry_code, month, sum(done), sum(missed) from inspection_task_area_month_facts
             group by 1, 2, 3 having sum(done) <> 0 or sum(missed) <> 0""", """
            select e.region_code, e.industry_code, sum(f.points), sum(f.major_risks)
              from risk_point_facts f join enterprise e on e.id = f.enterprise_id group by 1, 2 having sum(f.points) <> 0
             EXCEPT select region_code, industry_code, sum(points), sum(major_risks) from risk_point_area_facts group by 1, 2
             having sum(points) <> 0""", """
            select e.region_code, e.industry_code, g.day::date, count(*)
              from inspection_zero_report_facts f join enterprise e on e.id = f.enterprise_id
              join generate_series(current_date - 60, current_date + 60, interval '1 day') g (day) on f.days @> g.day::date
             group by 1, 2, 3
             EXCEPT select a.region_code, a.industry_code, g.day::date, sum(a.delta) from inspection_zero_report_area_day_facts a
              join generate_series(current_date - 60, current_date + 60, interval '1 day') g (day) on a.day <= g.day::date
             group by 1, 2, 3 having sum(a.delta) <> 0""");

    /** The days each enterprise is 零报告 on (V235), as kept and as read again from the facts they derive from. */
    static final String ZERO_REPORT_DAYS = """
            select enterprise_id, days from inspection_zero_report_facts where not isempty(days)
             EXCEPT select id as enterprise_id, inspection_zero_report_days(id) as days from enterprise
             where not isempty(inspection_zero_report_days(id))""";

    static final String HAZARD_FACTS = """
            select enterprise_id, count(*) filter (where state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION')) as open,
                   count(*) filter (where state = 'CLOSED') as closed,
                   count(*) filter (where level = 'MAJOR' and state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION')) as major_open,
                   count(*) filter (where level = 'MAJOR' and overdue and state not in ('CLOSED','REJECTED')) as major_overdue,
                   count(*) filter (where overdue and state not in ('CLOSED','REJECTED')) as overdue,
                   count(*) filter (where state = 'PENDING_CONFIRMATION') as awaiting, max(found_at) as last_found_at
              from hazard group by 1 EXCEPT select enterprise_id, open, closed, major_open, major_overdue, overdue, awaiting,
                   last_found_at from hazard_facts where open + closed + awaiting > 0 or last_found_at is not null""";

    static final String TASK_DAYS = """
            select enterprise_id, (due_at at time zone 'Asia/Shanghai')::date as day, count(*) filter (where status = 'DONE') as done,
                   count(*) filter (where status = 'OVERDUE') as missed, count(*) filter (where status <> 'SUSPENDED') as due
              from inspection_task group by 1, 2 having count(*) filter (where status <> 'SUSPENDED') > 0
             EXCEPT select enterprise_id, day, done, missed, due from inspection_task_day_facts where due > 0""";

    static final String RISK_FACTS = """
            select enterprise_id, count(*) as points, count(*) filter (where level = 1) as major_risks, min(level) as top_level
              from risk_point group by 1
             EXCEPT select enterprise_id, points, major_risks, top_level from risk_point_facts""";
}
