package cn.shuangkong.analytics.web;

import cn.shuangkong.analytics.internal.Dashboard;
import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * 监管驾驶舱 for regulators: the dashboard (drill-down region → town → enterprise → risk point / hazard), its JSON for
 * the charts, and the full-screen 数据大屏 that polls the same JSON.
 */
@Controller
@PreAuthorize("hasAuthority('analytics:dashboard:read')")
class DashboardController {

    private final Dashboard dashboard;
    private final Regions regions;
    private final RiskPoints riskPoints;
    private final Hazards hazards;

    DashboardController(Dashboard dashboard, Regions regions, RiskPoints riskPoints, Hazards hazards) {
        this.dashboard = dashboard;
        this.regions = regions;
        this.riskPoints = riskPoints;
        this.hazards = hazards;
    }

    @GetMapping("/dashboard")
    String dashboard(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String region, Model model) {
        var snapshot = dashboard.snapshot(me.jurisdiction(), region);
        model.addAttribute("s", snapshot);
        model.addAttribute("f", snapshot.figures());
        if (snapshot.area().isTown()) {
            var scope = dashboard.within(me.jurisdiction(), snapshot.area());
            model.addAttribute("enterprises", dashboard.enterprises(scope, Dashboard.EnterpriseFilter.all(),
                    new PageResult.Request(1, 15)));
        }
        return "dashboard/index";
    }

    /** The snapshot as JSON for the page's charts and the screen's polling (the session's own endpoint; API clients use /api/v1/dashboard). */
    @GetMapping(value = "/dashboard/data", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Dashboard.Snapshot data(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String region) {
        return dashboard.snapshot(me.jurisdiction(), region);
    }

    /** Town boundaries of the area (public, schematic in the demo) for ECharts' registerMap: no online tiles. */
    @GetMapping(value = "/dashboard/geo", produces = "application/geo+json")
    @ResponseBody
    ResponseEntity<String> geo(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String region) {
        var area = dashboard.area(me.jurisdiction(), region);
        String json = area.level() == 0 ? "{\"type\":\"FeatureCollection\",\"features\":[]}" : regions.townsGeoJson(area.code());
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/geo+json")).body(json);
    }

    @GetMapping("/dashboard/enterprises")
    String enterprises(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String region,
                       @RequestParam(required = false) Integer level, @RequestParam(defaultValue = "false") boolean unrated,
                       @RequestParam(defaultValue = "false") boolean zero, @RequestParam(defaultValue = "1") int page,
                       Model model) {
        var area = dashboard.area(me.jurisdiction(), region);
        var scope = dashboard.within(me.jurisdiction(), area);
        model.addAttribute("area", area);
        model.addAttribute("path", dashboard.path(me.jurisdiction(), area));
        model.addAttribute("level", level);
        model.addAttribute("levels", cn.shuangkong.risk.RiskLevel.values());
        model.addAttribute("unrated", unrated);
        model.addAttribute("zero", zero);
        model.addAttribute("zeroDays", dashboard.zeroReportDays());
        model.addAttribute("result", dashboard.enterprises(scope, new Dashboard.EnterpriseFilter(level, unrated, zero, false),
                new PageResult.Request(page, 20)));
        return "dashboard/enterprises";
    }

    @GetMapping("/dashboard/enterprises/{id}")
    String enterprise(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var row = dashboard.enterprise(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("企业"));
        var town = row.regionCode().length() >= 9 ? row.regionCode().substring(0, 9) : row.regionCode();
        model.addAttribute("e", row);
        model.addAttribute("path", dashboard.path(me.jurisdiction(), dashboard.area(me.jurisdiction(), town)));
        model.addAttribute("zeroDays", dashboard.zeroReportDays());
        model.addAttribute("points", riskPoints.search(me.jurisdiction(),
                new RiskPoints.Query(id, null, null, null, null), new PageResult.Request(1, 100)));
        model.addAttribute("hazards", hazards.search(me.jurisdiction(),
                new Hazards.Query(null, null, null, null, id, null, null, null, null), new PageResult.Request(1, 50)));
        return "dashboard/enterprise";
    }

    @GetMapping("/dashboard/screen")
    String screen(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String region, Model model) {
        model.addAttribute("area", dashboard.area(me.jurisdiction(), region));
        return "dashboard/screen";
    }
}
