package cn.shuangkong.emergency.internal;

import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.risk.RiskSiteMap;
import cn.shuangkong.risk.SitePlans;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * 附近应急资源: for a risk point (where an alarm went off), the plans that cover it, its 应急处置卡 and the rescue teams,
 * equipment and materials ordered by distance. On the site plan the distance is the plan distance times the plan's
 * scale; an item placed by coordinates is measured from the enterprise's own coordinates. Items without a position
 * come last.
 */
@Service
public class NearbyResources {

    /** One team or item with its distance in metres (null when it cannot be measured) and its spot on the plan. */
    public record Nearby(String type, long id, String name, String detail, String location, String phone,
                         BigDecimal planX, BigDecimal planY, Long distanceM, LocalDate expiresOn) {
        public boolean onPlan() {
            return planX != null && planY != null;
        }
    }

    /** Everything the page and the API show for one risk point. */
    public record Near(RiskPoints.Point point, Double x, Double y, List<EmergencyPlans.Plan> plans, List<Nearby> nearby,
                       List<EmergencyResources.Expert> experts, RiskSiteMap.SiteMap map, Long sitePlanFileId) { }

    private final RiskPoints riskPoints;
    private final RiskSiteMap siteMap;
    private final SitePlans sitePlans;
    private final EmergencyPlans plans;
    private final EmergencyResources resources;
    private final Owners owners;
    private final double metresPerUnit;

    NearbyResources(RiskPoints riskPoints, RiskSiteMap siteMap, SitePlans sitePlans, EmergencyPlans plans,
                    EmergencyResources resources, Owners owners,
                    @Value("${shuangkong.emergency.plan-metres-per-unit:0.5}") double metresPerUnit) {
        this.riskPoints = riskPoints;
        this.siteMap = siteMap;
        this.sitePlans = sitePlans;
        this.plans = plans;
        this.resources = resources;
        this.owners = owners;
        this.metresPerUnit = metresPerUnit;
    }

    public Near near(Jurisdiction scope, long riskPointId) {
        RiskPoints.Point point = riskPoints.find(scope, riskPointId).orElseThrow(() -> DomainException.notFound("风险点"));
        long enterprise = point.enterpriseId();
        var owner = owners.unscoped(enterprise);
        RiskSiteMap.SiteMap map = siteMap.of(enterprise);
        Double x = null, y = null;
        for (RiskSiteMap.Shape s : map.shapes()) {
            if (s.pointId() != riskPointId) continue;
            x = s.polygon() ? s.labelX() : s.cx();
            y = s.polygon() ? s.labelY() : s.cy();
        }
        List<Nearby> nearby = new ArrayList<>();
        Jurisdiction own = Jurisdiction.enterprise(enterprise, owner.name());
        for (var t : resources.teams(own, enterprise)) {
            nearby.add(new Nearby("救援队伍", t.id(), t.name(), t.kind() + " · 负责人 " + t.leader() + " · " + t.memberCount() + " 人",
                    t.location(), t.phone(), t.planX(), t.planY(), distance(x, y, t.planX(), t.planY(), owner, t.longitude(), t.latitude()), null));
        }
        for (var r : resources.resources(own, enterprise)) {
            nearby.add(new Nearby(r.categoryLabel(), r.id(), r.name(), r.quantityText(), r.location(), r.phone(),
                    r.planX(), r.planY(), distance(x, y, r.planX(), r.planY(), owner, r.longitude(), r.latitude()), r.expiresOn()));
        }
        nearby.sort(Comparator.comparing(Nearby::distanceM, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Nearby::type).thenComparing(Nearby::id));
        return new Near(point, x, y, plans.coveringRiskPoint(riskPointId), nearby, resources.experts(own, enterprise), map,
                sitePlans.fileOf(enterprise).orElse(null));
    }

    private Long distance(Double x, Double y, BigDecimal px, BigDecimal py, Owners.Owner owner, BigDecimal lon, BigDecimal lat) {
        if (x != null && px != null && py != null) {
            return Math.round(Math.hypot(px.doubleValue() - x, py.doubleValue() - y) * metresPerUnit);
        }
        if (lon != null && lat != null && owner.longitude() != null && owner.latitude() != null) {
            return Math.round(metres(owner.latitude().doubleValue(), owner.longitude().doubleValue(), lat.doubleValue(), lon.doubleValue()));
        }
        return null;
    }

    /** Great-circle distance (haversine) in metres. */
    static double metres(double lat1, double lon1, double lat2, double lon2) {
        double r = 6_371_000, dLat = Math.toRadians(lat2 - lat1), dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * r * Math.asin(Math.sqrt(a));
    }
}
