package cn.shuangkong.organization;

import cn.shuangkong.shared.Jurisdiction;

/**
 * Enterprises and regions as relations other modules compose into their queries instead of naming this module's
 * tables (ADR 0024).
 */
public final class OrganizationFacts {

    private OrganizationFacts() { }

    /**
     * The enterprises a filter keeps ({@link Jurisdiction#enterpriseFilter} with alias {@code e}, its parameters bound by
     * the caller): {@code id, name, region_code, industry_code, longitude, latitude} and the profile figures
     * {@code status, headcount, major_hazard, hazardous_chemicals, dust_explosion, confined_space, ammonia_refrigeration,
     * crowded_place}.
     */
    public static String enterprises(Jurisdiction.SqlFilter filter) {
        return """
                select e.id, e.name, e.region_code, e.industry_code, e.longitude, e.latitude, e.status, e.headcount,
                       e.major_hazard, e.hazardous_chemicals, e.dust_explosion, e.confined_space, e.ammonia_refrigeration,
                       e.crowded_place
                  from enterprise e where\s""" + filter.sql();
    }

    /**
     * How many enterprises per region code in an area of a regulator's scope ({@link Jurisdiction#areaFilter} with alias
     * {@code a}): {@code region_code, enterprises}, from the roll-up by region and industry (ADR 0035).
     */
    public static String enterprisesPerArea(Jurisdiction.SqlFilter area) {
        return "select a.region_code, sum(a.enterprises) as enterprises from enterprise_area_facts a where " + area.sql()
                + " group by a.region_code";
    }

    /** Every region (行政区划): {@code code, name, level}. Regions are public knowledge, so this takes no scope. */
    public static String regions() {
        return "select code, name, level from region";
    }

    /**
     * Every enterprise, for a caller that filters it itself (its jurisdiction's {@link Jurisdiction#enterpriseFilter} on
     * the relation's alias, beside conditions of its own): the columns of {@link #enterprises(Jurisdiction.SqlFilter)}
     * and {@code credit_code} (统一社会信用代码){@code , address, grid_id} (its 网格, null when none). PostgreSQL folds
     * it into the caller's query, so a join on {@code id} stays a primary-key probe. (The scoped relation keeps the
     * narrower row: dashboards hold it in CTEs.)
     */
    public static String enterprises() {
        return """
                select e.id, e.name, e.credit_code, e.address, e.region_code, e.industry_code, e.longitude, e.latitude, e.status,
                       e.headcount, e.major_hazard, e.hazardous_chemicals, e.dust_explosion, e.confined_space,
                       e.ammonia_refrigeration, e.crowded_place, e.grid_id
                  from enterprise e""";
    }

    /**
     * Every enterprise's employees (职工): {@code id, enterprise_id, name, post_id} (the 岗位, an org unit, null when
     * none){@code , phone, email} (may be null or empty). The caller filters it (by id or enterprise).
     */
    public static String employees() {
        return "select em.id, em.enterprise_id, em.name, em.post_id, em.phone, em.email from employee em";
    }

    /**
     * Every enterprise's org-unit tree (公司 / 车间 / 班组 / 岗位): {@code id, enterprise_id, parent_id} (null at the
     * root){@code , name, tier} ({@code COMPANY, WORKSHOP, TEAM, POST}). The caller filters it.
     */
    public static String orgUnits() {
        return "select ou.id, ou.enterprise_id, ou.parent_id, ou.name, ou.tier from org_unit ou";
    }

    /** Every grid (网格): {@code id, code, name, region_code} (its town). Grids are the regulators' own division. */
    public static String grids() {
        return "select g.id, g.code, g.name, g.region_code from grid g";
    }

    /** Every service organisation (第三方服务机构): {@code id, name, credit_code}. */
    public static String serviceOrgs() {
        return "select so.id, so.name, so.credit_code from service_org so";
    }

    /**
     * Every regulator (监管部门): {@code id, name, region_code} (the root of its area){@code , industries} (GB/T 4754
     * prefixes it supervises; empty = all) and {@code region_prefix}, the significant part of its region code, which
     * every enterprise code in its area starts with ({@link Jurisdiction#regionPrefix} in SQL).
     */
    public static String departments() {
        return """
                select d.id, d.name, d.region_code, d.industries,
                       case when length(d.region_code) = 6 and d.region_code like '%0000' then left(d.region_code, 2)
                            when length(d.region_code) = 6 and d.region_code like '%00' then left(d.region_code, 4)
                            else d.region_code end as region_prefix
                  from department d""";
    }
}
