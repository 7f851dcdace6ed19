package cn.shuangkong.risk;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.risk.internal.RiskTerms;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.Window;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The risk register as stored: 风险点 with their events, measures and assessment versions; every read is scoped. */
@Repository
public class RiskPoints {

    /** A 风险点 (风险分析对象) as lists and the detail page show it. */
    public record Point(long id, long enterpriseId, String enterpriseName, String regionName, String code, String name,
                        String kind, long orgUnitId, String orgUnitName, String location, String sitePosition,
                        boolean majorHazardSource, LocalDate reviewDue, Integer level, int eventCount, int measureCount,
                        Instant updatedAt, Long guarantorPrincipalId, String guarantorPrincipal, Long guarantorTechnicalId,
                        String guarantorTechnical, Long guarantorOperatorId, String guarantorOperator) {
        /** A major hazard source without all three 包保责任人 is a gap the page points out. */
        public boolean guaranteeIncomplete() {
            return majorHazardSource && (guarantorPrincipalId == null || guarantorTechnicalId == null || guarantorOperatorId == null);
        }

        public RiskLevel riskLevel() {
            return RiskLevel.ofNullable(level);
        }

        public String kindLabel() {
            return RiskTerms.PointKind.valueOf(kind).label;
        }
    }

    /** A 风险事件 with its classification and the levels of its latest approved assessments. */
    public record Event(long id, long riskPointId, String name, String hazard, String factorCode, String accidentTypeCodes,
                        String consequence, Integer inherentLevel, Integer residualLevel, String accidentDict,
                        Long riskUnitId, Long stepId) {
        public List<String> accidentTypes() {
            return accidentTypeCodes == null || accidentTypeCodes.isBlank() ? List.of() : Arrays.asList(accidentTypeCodes.split(","));
        }

        /** The level that counts: residual once assessed, else inherent. */
        public RiskLevel currentLevel() {
            return RiskLevel.ofNullable(residualLevel != null ? residualLevel : inherentLevel);
        }

        public RiskLevel inherent() {
            return RiskLevel.ofNullable(inherentLevel);
        }

        public RiskLevel residual() {
            return RiskLevel.ofNullable(residualLevel);
        }
    }

    /** A 风险分析单元 (national model t_aqfxfxdy): a part of the risk point with its own responsible department and person. */
    public record Unit(long id, long riskPointId, String name, long responsibleUnitId, String responsibleUnitName,
                       Long responsibleEmployeeId, String responsibleName, String responsiblePhone, Integer level,
                       int eventCount) {
        public RiskLevel riskLevel() {
            return RiskLevel.ofNullable(level);
        }
    }

    /** A JHA 作业步骤 or SCL 检查项目, in order; its risk events are the hazards found at that step or item. */
    public record Step(long id, long riskPointId, String method, int seq, String name, String standard) { }

    /** A 管控措施; {@code controlTier} is null when the measure follows the level rule. */
    public record Measure(long id, long riskPointId, String type, String description, String controlTier,
                          long responsibleUnitId, String responsibleUnitName, long responsibleEmployeeId,
                          String responsibleName, String responsiblePhone, String checkContent, BigDecimal checkCycle,
                          String checkCycleUnit, String eventIdList) {
        public List<Long> eventIds() {
            return eventIdList == null || eventIdList.isBlank() ? List.of()
                    : Arrays.stream(eventIdList.split(",")).map(Long::valueOf).toList();
        }

        public String typeLabel() {
            return RiskTerms.MeasureType.valueOf(type).label;
        }

        public String cycleLabel() {
            return "每" + (checkCycle.compareTo(BigDecimal.ONE) == 0 ? "" : checkCycle.stripTrailingZeros().toPlainString())
                    + RiskTerms.CycleUnit.valueOf(checkCycleUnit).label;
        }
    }

    /** One assessment version and its sign-off. */
    public record Assessment(long id, long riskEventId, int version, String basis, String method, String inputs,
                             BigDecimal score, int grade, String reason, String status, String analyst,
                             String analystName, Instant analysedAt, String reviewer, String reviewerName,
                             Instant reviewedAt, String approver, String approverName, Instant approvedAt) {
        public RiskLevel level() {
            return RiskLevel.of(grade);
        }

        public String basisLabel() {
            return RiskTerms.Basis.valueOf(basis).label;
        }

        public String statusLabel() {
            return RiskTerms.SignOff.valueOf(status).label;
        }

        /** The inputs for people: {"l": 4, "s": 5} becomes "L=4，S=5". */
        public String inputsText() {
            return java.util.Arrays.stream(inputs.replaceAll("[{}\"\\s]", "").split(","))
                    .map(kv -> kv.replace(":", "=").toUpperCase()).collect(java.util.stream.Collectors.joining("，"));
        }

        public String scoreText() {
            return score.stripTrailingZeros().toPlainString();
        }
    }

