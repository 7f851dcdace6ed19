package cn.shuangkong.analytics.internal;

import cn.shuangkong.exchange.ExchangeFacts;
import cn.shuangkong.hazard.HazardFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.ReadsMayLag;
import java.util.HashMap;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The figures a home page opens with, always counted within the viewer's jurisdiction, from the relations the owning
 * modules publish (ADR 0024).
 */
@Service
@ReadsMayLag
public class Overview {

    public record Totals(long enterprises, long operating, long majorHazard, long hazardousChemicals, long dustExplosion,
                         long confinedSpace, long ammoniaRefrigeration, long crowdedPlace, long employees) { }

    public record Count(String key, String label, long count) { }

    /** The two halves of the mechanism in figures: risks by level, hazards by state and level. */
    public record DualPrevention(long riskPoints, long red, long orange, long yellow, long blue, long unassessed,
                                 long hazardsOpen, long majorHazardsOpen, long hazardsOverdue, long hazardsClosed,
                                 long awaitingConfirmation) {
        /** 整改率: closed among all registered (rejected reports are not hazards). */
        public Double rectificationRate() {
            long all = hazardsOpen + hazardsClosed;
            return all == 0 ? null : Math.round(hazardsClosed * 1000.0 / all) / 10.0;
        }
    }

    private final JdbcClient jdbc;
    private final java.time.Clock clock;

    Overview(JdbcClient jdbc, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Totals totals(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select count(*) as enterprises,
                       count(*) filter (where e.status = 'OPERATING') as operating,
                       count(*) filter (where e.major_hazard) as major_hazard,
                       count(*) filter (where e.hazardous_chemicals) as hazardous_chemicals,
                       count(*) filter (where e.dust_explosion) as dust_explosion,
                       count(*) filter (where e.confined_space) as confined_space,
                       count(*) filter (where e.ammonia_refrigeration) as ammonia_refrigeration,
                       count(*) filter (where e.crowded_place) as crowded_place,
                       coalesce(sum(e.headcount), 0) as employees
                  from (%s) e
                """.formatted(OrganizationFacts.enterprises(f))).params(f.params()).query(Totals.class).single();
    }

    public DualPrevention dualPrevention(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                with e as (%s), rp as (%s), hz as (%s), xr as (%s)
                select (select coalesce(sum(points), 0) from rp) + (select coalesce(sum(points), 0) from xr) as risk_points,
                       (select coalesce(sum(major_risks), 0) from rp) + (select coalesce(sum(major_risks), 0) from xr) as red,
                       (select coalesce(sum(orange), 0) from rp) + (select coalesce(sum(orange), 0) from xr) as orange,
                       (select coalesce(sum(yellow), 0) from rp) + (select coalesce(sum(yellow), 0) from xr) as yellow,
                       (select coalesce(sum(blue), 0) from rp) + (select coalesce(sum(blue), 0) from xr) as blue,
                       (select coalesce(sum(unassessed), 0) from rp) + (select coalesce(sum(unassessed), 0) from xr) as unassessed,
                       coalesce(sum(hz.open), 0) + (select coalesce(sum(open), 0) from xr) as hazards_open,
                       coalesce(sum(hz.major_open), 0) + (select coalesce(sum(major_open), 0) from xr) as major_hazards_open,
                       coalesce(sum(hz.overdue), 0) + (select coalesce(sum(overdue), 0) from xr) as hazards_overdue,
                       coalesce(sum(hz.closed), 0) + (select coalesce(sum(closed), 0) from xr) as hazards_closed,
                       coalesce(sum(hz.awaiting), 0) as awaiting_confirmation
                  from hz
                """.formatted(OrganizationFacts.enterprises(f), RiskFacts.perEnterprise("e"), HazardFacts.perEnterprise("e"),
                ExchangeFacts.perEnterprise("e")))
                .params(f.params()).param("now", java.sql.Timestamp.from(clock.instant())).query(DualPrevention.class).single();
    }

    public List<Count> byTown(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select r.code as key, r.name as label, count(*) as count
                  from (%s) e join (%s) r on r.code = left(e.region_code, 9)
                 group by r.code, r.name order by count(*) desc, r.code
                """.formatted(OrganizationFacts.enterprises(f), OrganizationFacts.regions()))
                .params(f.params()).query(Count.class).list();
    }

    public List<Count> byIndustry(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select left(e.industry_code, 3) as key, left(e.industry_code, 3) as label, count(*) as count
                  from (%s) e group by 1 order by 3 desc
                """.formatted(OrganizationFacts.enterprises(f))).params(f.params()).query(Count.class).list();
    }
}
