package cn.shuangkong.organization;

import cn.shuangkong.shared.Jurisdiction;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** 行政区划 and 网格 as stored. Regions are public knowledge, so reads take no scope. */
@Repository
public class Regions {

    private final JdbcClient jdbc;

    Regions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Region> find(String code) {
        return jdbc.sql("select code, name, level, parent_code, schematic from region where code = :c")
                .param("c", code).query(Region.class).optional();
    }

    public List<Region> children(String code) {
        return jdbc.sql("select code, name, level, parent_code, schematic from region where parent_code = :c order by code")
                .param("c", code).query(Region.class).list();
    }

    /** Towns and streets (level 4) under a region prefix, e.g. for a filter. */
    public List<Region> townsUnder(String code) {
        return jdbc.sql("select code, name, level, parent_code, schematic from region where level = 4 and code like :p order by code")
                .param("p", Jurisdiction.regionPrefix(code) + "%").query(Region.class).list();
    }

    public List<Region> subtree(String code) {
        return jdbc.sql("select code, name, level, parent_code, schematic from region where code like :p order by level, code")
                .param("p", Jurisdiction.regionPrefix(code) + "%").query(Region.class).list();
    }

    public List<Region> roots() {
        return jdbc.sql("select code, name, level, parent_code, schematic from region where parent_code is null order by code")
                .query(Region.class).list();
    }

    /** The GeoJSON boundary of a region, schematic for the demo city. */
    private Optional<String> boundary(String code) {
        return jdbc.sql("select boundary from region where code = :c and boundary is not null").param("c", code)
                .query(String.class).optional();
    }

    /** The towns under a region (or the town itself) as a GeoJSON FeatureCollection; properties carry code, name, schematic. */
    public String townsGeoJson(String code) {
        StringBuilder json = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        boolean first = true;
        for (Region town : townsUnder(code)) {
            var boundary = boundary(town.code());
            if (boundary.isEmpty()) continue;
            if (!first) json.append(',');
            first = false;
            // Geometry is stored as GeoJSON already; names and codes come from our own table, escaped all the same.
            json.append("{\"type\":\"Feature\",\"geometry\":").append(boundary.get())
                    .append(",\"properties\":{\"code\":\"").append(escape(town.code())).append("\",\"name\":\"")
                    .append(escape(town.name())).append("\",\"schematic\":").append(town.schematic()).append("}}");
        }
        return json.append("]}").toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Whether the 网格 lies in the region, for an enterprise placed on both. */
    boolean gridBelongsTo(long gridId, String regionCode) {
        return jdbc.sql("select count(*) from grid where id = :g and region_code = :r")
                .param("g", gridId).param("r", regionCode).query(Long.class).single() > 0;
    }

    /** 网格 with their workers' names, under a region prefix. */
    public record Grid(long id, String code, String name, String regionCode, String regionName, String workers) { }

    public List<Grid> gridsUnder(String code) {
        return jdbc.sql("""
                select g.id, g.code, g.name, g.region_code, r.name as region_name,
                       coalesce(string_agg(w.name || ' ' || coalesce(w.phone, ''), '，' order by w.id), '') as workers
                  from grid g join region r on r.code = g.region_code
                  left join grid_worker w on w.grid_id = g.id
                 where g.region_code like :p
                 group by g.id, r.name order by g.code
                """).param("p", Jurisdiction.regionPrefix(code) + "%").query(Grid.class).list();
    }
}