    /** Filters of the register list; null means "any". */
    public record Query(Long enterpriseId, Integer level, String kind, Long orgUnitId, String text) {
        public static Query all() {
            return new Query(null, null, null, null, null);
        }
    }

    /**
     * Organization's published relations, composed into each statement (ADR 0041): the enterprise and region a point
     * is listed under, the org units and employees answerable for it.
     */
    private static final String ENTERPRISES = "(" + OrganizationFacts.enterprises() + ")", REGIONS = "(" + OrganizationFacts.regions() + ")",
            ORG_UNITS = "(" + OrganizationFacts.orgUnits() + ")", EMPLOYEES = "(" + OrganizationFacts.employees() + ")";

    private static final String POINT = """
            select p.id, p.enterprise_id, e.name as enterprise_name, r.name as region_name, p.code, p.name, p.kind,
                   p.org_unit_id, u.name as org_unit_name, p.location, p.site_position, p.major_hazard_source,
                   p.review_due, p.level,
                   (select count(*) from risk_event v where v.risk_point_id = p.id) as event_count,
                   (select count(*) from control_measure m where m.risk_point_id = p.id) as measure_count,
                   p.updated_at,
                   p.guarantor_principal_id, (select w.name from %4$s w where w.id = p.guarantor_principal_id) as guarantor_principal,
                   p.guarantor_technical_id, (select w.name from %4$s w where w.id = p.guarantor_technical_id) as guarantor_technical,
                   p.guarantor_operator_id, (select w.name from %4$s w where w.id = p.guarantor_operator_id) as guarantor_operator
              from risk_point p
              join %1$s e on e.id = p.enterprise_id
              join %2$s r on r.code = e.region_code
              join %3$s u on u.id = p.org_unit_id
            """.formatted(ENTERPRISES, REGIONS, ORG_UNITS, EMPLOYEES);

    private final JdbcClient jdbc;

    RiskPoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public PageResult<Point> search(Jurisdiction scope, Query q, PageResult.Request page) {
        Map<String, Object> params = new HashMap<>();
        String where = where(scope, q, params);
        long total = jdbc.sql("select count(*) from risk_point p join " + ENTERPRISES + " e on e.id = p.enterprise_id" + where)
                .params(params).query(Long.class).single();
        params.put("limit", page.size());
        params.put("offset", page.offset());
        // Highest risk first, unassessed points last: that is the order in which people act.
        List<Point> items = jdbc.sql(POINT + where + " order by coalesce(p.level, 9), e.id, p.code limit :limit offset :offset")
                .params(params).query(Point.class).list();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    /** The same filters read as a mirror reads them: in (updated_at, id) order, after a cursor (ADR 0027). */
    public Window.Slice<Point> changes(Jurisdiction scope, Query q, Window window) {
        Map<String, Object> params = new HashMap<>();
        return window.read(jdbc, POINT, "p", where(scope, q, params), params,
                new org.springframework.jdbc.core.SimplePropertyRowMapper<>(Point.class));
    }

    private static String where(Jurisdiction scope, Query q, Map<String, Object> params) {
        var filter = scope.enterpriseFilter("e");
        params.putAll(filter.params());
        StringBuilder where = new StringBuilder(" where ").append(filter.sql());
        if (q.enterpriseId() != null) {
            where.append(" and p.enterprise_id = :enterprise");
            params.put("enterprise", q.enterpriseId());
        }
        if (q.level() != null) {
            where.append(" and p.level = :level");
            params.put("level", q.level());
        }
        if (q.kind() != null && !q.kind().isBlank()) {
            where.append(" and p.kind = :kind");
            params.put("kind", q.kind());
        }
        if (q.orgUnitId() != null) {
            where.append(" and p.org_unit_id = :unit");
            params.put("unit", q.orgUnitId());
        }
        if (q.text() != null && !q.text().isBlank()) {
            where.append(" and (p.name like :q or p.code like :q or e.name like :q)");
            params.put("q", "%" + q.text().trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return where.toString();
    }

    public Optional<Point> find(Jurisdiction scope, long id) {
        var filter = scope.enterpriseFilter("e");
        return jdbc.sql(POINT + " where p.id = :id and " + filter.sql()).params(filter.params()).param("id", id)
                .query(Point.class).optional();
    }

    /**
     * The risk points an employee works with: those of their post's team and workshop (not the whole company's) and
     * those with a measure the employee is responsible for. Highest level first.
     */
    List<Point> ofEmployee(long enterpriseId, long employeeId) {
        return jdbc.sql(POINT + """
                 where p.enterprise_id = :e and (
                       p.org_unit_id in (
                           with recursive up as (
                               select u.id, u.parent_id, u.tier from %1$s u
                                 join %2$s w on w.post_id = u.id where w.id = :w
                               union all
                               select o.id, o.parent_id, o.tier from %1$s o join up on o.id = up.parent_id)
                           select id from up where tier <> 'COMPANY')
                    or exists (select 1 from control_measure m where m.risk_point_id = p.id and m.responsible_employee_id = :w))
                 order by coalesce(p.level, 9), p.code
                """.formatted(ORG_UNITS, EMPLOYEES)).param("e", enterpriseId).param("w", employeeId).query(Point.class).list();
    }

    /** The whole register of one enterprise in code order (for documents); the caller has checked the scope. */
    public List<Point> ofEnterprise(long enterpriseId) {
        return jdbc.sql(POINT + " where p.enterprise_id = :e order by p.code").param("e", enterpriseId).query(Point.class).list();
    }

    public List<Event> events(long pointId) {
        return events(new Long[] {pointId});
    }

    /** The events of many points at once, by point then id (a whole register's sheets read in one query each). */
    List<Event> events(Long[] pointIds) {
        return jdbc.sql("""
                select id, risk_point_id, name, hazard, factor_code, array_to_string(accident_types, ',') as accident_type_codes,
                       consequence, inherent_level, residual_level, accident_dict, risk_unit_id, step_id
                  from risk_event where risk_point_id = any(:p) order by risk_point_id, id
                """).param("p", pointIds).query(Event.class).list();
    }

    public List<Unit> units(long pointId) {
        return units(new Long[] {pointId});
    }

    List<Unit> units(Long[] pointIds) {
        return jdbc.sql("""
                select u.id, u.risk_point_id, u.name, u.responsible_unit_id, o.name as responsible_unit_name,
                       u.responsible_employee_id, w.name as responsible_name, w.phone as responsible_phone, u.level,
                       (select count(*) from risk_event v where v.risk_unit_id = u.id) as event_count
                  from risk_unit u join %s o on o.id = u.responsible_unit_id
                  left join %s w on w.id = u.responsible_employee_id
                 where u.risk_point_id = any(:p) order by u.risk_point_id, u.id
                """.formatted(ORG_UNITS, EMPLOYEES)).param("p", pointIds).query(Unit.class).list();
    }

    List<Step> steps(long pointId) {
        return steps(new Long[] {pointId});
    }

    List<Step> steps(Long[] pointIds) {
        return jdbc.sql("""
                select id, risk_point_id, method, seq, name, standard from risk_step where risk_point_id = any(:p)
                 order by risk_point_id, seq, id
                """).param("p", pointIds).query(Step.class).list();
    }

    public List<Measure> measures(long pointId) {
        return measures(new Long[] {pointId});
    }

    List<Measure> measures(Long[] pointIds) {
        return jdbc.sql("""
                select m.id, m.risk_point_id, m.type, m.description, m.control_tier, m.responsible_unit_id,
                       u.name as responsible_unit_name, m.responsible_employee_id, w.name as responsible_name,
                       w.phone as responsible_phone, m.check_content, m.check_cycle, m.check_cycle_unit,
                       (select string_agg(me.event_id::text, ',' order by me.event_id) from control_measure_event me
                         where me.measure_id = m.id) as event_id_list
                  from control_measure m
                  join %s u on u.id = m.responsible_unit_id
                  join %s w on w.id = m.responsible_employee_id
                 where m.risk_point_id = any(:p) order by m.risk_point_id, m.id
                """.formatted(ORG_UNITS, EMPLOYEES)).param("p", pointIds).query(Measure.class).list();
    }

    /** Every version of every event of a risk point, newest first: the assessment timeline. */
    List<Assessment> assessments(long pointId) {
        return assessments(new Long[] {pointId});
    }

    /** The timelines of many points, by point (the caller tells them apart by their events), each newest first. */
    List<Assessment> assessments(Long[] pointIds) {
        return jdbc.sql("""
                select a.id, a.risk_event_id, a.version, a.basis, a.method, a.inputs::text as inputs, a.score, a.grade,
                       a.reason, a.status, a.analyst, a.analyst_name, a.analysed_at, a.reviewer, a.reviewer_name,
                       a.reviewed_at, a.approver, a.approver_name, a.approved_at
                  from risk_assessment a join risk_event v on v.id = a.risk_event_id
                 where v.risk_point_id = any(:p) order by v.risk_point_id, a.analysed_at desc, a.id desc
                """).param("p", pointIds).query(Assessment.class).list();
    }

    /** The enterprise's colour: the highest level among its risk points, empty if nothing is assessed yet. */
    public Optional<RiskLevel> enterpriseLevel(long enterpriseId) {
        return jdbc.sql("select level from risk_point where enterprise_id = :e and level is not null order by level limit 1")
                .param("e", enterpriseId)
                .query(Integer.class).optional().map(RiskLevel::of);
    }

    /** How many risk points of each grade (1-4) the enterprise has; index 0 counts the unassessed. */
    public long[] levelCounts(long enterpriseId) {
        long[] counts = new long[5];
        jdbc.sql("select coalesce(level, 0) as g, count(*) as n from risk_point where enterprise_id = :e group by 1")
                .param("e", enterpriseId).query((rs, i) -> counts[rs.getInt("g")] = rs.getLong("n")).list();
        return counts;
    }
}
