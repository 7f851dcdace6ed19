package cn.shuangkong.organization.web;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Region;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.organization.ServiceOrganizations;
import cn.shuangkong.organization.Enterprises;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The reference lists regulators and service staff look things up in: regions with grids, departments, service organisations. */
@Controller
class DirectoryController {

    private final Regions regions;
    private final Departments departments;
    private final ServiceOrganizations serviceOrgs;
    private final Enterprises enterprises;

    DirectoryController(Regions regions, Departments departments, ServiceOrganizations serviceOrgs, Enterprises enterprises) {
        this.enterprises = enterprises;
        this.regions = regions;
        this.departments = departments;
        this.serviceOrgs = serviceOrgs;
    }

    @GetMapping("/regions")
    @PreAuthorize("hasAuthority('organization:region:read')")
    String regions(@AuthenticationPrincipal Actor me, Model model) {
        String root = root(me);
        model.addAttribute("regions", regions.subtree(root));
        model.addAttribute("grids", regions.gridsUnder(root));
        return "directory/regions";
    }

    @GetMapping("/departments")
    @PreAuthorize("hasAuthority('organization:department:read')")
    String departments(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("departments", departments.under(me.jurisdiction().regionPrefix() == null ? "" : me.jurisdiction().regionPrefix()));
        return "directory/departments";
    }

    @GetMapping("/service-orgs")
    @PreAuthorize("hasAuthority('organization:service-org:read')")
    String serviceOrgs(@AuthenticationPrincipal Actor me, Model model) {
        var orgs = me.serviceOrgId() != null ? serviceOrgs.find(me.serviceOrgId()).stream().toList() : serviceOrgs.all();
        // A contract is shown only if its client enterprise is in the viewer's scope (a service organisation sees its own).
        model.addAttribute("orgs", orgs.stream().map(o -> java.util.Map.entry(o, serviceOrgs.contracts(o.id()).stream()
                .filter(c -> me.jurisdiction().isPlatform() || me.serviceOrgId() != null
                        || (c.enterpriseId() != null && enterprises.find(me.jurisdiction(), c.enterpriseId()).isPresent()))
                .toList())).toList());
        model.addAttribute("today", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")));
        return "directory/service-orgs";
    }

    private String root(Actor me) {
        if (me.jurisdiction().regionPrefix() != null) return me.jurisdiction().regionPrefix();
        return regions.roots().stream().findFirst().map(Region::code).orElse("");
    }
}
