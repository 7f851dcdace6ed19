package cn.shuangkong.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.analytics.internal.Dashboard;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.support.PlatformTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 零报告 as the 驾驶舱 sums it from the inspection module's roll-up (ADR 0037) equals the per-enterprise definition —
 * a task (not suspended) fell due from the start of the day 30 days ago up to now, and no hazard was found since — at
 * every step: a task falling due today, done, suspended; a hazard found; the platform clock moving across the window's
 * edge; the roll-up's pending rows folded.
 */
class ZeroReportTest extends PlatformTest {

    static final String XINQIAO = "321282100";
    static final Jurisdiction TOWN = Jurisdiction.regulator(XINQIAO, List.of(), "新桥镇");

    @Autowired
    Dashboard dashboard;

    @Test
    void the_rolled_up_figure_follows_tasks_finds_and_the_clock() {
        Instant start = clock.instant();
        try {
            // Mid-morning, so that "later today" and "earlier today" are both today.
            LocalDate day = LocalDate.now(clock);
            clock.set(day.atTime(10, 0).atZone(clock.getZone()).toInstant());
            var rows = new DashboardRows(jdbc);
            long first = rows.enterprise(XINQIAO, "零报告测试企业甲");
            long firstPoint = rows.riskPoint(first, "零报告测试点甲", 4);
            long second = rows.enterprise(XINQIAO, "零报告测试企业乙");
            long secondPoint = rows.riskPoint(second, "零报告测试点乙", 4);
            assertAgrees(first, false);

            // Its only task of the window falls due today: not before it is due, then at once.
            rows.task(first, firstPoint, clock.instant().plus(Duration.ofHours(2)), "PENDING");
            assertAgrees(first, false);
            clock.advance(Duration.ofHours(3));
            assertAgrees(first, true);
            // Done, it still is 零报告 (an inspection that found nothing); suspended, it no longer came due.
            jdbc.sql("update inspection_task set status = 'DONE' where enterprise_id = :e").param("e", first).update();
            assertAgrees(first, true);
            jdbc.sql("update inspection_task set status = 'SUSPENDED' where enterprise_id = :e").param("e", first).update();
            assertAgrees(first, false);
            jdbc.sql("update inspection_task set status = 'DONE' where enterprise_id = :e").param("e", first).update();
            assertAgrees(first, true);

            // A task missed a week ago: counted by whole days from the roll-up; folding its pending rows changes nothing.
            rows.task(second, secondPoint, clock.instant().minus(Duration.ofDays(7)), "OVERDUE");
            assertAgrees(second, true);
            compact();
            assertAgrees(second, true);
            assertEveryTownAgrees();

            // A hazard found ends it, and for 30 days after the day it was found.
            rows.hazard(second, "零报告测试隐患", false, "RECTIFYING", false, clock.instant().minus(Duration.ofHours(1)));
            assertAgrees(second, false);
            rows.task(second, secondPoint, clock.instant().plus(Duration.ofDays(20)), "PENDING");
            clock.advance(Duration.ofDays(25));
            assertAgrees(second, false);
            // The find leaves the window on the 31st day, and the task due on day 20 is still in it.
            clock.set(day.plusDays(31).atTime(8, 0).atZone(clock.getZone()).toInstant());
            assertAgrees(second, true);
            compact();
            assertAgrees(second, true);
            assertEveryTownAgrees();
            // The first enterprise's task (today) is still in the window on day 30, out of it on day 31.
            clock.set(day.plusDays(30).atTime(23, 0).atZone(clock.getZone()).toInstant());
            assertAgrees(first, true);
            clock.set(day.plusDays(31).atTime(0, 30).atZone(clock.getZone()).toInstant());
            assertAgrees(first, false);
            // And the clock back where it started: every day is kept, not only today's.
            clock.set(day.atTime(14, 0).atZone(clock.getZone()).toInstant());
            assertAgrees(first, true);
            assertAgrees(second, false);
            assertEveryTownAgrees();
        } finally {
            clock.set(start);
        }
    }

