package cn.shuangkong.emergency.web;

import cn.shuangkong.emergency.internal.Drills;
import cn.shuangkong.emergency.internal.EmergencyPlans;
import cn.shuangkong.emergency.internal.EmergencyResources;
import cn.shuangkong.emergency.internal.Fields;
import cn.shuangkong.emergency.internal.NearbyResources;
import cn.shuangkong.emergency.internal.NeighbourNotices;
import cn.shuangkong.risk.RiskSiteMap;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 应急管理 pages: plans and their versions, drills, resources, the resources near a risk point, 相邻单位告知, reminders. */
@Controller
@PreAuthorize("hasAuthority('emergency:register:read')")
class EmergencyController {

    private final EmergencyPlans plans;
    private final Drills drills;
    private final EmergencyResources resources;
    private final NearbyResources nearby;
    private final NeighbourNotices neighbours;
    private final Clock clock;

    EmergencyController(EmergencyPlans plans, Drills drills, EmergencyResources resources, NearbyResources nearby,
                        NeighbourNotices neighbours, Clock clock) {
        this.plans = plans;
        this.drills = drills;
        this.resources = resources;
        this.nearby = nearby;
        this.neighbours = neighbours;
        this.clock = clock;
    }

    @GetMapping("/emergency")
    String home() {
        return "redirect:/emergency/plans";
    }

    // --- plans ---

    @GetMapping("/emergency/plans")
    String plans(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("plans", plans.list(me.jurisdiction(), null));
        model.addAttribute("kinds", EmergencyPlans.Kind.values());
        if (me.enterpriseId() != null) model.addAttribute("riskPoints", plans.riskPointsOf(me));
        defaults(model);
        return "emergency/plans";
    }

    @PostMapping("/emergency/plans")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String createPlan(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form,
                      @RequestParam(required = false) List<String> riskPointIds, @RequestParam(required = false) MultipartFile file,
                      Model model, RedirectAttributes flash) throws IOException {
        return attempt(model, form, "plan", () -> {
            Fields check = Fields.check();
            var draft = new EmergencyPlans.PlanDraft(form.get("kind"), form.get("title"), EmergencyForms.ids(riskPointIds, "riskPointIds", check));
            var version = EmergencyForms.version(form, check);
            check.done();
            long id = plans.create(me, draft, version, name(file), bytes(file));
            flash.addFlashAttribute("message", "已新建应急预案并发布第 1 版");
            return "redirect:/emergency/plans/" + id;
        }, () -> plans(me, model));
    }

    @GetMapping("/emergency/plans/{id}")
    String plan(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var detail = plans.detail(me.jurisdiction(), id);
        var plan = detail.plan();
        model.addAttribute("plan", plan);
        model.addAttribute("versions", detail.versions());
        model.addAttribute("risks", detail.risks());
        model.addAttribute("canWrite", me.can("emergency:register:write") && me.enterpriseId() != null && me.enterpriseId() == plan.enterpriseId());
        model.addAttribute("riskPoints", detail.riskPoints());
        model.addAttribute("drills", drills.list(me.jurisdiction(), plan.enterpriseId(), false).stream()
                .filter(d -> d.planId() != null && d.planId() == id).toList());
        defaults(model);
        return "emergency/plan";
    }

    @PostMapping("/emergency/plans/{id}/versions")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String addVersion(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form,
                      @RequestParam(required = false) MultipartFile file, Model model, RedirectAttributes flash) {
        return attempt(model, form, "version", () -> {
            var version = EmergencyForms.read(f -> EmergencyForms.version(form, f));
            var v = plans.addVersion(me, id, version, name(file), bytes(file));
            flash.addFlashAttribute("message", "已发布第 " + v.version() + " 版，旧版本保留在版本历史中");
            return "redirect:/emergency/plans/" + id;
        }, () -> plan(me, id, model));
    }

