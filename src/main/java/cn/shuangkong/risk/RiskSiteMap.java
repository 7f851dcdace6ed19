package cn.shuangkong.risk;

import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * 四色图: an enterprise's risk points drawn on its site plan, coloured by level. Positions are GeoJSON geometries in
 * the plan's own coordinates (0-1000 across, 0-600 down), so the same data serve the page (as SVG) and the API.
 */
@Component
public class RiskSiteMap {

    /** The plan's coordinate space: what the SVG viewBox and the stored coordinates share. */
    public static final int WIDTH = 1000, HEIGHT = 600;

    /** A risk point ready to draw: a polygon's vertices, or a circle's centre; the label goes at (labelX, labelY). */
    public record Shape(long pointId, String name, RiskLevel level, String svgPoints, Double cx, Double cy,
                        double labelX, double labelY) {
        public boolean polygon() {
            return svgPoints != null;
        }

        public String fill() {
            return level == null ? "#9ca3af" : switch (level) {
                case MAJOR -> "#d9363e";
                case HIGH -> "#e8710a";
                case MODERATE -> "#e6b800";
                case LOW -> "#1c6fd1";
            };
        }
    }

    /** The drawable points and those still without a position. */
    public record SiteMap(List<Shape> shapes, List<RiskPoints.Point> unplaced) { }

    /** What the 四色图 page shows: the enterprise, its map, and the uploaded plan behind it (null if none). */
    public record Page(Enterprise enterprise, SiteMap map, Long planFileId) { }

    private final RiskPoints points;
    private final JsonMapper json;
    private final Enterprises enterprises;
    private final SitePlans sitePlans;

    RiskSiteMap(RiskPoints points, JsonMapper json, Enterprises enterprises, SitePlans sitePlans) {
        this.points = points;
        this.json = json;
        this.enterprises = enterprises;
        this.sitePlans = sitePlans;
    }

    /** The 四色图 page of an enterprise in the caller's scope, else a 404. */
    public Page page(Jurisdiction scope, long enterpriseId) {
        var enterprise = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        return new Page(enterprise, of(enterpriseId), sitePlans.fileOf(enterpriseId).orElse(null));
    }

    /** For callers that have resolved the enterprise in scope themselves (the 附近资源 and 作业票 plans); pages use {@link #page}. */
    public SiteMap of(long enterpriseId) {
        List<Shape> shapes = new ArrayList<>();
        List<RiskPoints.Point> unplaced = new ArrayList<>();
        for (RiskPoints.Point p : points.ofEnterprise(enterpriseId)) {
            Shape s = p.sitePosition() == null ? null : shape(p);
            if (s == null) unplaced.add(p);
            else shapes.add(s);
        }
        // Larger areas first, so that points inside them are drawn on top and stay clickable.
        shapes.sort((a, b) -> Boolean.compare(b.polygon(), a.polygon()));
        return new SiteMap(shapes, unplaced);
    }

    /** The same map as a GeoJSON FeatureCollection for other systems: of an enterprise in the caller's scope, else a 404. */
    public Map<String, Object> geoJson(Jurisdiction scope, long enterpriseId) {
        enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        List<Map<String, Object>> features = new ArrayList<>();
        for (RiskPoints.Point p : points.ofEnterprise(enterpriseId)) {
            if (p.sitePosition() == null) continue;
            RiskLevel l = p.riskLevel();
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("id", p.id());
            props.put("code", p.code());
            props.put("name", p.name());
            props.put("grade", p.level());
            props.put("color", l == null ? null : l.color);
            props.put("levelName", l == null ? "未评价" : l.label);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", "Feature");
            f.put("geometry", json.readTree(p.sitePosition()));
            f.put("properties", props);
            features.add(f);
        }
        return Map.of("type", "FeatureCollection", "features", features);
    }

    private Shape shape(RiskPoints.Point p) {
        JsonNode g = json.readTree(p.sitePosition());
        String type = g.path("type").asString("");
        JsonNode c = g.path("coordinates");
        if (type.equals("Point") && c.size() >= 2) {
            double x = c.get(0).asDouble(), y = c.get(1).asDouble();
            return new Shape(p.id(), p.name(), p.riskLevel(), null, x, y, x + 14, y + 5);
        }
        if (type.equals("Polygon") && c.size() > 0 && c.get(0).size() >= 3) {
            StringBuilder pts = new StringBuilder();
            double sx = 0, sy = 0;
            int n = 0;
            JsonNode ring = c.get(0);
            // GeoJSON rings repeat the first vertex at the end; count it once, or the label drifts towards it.
            int last = ring.get(0).equals(ring.get(ring.size() - 1)) ? ring.size() - 1 : ring.size();
            for (int i = 0; i < ring.size(); i++) {
                double x = ring.get(i).get(0).asDouble(), y = ring.get(i).get(1).asDouble();
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                if (i < last) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
            return new Shape(p.id(), p.name(), p.riskLevel(), pts.toString().trim(), null, null, sx / n, sy / n);
        }
        return null; // other geometry types are kept but not drawn
    }
}