    @Test
    void an_enterprise_that_moves_town_takes_its_zero_report_along() {
        var rows = new DashboardRows(jdbc);
        long ent = rows.enterprise(XINQIAO, "零报告测试搬迁企业");
        long point = rows.riskPoint(ent, "零报告测试搬迁点", 4);
        rows.task(ent, point, clock.instant().minus(Duration.ofDays(3)), "DONE");
        var binjiang = Jurisdiction.regulator("321282401", List.of(), "滨江新区");
        long town = dashboard.figures(TOWN).zeroReport();
        long other = dashboard.figures(binjiang).zeroReport();
        jdbc.sql("update enterprise set region_code = '321282401' where id = :e").param("e", ent).update();
        assertThat(town - dashboard.figures(TOWN).zeroReport()).isEqualTo(1);
        assertThat(dashboard.figures(binjiang).zeroReport() - other).isEqualTo(1);
        assertThat(dashboard.figures(binjiang).zeroReport()).isEqualTo(perEnterprise(binjiang));
        assertThat(dashboard.figures(Jurisdiction.platform()).zeroReport()).isEqualTo(perEnterprise(Jurisdiction.platform()));
    }

    @Test
    void a_hazard_a_lower_platform_reports_for_an_enterprise_held_here_leaves_it_to_its_own_register() {
        var rows = new DashboardRows(jdbc);
        long ent = rows.enterprise(XINQIAO, "零报告测试上报企业");
        long point = rows.riskPoint(ent, "零报告测试上报点", 4);
        rows.task(ent, point, clock.instant().minus(Duration.ofDays(2)), "DONE");
        assertAgrees(ent, true);
        // The county's platform reports a hazard for it. The enterprise keeps its register here, so it is counted from that
        // register alone (ADR 0044): the report is stored and shown on 数据上报, but it does not end the 零报告 here.
        rows.receivedHazard(ent, clock.instant().minus(Duration.ofHours(1)), clock.getZone(), "2");
        assertAgrees(ent, true);
    }

    /**
     * The town's figure equals the enterprises the per-enterprise rows call 零报告, and the
     * enterprise's own row says {@code expected}, as a count of its tasks and hazards does.
     */
    private void assertAgrees(long enterprise, boolean expected) {
        assertThat(definition(enterprise)).as("the definition, counted from the tasks and hazards").isEqualTo(expected);
        assertThat(dashboard.enterprise(TOWN, enterprise).orElseThrow().zeroReport()).isEqualTo(expected);
        assertThat(dashboard.figures(TOWN).zeroReport()).as("the town's figure").isEqualTo(perEnterprise(TOWN));
    }

    /** Every town of the county (whatever other tests left there) as its enterprises' rows say. */
    private void assertEveryTownAgrees() {
        var county = Jurisdiction.regulator("321282", List.of(), "靖江市");
        var towns = dashboard.towns(county);
        assertThat(towns).isNotEmpty();
        for (var t : towns) {
            var scope = Jurisdiction.regulator(t.code(), List.of(), t.name());
            assertThat(t.zeroReport()).as(t.name()).isEqualTo(perEnterprise(scope));
        }
    }

    /**
     * The enterprises the list's rows call 零报告 (each decided per enterprise as the index walk reaches it, ADR 0049),
     * counted page by page; the list's total (from the roll-up, as the figure) must say the same.
     */
    private long perEnterprise(Jurisdiction scope) {
        var zero = new Dashboard.EnterpriseFilter(null, false, true, false);
        long rows = 0, total;
        int page = 1;
        do {
            var result = dashboard.enterprises(scope, zero, new PageResult.Request(page++, 200));
            total = result.total();
            rows += result.items().size();
            if (result.items().isEmpty()) break;
        } while (rows < total);
        assertThat(total).as("the list's total").isEqualTo(rows);
        return rows;
    }

    private boolean definition(long enterprise) {
        Instant since = LocalDate.now(clock).minusDays(dashboard.zeroReportDays()).atStartOfDay(clock.getZone()).toInstant();
        return jdbc.sql("""
                select exists (select 1 from inspection_task where enterprise_id = :e and status <> 'SUSPENDED'
                                  and due_at >= :since and due_at <= :now)
                   and not exists (select 1 from hazard where enterprise_id = :e and found_at >= :since)
                """).param("e", enterprise).param("since", Timestamp.from(since)).param("now", Timestamp.from(clock.instant()))
                .query(Boolean.class).single();
    }

    private void compact() {
        jdbc.sql("select area_facts_compact()").query().listOfRows();
    }
}
