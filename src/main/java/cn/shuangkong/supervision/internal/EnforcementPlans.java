package cn.shuangkong.supervision.internal;

import cn.shuangkong.organization.Departments.Department;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 差异化监管: a department's yearly enforcement plan, generated from the current ratings of the operating enterprises
 * in its jurisdiction and the configured inspections per year of each level (blue: by random draw only).
 */
@Service
public class EnforcementPlans {

    public record Plan(long id, long departmentId, String departmentName, int year, Instant generatedAt, String generatedBy,
                       List<Item> items) {
        public int totalPlanned() {
            return items.stream().mapToInt(Item::planned).sum();
        }

        public Map<RatingLevel, long[]> byLevel() {
            Map<RatingLevel, long[]> out = new EnumMap<>(RatingLevel.class);
            for (RatingLevel l : RatingLevel.values()) out.put(l, new long[2]);
            items.forEach(i -> { out.get(i.level())[0]++; out.get(i.level())[1] += i.planned(); });
            return out;
        }
    }

    /** One enterprise in the plan: its rating when planned, how many inspections are planned and how many were done. */
    public record Item(long enterpriseId, String enterpriseName, String regionName, RatingLevel level, int score,
                       int planned, int done) { }

    private final JdbcClient jdbc;
    private final Offices offices;
    private final SupervisionProperties settings;
    private final EnterpriseRatings ratings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EnforcementPlans(JdbcClient jdbc, Offices offices, SupervisionProperties settings, EnterpriseRatings ratings,
                     ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.offices = offices;
        this.settings = settings;
        this.ratings = ratings;
        this.events = events;
        this.clock = clock;
    }

    /** Generates (or regenerates, from today's ratings) the actor's department plan for the year. */
    @Transactional
    public Plan generate(Actor me, int year) {
        Department d = offices.departmentOf(me);
        int thisYear = LocalDate.now(clock).getYear();
        if (year < thisYear || year > thisYear + 1) {
            throw DomainException.invalid("year", "只能生成本年度或下一年度的执法计划");
        }
        Instant now = clock.instant();
        long planId = jdbc.sql("""
                insert into enforcement_plan (department_id, year, generated_at, generated_by) values (:d, :y, :t, :u)
                on conflict (department_id, year) do update set generated_at = excluded.generated_at, generated_by = excluded.generated_by
                returning id
                """).param("d", d.id()).param("y", year).param("t", Timestamp.from(now)).param("u", me.username())
                .query(Long.class).single();
        jdbc.sql("delete from enforcement_plan_item where plan_id = :p").param("p", planId).update();
        var scope = me.jurisdiction().enterpriseFilter("e");
        long unrated = jdbc.sql("select count(*) from (" + OrganizationFacts.enterprises() + ") e where e.status = 'OPERATING'"
                        + " and not exists (select 1 from enterprise_rating r where r.enterprise_id = e.id) and " + scope.sql())
                .params(scope.params()).query(Long.class).single();
        if (unrated > 0) ratings.recomputeAll("生成执法计划");
        var perYear = settings.inspectionsPerYear();
        int added = jdbc.sql("""
                insert into enforcement_plan_item (plan_id, enterprise_id, level, score, planned)
                select :p, e.id, r.level, r.score,
                       case r.level when 'RED' then :red when 'ORANGE' then :orange when 'YELLOW' then :yellow else :blue end
                  from enterprise_rating r join (%s) e on e.id = r.enterprise_id
                 where e.status = 'OPERATING' and\s""".formatted(OrganizationFacts.enterprises()) + scope.sql())
                .params(scope.params()).param("p", planId).param("red", perYear.get(RatingLevel.RED))
                .param("orange", perYear.get(RatingLevel.ORANGE)).param("yellow", perYear.get(RatingLevel.YELLOW))
                .param("blue", perYear.get(RatingLevel.BLUE)).update();
        Plan plan = find(d.id(), year).orElseThrow();
        events.publishEvent(new StateChanged("生成年度执法计划", "enforcement-plan", String.valueOf(planId),
                d.name() + " " + year + " 年：" + added + " 家企业，计划检查 " + plan.totalPlanned() + " 家次", null, d.regionCode()));
        return plan;
    }

    /** The actor's department plan of a year, if generated. */
    public Optional<Plan> of(Actor me, int year) {
        return find(offices.departmentOf(me).id(), year);
    }

    /** Planned inspections of one enterprise this year across the plans that include it. */
    public List<Map<String, Object>> forEnterprise(long enterpriseId, int year) {
        return jdbc.sql("""
                select d.name as department, i.planned, i.level,
                       (select count(*) from enforcement_inspection x where x.enterprise_id = i.enterprise_id
                          and x.department_id = p.department_id and extract(year from x.inspected_on) = p.year) as done
                  from enforcement_plan_item i join enforcement_plan p on p.id = i.plan_id join (%s) d on d.id = p.department_id
                 where i.enterprise_id = :e and p.year = :y order by d.id
                """.formatted(OrganizationFacts.departments())).param("e", enterpriseId).param("y", year).query().listOfRows();
    }

    /** By hand: a plan takes its items, a select of their own. */
    Optional<Plan> find(long departmentId, int year) {
        return jdbc.sql("""
                select p.id, p.department_id, d.name, p.year, p.generated_at,
                       coalesce(%s, p.generated_by)
                  from enforcement_plan p join (%s) d on d.id = p.department_id where p.department_id = :d and p.year = :y
                """.formatted(Offices.nameOf("p.generated_by"), OrganizationFacts.departments())).param("d", departmentId).param("y", year)
                .query((rs, n) -> new Plan(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
                        rs.getTimestamp(5).toInstant(), rs.getString(6), items(rs.getLong(1), departmentId, year))).optional();
    }

    private static final RowMapper<Item> ITEMS = Rows.of(Item.class);

    private List<Item> items(long planId, long departmentId, int year) {
        return jdbc.sql("""
                select i.enterprise_id, e.name as enterprise_name, r.name as region_name, i.level, i.score, i.planned,
                       (select count(*) from enforcement_inspection x where x.enterprise_id = i.enterprise_id
                          and x.department_id = :d and extract(year from x.inspected_on) = :y) as done
                  from enforcement_plan_item i join (%s) e on e.id = i.enterprise_id join (%s) r on r.code = e.region_code
                 where i.plan_id = :p order by i.score desc, e.id
                """.formatted(OrganizationFacts.enterprises(), OrganizationFacts.regions())).param("p", planId).param("d", departmentId).param("y", year)
                .query(ITEMS).list();
    }
}
