package cn.shuangkong.permit.web;

import cn.shuangkong.permit.internal.Permits;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * 特殊作业报备 for regulators: the open 特级 / 一级 动火 in their scope, read from the permits at every request (a
 * closed permit leaves the list and the 大屏's count at the next refresh), with each enterprise's site plan marked.
 */
@Controller
@PreAuthorize("hasAuthority('permit:read')")
class FilingPages {

    private final Permits permits;
    private final PermitPlans plans;

    FilingPages(Permits permits, PermitPlans plans) {
        this.permits = permits;
        this.plans = plans;
    }

    @GetMapping("/permits/filings")
    String live(@AuthenticationPrincipal Actor me, Model model) {
        List<Permits.Permit> open = permits.openTopLevelWork(me.jurisdiction());
        Map<Long, List<Permits.Permit>> byEnterprise = new LinkedHashMap<>();
        open.forEach(p -> byEnterprise.computeIfAbsent(p.enterpriseId(), e -> new java.util.ArrayList<>()).add(p));
        Map<PermitPlans.Plan, List<Permits.Permit>> maps = new LinkedHashMap<>();
        byEnterprise.forEach((e, ps) -> maps.put(plans.of(e), ps));
        model.addAttribute("permits", open);
        model.addAttribute("maps", maps);
        return "permit/filings";
    }

    /** The 大屏's figure: open 特级 / 一级 动火 in the screen's area (never wider than the viewer's own scope). */
    @GetMapping("/permits/filings/count")
    String count(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String region, Model model) {
        model.addAttribute("count", permits.openTopLevelWork(within(me.jurisdiction(), region)).size());
        return "permit/filings :: count";
    }

    /** The viewer's scope narrowed to a sub-area it covers; any other region leaves the scope as it is. */
    static Jurisdiction within(Jurisdiction viewer, String region) {
        if (region == null || !region.matches("\\d{6}|\\d{9}|\\d{12}") || viewer.kind() != Jurisdiction.Kind.REGULATOR) return viewer;
        String prefix = Jurisdiction.regionPrefix(region);
        if (!prefix.startsWith(viewer.regionPrefix())) return viewer;
        return new Jurisdiction(Jurisdiction.Kind.REGULATOR, null, prefix, viewer.industries(), null, viewer.label());
    }
}
