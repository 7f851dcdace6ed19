package cn.shuangkong.supervision.internal;

import cn.shuangkong.hazard.HazardFacts;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardRegister.GradingInput;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 网格巡查: a grid worker records a visit to an enterprise of their grid on the phone; a hazard found becomes a
 * hazard in the enterprise's register with source 网格巡查. Regulators see each grid's figures.
 */
@Service
public class GridPatrols {

    public record Patrol(long id, long gridId, long enterpriseId, String enterpriseName, String patrolledBy,
                         Instant patrolledAt, boolean followUp, String note, Long hazardId) { }

    /** A hazard seen on the patrol; null on the patrol when all was in order. */
    public record Found(String title, String location, HazardType type) { }

    /** A grid's figures for the year: patrols, enterprises visited, hazards found and closed, follow-ups. */
    public record GridKpi(long gridId, String gridName, String townName, long enterprises, long patrols,
                          long enterprisesVisited, long hazardsFound, long hazardsClosed, long followUps) {
        public Integer coverage() {
            return enterprises == 0 ? null : (int) Math.round(enterprisesVisited * 100.0 / enterprises);
        }
    }

    public record GridEnterprise(long id, String name, String address) { }

    private final JdbcClient jdbc;
    private final Offices offices;
    private final HazardRegister hazards;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    GridPatrols(JdbcClient jdbc, Offices offices, HazardRegister hazards, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.offices = offices;
        this.hazards = hazards;
        this.events = events;
        this.clock = clock;
    }

    public List<GridEnterprise> enterprisesOfMyGrid(Actor me) {
        return jdbc.sql("select e.id, e.name, e.address from (" + OrganizationFacts.enterprises() + ") e"
                        + " where e.grid_id = :g order by e.name")
                .param("g", offices.gridOf(me)).query(GridEnterprise.class).list();
    }

    @Transactional
    public Patrol record(Actor me, long enterpriseId, boolean followUp, String note, Found found) {
        long grid = offices.gridOf(me);
        record Patrolled(String name, String regionCode) { }
        var e = jdbc.sql("select e.name, e.region_code from (" + OrganizationFacts.enterprises() + ") e"
                        + " where e.id = :e and e.grid_id = :g")
                .param("e", enterpriseId).param("g", grid).query(Rows.of(Patrolled.class)).optional()
                .orElseThrow(() -> DomainException.invalid("enterpriseId", "请选择本网格内的企业"));
        if (note == null || note.isBlank()) throw DomainException.invalid("note", "请填写巡查情况");
        if (note.length() > 1000) throw DomainException.invalid("note", "巡查情况不能超过 1000 字");
        Instant now = clock.instant();
        Long hazardId = null;
        if (found != null) {
            var report = new HazardReport(HazardSource.GRID_PATROL, found.type(), null, found.title(), note.strip(),
                    found.location(), now, null);
            hazardId = hazards.registerFinding(me, enterpriseId, report, GradingInput.general(), null).hazard().id();
        }
        long id = jdbc.sql("""
                insert into grid_patrol (grid_id, enterprise_id, patrolled_by, patrolled_at, follow_up, note, hazard_id)
                values (:g, :e, :u, :t, :f, :n, :h) returning id
                """).param("g", grid).param("e", enterpriseId).param("u", me.username()).param("t", Timestamp.from(now))
                .param("f", followUp).param("n", note.strip()).param("h", hazardId).query(Long.class).single();
        events.publishEvent(new StateChanged("网格巡查", "grid-patrol", String.valueOf(id),
                e.name() + (followUp ? "（回访复查）" : "") + "：" + (hazardId == null ? "未发现隐患" : "发现隐患 #" + hazardId + " " + found.title()),
                enterpriseId, e.regionCode()));
        return mine(me).get(0);
    }

    public int thisYear() {
        return LocalDate.now(clock).getYear();
    }

    /** The grid worker's own recent patrols. */
    public List<Patrol> mine(Actor me) {
        return jdbc.sql(SELECT + " where p.patrolled_by = :u order by p.patrolled_at desc, p.id desc limit 20")
                .param("u", me.username()).query(Patrol.class).list();
    }

    /** Patrols of one enterprise (the caller has checked scope). */
    public List<Patrol> ofEnterprise(long enterpriseId) {
        return jdbc.sql(SELECT + " where p.enterprise_id = :e order by p.patrolled_at desc limit 20")
                .param("e", enterpriseId).query(Patrol.class).list();
    }

    /** Each grid in the regulator's region with this year's figures. */
    public List<GridKpi> kpis(Jurisdiction scope, int year) {
        String where = switch (scope.kind()) {
            case PLATFORM -> "true";
            case REGULATOR -> "g.region_code like :prefix";
            default -> "false";
        };
        ZoneId zone = clock.getZone();
        return jdbc.sql("""
                select g.id as grid_id, g.name as grid_name, r.name as town_name,
                       (select count(*) from (%s) e where e.grid_id = g.id) as enterprises,
                       count(p.id) as patrols,
                       count(distinct p.enterprise_id) as enterprises_visited,
                       count(p.hazard_id) as hazards_found,
                       count(p.hazard_id) filter (where h.state = 'CLOSED') as hazards_closed,
                       count(p.id) filter (where p.follow_up) as follow_ups
                  from (%s) g join (%s) r on r.code = g.region_code
                  left join grid_patrol p on p.grid_id = g.id and p.patrolled_at >= :from and p.patrolled_at < :to
                  left join (%s) h on h.id = p.hazard_id
                 where\s""".formatted(OrganizationFacts.enterprises(), OrganizationFacts.grids(), OrganizationFacts.regions(),
                        HazardFacts.hazards()) + where + " group by g.id, g.name, r.name, g.code order by g.code")
                .param("prefix", RandomDraws.prefix(scope))
                .param("from", Timestamp.from(LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant()))
                .param("to", Timestamp.from(LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toInstant()))
                .query(GridKpi.class).list();
    }

    private static final String SELECT = """
            select p.id, p.grid_id, p.enterprise_id, e.name as enterprise_name, p.patrolled_by, p.patrolled_at, p.follow_up,
                   p.note, p.hazard_id from grid_patrol p join (%s) e on e.id = p.enterprise_id
            """.formatted(OrganizationFacts.enterprises());
}
