package cn.shuangkong.shared;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 数据范围: which enterprises an account may see. Derived once from the account by {@code access}, then handed to
 * every list query, which turns it into SQL with {@link #enterpriseFilter(String)}.
 *
 * @param kind           what the account belongs to
 * @param enterpriseId   the account's own enterprise, for {@link Kind#ENTERPRISE}
 * @param regionPrefix   GB/T 2260 code prefix of the regulator's region subtree, for {@link Kind#REGULATOR}
 * @param industries     GB/T 4754 code prefixes the regulator supervises; empty means every industry
 * @param serviceOrgId   the service organisation whose current contracts decide, for {@link Kind#SERVICE_ORG}
 * @param label          human words for the top bar, e.g. "靖江市 · 全行业"
 */
public record Jurisdiction(Kind kind, Long enterpriseId, String regionPrefix, List<String> industries,
                           Long serviceOrgId, String label) implements Serializable {

    public enum Kind { PLATFORM, REGULATOR, ENTERPRISE, SERVICE_ORG, NONE }

    public Jurisdiction {
        industries = industries == null ? List.of() : List.copyOf(industries);
    }

    public static Jurisdiction platform() {
        return new Jurisdiction(Kind.PLATFORM, null, null, List.of(), null, "全平台");
    }

    public static Jurisdiction enterprise(long enterpriseId, String label) {
        return new Jurisdiction(Kind.ENTERPRISE, enterpriseId, null, List.of(), null, label);
    }

    public static Jurisdiction regulator(String regionCode, List<String> industries, String label) {
        return new Jurisdiction(Kind.REGULATOR, null, regionPrefix(regionCode), industries, null, label);
    }

    public static Jurisdiction serviceOrg(long serviceOrgId, String label) {
        return new Jurisdiction(Kind.SERVICE_ORG, null, null, List.of(), serviceOrgId, label);
    }

    public static Jurisdiction none() {
        return new Jurisdiction(Kind.NONE, null, null, List.of(), null, "无");
    }

    /** GB/T 2260 codes pad with zeros (32 0000 = 江苏省); the subtree is every code that starts with the significant part. */
    public static String regionPrefix(String code) {
        if (code.length() == 6) {
            if (code.endsWith("0000")) return code.substring(0, 2);
            if (code.endsWith("00")) return code.substring(0, 4);
        }
        return code;
    }

    public boolean isPlatform() {
        return kind == Kind.PLATFORM;
    }

    /**
     * A SQL condition (with its named parameters) that keeps only the enterprises in scope; {@code alias} is the
     * enterprise table's alias in the caller's query. Parameter names are prefixed {@code jd_} so they cannot clash.
     */
    public SqlFilter enterpriseFilter(String alias) {
        Map<String, Object> params = new LinkedHashMap<>();
        String sql = switch (kind) {
            case PLATFORM -> "true";
            case NONE -> "false";
            case ENTERPRISE -> {
                params.put("jd_enterprise", enterpriseId);
                yield alias + ".id = :jd_enterprise";
            }
            case SERVICE_ORG -> {
                params.put("jd_service_org", serviceOrgId);
                params.put("jd_today", PlatformTime.today()); // the platform's today, not the database server's
                yield alias + ".id in (select sc.enterprise_id from service_contract sc where sc.service_org_id = :jd_service_org"
                        + " and cast(:jd_today as date) between sc.start_date and sc.end_date)";
            }
            case REGULATOR -> {
                params.put("jd_region", regionPrefix + "%");
                StringBuilder where = new StringBuilder(alias + ".region_code like :jd_region");
                if (!industries.isEmpty()) {
                    where.append(" and (");
                    for (int i = 0; i < industries.size(); i++) {
                        if (i > 0) where.append(" or ");
                        where.append(alias).append(".industry_code like :jd_ind").append(i);
                        params.put("jd_ind" + i, industries.get(i) + "%");
                    }
                    where.append(")");
                }
                yield where.toString();
            }
        };
        return new SqlFilter(sql, params);
    }

    /**
     * The same scope as a condition on a column holding an enterprise's id ({@code column in} the enterprises in scope),
     * for a query with no enterprise row of its own: the audit trail, which organization writes to and so cannot read
     * organization's relations without a cycle between the two modules.
     */
    public SqlFilter enterpriseIdIn(String column) {
        SqlFilter f = enterpriseFilter("e");
        return new SqlFilter(column + " in (select e.id from enterprise e where " + f.sql() + ")", f.params());
    }

    /**
     * The same scope over rows keyed by an enterprise's region and industry (the area read models, ADR 0035): a relation
     * with columns {@code region_code} and {@code industry_code} under {@code alias}. Only a regulator's scope and the
     * platform's are areas; an enterprise's or a service organisation's is a set of enterprises.
     */
    public SqlFilter areaFilter(String alias) {
        if (kind != Kind.REGULATOR && kind != Kind.PLATFORM) throw new IllegalStateException("not an area: " + kind);
        return enterpriseFilter(alias);
    }

    /** Whether the enterprise with this region and industry lies in scope (for single-record checks in Java). */
    public boolean covers(long id, String regionCode, String industryCode, boolean contracted) {
        return switch (kind) {
            case PLATFORM -> true;
            case NONE -> false;
            case ENTERPRISE -> enterpriseId == id;
            case SERVICE_ORG -> contracted;
            case REGULATOR -> regionCode.startsWith(regionPrefix)
                    && (industries.isEmpty() || industries.stream().anyMatch(industryCode::startsWith));
        };
    }

    /** A piece of SQL and the named parameters it uses. */
    public record SqlFilter(String sql, Map<String, Object> params) {
        /** This filter narrowed to one enterprise ({@code column = :ent}) when {@code enterpriseId} is given, else itself. */
        public SqlFilter narrowedTo(String column, Long enterpriseId) {
            if (enterpriseId == null) return this;
            Map<String, Object> narrowed = new java.util.HashMap<>(params);
            narrowed.put("ent", enterpriseId);
            return new SqlFilter(sql + " and " + column + " = :ent", narrowed);
        }
    }
}
