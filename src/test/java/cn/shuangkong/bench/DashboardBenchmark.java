package cn.shuangkong.bench;

import cn.shuangkong.analytics.internal.Dashboard;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.support.PlatformTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * ./bench dashboard — a province-sized jurisdiction (12 cities, 72 counties, 720 towns, 50 000 enterprises with
 * 200 000 risk points, 1 000 000 hazards over a year, 10 000 000 inspection tasks over a year and 2 160 public-area
 * risks), generated server-side (INSERT … SELECT over generate_series, one statement per table, the read-model
 * triggers off and the read models rebuilt once after), then every dashboard query timed at province, city, county and
 * town level with the scheduled jobs held off (their ShedLock rows taken), beside plain-SQL baselines from the same
 * run. Prints figures; asserts nothing.
 */
@Tag("benchmark")
class DashboardBenchmark extends PlatformTest {

    static final int ENTERPRISES = 50_000, RUNS = 5;
    /** The full province by default; {@code -Dbench.weeks=8 -Dbench.hazards=3} for a quick run on a busy machine. */
    static final int HAZARDS_EACH = Integer.getInteger("bench.hazards", 20), WEEKS = Integer.getInteger("bench.weeks", 50);

    @Autowired
    Dashboard dashboard;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void dashboard_queries_on_a_province() {
        long t0 = System.nanoTime();
        try (var held = ScheduledJobs.holdOff(jdbc, context, "DashboardBenchmark")) {
            generate();
            System.out.printf("%n=== DashboardBenchmark: province generated in %.1f s ===%n", (System.nanoTime() - t0) / 1e9);
            System.out.println(counts());
            measure();
        }
    }

    private void measure() {

        Jurisdiction province = Jurisdiction.regulator("340000", List.of(), "基准省");
        System.out.printf("%-34s %10s %10s %10s %10s%n", "query (median of " + RUNS + ", ms)", "province", "city", "county", "town");
        Map<String, String> areas = new LinkedHashMap<>();
        areas.put("province", "340000");
        areas.put("city", "340100");
        areas.put("county", "340101");
        areas.put("town", "340101100");
        Map<String, Map<String, Double>> table = new LinkedHashMap<>();
        for (var a : areas.entrySet()) {
            var area = dashboard.area(province, a.getValue());
            var scope = dashboard.within(province, area);
            time(table, "figures", a.getKey(), () -> dashboard.figures(scope));
            time(table, "areas (sub-areas)", a.getKey(), () -> dashboard.areas(scope, area));
            time(table, "towns (map colours)", a.getKey(), () -> dashboard.towns(scope));
            time(table, "trend (12 months)", a.getKey(), () -> dashboard.trend(scope, 12));
            time(table, "open major hazards (20)", a.getKey(), () -> dashboard.majorHazards(scope, 20));
            time(table, "major risks (20)", a.getKey(), () -> dashboard.majorRisks(scope, 20));
            time(table, "alarms (20)", a.getKey(), () -> dashboard.alarms(scope, 20));
            time(table, "map points (3000)", a.getKey(), () -> dashboard.points(scope, 3000));
            time(table, "enterprises page 1 (riskiest)", a.getKey(), () -> dashboard.enterprises(scope,
                    Dashboard.EnterpriseFilter.all(), new PageResult.Request(1, 20)));
            time(table, "zero-report enterprises", a.getKey(), () -> dashboard.enterprises(scope,
                    new Dashboard.EnterpriseFilter(null, false, true, false), new PageResult.Request(1, 20)));
            time(table, "whole snapshot (page / screen)", a.getKey(), () -> dashboard.snapshot(province, a.getValue()));
        }
        table.forEach((q, row) -> System.out.printf("%-34s %10.1f %10.1f %10.1f %10.1f%n", q,
                row.get("province"), row.get("city"), row.get("county"), row.get("town")));
        baselines();
        explainTheListWalk();
        var f = dashboard.figures(province);
        System.out.printf("province: %d enterprises, %d red, %d open major hazards (%d overdue), completion %s%%, rectification %s%%, %d zero-report%n",
                f.enterprises(), f.red(), f.majorHazardsOpen(), f.majorHazardsOverdue(), f.getCompletionRate(),
                f.getRectificationRate(), f.zeroReport());
    }

