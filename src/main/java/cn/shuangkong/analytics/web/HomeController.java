package cn.shuangkong.analytics.web;

import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.analytics.internal.Overview;
import cn.shuangkong.audit.AuditTrail;
import cn.shuangkong.inspection.InspectionTasks;
import cn.shuangkong.inspection.MyWork;
import java.time.Clock;
import java.time.LocalDate;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.Industries;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.shared.PageResult;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** 首页: an enterprise sees its own unit at a glance; a regulator or service organisation its jurisdiction. */
@Controller
class HomeController {

    private final Overview overview;
    private final Enterprises enterprises;
    private final OrgStructure structure;
    private final Industries industries;
    private final AuditTrail audit;
    private final InspectionTasks tasks;
    private final MyWork myWork;
    private final Clock clock;

    HomeController(Overview overview, Enterprises enterprises, OrgStructure structure, Industries industries, AuditTrail audit,
                   InspectionTasks tasks, MyWork myWork, Clock clock) {
        this.tasks = tasks;
        this.myWork = myWork;
        this.clock = clock;
        this.overview = overview;
        this.enterprises = enterprises;
        this.structure = structure;
        this.industries = industries;
        this.audit = audit;
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal CurrentUser me, Model model) {
        var scope = me.jurisdiction();
        model.addAttribute("industries", industries);
        model.addAttribute("dual", overview.dualPrevention(scope));
        LocalDate today = LocalDate.now(clock);
        model.addAttribute("completion", tasks.completion(scope, today.withDayOfMonth(1), today));
        model.addAttribute("myWork", myWork.of(me));
        if (me.enterpriseId() != null) {
            var enterprise = enterprises.find(scope, me.enterpriseId()).orElseThrow();
            var units = structure.units(enterprise.id());
            model.addAttribute("enterprise", enterprise);
            model.addAttribute("posts", units.stream().filter(u -> u.tier().equals("POST")).count());
            model.addAttribute("workshops", units.stream().filter(u -> u.tier().equals("WORKSHOP")).count());
            model.addAttribute("employees", structure.employees(enterprise.id()).size());
            model.addAttribute("myPost", me.employeeId() == null ? null : structure.employees(enterprise.id()).stream()
                    .filter(e -> e.id() == me.employeeId()).findFirst().orElse(null));
            model.addAttribute("recent", audit.search(scope, new AuditTrail.Query(null, null, null, null, null),
                    new PageResult.Request(1, 8)).items());
            return "home/enterprise";
        }
        model.addAttribute("totals", overview.totals(scope));
        model.addAttribute("towns", overview.byTown(scope));
        model.addAttribute("byIndustry", overview.byIndustry(scope));
        return "home/jurisdiction";
    }
}
