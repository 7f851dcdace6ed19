package cn.shuangkong.organization;

import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.Window;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** 企业 as stored; every read takes the caller's {@link Jurisdiction} and filters in SQL. */
@Repository
public class Enterprises {

    private static final String SELECT = """
            select e.*, r.name as region_name, g.name as grid_name
              from enterprise e
              join region r on r.code = e.region_code
              left join grid g on g.id = e.grid_id
            """;

    private final JdbcClient jdbc;

    Enterprises(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Filters of the enterprise list; null means "any". */
    public record Query(String text, String regionCode, String industryPrefix, String status, Boolean majorHazard) {
        public static Query of(String text) {
            return new Query(text, null, null, null, null);
        }
    }

    public PageResult<Enterprise> search(Jurisdiction scope, Query query, PageResult.Request page) {
        Map<String, Object> params = new HashMap<>();
        String where = where(scope, query, params);
        long total = jdbc.sql("select count(*) from enterprise e" + where).params(params).query(Long.class).single();
        params.put("limit", page.size());
        params.put("offset", page.offset());
        List<Enterprise> items = jdbc.sql(SELECT + where + " order by e.id limit :limit offset :offset")
                .params(params).query(Enterprise.class).list();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    /** The same filters read as a mirror reads them: in (updated_at, id) order, after a cursor (ADR 0027). */
    public Window.Slice<Enterprise> changes(Jurisdiction scope, Query query, Window window) {
        Map<String, Object> params = new HashMap<>();
        return window.read(jdbc, SELECT, "e", where(scope, query, params), params,
                new org.springframework.jdbc.core.SimplePropertyRowMapper<>(Enterprise.class));
    }

    private static String where(Jurisdiction scope, Query query, Map<String, Object> params) {
        var filter = scope.enterpriseFilter("e");
        params.putAll(filter.params());
        StringBuilder where = new StringBuilder(" where ").append(filter.sql());
        if (query.text() != null && !query.text().isBlank()) {
            where.append(" and (e.name like :q or e.credit_code like :q)");
            params.put("q", "%" + escapeLike(query.text().trim()) + "%");
        }
        if (query.regionCode() != null && !query.regionCode().isBlank()) {
            where.append(" and e.region_code like :region");
            params.put("region", Jurisdiction.regionPrefix(query.regionCode()) + "%");
        }
        if (query.industryPrefix() != null && !query.industryPrefix().isBlank()) {
            where.append(" and e.industry_code like :industry");
            params.put("industry", escapeLike(query.industryPrefix()) + "%");
        }
        if (query.status() != null && !query.status().isBlank()) {
            where.append(" and e.status = :status");
            params.put("status", query.status());
        }
        if (Boolean.TRUE.equals(query.majorHazard())) {
            where.append(" and e.major_hazard");
        }
        return where.toString();
    }

    public Optional<Enterprise> find(Jurisdiction scope, long id) {
        var filter = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where e.id = :id and " + filter.sql())
                .params(filter.params()).param("id", id).query(Enterprise.class).optional();
    }

    /** Reads without a scope: only for the platform's own work (audit summaries, loading an account's unit). */
    public Optional<Enterprise> findUnscoped(long id) {
        return jdbc.sql(SELECT + " where e.id = :id").param("id", id).query(Enterprise.class).optional();
    }

    public Optional<Long> idOfCreditCode(String creditCode) {
        return jdbc.sql("select id from enterprise where credit_code = :c").param("c", creditCode)
                .query(Long.class).optional();
    }

    /** The stored file of the enterprise's 厂区平面图, if it uploaded one: the background of its four-colour map. */
    public Optional<Long> sitePlanOf(long enterpriseId) {
        return jdbc.sql("select site_plan_file_id from enterprise where id = :e and site_plan_file_id is not null")
                .param("e", enterpriseId).query(Long.class).optional();
    }

    /** Makes a stored file the enterprise's 厂区平面图. The caller (the risk register's map) audits the change. */
    public void setSitePlan(long enterpriseId, long fileId) {
        jdbc.sql("update enterprise set site_plan_file_id = :f, updated_at = :now where id = :e")
                .param("now", PlatformTime.now()).param("f", fileId).param("e", enterpriseId).update();
    }

    long insert(EnterpriseDraft d) {
        return jdbc.sql("""
                insert into enterprise (name, credit_code, industry_code, scale, headcount, address, longitude, latitude,
                    region_code, grid_id, principal_name, principal_phone, safety_manager_name, safety_manager_phone, status,
                    major_hazard, dust_explosion, confined_space, ammonia_refrigeration, hazardous_chemicals, crowded_place)
                values (:name, :creditCode, :industryCode, :scale, :headcount, :address, :longitude, :latitude,
                    :regionCode, :gridId, :principalName, :principalPhone, :safetyManagerName, :safetyManagerPhone, :status,
                    :majorHazard, :dustExplosion, :confinedSpace, :ammoniaRefrigeration, :hazardousChemicals, :crowdedPlace)
                returning id
                """).paramSource(d).query(Long.class).single();
    }

    void update(long id, EnterpriseDraft d) {
        jdbc.sql("""
                update enterprise set name = :name, credit_code = :creditCode, industry_code = :industryCode,
                    scale = :scale, headcount = :headcount, address = :address, longitude = :longitude,
                    latitude = :latitude, region_code = :regionCode, grid_id = :gridId, principal_name = :principalName,
                    principal_phone = :principalPhone, safety_manager_name = :safetyManagerName,
                    safety_manager_phone = :safetyManagerPhone, status = :status, major_hazard = :majorHazard,
                    dust_explosion = :dustExplosion, confined_space = :confinedSpace,
                    ammonia_refrigeration = :ammoniaRefrigeration, hazardous_chemicals = :hazardousChemicals,
                    crowded_place = :crowdedPlace, updated_at = :now
                where id = :id
                """).params(d.fields()).param("now", PlatformTime.now()).param("id", id).update();
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