    /**
     * Plain SQL in the same run: the figures counted straight from the source rows in one pass (what the dashboard did
     * before the read models, and what PostgreSQL itself needs for it), and the same figures summed from the
     * per-enterprise read models and from their roll-ups by region and industry, with nothing around them.
     */
    private void baselines() {
        String source = """
                with e as (select id from enterprise where region_code like :r)
                select (select count(*) from e),
                       (select count(*) filter (where h.state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION'))
                          from hazard h join e on e.id = h.enterprise_id),
                       (select count(*) filter (where t.status = 'DONE') from inspection_task t join e on e.id = t.enterprise_id
                         where t.due_at >= now() - interval '30 days' and t.due_at <= now()),
                       (select count(*) from hazard h join e on e.id = h.enterprise_id where h.found_at >= now() - interval '12 months'),
                       (select count(*) from inspection_task t join e on e.id = t.enterprise_id
                         where t.due_at >= now() - interval '12 months' and t.due_at <= now())
                """;
        String facts = """
                with e as (select id from enterprise where region_code like :r)
                select (select count(*) from e), (select sum(open) from hazard_facts f join e on e.id = f.enterprise_id),
                       (select sum(done) from inspection_task_day_facts f join e on e.id = f.enterprise_id
                         where f.day >= current_date - 30),
                       (select sum(found) from hazard_month_facts f join e on e.id = f.enterprise_id
                         where f.month >= current_date - interval '12 months'),
                       (select sum(done) from inspection_task_month_facts f join e on e.id = f.enterprise_id
                         where f.month >= current_date - interval '12 months')
                """;
        String areas = """
                select (select sum(enterprises) from enterprise_area_facts where region_code like :r),
                       (select sum(open) from hazard_area_facts where region_code like :r),
                       (select sum(done) from inspection_task_area_day_facts where region_code like :r and day >= current_date - 30),
                       (select sum(found) from hazard_area_month_facts where region_code like :r
                           and month >= current_date - interval '12 months'),
                       (select sum(done) from inspection_task_area_month_facts where region_code like :r
                           and month >= current_date - interval '12 months')
                """;
        // The enterprise list's first page as it was read before ADR 0049: every enterprise of the area ranked.
        String ranked = """
                with e as (select id from enterprise where region_code like :r)
                select e.id from e left join enterprise_level_facts l on l.enterprise_id = e.id
                  left join hazard_facts h on h.enterprise_id = e.id
                 order by coalesce(l.level, 5), coalesce(h.major_open, 0) desc, coalesce(h.open, 0) desc, e.id limit 20
                """;
        Map<String, Map<String, Double>> table = new LinkedHashMap<>();
        for (var a : Map.of("province", "34%", "city", "3401%").entrySet()) {
            time(table, "plain SQL, every enterprise ranked", a.getKey(),
                    () -> jdbc.sql(ranked).param("r", a.getValue()).query().listOfRows());
            time(table, "plain SQL, source rows (one pass)", a.getKey(),
                    () -> jdbc.sql(source).param("r", a.getValue()).query().listOfRows());
            time(table, "plain SQL, read models", a.getKey(),
                    () -> jdbc.sql(facts).param("r", a.getValue()).query().listOfRows());
            time(table, "plain SQL, area roll-ups (ADR 0035)", a.getKey(),
                    () -> jdbc.sql(areas).param("r", a.getValue()).query().listOfRows());
        }
        System.out.printf("%-34s %10s %10s%n", "baseline (median of " + RUNS + ", ms)", "province", "city");
        table.forEach((q, row) -> System.out.printf("%-34s %10.1f %10.1f%n", q, row.get("province"), row.get("city")));
    }

    /**
     * EXPLAIN (ANALYZE, BUFFERS) of the enterprise list's index walk (ADR 0049), written as Dashboard sends it for a
     * regulator of the whole province and of a city, page 1 of 20, unfiltered and 零报告.
     */
    private void explainTheListWalk() {
        var su = superuser();
        for (String r : List.of("34%", "3401%")) {
            for (boolean zero : new boolean[] {false, true}) {
                String plan = String.join("\n", su.sql("""
                        explain (analyze, buffers, costs off)
                        with e as not materialized (select e.id, e.longitude, e.latitude from enterprise e where e.region_code like '%s'),
                        el as not materialized (select * from e)
                        select k.enterprise_id from (select r.enterprise_id, r.rank_level, r.major_open, r.open
                                                       from enterprise_rank_facts r join el on el.id = r.enterprise_id) k
                         where true %s
                         order by k.rank_level, k.major_open desc, k.open desc, k.enterprise_id limit 20
                        """.formatted(r, zero ? """
                        and exists (select 1 from inspection_task_day_facts f where f.enterprise_id = k.enterprise_id
                                       and f.day >= current_date - 30 and f.day < current_date and f.due > 0
                                    union all
                                    select 1 from inspection_task t where t.enterprise_id = k.enterprise_id
                                       and t.due_at >= current_date and t.due_at <= now() and t.status <> 'SUSPENDED')
                        and not exists (select 1 from hazard_facts fs where fs.enterprise_id = k.enterprise_id
                                           and fs.last_found_at >= current_date - 30)""" : "")).query(String.class).list());
                System.out.printf("%n--- list walk, %s%s ---%n%s%n", r, zero ? ", 零报告" : "", plan);
            }
        }
    }

