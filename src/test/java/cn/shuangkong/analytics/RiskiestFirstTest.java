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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The 驾驶舱's enterprise list, "riskiest first" and its 零报告 filter, read in index order from the rank read model
 * (ADR 0049), gives the same rows in the same order as a plain computation from the source rows — the ratings, risk
 * points, hazards, tasks and what a lower platform reported — on generated enterprises, page by page, with every
 * filter, as hazards open and close, a rating changes, and the platform clock moves forward and back.
 */
class RiskiestFirstTest extends PlatformTest {

    static final String XINQIAO = "321282100";
    static final List<Jurisdiction> SCOPES = List.of(Jurisdiction.regulator(XINQIAO, List.of(), "新桥镇"),
            Jurisdiction.regulator("321282", List.of(), "靖江市"), Jurisdiction.regulator("321282", List.of("C34"), "靖江市工信"));

    @Autowired
    Dashboard dashboard;

    @Test
    void pages_equal_a_plain_ranking_of_the_source_rows() {
        Instant start = clock.instant();
        try {
            var rows = new DashboardRows(jdbc);
            var random = new Random(12);
            List<Long> made = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                long ent = rows.enterprise(XINQIAO, "排序测试企业" + i);
                made.add(ent);
                if (i % 6 == 5) {
                    jdbc.sql("update enterprise set longitude = null, latitude = null where id = :e").param("e", ent).update();
                }
                // Few distinct keys, so that ties fall to the next column and to the id.
                Integer level = i % 5 == 4 ? null : 1 + random.nextInt(4);
                long point = rows.riskPoint(ent, "排序测试点" + i, level);
                for (int h = random.nextInt(3); h > 0; h--) {
                    rows.hazard(ent, "排序测试隐患", random.nextInt(4) == 0, random.nextBoolean() ? "RECTIFYING" : "CLOSED", false,
                            clock.instant().minus(Duration.ofDays(random.nextInt(60))));
                }
                if (random.nextBoolean()) rows.task(ent, point, clock.instant().minus(Duration.ofDays(1 + random.nextInt(40))), "DONE");
            }
            // A rating overrides the register's level.
            jdbc.sql("""
                    insert into enterprise_rating (enterprise_id, score, level, factors, computed_at, reason)
                    values (:e, 90, 'RED', '[]', now(), '测试')
                    on conflict (enterprise_id) do update set level = 'RED'
                    """).param("e", made.get(3)).update();
            // An enterprise with no register here, ranked by what a lower platform reported: an open 重大隐患.
            long reported = rows.enterprise(XINQIAO, "排序测试上报企业");
            rows.receivedHazard(reported, clock.instant().minus(Duration.ofDays(40)), clock.getZone(), "1");
            assertSameEverywhere();

            // Hazards open and close; a rating moves: the rank read model follows in the writers' transactions.
            long moved = made.get(7);
            long hazard = rows.hazard(moved, "排序测试新重大隐患", true, "RECTIFYING", false, clock.instant());
            assertSameEverywhere();
            jdbc.sql("update hazard set state = 'CLOSED', closed_at = now() where id = :h").param("h", hazard).update();
            jdbc.sql("update enterprise_rating set level = 'BLUE' where enterprise_id = :e").param("e", made.get(3)).update();
            assertSameEverywhere();

            // 零报告 moves with the clock: forward past the window, back before today's tasks.
            clock.advance(Duration.ofDays(25));
            assertSameEverywhere();
            clock.set(start.minus(Duration.ofDays(10)));
            assertSameEverywhere();
        } finally {
            clock.set(start);
        }
        assertRankModelAgrees();
    }

    private void assertSameEverywhere() {
        List<Dashboard.EnterpriseFilter> filters = List.of(Dashboard.EnterpriseFilter.all(),
                new Dashboard.EnterpriseFilter(null, false, true, false), new Dashboard.EnterpriseFilter(1, false, false, false),
                new Dashboard.EnterpriseFilter(4, false, true, false), new Dashboard.EnterpriseFilter(null, true, false, false),
                new Dashboard.EnterpriseFilter(null, false, false, true), new Dashboard.EnterpriseFilter(null, false, true, true));
        for (Jurisdiction scope : SCOPES) {
            for (var filter : filters) {
                List<Long> expected = plain(scope, filter);
                for (int size : new int[] {7, 200}) {
                    List<Long> listed = new ArrayList<>();
                    long total = -1;
                    for (int page = 1; page == 1 || listed.size() < total; page++) {
                        var result = dashboard.enterprises(scope, filter, new PageResult.Request(page, size));
                        total = result.total();
                        if (total == 0) break;
                        assertThat(result.items()).as("page %d of %s", page, filter).isNotEmpty();
                        if (filter.zeroReport()) assertThat(result.items()).allMatch(Dashboard.EnterpriseRow::zeroReport);
                        result.items().forEach(r -> listed.add(r.id()));
                    }
                    if (filter.equals(Dashboard.EnterpriseFilter.all())) assertThat(expected).as("rows in %s", scope.regionPrefix()).isNotEmpty();
                    assertThat(listed).as("%s in %s, pages of %d", filter, scope.regionPrefix(), size).isEqualTo(expected);
                    assertThat(total).isEqualTo(expected.size());
                }
            }
        }
    }

    /** The ranking computed from the source rows, as the list defined it before its read model. */
    private List<Long> plain(Jurisdiction scope, Dashboard.EnterpriseFilter filter) {
        Instant since = LocalDate.now(clock).minusDays(dashboard.zeroReportDays()).atStartOfDay(clock.getZone()).toInstant();
        String industries = scope.industries().isEmpty() ? "" : " and e.industry_code like '" + scope.industries().get(0) + "%'";
        return jdbc.sql("""
                with e as (select * from enterprise e where e.region_code like :r""" + industries + """
                ),
                x as (select f.* from exchange_received_facts f
                       where not exists (select 1 from risk_point p where p.enterprise_id = f.enterprise_id)),
                k as (select e.id, e.longitude is not null and e.latitude is not null as located,
                             coalesce((select case r.level when 'RED' then 1 when 'ORANGE' then 2 when 'YELLOW' then 3 when 'BLUE' then 4 end
                                         from enterprise_rating r where r.enterprise_id = e.id),
                                      least((select min(p.level) from risk_point p where p.enterprise_id = e.id), x.top_level)) as level,
                             (select count(*) from hazard h where h.enterprise_id = e.id and h.level = 'MAJOR'
                                 and h.state not in ('CLOSED', 'REJECTED', 'PENDING_CONFIRMATION')) + coalesce(x.major_open, 0) as major_open,
                             (select count(*) from hazard h where h.enterprise_id = e.id
                                 and h.state not in ('CLOSED', 'REJECTED', 'PENDING_CONFIRMATION')) + coalesce(x.open, 0) as open,
                             exists (select 1 from inspection_task t where t.enterprise_id = e.id and t.status <> 'SUSPENDED'
                                        and t.due_at >= :since and t.due_at <= :now)
                             and not exists (select 1 from hazard h where h.enterprise_id = e.id and h.found_at >= :since)
                             and coalesce(x.last_found_at < :since, true) as zero
                        from e left join x on x.enterprise_id = e.id)
                select id from k
                 where (cast(:level as int) is null or level = :level) and (not :unrated or level is null)
                   and (not :zero or zero) and (not :located or located)
                 order by coalesce(level, 5), major_open desc, open desc, id
                """).param("r", scope.regionPrefix() + "%").param("since", Timestamp.from(since))
                .param("now", Timestamp.from(clock.instant())).param("level", filter.level(), java.sql.Types.INTEGER)
                .param("unrated", filter.unrated()).param("zero", filter.zeroReport()).param("located", filter.located())
                .query(Long.class).list();
    }

    /** The rank read model equals what it is kept from, over the whole database. */
    private void assertRankModelAgrees() {
        long wrong = jdbc.sql("""
                select count(*) from enterprise e left join enterprise_rank_facts r on r.enterprise_id = e.id
                  left join enterprise_level_facts l on l.enterprise_id = e.id left join hazard_facts h on h.enterprise_id = e.id
                 where (r.rank_level, r.major_open, r.open)
                       is distinct from (coalesce(l.level, 5), coalesce(h.major_open, 0), coalesce(h.open, 0))
                """).query(Long.class).single();
        assertThat(wrong).isZero();
        assertThat(jdbc.sql("select count(*) from enterprise_rank_facts").query(Long.class).single())
                .isEqualTo(jdbc.sql("select count(*) from enterprise").query(Long.class).single());
    }
}
