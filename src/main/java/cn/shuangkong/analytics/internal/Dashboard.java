package cn.shuangkong.analytics.internal;

import cn.shuangkong.exchange.ExchangeFacts;
import cn.shuangkong.hazard.HazardFacts;
import cn.shuangkong.inspection.InspectionFacts;
import cn.shuangkong.monitoring.Alarms;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.organization.Region;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.regional.RegionalFacts;
import cn.shuangkong.regional.RegionalRisks;
import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.supervision.RatingFacts;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.shared.ReadsMayLag;
import cn.shuangkong.shared.Rows;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 监管驾驶舱: the figures a regulator's dashboard and the duty-room screen show, for one area of the jurisdiction
 * (region → town → enterprise). Every figure is one set-based query over one row per enterprise in scope
 * ({@link #facts}), read from the per-enterprise read models the owning modules keep and publish (ADR 0024), so
 * that a province of 50 000 enterprises reads 50 000 small rows rather than every task and hazard.
 */
@Service
@ReadsMayLag
public class Dashboard {


    /** An area of the jurisdiction: {@code level} as in {@link Region} (0 for the whole platform without regions). */
    public record Area(String code, String name, int level) {
        /** The number of code characters that name the areas one level down (GB/T 2260: 2, 4, 6, 9, 12). */
        public int childLength() {
            return switch (level) {
                case 0 -> 2;
                case 1 -> 4;
                case 2 -> 6;
                case 3 -> 9;
                default -> 12;
            };
        }

        /** A town or below: the dashboard lists its enterprises rather than sub-areas. */
        public boolean isTown() {
            return level >= 4;
        }
    }

    /** The dashboard's figures for one area. Rates are null when nothing counts yet. */
    public record Figures(long enterprises, long red, long orange, long yellow, long blue, long unrated, long riskPoints,
                          long majorRisks, long regionalRisks, long regionalMajor, long hazardsOpen, long hazardsClosed,
                          long majorHazardsOpen, long majorHazardsOverdue, long hazardsOverdue, long tasksDone,
                          long tasksMissed, long zeroReport, int zeroReportDays) {
        /** 排查完成率: done among the tasks that came due in the window (suspended ones count neither way). */
        public Double getCompletionRate() {
            return rate(tasksDone, tasksDone + tasksMissed);
        }

        /** 隐患整改率: closed among all registered (rejected reports are not hazards). */
        public Double getRectificationRate() {
            return rate(hazardsClosed, hazardsOpen + hazardsClosed);
        }
    }

    /** One sub-area (town, county ...) in the same figures, with the level that colours it on the map. */
    public record AreaRow(String code, String name, boolean drillable, Integer level, long enterprises, long red, long orange,
                          long yellow, long blue, long unrated, long majorRisks, long regionalMajor, long hazardsOpen,
                          long hazardsClosed, long majorHazardsOpen, long majorHazardsOverdue, long tasksDone,
                          long tasksMissed, long zeroReport, long riskPoints, long hazardsOverdue, long regionalRisks) {
        public RiskLevel getRiskLevel() {
            return RiskLevel.ofNullable(level);
        }

        public Double getCompletionRate() {
            return rate(tasksDone, tasksDone + tasksMissed);
        }

        public Double getRectificationRate() {
            return rate(hazardsClosed, hazardsOpen + hazardsClosed);
        }
    }

    /** One enterprise in the same figures: the last step of the drill-down before its risk points and hazards. */
    public record EnterpriseRow(long id, String name, String regionCode, String townName, Integer level, long riskPoints,
                                long majorRisks, long hazardsOpen, long hazardsClosed, long majorHazardsOpen,
                                long majorHazardsOverdue, long hazardsOverdue, long tasksDone, long tasksMissed,
                                boolean zeroReport, BigDecimal longitude, BigDecimal latitude) {
        public RiskLevel getRiskLevel() {
            return RiskLevel.ofNullable(level);
        }

        public Double getCompletionRate() {
            return rate(tasksDone, tasksDone + tasksMissed);
        }
    }

    /** Which enterprises of an area to list. */
    public record EnterpriseFilter(Integer level, boolean unrated, boolean zeroReport, boolean located) {
        public static EnterpriseFilter all() {
            return new EnterpriseFilter(null, false, false, false);
        }
    }

    /** One month of the trend: hazards found (of which major) and closed, inspection tasks done and missed. */
    public record Month(String month, long found, long majorFound, long closed, long tasksDone, long tasksMissed) {
        public Double getCompletionRate() {
            return rate(tasksDone, tasksDone + tasksMissed);
        }
    }

    /**
     * An open 重大隐患 with where it is and whether its deadline has passed. {@code source} is null for the platform's own
     * (本平台) and the sending platform's name for one received from below, which has no page here: {@code id} is then
     * null, {@code recordId} its UUID, and {@code link} leads to its enterprise.
     */
    public record MajorHazard(Long id, String recordId, String title, long enterpriseId, String enterpriseName, String townName,
                              LocalDate deadline, boolean overdue, boolean supervised, String state, String source, String link) {
        /** The hazard's state in the register's words: 整改中 only for one that is being rectified. */
        public String stateLabel() {
            if (source == null) return cn.shuangkong.hazard.HazardState.valueOf(state).label();
            // A received one is in the national model's words: 隐患状态 1 is rectified and awaiting acceptance, 0 being rectified.
            return ("1".equals(state) ? cn.shuangkong.hazard.HazardState.RECTIFIED : cn.shuangkong.hazard.HazardState.RECTIFYING).label();
        }
    }

    /**
     * A 重大风险: an enterprise's red risk point or a red public-area risk; {@code source} is null for the platform's own
     * and the sending platform's name for a point received from below ({@code id} then 0: it has no page here).
     */
    public record MajorRisk(String kind, long id, String name, String owner, String townName, String link, String source) { }

    /** A sensor alarm not yet cleared, in its current state: {@code state} ACTIVE (报警中) or ACKNOWLEDGED (已确认). */
    public record Alarm(long alarmId, long enterpriseId, String enterpriseName, String level, String title, String link,
                        Instant raisedAt, String state, String stateLabel, Instant returnedAt) { }

    private final JdbcClient jdbc;
    private final Regions regions;
    private final Clock clock;
    private final int zeroReportDays;

    private final Alarms liveAlarms;

    Dashboard(JdbcClient jdbc, Regions regions, Clock clock, Alarms liveAlarms,
              @Value("${shuangkong.dashboard.zero-report-days:30}") int zeroReportDays) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.liveAlarms = liveAlarms;
        this.clock = clock;
        this.zeroReportDays = zeroReportDays;
    }

    public int zeroReportDays() {
        return zeroReportDays;
    }

    // ---- where the viewer looks ----

    /**
     * The area a viewer asked for, or where their dashboard opens when they asked for none. A region outside the
     * jurisdiction is not found, as any record outside it would be. A regulator opens on its own region; the platform
     * may look anywhere and opens on the deepest region that is the only child of its parent (a one-city demo opens
     * on the city).
     */
    public Area area(Jurisdiction scope, String requested) {
        Area root = root(scope);
        if (requested == null || requested.isBlank()) return home(root);
        if (requested.equals(root.code())) return root;
        Region r = regions.find(requested.trim()).orElseThrow(() -> DomainException.notFound("行政区划"));
        if (!r.code().startsWith(prefix(root))) throw DomainException.notFound("行政区划");
        return new Area(r.code(), r.name(), r.level());
    }

    /** The path from the top of the jurisdiction down to this area, for breadcrumbs. */
    public List<Area> path(Jurisdiction scope, Area area) {
        Area root = root(scope);
        List<Area> out = new ArrayList<>();
        String code = area.code();
        while (code != null && !code.isEmpty()) {
            Region r = regions.find(code).orElse(null);
            if (r == null) break;
            out.add(0, new Area(r.code(), r.name(), r.level()));
            if (r.code().equals(root.code())) break;
            code = r.parentCode();
        }
        return out;
    }

    /** The jurisdiction narrowed to an area inside it; industries stay as the viewer's. */
    public Jurisdiction within(Jurisdiction scope, Area area) {
        if (area.level() == 0) return scope;
        return new Jurisdiction(Jurisdiction.Kind.REGULATOR, null, Jurisdiction.regionPrefix(area.code()),
                scope.industries(), null, area.name());
    }

    /** The widest area the viewer may see: a regulator's region, or everything for the platform. */
    private Area root(Jurisdiction scope) {
        if (scope.kind() == Jurisdiction.Kind.REGULATOR) {
            String p = scope.regionPrefix();
            String code = p.length() < 6 ? (p + "0000").substring(0, 6) : p;
            Region r = regions.find(code).orElseThrow(() -> DomainException.notFound("行政区划"));
            return new Area(r.code(), r.name(), r.level());
        }
        if (!scope.isPlatform()) throw DomainException.notFound("辖区");
        return new Area("", "全平台", 0);
    }

    private Area home(Area root) {
        if (root.level() > 0) return root;
        List<Region> level = regions.roots();
        Area area = root;
        while (level.size() == 1 && level.get(0).level() < 4) {
            Region only = level.get(0);
            area = new Area(only.code(), only.name(), only.level());
            level = regions.children(only.code());
        }
        return area;
    }

    private static String prefix(Area area) {
        return area.level() == 0 ? "" : Jurisdiction.regionPrefix(area.code());
    }

    // ---- the figures ----

    /**
     * 企业整体风险等级 as the dashboard reads it: a relation (enterprise_id, level 1–4) over the enterprises CTE {@code e}.
     * It is the supervision module's rating (recomputed on events and nightly); an enterprise not rated yet shows the
     * colour rolled up from its risk register (its highest risk point).
     */
    static String enterpriseLevels() {
        return """
                select e.id as enterprise_id, coalesce(r.level, least(rp.top_level, xr.top_level)) as level
                  from e left join (%s) r on r.enterprise_id = e.id left join (%s) rp on rp.enterprise_id = e.id
                  left join (%s) xr on xr.enterprise_id = e.id
                 where r.level is not null or rp.top_level is not null or xr.top_level is not null""".formatted(RatingFacts.levels("e"),
                RiskFacts.perEnterprise("e"), ExchangeFacts.perEnterprise("e"));
    }

    /**
     * The per-enterprise facts every figure is summed from, one row per enterprise in scope, read from the read models
     * the owning modules publish (ADR 0024); binds the jurisdiction's parameters and those of {@link #factParams}.
     */
    private String facts(Jurisdiction.SqlFilter f) {
        ZoneId zone = clock.getZone();
        return """
                with e as (%s),
                rt as (%s),
                rp as (%s),
                hz as (%s),
                tk as (%s),
                xr as (%s),
                facts as (select e.id, e.name, e.region_code, e.longitude, e.latitude,
                                 coalesce(rt.level, least(rp.top_level, xr.top_level)) as level,
                                 coalesce(rp.points, 0) + coalesce(xr.points, 0) as risk_points,
                                 coalesce(rp.major_risks, 0) + coalesce(xr.major_risks, 0) as major_risks,
                                 coalesce(hz.open, 0) + coalesce(xr.open, 0) as hazards_open,
                                 coalesce(hz.closed, 0) + coalesce(xr.closed, 0) as hazards_closed,
                                 coalesce(hz.major_open, 0) + coalesce(xr.major_open, 0) as major_hazards_open,
                                 coalesce(hz.major_overdue, 0) + coalesce(xr.major_overdue, 0) as major_hazards_overdue,
                                 coalesce(hz.overdue, 0) + coalesce(xr.overdue, 0) as hazards_overdue,
                                 coalesce(tk.done, 0) as tasks_done, coalesce(tk.missed, 0) as tasks_missed,
                                 coalesce(tk.due, 0) > 0 and coalesce(greatest(hz.last_found_at, xr.last_found_at) < :since, true)
                                     as zero_report
                            from e left join rt on rt.enterprise_id = e.id left join rp on rp.enterprise_id = e.id
                            left join hz on hz.enterprise_id = e.id left join tk on tk.enterprise_id = e.id
                            left join xr on xr.enterprise_id = e.id)
                """.formatted(OrganizationFacts.enterprises(f), RatingFacts.levels("e"), RiskFacts.perEnterprise("e"),
                HazardFacts.perEnterprise("e"), InspectionFacts.window("e", zone), ExchangeFacts.perEnterprise("e"));
    }

    private Map<String, Object> factParams(Jurisdiction.SqlFilter f) {
        Map<String, Object> p = new LinkedHashMap<>(f.params());
        Instant now = clock.instant();
        p.put("now", Timestamp.from(now));
        LocalDate since = LocalDate.now(clock).minusDays(zeroReportDays);
        p.put("since", Timestamp.from(since.atStartOfDay(clock.getZone()).toInstant()));
        p.put("since_day", since);
        p.putAll(InspectionFacts.windowParams(clock));
        return p;
    }

    /** The area's own figures: the sum of its towns' rows (every enterprise and public-area risk is in exactly one). */
    public Figures figures(Jurisdiction scope) {
        return sum(towns(scope));
    }

    /** The sub-areas of an area (towns of a county, counties of a city ...), each with its figures and map level. */
    public List<AreaRow> areas(Jurisdiction scope, Area area) {
        return areas(scope, area.childLength());
    }

    /** The towns of an area in the same figures, for the four-colour map (a town is coloured by its highest level). */
    public List<AreaRow> towns(Jurisdiction scope) {
        return areas(scope, 9);
    }

    private List<AreaRow> areas(Jurisdiction scope, int length) {
        return areaRows(scope, length, length).areas();
    }

    /** Sub-areas at two depths (the drill-down's and the towns'), from one pass over the facts. */
    private record AreaRows(List<AreaRow> areas, List<AreaRow> towns) { }

    private AreaRows areaRows(Jurisdiction scope, int length, int townLength) {
        customPlans();
        ZoneId zone = clock.getZone();
        var f = scope.enterpriseFilter("e");
        var a = scope.areaFilter("a");
        var rr = RegionalRisks.scopeFilter(scope, "rr");
        Map<String, Object> p = factParams(f);
        p.putAll(rr.params());
        p.put("len", length);
        p.put("tlen", townLength);
        // Every sum comes from the owners' roll-ups by region and industry (ADR 0035, 0037): a few rows per town. What
        // lower platforms reported (ADR 0032) is summed per town from the exchange module's per-enterprise facts (a
        // handful of enterprises, not a province).
        List<Map.Entry<Boolean, AreaRow>> rows = jdbc.sql("""
                with e as not materialized (select x.id, x.region_code from (%s) x),
                en as (%s), lv as (%s), rk as (%s), hz as (%s), tk as (%s),
                xe as (%s),
                xr as (select e.region_code, sum(xe.points) as points, sum(xe.major_risks) as major_risks, sum(xe.open) as open,
                              sum(xe.closed) as closed, sum(xe.major_open) as major_open, sum(xe.major_overdue) as major_overdue,
                              sum(xe.overdue) as overdue
                         from e join xe on xe.enterprise_id = e.id group by e.region_code),
                xi as (select e.* from e join xe on xe.enterprise_id = e.id),
                -- an enterprise not rated here takes the higher of its own register's and its received register's level
                -- (as its row in the enterprise list does), where the roll-up counted its own register's only
                xl as (select xi.region_code, rp.top_level as counted, least(rp.top_level, xe.top_level) as level
                         from xi join xe on xe.enterprise_id = xi.id left join (%s) rt on rt.enterprise_id = xi.id
                         left join (%s) rp on rp.enterprise_id = xi.id
                        where rt.level is null and xe.top_level is not null),
                zr as (%s),
                facts as (select region_code, enterprises, 0 as red, 0 as orange, 0 as yellow, 0 as blue, 0 as risk_points,
                                 0 as major_risks, 0 as hazards_open, 0 as hazards_closed, 0 as major_hazards_open,
                                 0 as major_hazards_overdue, 0 as hazards_overdue, 0 as tasks_done, 0 as tasks_missed, 0 as zero_report
                            from en
                          union all select region_code, 0, red, orange, yellow, blue, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 from lv
                          union all select region_code, 0, 0, 0, 0, 0, points, major_risks, 0, 0, 0, 0, 0, 0, 0, 0 from rk
                          union all select region_code, 0, 0, 0, 0, 0, 0, 0, open, closed, major_open, major_overdue, overdue, 0, 0, 0
                                      from hz
                          union all select region_code, 0, 0, 0, 0, 0, points, major_risks, open, closed, major_open, major_overdue,
                                           overdue, 0, 0, 0 from xr
                          union all select region_code, 0, (level = 1)::int - coalesce((counted = 1)::int, 0),
                                           (level = 2)::int - coalesce((counted = 2)::int, 0),
                                           (level = 3)::int - coalesce((counted = 3)::int, 0),
                                           (level = 4)::int - coalesce((counted = 4)::int, 0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                                      from xl where counted is distinct from level
                          union all select region_code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, done, missed, 0 from tk
                          union all select region_code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, zero_report from zr),
                ar as (select grouping(ka) = 0 as outer_level, coalesce(ka, kt) as k, sum(enterprises) as enterprises,
                              case when sum(red) > 0 then 1 when sum(orange) > 0 then 2 when sum(yellow) > 0 then 3
                                   when sum(blue) > 0 then 4 end as level,
                              sum(red) as red, sum(orange) as orange, sum(yellow) as yellow, sum(blue) as blue,
                              sum(enterprises) - sum(red + orange + yellow + blue) as unrated, sum(major_risks) as major_risks,
                              sum(hazards_open) as hazards_open, sum(hazards_closed) as hazards_closed,
                              sum(major_hazards_open) as major_hazards_open, sum(major_hazards_overdue) as major_hazards_overdue,
                              sum(tasks_done) as tasks_done, sum(tasks_missed) as tasks_missed, sum(zero_report) as zero_report,
                              sum(risk_points) as risk_points, sum(hazards_overdue) as hazards_overdue
                         from (select facts.*, left(region_code, :len) as ka, left(region_code, :tlen) as kt from facts) x
                        group by grouping sets ((ka), (kt))),
                rg as (select grouping(ka) = 0 as outer_level, coalesce(ka, kt) as k, min(level) as level,
                              count(*) filter (where level = 1) as major, count(*) as risks
                         from (select rr.level, left(rr.region_code, :len) as ka, left(rr.region_code, :tlen) as kt
                                 from (%s) rr) x
                        group by grouping sets ((ka), (kt))),
                k as (select coalesce(ar.outer_level, rg.outer_level) as outer_level, coalesce(ar.k, rg.k) as key,
                             ar.enterprises, ar.level, ar.red, ar.orange, ar.yellow, ar.blue,
                             ar.unrated, ar.major_risks, ar.hazards_open, ar.hazards_closed, ar.major_hazards_open,
                             ar.major_hazards_overdue, ar.tasks_done, ar.tasks_missed, ar.zero_report, ar.risk_points,
                             ar.hazards_overdue, rg.level as regional_level, rg.major as regional_major, rg.risks as regional_risks
                        from ar full join rg on rg.k = ar.k and rg.outer_level = ar.outer_level)
                select k.outer_level, k.key as code, coalesce(r.name, '（本级）') as name,
                       length(k.key) = case when k.outer_level then :len else :tlen end and r.code is not null as drillable,
                       least(k.level, k.regional_level) as level, coalesce(k.enterprises, 0) as enterprises,
                       coalesce(k.red, 0) as red, coalesce(k.orange, 0) as orange, coalesce(k.yellow, 0) as yellow,
                       coalesce(k.blue, 0) as blue, coalesce(k.unrated, 0) as unrated, coalesce(k.major_risks, 0) as major_risks,
                       coalesce(k.regional_major, 0) as regional_major, coalesce(k.hazards_open, 0) as hazards_open,
                       coalesce(k.hazards_closed, 0) as hazards_closed, coalesce(k.major_hazards_open, 0) as major_hazards_open,
                       coalesce(k.major_hazards_overdue, 0) as major_hazards_overdue, coalesce(k.tasks_done, 0) as tasks_done,
                       coalesce(k.tasks_missed, 0) as tasks_missed, coalesce(k.zero_report, 0) as zero_report,
                       coalesce(k.risk_points, 0) as risk_points, coalesce(k.hazards_overdue, 0) as hazards_overdue,
                       coalesce(k.regional_risks, 0) as regional_risks
                  from k left join (%s) r on r.code = case when length(k.key) < 6 then rpad(k.key, 6, '0') else k.key end
                 order by k.key
                """.formatted(OrganizationFacts.enterprises(f), OrganizationFacts.enterprisesPerArea(a), RatingFacts.levelsPerArea(a),
                RiskFacts.perArea(a), HazardFacts.perArea(a), InspectionFacts.areaWindow(a, "e", zone, zeroReportDays),
                ExchangeFacts.perEnterprise("e"), RatingFacts.levels("xi"), RiskFacts.perEnterprise("xi"),
                zeroReportPerArea(a), RegionalFacts.risks(rr),
                OrganizationFacts.regions())).params(p)
                .query((rs, n) -> Map.entry(rs.getBoolean("outer_level"), AREA_ROW.mapRow(rs, n))).list();
        List<AreaRow> outer = rows.stream().filter(Map.Entry::getKey).map(Map.Entry::getValue).toList();
        List<AreaRow> towns = length == townLength ? outer
                : rows.stream().filter(e -> !e.getKey()).map(Map.Entry::getValue).toList();
        return new AreaRows(outer, towns);
    }

    /**
     * 零报告 per region code, {@code region_code, zero_report}, inside {@link #areaRows} (it reads the CTEs {@code e},
     * {@code xe} and {@code xi} there). An enterprise is 零报告 when a task (not suspended) fell due from {@code :since}
     * up to now and no hazard was found since {@code :since}, neither here nor on a lower platform. Summed from the
     * inspection module's roll-up (ADR 0037) plus the enterprises whose first task of the window fell due today, less
     * those a lower platform's find ends; decided per enterprise when the roll-up does not hold this window or zone.
     */
    private String zeroReportPerArea(Jurisdiction.SqlFilter a) {
        if (!InspectionFacts.zeroReportRolledUp(clock.getZone(), zeroReportDays)) {
            return """
                    select e.region_code, count(*) as zero_report
                      from e join (%s) d on d.enterprise_id = e.id left join (%s) h on h.enterprise_id = e.id
                      left join xe on xe.enterprise_id = e.id
                     where coalesce(greatest(h.last_found_at, xe.last_found_at) < :since, true)
                     group by e.region_code""".formatted(InspectionFacts.dueInWindow("e", clock.getZone()),
                    HazardFacts.perEnterprise("e"));
        }
        return """
                with zt as (select e.id, e.region_code from e join (%s) d on d.enterprise_id = e.id),
                -- once, not once per candidate (inlined, the planner re-joined it for each row of zt)
                zh as materialized (%s)
                select region_code, sum(n) as zero_report from (
                  select z.region_code, z.zero_report as n from (%s) z
                  union all
                  select zt.region_code, 1 from zt left join zh h on h.enterprise_id = zt.id left join xe on xe.enterprise_id = zt.id
                   where coalesce(greatest(h.last_found_at, xe.last_found_at) < :since, true)
                  union all
                  select xi.region_code, -1 from xi join xe on xe.enterprise_id = xi.id join (%s) z on z.enterprise_id = xi.id
                   where xe.last_found_at >= :since) x
                 group by region_code""".formatted(InspectionFacts.zeroReportFromToday("e"), HazardFacts.perEnterprise("zt"),
                InspectionFacts.zeroReportPerArea(a), InspectionFacts.zeroReportCounted("xi"));
    }

    private static final DataClassRowMapper<AreaRow> AREA_ROW = new DataClassRowMapper<>(AreaRow.class);

    /** The area's figures as the sum of its sub-areas' rows: every enterprise and public-area risk is in exactly one. */
    private Figures sum(List<AreaRow> rows) {
        long[] t = new long[20];
        for (AreaRow r : rows) {
            long[] v = {r.enterprises(), r.red(), r.orange(), r.yellow(), r.blue(), r.unrated(), r.riskPoints(), r.majorRisks(),
                    r.regionalRisks(), r.regionalMajor(), r.hazardsOpen(), r.hazardsClosed(), r.majorHazardsOpen(),
                    r.majorHazardsOverdue(), r.hazardsOverdue(), r.tasksDone(), r.tasksMissed(), r.zeroReport()};
            for (int i = 0; i < v.length; i++) t[i] += v[i];
        }
        return new Figures(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13], t[14],
                t[15], t[16], t[17], zeroReportDays);
    }

    private static final String ENTERPRISE_COLUMNS = """
            select f.id, f.name, f.region_code, t.name as town_name, f.level, f.risk_points, f.major_risks, f.hazards_open,
                   f.hazards_closed, f.major_hazards_open, f.major_hazards_overdue, f.hazards_overdue, f.tasks_done,
                   f.tasks_missed, f.zero_report, f.longitude, f.latitude, count(*) over () as total
              from facts f left join (%s) t on t.code = left(f.region_code, 9)
            """.formatted(OrganizationFacts.regions());

    /** The order of {@link #enterprises}: level (none last), then open major hazards, then open hazards, then id. */
    private static final RowMapper<RankKey> RANK_KEYS = Rows.of(RankKey.class);

    private record RankKey(long id, int rankLevel, long majorOpen, long open) implements Comparable<RankKey> {
        static RankKey of(EnterpriseRow r) {
            return new RankKey(r.id(), r.level() == null ? 5 : r.level(), r.majorHazardsOpen(), r.hazardsOpen());
        }

        @Override
        public int compareTo(RankKey o) {
            int c = Integer.compare(rankLevel, o.rankLevel);
            if (c == 0) c = Long.compare(o.majorOpen, majorOpen);
            if (c == 0) c = Long.compare(o.open, open);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    /**
     * The enterprises of an area, the riskiest first (level, then open major hazards, then open hazards). A page reads
     * its own rows in index order from the supervision module's rank read model (ADR 0049), not every enterprise of the
     * area: the enterprises that lower platforms reported for (a handful, ranked by their full facts, ADR 0032) are
     * merged in, and only the page's enterprises are then read in full. The total is summed from the owners' roll-ups
     * by region and industry where the filter is one of theirs (ADR 0035, 0037), else counted over the rank model.
     */
    public PageResult<EnterpriseRow> enterprises(Jurisdiction scope, EnterpriseFilter filter, PageResult.Request page) {
        customPlans();
        var f = scope.enterpriseFilter("e");
        Map<String, Object> p = factParams(f);
        long offset = (long) (page.page() - 1) * page.size();
        if (filter.level() != null) p.put("level", filter.level());
        // Enterprises counted with what lower platforms reported: their level and hazards are not the rank model's.
        List<Long> reported = jdbc.sql("with e as not materialized (%s) select xr.enterprise_id from (%s) xr order by 1"
                .formatted(OrganizationFacts.enterprises(f), ExchangeFacts.perEnterprise("e"))).params(p).query(Long.class).list();
        p.put("reported", reported.toArray(Long[]::new));
        List<EnterpriseRow> others = reported.isEmpty() ? List.of() : rows(f, "e.id = any(:reported)", filter, p);

        StringBuilder level = new StringBuilder();
        // rank_level 5 is "no level": a level filter of 5 keeps nothing, as f.level = 5 did.
        if (filter.level() != null) level.append(" and k.rank_level = :level and k.rank_level < 5");
        if (filter.unrated()) level.append(" and k.rank_level = 5");
        String scoped = """
                with e as not materialized (%s), el as not materialized (select * from e%s),
                xl as not materialized (select * from el where el.id = any(:reported))
                """.formatted(OrganizationFacts.enterprises(f),
                filter.located() ? " where e.longitude is not null and e.latitude is not null" : "");
        // Each candidate's 零报告 is probed by key as the index walk reaches it: the page stops the walk.
        String zero = filter.zeroReport() ? " and " + InspectionFacts.dueInWindowOf("k.enterprise_id", clock.getZone())
                + " and not " + HazardFacts.foundSince("k.enterprise_id") : "";
        p.put("walk", offset + page.size());
        List<RankKey> own = jdbc.sql(scoped + "select k.enterprise_id as id, k.rank_level, k.major_open, k.open from (%s) k"
                        .formatted(RatingFacts.riskiestFirst("el")) + " where k.enterprise_id <> all(:reported)" + level + zero
                        + " order by k.rank_level, k.major_open desc, k.open desc, k.enterprise_id limit :walk")
                .params(p).query(RANK_KEYS).list();
        long total = others.size() + jdbc.sql(scoped + ownTotal(scope, filter, level + zero, p)).params(p).query(Long.class).single();

        Map<RankKey, EnterpriseRow> byKey = new java.util.TreeMap<>();
        others.forEach(r -> byKey.put(RankKey.of(r), r));
        own.forEach(k -> byKey.put(k, null));
        List<RankKey> onPage = byKey.keySet().stream().skip(offset).limit(page.size()).toList();
        p.put("page_ids", onPage.stream().filter(k -> byKey.get(k) == null).map(RankKey::id).toArray(Long[]::new));
        Map<Long, EnterpriseRow> full = new java.util.HashMap<>();
        if (onPage.stream().anyMatch(k -> byKey.get(k) == null)) {
            rows(f, "e.id = any(:page_ids)", EnterpriseFilter.all(), p).forEach(r -> full.put(r.id(), r));
        }
        List<EnterpriseRow> items = onPage.stream().map(k -> byKey.get(k) != null ? byKey.get(k) : full.get(k.id())).toList();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    /**
     * How many enterprises of the scope, not reported from below, {@link #enterprises} lists: an expression selected
     * over the rank model {@code k} with the CTEs {@code e, el, xl} of its walk. From the roll-ups by region and
     * industry — enterprises, enterprises per level, 零报告 days (ADR 0035, 0037): a few rows per town — less the
     * reported enterprises' own rows there; counted over the rank model where no roll-up holds the filter (located, or
     * 零报告 with a level, or outside the 零报告 roll-up's window and zone).
     */
    private String ownTotal(Jurisdiction scope, EnterpriseFilter filter, String condition, Map<String, Object> p) {
        var a = scope.areaFilter("a");
        if (!filter.located() && !filter.zeroReport()) {
            p.putAll(a.params());
            String rows = OrganizationFacts.enterprisesPerArea(a), sum = "enterprises";
            if (filter.level() != null) {
                rows = RatingFacts.levelsPerArea(a);
                sum = filter.level() >= 1 && filter.level() <= 4 ? List.of("red", "orange", "yellow", "blue").get(filter.level() - 1) : "0";
            } else if (filter.unrated()) {
                rows = "select n.enterprises - coalesce(l.red + l.orange + l.yellow + l.blue, 0) as unrated from (%s) n left join (%s) l using (region_code)"
                        .formatted(OrganizationFacts.enterprisesPerArea(a), RatingFacts.levelsPerArea(a));
                sum = "unrated";
            }
            return """
                    select (select coalesce(sum(%s), 0) from (%s) r)
                         - (select count(*) from (%s) k where true%s)""".formatted(sum, rows, RatingFacts.riskiestFirst("xl"), condition);
        }
        if (filter.zeroReport() && filter.level() == null && !filter.unrated() && !filter.located()
                && InspectionFacts.zeroReportRolledUp(clock.getZone(), zeroReportDays)) {
            p.putAll(a.params());
            return """
                    select (select coalesce(sum(z.zero_report), 0) from (%s) z)
                         + (select count(*) from (%s) t where not %s)
                         - (select count(*) from (%s) x)""".formatted(InspectionFacts.zeroReportPerArea(a),
                    InspectionFacts.zeroReportFromToday("el"), HazardFacts.foundSince("t.enterprise_id"), zeroReportToday("xl"));
        }
        return "select count(*) from (%s) k where k.enterprise_id <> all(:reported)".formatted(RatingFacts.riskiestFirst("el")) + condition;
    }

    /**
     * The enterprises among {@code el} (the scope as a relation with {@code id}) that are 零报告 today and whose finds
     * are all this platform's: {@code enterprise_id}. Those counted by the inspection module's days (ADR 0037) and those
     * whose first task of the window fell due today with nothing found since {@code :since}. Only when the roll-up
     * holds this window and zone.
     */
    private static String zeroReportToday(String el) {
        return """
                select z.enterprise_id from (%s) z
                union all
                select t.enterprise_id from (%s) t where not %s""".formatted(InspectionFacts.zeroReportCounted(el),
                InspectionFacts.zeroReportFromToday(el), HazardFacts.foundSince("t.enterprise_id"));
    }

    /** The full rows of the enterprises of the scope that {@code condition} (on {@code e}) and the filter keep. */
    private List<EnterpriseRow> rows(Jurisdiction.SqlFilter scoped, String condition, EnterpriseFilter filter, Map<String, Object> params) {
        var f = new Jurisdiction.SqlFilter(scoped.sql() + " and " + condition, scoped.params());
        StringBuilder where = new StringBuilder(" where true");
        if (filter.level() != null) where.append(" and f.level = :level");
        if (filter.unrated()) where.append(" and f.level is null");
        if (filter.zeroReport()) where.append(" and f.zero_report");
        if (filter.located()) where.append(" and f.longitude is not null and f.latitude is not null");
        return jdbc.sql(facts(f) + ENTERPRISE_COLUMNS + where).params(params).query(EnterpriseRow.class).list();
    }

    /** One enterprise's row, if it lies in the scope. */
    public Optional<EnterpriseRow> enterprise(Jurisdiction scope, long enterpriseId) {
        customPlans();
        var scoped = scope.enterpriseFilter("e");
        Map<String, Object> params = new LinkedHashMap<>(scoped.params());
        params.put("dash_enterprise", enterpriseId);
        var f = new Jurisdiction.SqlFilter(scoped.sql() + " and e.id = :dash_enterprise", params);
        return jdbc.sql(facts(f) + ENTERPRISE_COLUMNS).params(factParams(f)).query(EnterpriseRow.class).optional();
    }

    /** The last {@code months} months, oldest first, every month present even when nothing happened. */
    public List<Month> trend(Jurisdiction scope, int months) {
        customPlans();
        var f = scope.enterpriseFilter("e");
        var a = scope.areaFilter("a");
        ZoneId zone = clock.getZone();
        LocalDate first = LocalDate.now(clock).withDayOfMonth(1).minusMonths(months - 1L);
        Map<String, Object> p = new LinkedHashMap<>(f.params());
        p.put("from", Timestamp.from(first.atStartOfDay(zone).toInstant()));
        p.put("now", Timestamp.from(clock.instant()));
        p.put("first", first);
        p.put("months", months);
        p.putAll(InspectionFacts.windowParams(clock));
        return jdbc.sql("""
                with e as not materialized (%s),
                m as (select (cast(:first as date) + make_interval(months => g))::date as month from generate_series(0, :months - 1) g),
                hz as (%s),
                xr as (%s),
                tasks as (%s)
                select to_char(m.month, 'YYYY-MM') as month, coalesce(hz.found, 0) + coalesce(xr.found, 0) as found,
                       coalesce(hz.major_found, 0) + coalesce(xr.major_found, 0) as major_found,
                       coalesce(hz.closed, 0) + coalesce(xr.closed, 0) as closed,
                       coalesce(tasks.done, 0) as tasks_done, coalesce(tasks.missed, 0) as tasks_missed
                  from m left join hz on hz.month = m.month left join xr on xr.month = m.month
                  left join tasks on tasks.month = m.month
                 order by m.month
                """.formatted(OrganizationFacts.enterprises(f), HazardFacts.perMonth("e", a, zone), ExchangeFacts.perMonth("e"),
                InspectionFacts.perMonth("e", a, zone)))
                .params(p).query(Month.class).list();
    }

    /** Open 重大隐患, the platform's own and those received from below, overdue first, then by deadline. */
    public List<MajorHazard> majorHazards(Jurisdiction scope, int limit) {
        customPlans();
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                with e as not materialized (%s),
                h as (select h.id, null as record_id, h.title, h.enterprise_id, h.deadline, h.overdue, h.supervised, h.state,
                             null as source, '/hazards/' || h.id as link
                        from (%s) h
                      union all
                      select null, x.record_id, x.title, x.enterprise_id, x.deadline, x.overdue, false, x.state, x.source,
                             '/dashboard/enterprises/' || x.enterprise_id
                        from (%s) x)
                select h.id, h.record_id, h.title, e.id as enterprise_id, e.name as enterprise_name, t.name as town_name,
                       h.deadline, h.overdue, h.supervised, h.state, h.source, h.link
                  from h join e on e.id = h.enterprise_id left join (%s) t on t.code = left(e.region_code, 9)
                 order by h.overdue desc, h.deadline nulls last, h.id nulls last, h.record_id
                 limit :limit
                """.formatted(OrganizationFacts.enterprises(f), HazardFacts.openMajor("e"), ExchangeFacts.openMajor("e"),
                OrganizationFacts.regions()))
                .params(f.params()).param("limit", limit).param("now", Timestamp.from(clock.instant()))
                .query(MajorHazard.class).list();
    }

    /** 重大风险: red risk points of enterprises and red public-area risks. */
    public List<MajorRisk> majorRisks(Jurisdiction scope, int limit) {
        customPlans();
        var f = scope.enterpriseFilter("e");
        var rr = RegionalRisks.scopeFilter(scope, "rr");
        Map<String, Object> p = new LinkedHashMap<>(f.params());
        p.putAll(rr.params());
        p.put("limit", limit);
        return jdbc.sql("""
                with e as not materialized (%s), t as (%s)
                (select '企业' as kind, p.id, p.name, e.name as owner, t.name as town_name, '/risks/' || p.id as link,
                        null as source
                   from (%s) p join e on e.id = p.enterprise_id left join t on t.code = left(e.region_code, 9)
                  order by p.id)
                union all
                (select '企业' as kind, 0, x.name, e.name, t.name, '/dashboard/enterprises/' || e.id, x.source
                   from (%s) x join e on e.id = x.enterprise_id left join t on t.code = left(e.region_code, 9)
                  order by x.enterprise_id, x.code limit :limit)
                union all
                (select '区域' as kind, rr.id, rr.name, rr.category as owner, t.name as town_name, '/regional/' || rr.id as link,
                        null as source
                   from (%s) rr left join t on t.code = left(rr.region_code, 9)
                  where rr.level = 1 order by rr.id limit :limit)
                """.formatted(OrganizationFacts.enterprises(f), OrganizationFacts.regions(), RiskFacts.majorPoints("e"),
                ExchangeFacts.majorObjects("e"), RegionalFacts.risks(rr))).params(p).query(MajorRisk.class).list();
    }

    /**
     * The sensor alarms of enterprises in scope that are not cleared, the latest first, each in its current state. Read
     * from monitoring itself rather than from a copy kept by events, so that a cleared alarm leaves the screen at once.
     */
    public List<Alarm> alarms(Jurisdiction scope, int limit) {
        return liveAlarms.live(scope, limit).stream()
                .map(a -> new Alarm(a.id(), a.enterpriseId(), a.enterpriseName(), a.levelLabel(), a.title(),
                        "/monitoring/alarms/" + a.id(), a.raisedAt(), a.state(), a.liveStateLabel(), a.returnedAt()))
                .toList();
    }

    /** A coloured point on the map: an enterprise or a located public-area risk. */
    public record Point(String kind, long id, String name, BigDecimal longitude, BigDecimal latitude, Integer level, String link) { }

    /** Located enterprises (coloured by their overall level) and public-area risks, the riskiest first. */
    public List<Point> points(Jurisdiction scope, int limit) {
        customPlans();
        var f = scope.enterpriseFilter("e");
        var rr = RegionalRisks.scopeFilter(scope, "rr");
        Map<String, Object> p = new LinkedHashMap<>(f.params());
        p.putAll(rr.params());
        p.put("limit", limit);
        p.put("now", Timestamp.from(clock.instant()));
        return jdbc.sql("""
                with e as (select * from (%s) e where e.longitude is not null and e.latitude is not null),
                lv as (%s)
                (select 'enterprise' as kind, e.id, e.name, e.longitude, e.latitude, lv.level, '/dashboard/enterprises/' || e.id as link
                   from e left join lv on lv.enterprise_id = e.id order by coalesce(lv.level, 5), e.id limit :limit)
                union all
                (select 'regional' as kind, rr.id, rr.category || '：' || rr.name, rr.longitude, rr.latitude, rr.level,
                        '/regional/' || rr.id as link
                   from (%s) rr where rr.longitude is not null order by rr.level, rr.id limit :limit)
                """.formatted(OrganizationFacts.enterprises(f), enterpriseLevels(), RegionalFacts.risks(rr)))
                .params(p).query(Point.class).list();
    }

    /** Everything the dashboard page's charts and the duty-room screen show for one area, in one answer. */
    public record Snapshot(Area area, List<Area> path, Figures figures, List<AreaRow> areas, List<AreaRow> towns,
                           List<Month> trend, List<MajorHazard> majorHazards, List<MajorRisk> majorRisks,
                           List<Alarm> alarms, List<Point> points, Instant at) { }

    /** The snapshot of an area inside the viewer's jurisdiction; {@code region} null means the jurisdiction's own. */
    public Snapshot snapshot(Jurisdiction viewer, String region) {
        Area area = area(viewer, region);
        Jurisdiction scope = within(viewer, area);
        // Sub-areas, towns and the area's own figures from one pass over the per-enterprise facts.
        List<AreaRow> areas, towns;
        Figures figures;
        if (area.isTown()) {
            areas = List.of();
            towns = towns(scope);
            figures = sum(towns);
        } else {
            AreaRows rows = areaRows(scope, area.childLength(), 9);
            areas = rows.areas();
            towns = rows.towns();
            figures = sum(areas);
        }
        // Points only where they can be told apart: a county or a town, not a province of 50 000 enterprises.
        List<Point> points = area.level() >= 3 ? points(scope, 3000) : List.of();
        return new Snapshot(area, path(viewer, area), figures, areas, towns, trend(scope, 12),
                majorHazards(scope, 20), majorRisks(scope, 20), alarms(scope, 20), points, clock.instant());
    }

    /**
     * The jurisdiction's region prefix is a bound parameter (ADR 0002). Once the driver prepares a statement and
     * PostgreSQL switches to a generic plan, {@code region_code like $1} is guessed at a handful of enterprises whether
     * the area is a town or a province of 50 000, and the plan that suits one is quadratic or a whole scan for the
     * other (ADR 0024 forced hash joins, which made a town read as much as a county). These reads are planned with the
     * prefix itself, every time: a few milliseconds of planning against hundreds of a wrong plan (ADR 0035).
     * For the same reason the scope's enterprises are a {@code not materialized} CTE where they are joined to small
     * sets (the top-20 lists, today's tasks, what lower platforms sent): each join is planned on its own, so a province
     * probes its enterprises by key, instead of first copying 50 000 rows into a work file (ADR 0037).
     */
    private void customPlans() {
        jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
    }

    private static Double rate(long part, long all) {
        return all == 0 ? null : Math.round(part * 1000.0 / all) / 10.0;
    }
}