    private void time(Map<String, Map<String, Double>> table, String query, String column, Supplier<?> run) {
        run.get(); // warm the plan cache and the buffers
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            run.get();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(ms);
        table.computeIfAbsent(query, k -> new LinkedHashMap<>()).put(column, ms.get(RUNS / 2));
    }

    private String counts() {
        return jdbc.sql("""
                select format('enterprises %s, risk points %s, hazards %s, tasks %s, regional risks %s',
                  (select count(*) from enterprise where region_code like '34%'),
                  (select count(*) from risk_point p join enterprise e on e.id = p.enterprise_id where e.region_code like '34%'),
                  (select count(*) from hazard h join enterprise e on e.id = h.enterprise_id where e.region_code like '34%'),
                  (select count(*) from inspection_task t join enterprise e on e.id = t.enterprise_id where e.region_code like '34%'),
                  (select count(*) from regional_risk where region_code like '34%'))
                """).query(String.class).single();
    }

    /** Everything with set-based SQL, seeded (setseed) so that every run builds the same province. */
    private void generate() {
        // The platform's JdbcClient stops statements after 30 s; generating a province takes longer on a busy machine.
        var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(dataSource);
        jdbc.sql("select setseed(0.34)").query(Object.class).list();
        // Times relative to the platform's clock (not the database's now(), which runs ahead of it by the minutes the
        // generation takes): nothing is due or found after the platform's "now".
        var t0 = java.sql.Timestamp.from(clock.instant());
        jdbc.sql("insert into region (code, name, level) values ('340000', '基准省', 1) on conflict do nothing").update();
        jdbc.sql("""
                insert into region (code, name, level, parent_code)
                select '34' || lpad(c::text, 2, '0') || '00', '基准市' || c, 2, '340000' from generate_series(1, 12) c
                """).update();
        jdbc.sql("""
                insert into region (code, name, level, parent_code)
                select '34' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0'), '基准市' || c || '县' || k, 3, '34' || lpad(c::text, 2, '0') || '00'
                  from generate_series(1, 12) c, generate_series(1, 6) k
                """).update();
        jdbc.sql("""
                insert into region (code, name, level, parent_code)
                select r.code || (100 + t)::text, r.name || '镇' || t, 4, r.code from region r, generate_series(0, 9) t
                 where r.level = 3 and r.code like '34%'
                """).update();
        jdbc.sql("""
                insert into enterprise (name, credit_code, industry_code, headcount, region_code, longitude, latitude)
                select '基准企业' || g, 'B' || lpad(g::text, 17, '0'), (array['C2614','C3441','G5942','C1711','E4701'])[1 + (g / 720) % 5],
                       20 + g % 500, t.code, 117 + random() * 2, 31 + random() * 2
                  from generate_series(1, :n) g
                  join (select code, row_number() over (order by code) - 1 as i from region where level = 4 and code like '34%') t
                    on t.i = mod(g, 720)
                """).param("n", ENTERPRISES).update();
        jdbc.sql("""
                insert into org_unit (enterprise_id, name, tier) select id, name, 'COMPANY' from enterprise where region_code like '34%'
                """).update();
        jdbc.sql("insert into employee (enterprise_id, name) select id, '员工' || id from enterprise where region_code like '34%'").update();
        // Four risk points each: about 2 % red, 8 % orange, 30 % yellow, 40 % blue, 20 % not yet assessed.
        jdbc.sql("""
                insert into risk_point (enterprise_id, code, name, kind, org_unit_id, level)
                select id, 'B-' || n, '风险点' || n, 'AREA', unit,
                       case when x < 0.02 then 1 when x < 0.10 then 2 when x < 0.40 then 3 when x < 0.80 then 4 end
                  from (select e.id, u.id as unit, n, random() as x
                          from enterprise e join org_unit u on u.enterprise_id = e.id, generate_series(1, 4) n
                         where e.region_code like '34%') s
                """).update();
        // The read models are rebuilt once after the bulk load rather than kept row by row during it, and the bulk
        // tables' secondary indexes are built once after it rather than grown row by row (a random insert into each
        // index of a 10-million-row table is what made the full province too slow to generate).
        var su = superuser();
        for (String t : List.of("hazard", "inspection_task", "risk_point")) {
            su.sql("alter table %s disable trigger user".formatted(t)).update();
        }
        List<String> indexes = su.sql("""
                select indexdef from pg_indexes i
                 where tablename in ('hazard', 'inspection_task') and schemaname = 'public'
                   and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
                """).query(String.class).list();
        for (String def : indexes) su.sql("drop index " + def.replaceAll("^CREATE (UNIQUE )?INDEX (\\S+) ON .*$", "$2")).update();
        // Twenty hazards each over the last year: 5 % major, 70 % closed, 3 % of all flagged overdue.
        jdbc.sql("""
                insert into hazard (enterprise_id, source, level, major_reason, type, title, description, location, found_by,
                                    found_at, state, overdue, deadline, created_at, updated_at, closed_at)
                select id, 'SELF_CHECK', case when x < 0.05 then 'MAJOR' else 'GENERAL' end,
                       case when x < 0.05 then '基准' end, 'UNSAFE_CONDITION', '隐患' || n, '基准', '现场', 'bench',
                       cast(:t0 as timestamptz) - (d || ' days')::interval, case when y < 0.7 then 'CLOSED' else 'RECTIFYING' end,
                       y >= 0.7 and y < 0.73, current_date + (30 - d % 60), cast(:t0 as timestamptz) - (d || ' days')::interval, cast(:t0 as timestamptz),
                       case when y < 0.7 then cast(:t0 as timestamptz) - ((d / 2) || ' days')::interval end
                  from (select e.id, n, random() as x, random() as y, (random() * 365)::int as d
                          from enterprise e, generate_series(1, :each) n where e.region_code like '34%') s
                 order by id
                """).param("each", HAZARDS_EACH).param("t0", t0).update();
        jdbc.sql("""
                insert into control_measure (risk_point_id, type, description, responsible_unit_id, responsible_employee_id,
                                             check_content, check_cycle, check_cycle_unit)
                select p.id, 'MANAGEMENT', '基准措施', u.id, m.id, '检查', 1, 'WEEK'
                  from risk_point p join enterprise e on e.id = p.enterprise_id join org_unit u on u.enterprise_id = e.id
                  join employee m on m.enterprise_id = e.id
                 where e.region_code like '34%'
                """).update();
        // Fifty weekly tasks per measure (one measure per risk point) over the last year: 10 million tasks, each
        // measure on its own weekday, 85 % done, 10 % missed, 5 % suspended.
        jdbc.sql("""
                insert into inspection_task (enterprise_id, risk_point_id, measure_id, period_start, due_at, status)
                select enterprise_id, point, measure, cast(:t0 as timestamptz) - ((w * 7 + 7 + day) || ' days')::interval,
                       cast(:t0 as timestamptz) - ((w * 7 + day) || ' days')::interval,
                       case when x < 0.85 then 'DONE' when x < 0.95 then 'OVERDUE' else 'SUSPENDED' end
                  from (select p.enterprise_id, p.id as point, c.id as measure, w, random() as x, c.id % 7 as day
                          from control_measure c join risk_point p on p.id = c.risk_point_id join enterprise e on e.id = p.enterprise_id,
                               generate_series(0, :weeks - 1) w
                         where e.region_code like '34%') s
                 order by measure, w -- in index order: random inserts into the task indexes would thrash a small cache
                """).param("weeks", WEEKS).param("t0", t0).update();
        long i0 = System.nanoTime();
        for (String def : indexes) su.sql(def).update();
        System.out.printf("%d indexes of hazard and inspection_task built in %.1f s%n", indexes.size(), (System.nanoTime() - i0) / 1e9);
        for (String t : List.of("hazard", "inspection_task", "risk_point")) {
            su.sql("alter table %s enable trigger user".formatted(t)).update();
        }
        // The per-enterprise read models, then their roll-ups by region and industry (ADR 0035), each rebuilt whole
        // with the triggers that would carry every row into the roll-ups off.
        List<String> facts = List.of("hazard_facts", "hazard_month_facts", "inspection_task_day_facts",
                "inspection_task_month_facts", "risk_point_facts");
        long r0 = System.nanoTime();
        for (String t : facts) su.sql("alter table %s disable trigger user".formatted(t)).update();
        su.sql("select hazard_facts_rebuild(), inspection_task_facts_rebuild(), risk_point_facts_rebuild()").query().listOfRows();
        for (String t : facts) su.sql("alter table %s enable trigger user".formatted(t)).update();
        su.sql("select area_facts_rebuild()").query().listOfRows();
        su.sql("select enterprise_rank_facts_rebuild()").query().listOfRows(); // ADR 0049, from the two above
        System.out.printf("read models rebuilt from the whole database in %.1f s%n", (System.nanoTime() - r0) / 1e9);
        jdbc.sql("""
                insert into regional_risk (region_code, category, name, location, hazard, accident_types, method, inputs, score,
                                           level, measures, department, responsible, created_by, created_at, updated_at)
                select r.code, '燃气管网', r.name || '管网' || n, '镇区', '泄漏', '{08}', 'LS', '{"l":3,"s":3}', 9,
                       1 + (abs(hashtext(r.code)) + n) % 4, '巡线', '住建', '张三', 'bench', now(), now()
                  from region r, generate_series(1, 3) n where r.level = 4 and r.code like '34%'
                """).update();
        superuser().sql("vacuum analyze").update();
    }
}
