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
}
