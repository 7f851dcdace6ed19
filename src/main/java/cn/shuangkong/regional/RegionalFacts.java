package cn.shuangkong.regional;

import cn.shuangkong.shared.Jurisdiction;

/** Public-area risks as a relation other modules compose into their queries (ADR 0024). */
public final class RegionalFacts {

    private RegionalFacts() { }

    /**
     * The public-area risks in a jurisdiction ({@link RegionalRisks#scopeFilter} with alias {@code rr}, parameters bound
     * by the caller): {@code id, name, category, region_code, level, longitude, latitude}.
     */
    public static String risks(Jurisdiction.SqlFilter filter) {
        return "select rr.id, rr.name, rr.category, rr.region_code, rr.level, rr.longitude, rr.latitude from regional_risk rr where "
                + filter.sql();
    }
}
