package cn.shuangkong.risk;

import cn.shuangkong.shared.Jurisdiction;

/**
 * The risk register's published read model (ADR 0024): per enterprise, how many risk points, how many 重大风险 and the
 * highest level, kept by triggers in the same transaction as every change of a point (V165). Each relation takes
 * {@code enterprises}, the name of a relation of enterprises in the caller's query with a column {@code id}.
 */
public final class RiskFacts {

    private RiskFacts() { }

    /**
     * {@code enterprise_id, points, major_risks} (red){@code , orange, yellow, blue, unassessed, top_level} (1 = red; null
     * while no point is assessed).
     */
    public static String perEnterprise(String enterprises) {
        return """
                select f.enterprise_id, f.points, f.major_risks, f.orange, f.yellow, f.blue, f.unassessed, f.top_level
                  from risk_point_facts f join %s on %1$s.id = f.enterprise_id""".formatted(enterprises);
    }

    /**
     * Whether the enterprise keeps its 风险分级管控 register on this platform (at least one risk point of its own): an SQL
     * condition on {@code enterpriseId}, an expression of the caller's query. Such an enterprise is counted from its own
     * register, not from what another platform reports for it (ADR 0044).
     */
    public static String registerKept(String enterpriseId) {
        return "exists (select 1 from risk_point_facts k where k.enterprise_id = %s and k.points > 0)".formatted(enterpriseId);
    }

    /**
     * Per area of a regulator's scope ({@link Jurisdiction#areaFilter} with alias {@code a}), from the roll-up by region
     * and industry (ADR 0035): {@code region_code, points, major_risks}.
     */
    public static String perArea(Jurisdiction.SqlFilter area) {
        return "select a.region_code, sum(a.points) as points, sum(a.major_risks) as major_risks from risk_point_area_facts a where "
                + area.sql() + " group by a.region_code";
    }

    /** Red (重大风险) points, the oldest first, at most {@code :limit}: {@code id, name, enterprise_id}. */
    public static String majorPoints(String enterprises) {
        return """
                select p.id, p.name, p.enterprise_id from risk_point p join %s on %1$s.id = p.enterprise_id
                 where p.level = 1 order by p.id limit :limit""".formatted(enterprises);
    }

    /**
     * One row per risk point, the register's published columns (ADR 0041): {@code id, enterprise_id, code, name, location,
     * level} (1 = 重大风险 … 4; null while unassessed){@code , major_hazard_source} (the point is a 重大危险源 unit){@code ,
     * measures} (how many 管控措施 it has){@code , reassessment_reason,
     * reassessment_flagged_at} (待重新评价, null when not flagged) and its 包保 persons {@code guarantor_principal_id,
     * guarantor_technical_id, guarantor_operator_id} (employee ids, null when unnamed). The caller filters it;
     * PostgreSQL folds it into the caller's query (the measure count is computed only when selected).
     */
    public static String points() {
        return """
                select p.id, p.enterprise_id, p.code, p.name, p.location, p.level, p.major_hazard_source,
                       (select count(*) from control_measure m where m.risk_point_id = p.id) as measures,
                       p.reassessment_reason, p.reassessment_flagged_at,
                       p.guarantor_principal_id, p.guarantor_technical_id, p.guarantor_operator_id
                  from risk_point p""";
    }

    /**
     * One row per 管控措施 of a risk point (ADR 0041, part A): {@code id, risk_point_id, type, check_content, check_cycle,
     * check_cycle_unit} (how often it is checked, the unit one of {@code HOUR … YEAR}){@code , responsible_employee_id,
     * responsible_unit_id} (who answers for it: a person, and the org unit whose posts share it){@code , created_at}. The
     * caller filters it (by {@code id} or {@code risk_point_id}, both indexed).
     */
    public static String measures() {
        return """
                select m.id, m.risk_point_id, m.type, m.check_content, m.check_cycle, m.check_cycle_unit,
                       m.responsible_employee_id, m.responsible_unit_id, m.created_at
                  from control_measure m""";
    }
}
