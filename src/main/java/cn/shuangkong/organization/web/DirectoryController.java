package cn.shuangkong.organization.web;

import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Region;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.organization.ServiceOrganizations;
import cn.shuangkong.organization.internal.MasterData;
import cn.shuangkong.shared.DomainException;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
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
    private final MasterData masterData;

    DirectoryController(Regions regions, Departments departments, ServiceOrganizations serviceOrgs,
                        MasterData masterData) {
        this.masterData = masterData;
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
        String root = me.jurisdiction().regionPrefix() == null ? "" : me.jurisdiction().regionPrefix();
        model.addAttribute("departments", departments.under(root));
        model.addAttribute("regions", regions.subtree(root(me)).stream().filter(r -> r.level() <= 4).toList());
        return "directory/departments";
    }

    @GetMapping("/service-orgs")
    @PreAuthorize("hasAuthority('organization:service-org:read')")
    String serviceOrgs(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("orgs", serviceOrgs.directory(me).stream().map(l -> java.util.Map.entry(l.org(), l.contracts())).toList());
        model.addAttribute("today", PlatformTime.today());
        return "directory/service-orgs";
    }

    @PostMapping("/departments")
    @PreAuthorize("hasAuthority('organization:master:write')")
    String addDepartment(@RequestParam String name, @RequestParam String kind, @RequestParam String regionCode,
                         @RequestParam(required = false) String industries, @RequestParam(required = false) String phone,
                         RedirectAttributes flash) {
        return attempt(flash, "/departments", "已新增监管部门：" + name,
                () -> masterData.addDepartment(name, kind, regionCode, industries, phone));
    }

    @PostMapping("/regions/grids/{gridId}/workers")
    @PreAuthorize("hasAuthority('organization:master:write')")
    String addGridWorker(@PathVariable long gridId, @RequestParam String name, @RequestParam(required = false) String phone,
                         RedirectAttributes flash) {
        return attempt(flash, "/regions", "已新增网格员：" + name, () -> masterData.addGridWorker(gridId, name, phone));
    }

    @PostMapping("/service-orgs/{id}/contracts")
    @PreAuthorize("hasAuthority('organization:master:write')")
    String addContract(@PathVariable long id, @RequestParam String creditCode,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate startDate,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate endDate,
                       @RequestParam(required = false) String scope, RedirectAttributes flash) {
        return attempt(flash, "/service-orgs", "已登记服务合同", () -> masterData.addContract(id, creditCode, startDate, endDate, scope));
    }

    /** Runs a change and comes back to the list with its outcome in words: saved, or why not. */
    private static String attempt(RedirectAttributes flash, String back, String success, Runnable change) {
        try {
            change.run();
            flash.addFlashAttribute("message", success);
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:" + back;
    }

    private String root(Actor me) {
        if (me.jurisdiction().regionPrefix() != null) return me.jurisdiction().regionPrefix();
        return regions.roots().stream().findFirst().map(Region::code).orElse("");
    }
}
