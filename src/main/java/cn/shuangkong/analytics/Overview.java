package cn.shuangkong.analytics;

import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.ReadsMayLag;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The figures a home page opens with, always counted within the viewer's jurisdiction. */
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

    Overview(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
                  from enterprise e where
                """ + " " + f.sql()).params(f.params()).query(Totals.class).single();
    }

    public DualPrevention dualPrevention(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select (select count(*) from risk_point p join enterprise e on e.id = p.enterprise_id where %1$s) as risk_points,
                       (select count(*) from risk_point p join enterprise e on e.id = p.enterprise_id where p.level = 1 and %1$s) as red,
                       (select count(*) from risk_point p join enterprise e on e.id = p.enterprise_id where p.level = 2 and %1$s) as orange,
                       (select count(*) from risk_point p join enterprise e on e.id = p.enterprise_id where p.level = 3 and %1$s) as yellow,
                       (select count(*) from risk_point p join enterprise e on e.id = p.enterprise_id where p.level = 4 and %1$s) as blue,
                       (select count(*) from risk_point p join enterprise e on e.id = p.enterprise_id where p.level is null and %1$s) as unassessed,
                       count(h.id) filter (where h.state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION')) as hazards_open,
                       count(h.id) filter (where h.level = 'MAJOR' and h.state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION')) as major_hazards_open,
                       count(h.id) filter (where h.overdue and h.state not in ('CLOSED','REJECTED')) as hazards_overdue,
                       count(h.id) filter (where h.state = 'CLOSED') as hazards_closed,
                       count(h.id) filter (where h.state = 'PENDING_CONFIRMATION') as awaiting_confirmation
                  from hazard h join enterprise e on e.id = h.enterprise_id where %1$s
                """.formatted(" " + f.sql() + " ")).params(f.params()).query(DualPrevention.class).single();
    }

    public List<Count> byTown(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select r.code as key, r.name as label, count(*) as count
                  from enterprise e join region r on r.code = left(e.region_code, 9)
                 where """ + " " + f.sql() + " group by r.code, r.name order by count(*) desc, r.code")
                .params(f.params()).query(Count.class).list();
    }

    public List<Count> byIndustry(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        Map<String, Object> params = new HashMap<>(f.params());
        return jdbc.sql("select left(e.industry_code, 3) as key, left(e.industry_code, 3) as label, count(*) as count"
                        + " from enterprise e where " + f.sql() + " group by 1 order by 3 desc")
                .params(params).query(Count.class).list();
    }
}