    @PostMapping("/emergency/plans/{id}/risks")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String linkRisks(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) List<String> riskPointIds,
                     Model model, RedirectAttributes flash) {
        return attempt(model, Map.of(), "risks", () -> {
            Fields check = Fields.check();
            var ids = EmergencyForms.ids(riskPointIds, "riskPointIds", check);
            check.done();
            plans.linkRisks(me, id, ids);
            flash.addFlashAttribute("message", "已更新关联的风险点");
            return "redirect:/emergency/plans/" + id;
        }, () -> plan(me, id, model));
    }

    // --- drills ---

    @GetMapping("/emergency/drills")
    String drills(@AuthenticationPrincipal Actor me, @RequestParam(defaultValue = "false") boolean overdue, Model model) {
        model.addAttribute("drills", drills.list(me.jurisdiction(), null, overdue));
        model.addAttribute("overdueCount", drills.list(me.jurisdiction(), null, true).size());
        model.addAttribute("overdue", overdue);
        model.addAttribute("kinds", Drills.Kind.values());
        if (me.enterpriseId() != null) model.addAttribute("plans", plans.list(me.jurisdiction(), me.enterpriseId()));
        defaults(model);
        return "emergency/drills";
    }

    @PostMapping("/emergency/drills")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String planDrill(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return attempt(model, form, "drill", () -> {
            var draft = EmergencyForms.read(f -> EmergencyForms.drill(form, f));
            long id = drills.plan(me, draft);
            flash.addFlashAttribute("message", "已登记演练计划");
            return "redirect:/emergency/drills/" + id;
        }, () -> drills(me, false, model));
    }

    @GetMapping("/emergency/drills/{id}")
    String drill(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var detail = drills.detail(me.jurisdiction(), id);
        var drill = detail.drill();
        model.addAttribute("drill", drill);
        model.addAttribute("actions", detail.actions());
        model.addAttribute("canWrite", me.can("emergency:register:write") && me.enterpriseId() != null && me.enterpriseId() == drill.enterpriseId());
        defaults(model);
        return "emergency/drill";
    }

    @PostMapping("/emergency/drills/{id}/record")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String record(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
                  RedirectAttributes flash) {
        return attempt(model, form, "record", () -> {
            var r = EmergencyForms.read(f -> EmergencyForms.record(form, f));
            drills.record(me, id, r);
            flash.addFlashAttribute("message", "已记录演练情况，可登记发现问题的整改措施");
            return "redirect:/emergency/drills/" + id;
        }, () -> drill(me, id, model));
    }

    @PostMapping("/emergency/drills/{id}/actions")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String addAction(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
                     RedirectAttributes flash) {
        return attempt(model, form, "action", () -> {
            var a = EmergencyForms.read(f -> EmergencyForms.action(form, f));
            drills.addAction(me, id, a);
            flash.addFlashAttribute("message", "已登记整改措施");
            return "redirect:/emergency/drills/" + id;
        }, () -> drill(me, id, model));
    }

    @PostMapping("/emergency/actions/{id}/done")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String completeAction(@AuthenticationPrincipal Actor me, @PathVariable long id,
                          @RequestParam(required = false) String note, RedirectAttributes flash) {
        // back to the action's own drill, found in the caller's scope: not to a drill the form names (it named any)
        long drillId = drills.drillOfAction(me.jurisdiction(), id).id();
        try {
            drills.completeAction(me, id, note);
            flash.addFlashAttribute("message", "整改措施已完成");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/emergency/drills/" + drillId;
    }

    // --- resources ---

    @GetMapping("/emergency/resources")
    String resources(@AuthenticationPrincipal Actor me, Model model) {
        var teams = resources.teams(me.jurisdiction(), null);
        Map<Long, List<EmergencyResources.Member>> members = new HashMap<>();
        teams.forEach(t -> members.put(t.id(), resources.members(t.id())));
        model.addAttribute("teams", teams);
        model.addAttribute("members", members);
        model.addAttribute("experts", resources.experts(me.jurisdiction(), null));
        model.addAttribute("items", resources.resources(me.jurisdiction(), null));
        model.addAttribute("categories", EmergencyResources.Category.values());
        model.addAttribute("reminderDays", resources.reminderDays());
        defaults(model);
        return "emergency/resources";
    }

    @PostMapping("/emergency/teams")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String addTeam(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return attempt(model, form, "team", () -> {
            var d = EmergencyForms.read(f -> EmergencyForms.team(form, f));
            resources.addTeam(me, d);
            flash.addFlashAttribute("message", "已登记救援队伍：" + d.name());
            return "redirect:/emergency/resources";
        }, () -> resources(me, model));
    }

    @PostMapping("/emergency/experts")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String addExpert(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return attempt(model, form, "expert", () -> {
            resources.addExpert(me, EmergencyForms.expert(form));
            flash.addFlashAttribute("message", "已登记应急专家：" + form.get("name"));
            return "redirect:/emergency/resources";
        }, () -> resources(me, model));
    }

    @PostMapping("/emergency/resources")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String addResource(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return attempt(model, form, "resource", () -> {
            var d = EmergencyForms.read(f -> EmergencyForms.resource(form, f));
            resources.addResource(me, d);
            flash.addFlashAttribute("message", "已登记：" + d.name());
            return "redirect:/emergency/resources";
        }, () -> resources(me, model));
    }

    @PostMapping("/emergency/resources/{id}/stock")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String updateStock(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form,
                       RedirectAttributes flash) {
        return change(flash, "已更新数量和有效期", "#resource-" + id, () -> {
            Fields check = Fields.check();
            var u = new EmergencyResources.StockUpdate(check.number("quantity", form.get("quantity"), "数量"),
                    check.date("expiresOn", form.get("expiresOn"), "有效期至"));
            check.done();
            resources.updateStock(me, id, u);
        });
    }

    @PostMapping("/emergency/teams/{id}")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String editTeam(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        return change(flash, "已修改救援队伍", "#team-" + id, () -> resources.editTeam(me, id, EmergencyForms.read(f -> EmergencyForms.team(form, f))));
    }

    @PostMapping("/emergency/teams/{id}/members")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String addMember(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        return change(flash, "已增加队员：" + form.get("name"), "#team-" + id, () -> resources.addMember(me, id,
                new EmergencyResources.MemberDraft(form.get("name"), form.get("role"), form.get("phone"))));
    }

    @PostMapping("/emergency/teams/{id}/members/{memberId}/remove")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String removeMember(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long memberId, RedirectAttributes flash) {
        return change(flash, "已移除队员", "#team-" + id, () -> resources.removeMember(me, id, memberId));
    }

    @PostMapping("/emergency/experts/{id}")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String editExpert(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        return change(flash, "已修改应急专家", "#expert-" + id, () -> resources.editExpert(me, id, EmergencyForms.expert(form)));
    }

    @PostMapping("/emergency/resources/{id}")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String editResource(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        return change(flash, "已修改装备物资", "#resource-" + id,
                () -> resources.editResource(me, id, EmergencyForms.read(f -> EmergencyForms.resource(form, f))));
    }

    /** 停用 a team, an expert or an item: it disappears from the lists, the nearby resources and the reminders. */
    @PostMapping("/emergency/{kind:teams|experts|resources}/{id}/retire")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String retire(@AuthenticationPrincipal Actor me, @PathVariable String kind, @PathVariable long id, RedirectAttributes flash) {
        String table = switch (kind) {
            case "teams" -> "emergency_team";
            case "experts" -> "emergency_expert";
            default -> "emergency_resource";
        };
        return change(flash, "已停用（记录和历史保留）", "", () -> resources.retire(me, table, id));
    }

    /** Runs a change of an existing row and comes back to it on the list, with the outcome or every field's message. */
    private String change(RedirectAttributes flash, String done, String anchor, Runnable action) {
        try {
            action.run();
            flash.addFlashAttribute("message", done);
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/emergency/resources" + anchor;
    }

    // --- near a risk point (one click from an alarm) ---

    @GetMapping("/emergency/near")
    String near(@AuthenticationPrincipal Actor me, @RequestParam long riskPointId, Model model) {
        model.addAttribute("near", nearby.near(me.jurisdiction(), riskPointId));
        model.addAttribute("width", RiskSiteMap.WIDTH);
        model.addAttribute("height", RiskSiteMap.HEIGHT);
        defaults(model);
        return "emergency/near";
    }

    // --- 相邻单位告知 ---

    @GetMapping("/emergency/neighbours")
    String neighbours(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("notices", neighbours.list(me.jurisdiction(), null));
        if (me.enterpriseId() != null) {
            model.addAttribute("candidates", neighbours.neighbours(me.enterpriseId()));
            model.addAttribute("notifiable", neighbours.notifiable(me.enterpriseId()));
        }
        model.addAttribute("radius", neighbours.radiusM());
        defaults(model);
        return "emergency/neighbours";
    }

    @PostMapping("/emergency/neighbours")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String notifyNeighbours(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form,
                            @RequestParam(required = false) List<String> neighbourIds, Model model, RedirectAttributes flash) {
        return attempt(model, form, "notice", () -> {
            Fields check = Fields.check();
            var d = new NeighbourNotices.NoticeDraft(check.id("riskPointId", form.get("riskPointId"), "风险点"),
                    EmergencyForms.ids(neighbourIds, "neighbourIds", check), form.get("content"));
            check.done();
            var ids = neighbours.notifyNeighbours(me, d);
            flash.addFlashAttribute("message", "已告知 " + ids.size() + " 家相邻单位");
            return "redirect:/emergency/neighbours";
        }, () -> neighbours(me, model));
    }

    @PostMapping("/emergency/neighbours/declare")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String declare(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String creditCode, RedirectAttributes flash) {
        try {
            neighbours.declareByCreditCode(me, creditCode);
            flash.addFlashAttribute("message", "已声明相邻单位");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/emergency/neighbours";
    }

    @PostMapping("/emergency/neighbours/{id}/ack")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    String acknowledge(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String note,
                       RedirectAttributes flash) {
        try {
            neighbours.acknowledge(me, id, note);
            flash.addFlashAttribute("message", "已确认收到告知");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/emergency/neighbours";
    }

    /** Runs a submission; a refusal re-renders the page with the form as typed and each field's message. */
    private String attempt(Model model, Map<String, String> form, String formName, Supplier<String> action, Supplier<String> page) {
        try {
            return action.get();
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("form", form);
            model.addAttribute("failed", formName);
            return page.get();
        }
    }

    private void defaults(Model model) {
        model.addAttribute("today", LocalDate.now(clock));
        if (!model.containsAttribute("errors")) model.addAttribute("errors", Map.of());
        if (!model.containsAttribute("form")) model.addAttribute("form", Map.of());
        if (!model.containsAttribute("failed")) model.addAttribute("failed", "");
    }

    private static String name(MultipartFile file) {
        return file == null ? null : file.getOriginalFilename();
    }

    private static byte[] bytes(MultipartFile file) {
        try {
            return file == null || file.isEmpty() ? null : file.getBytes();
        } catch (IOException e) {
            throw DomainException.invalid("file", "文件读取失败，请重新上传");
        }
    }
}
