package cn.shuangkong.permit.web;

import cn.shuangkong.risk.RiskSiteMap;
import cn.shuangkong.risk.SitePlans;
import org.springframework.stereotype.Component;

/**
 * An enterprise's site plan as the permit pages draw it: the uploaded plan (if any) under the risk points of the
 * 四色图, in the plan's own coordinates, on which a permit's place (0..1 of the width and height) is marked.
 */
@Component
class PermitPlans {

    /** What the templates draw; {@code fileId} is null when the enterprise has uploaded no plan. */
    record Plan(long enterpriseId, Long fileId, RiskSiteMap.SiteMap map, int width, int height) { }

    private final RiskSiteMap siteMap;
    private final SitePlans sitePlans;

    PermitPlans(RiskSiteMap siteMap, SitePlans sitePlans) {
        this.siteMap = siteMap;
        this.sitePlans = sitePlans;
    }

    /** The caller has the enterprise from a permit or a list already resolved in its scope. */
    Plan of(long enterpriseId) {
        return new Plan(enterpriseId, sitePlans.fileOf(enterpriseId).orElse(null), siteMap.of(enterpriseId),
                RiskSiteMap.WIDTH, RiskSiteMap.HEIGHT);
    }
}
