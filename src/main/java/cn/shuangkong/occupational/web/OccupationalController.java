package cn.shuangkong.occupational.web;

import cn.shuangkong.occupational.OccupationalTodos;
import cn.shuangkong.occupational.internal.Compliance;
import cn.shuangkong.occupational.internal.Declarations;
import cn.shuangkong.occupational.internal.Detections;
import cn.shuangkong.occupational.internal.HealthExams;
import cn.shuangkong.occupational.internal.OccupationalFactors;
import cn.shuangkong.occupational.internal.Surveillance;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.FormRefusals;
import cn.shuangkong.shared.FormValues;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 职业健康: an enterprise's page (to-do, posts with their factors and warnings, exposed people, exams, intervals) and,
 * for a regulator, the overview of the enterprises in scope with each one's page read-only.
 */
@Controller
@PreAuthorize("hasAuthority('occupational:read')")
class OccupationalController {

    private final OccupationalFactors factors;
    private final HealthExams exams;
    private final Surveillance surveillance;
    private final OrgStructure org;
    private final Compliance compliance;
    private final Declarations declarations;
    private final Detections detections;

    OccupationalController(OccupationalFactors factors, HealthExams exams, Surveillance surveillance, OrgStructure org, Compliance compliance,
                           Declarations declarations, Detections detections) {
        this.factors = factors;
        this.exams = exams;
        this.surveillance = surveillance;
        this.org = org;
        this.compliance = compliance;
        this.declarations = declarations;
        this.detections = detections;
    }

    @GetMapping("/occupational")
    String page(@AuthenticationPrincipal Actor me, Model model) {
        if (me.enterpriseId() == null) {
            model.addAttribute("overview", surveillance.overview(me.jurisdiction()));
            model.addAttribute("compliance", compliance.standings(me.jurisdiction()));
            model.addAttribute("filings", declarations.list(me.jurisdiction(), null));
            return "occupational/index";
        }
        return enterprise(me, me.enterpriseId(), model);
    }

    @GetMapping("/occupational/enterprises/{id}")
    String enterprisePage(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        return enterprise(me, id, model);
    }

    private String enterprise(Actor me, long enterpriseId, Model model) {
        var standing = surveillance.standing(me.jurisdiction(), enterpriseId);
        boolean own = Long.valueOf(enterpriseId).equals(me.enterpriseId());
        var postFactors = factors.list(me.jurisdiction(), enterpriseId);
        var posts = org.units(enterpriseId).stream().filter(u -> OrgStructure.Tier.POST.name().equals(u.tier())).toList();
        var left = org.leavers(enterpriseId).keySet();
        var people = org.employees(enterpriseId).stream().filter(e -> !left.contains(e.id())).toList();
        Map<Long, Long> onPost = people.stream().filter(e -> e.postId() != null)
                .collect(Collectors.groupingBy(OrgStructure.Employee::postId, Collectors.counting()));
        Map<Long, List<OccupationalFactors.Factor>> byPost = postFactors.stream()
                .collect(Collectors.groupingBy(OccupationalFactors.Factor::postId, LinkedHashMap::new, Collectors.toList()));
        model.addAttribute("standing", standing);
        model.addAttribute("byPost", byPost);
        model.addAttribute("onPost", onPost);
        // a post's path without the company's name, which the page already shows
        model.addAttribute("postNames", posts.stream().collect(Collectors.toMap(OrgStructure.OrgUnit::id, u -> u.path().replaceFirst("^[^/]+ / ", ""))));
        model.addAttribute("posts", posts);
        model.addAttribute("people", people);
        model.addAttribute("exams", exams.list(me.jurisdiction(), enterpriseId));
        model.addAttribute("intervals", factors.intervals(enterpriseId));
        model.addAttribute("safePosts", safePosts(standing, byPost, posts));
        model.addAttribute("categories", OccupationalFactors.Category.values());
        model.addAttribute("common", OccupationalFactors.COMMON);
        model.addAttribute("examKinds", HealthExams.Kind.values());
        model.addAttribute("conclusions", HealthExams.Conclusion.values());
        model.addAttribute("defaultMonths", OccupationalFactors.DEFAULT_INTERVAL_MONTHS);
        model.addAttribute("canWrite", own && me.can("occupational:write"));
        // 调岗 writes the enterprise's structure too: its keepers' only (ADR 0082)
        model.addAttribute("canMove", own && me.can("occupational:write") && OrgStructure.writableBy(me, enterpriseId));
        model.addAttribute("obligations", compliance.standing(me.jurisdiction(), enterpriseId));
        model.addAttribute("declaring", declarations.current(me.jurisdiction(), enterpriseId));
        model.addAttribute("filings", declarations.list(me.jurisdiction(), enterpriseId));
        model.addAttribute("detections", detections.list(me.jurisdiction(), enterpriseId));
        model.addAttribute("declarationKinds", Declarations.Kind.values());
        model.addAttribute("limitKinds", Detections.LimitKind.values());
        model.addAttribute("factorList", postFactors);
        if (!model.containsAttribute("form")) model.addAttribute("form", Map.of());
        if (!model.containsAttribute("errors")) model.addAttribute("errors", Map.of());
        return "occupational/index";
    }

    /** For each person who must be moved, the posts that carry none of the factors their 职业禁忌证 was found against. */
    private static Map<Long, List<OrgStructure.OrgUnit>> safePosts(Surveillance.Standing standing, Map<Long, List<OccupationalFactors.Factor>> byPost,
                                                                  List<OrgStructure.OrgUnit> posts) {
        Map<Long, List<OrgStructure.OrgUnit>> out = new LinkedHashMap<>();
        for (var item : standing.todos()) {
            if (item.todo() != OccupationalTodos.Todo.MUST_MOVE) continue;
            Set<String> against = new HashSet<>(item.factors());
            out.put(item.employeeId(), posts.stream().filter(p -> byPost.getOrDefault(p.id(), List.of()).stream()
                    .noneMatch(f -> against.contains(f.name()))).toList());
        }
        return out;
    }

    @PostMapping("/occupational/factors")
    @PreAuthorize("hasAuthority('occupational:write')")
    String addFactor(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return submit(me, model, form, "factor", flash, "已登记职业病危害因素", () -> {
            factors.add(me, new OccupationalFactors.Draft(FormValues.id(form.get("postId"), "postId", "请从列表中选择岗位"),
                    FormValues.choice(OccupationalFactors.Category.class, form.get("category"), "category", "危害因素类别"), form.get("name"),
                    form.get("healthEffects"), form.get("protection"), form.get("firstAid")));
            return "redirect:/occupational#posts";
        });
    }

    @PostMapping("/occupational/factors/{id}")
    @PreAuthorize("hasAuthority('occupational:write')")
    String changeFactor(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
                        RedirectAttributes flash) {
        return submit(me, model, form, "factor-" + id, flash, "已修改职业病危害因素", () -> {
            factors.update(me, id, new OccupationalFactors.Draft(null,
                    FormValues.choice(OccupationalFactors.Category.class, form.get("category"), "category", "危害因素类别"), form.get("name"),
                    form.get("healthEffects"), form.get("protection"), form.get("firstAid")));
            return "redirect:/occupational#posts";
        });
    }

    @PostMapping("/occupational/factors/{id}/remove")
    @PreAuthorize("hasAuthority('occupational:write')")
    String removeFactor(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model, RedirectAttributes flash) {
        return submit(me, model, Map.of(), "remove-" + id, flash, "已删除职业病危害因素", () -> {
            factors.remove(me, id);
            return "redirect:/occupational#posts";
        });
    }

    @PostMapping("/occupational/intervals")
    @PreAuthorize("hasAuthority('occupational:write')")
    String setInterval(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return submit(me, model, form, "interval", flash, "已设置在岗期间检查周期", () -> {
            factors.setInterval(me, form.get("factorName"), FormValues.integer(form.get("months"), "months", "检查周期"));
            return "redirect:/occupational#intervals";
        });
    }

    @PostMapping("/occupational/exams")
    @PreAuthorize("hasAuthority('occupational:write')")
    String recordExam(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return submit(me, model, form, "exam", flash, "已登记职业健康检查", () -> {
            exams.record(me, new HealthExams.Draft(FormValues.id(form.get("employeeId"), "employeeId", "请从列表中选择人员"),
                    FormValues.choice(HealthExams.Kind.class, form.get("kind"), "kind", "检查类别"),
                    FormValues.date(form.get("examinedOn"), "examinedOn", "检查日期"), form.get("institution"),
                    FormValues.choice(HealthExams.Conclusion.class, form.get("conclusion"), "conclusion", "检查结论"), form.get("note")));
            return "redirect:/occupational#exams";
        });
    }

    @PostMapping("/occupational/exams/{id}/diagnosis")
    @PreAuthorize("hasAuthority('occupational:write')")
    String diagnose(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
                    RedirectAttributes flash) {
        return submit(me, model, form, "diagnosis-" + id, flash, "已登记职业病诊断结果", () -> {
            exams.recordDiagnosis(me, id, FormValues.date(form.get("diagnosedOn"), "diagnosedOn", "诊断日期"), form.get("diagnosis"));
            return "redirect:/occupational#todos";
        });
    }

    @PostMapping("/occupational/moves")
    @PreAuthorize("hasAuthority('occupational:write')")
    String move(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return submit(me, model, form, "move-" + form.getOrDefault("employeeId", ""), flash, "已调岗", () -> {
            surveillance.move(me, FormValues.id(form.get("employeeId"), "employeeId", "请从列表中选择人员"),
                    FormValues.id(form.get("postId"), "postId", "请从列表中选择岗位"));
            return "redirect:/occupational#todos";
        });
    }

    @PostMapping("/occupational/declarations")
    @PreAuthorize("hasAuthority('occupational:write')")
    String declare(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return submit(me, model, form, "declaration", flash, "已申报职业病危害项目", () -> {
            long id = declarations.file(me, new Declarations.Draft(FormValues.choice(Declarations.Kind.class, form.get("kind"), "kind", "申报类型"),
                    form.get("healthManager"), form.get("reason")));
            return "redirect:/occupational/declarations/" + id;
        });
    }

    @PostMapping("/occupational/detections")
    @PreAuthorize("hasAuthority('occupational:write')")
    String recordDetection(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return submit(me, model, form, "detection", flash, "已登记检测结果", () -> {
            detections.record(me, new Detections.Draft(FormValues.id(form.get("factorId"), "factorId", "请从列表中选择岗位的危害因素"),
                    FormValues.date(form.get("detectedOn"), "detectedOn", "检测日期"), form.get("organisation"), form.get("reportNo"),
                    FormValues.choice(Detections.LimitKind.class, form.get("limitKind"), "limitKind", "限值类型"),
                    FormValues.decimal(form.get("measured"), "measured", "检测结果须为数字"), FormValues.decimal(form.get("limitValue"), "limitValue", "职业接触限值须为数字"),
                    form.get("unit")));
            return "redirect:/occupational#detections";
        });
    }

    /**
     * Runs a form's action, which answers the page it leads to: done, with its message; refused, the page again with
     * what was typed.
     */
    private String submit(Actor me, Model model, Map<String, String> form, String which, RedirectAttributes flash, String done,
                          java.util.function.Supplier<String> action) {
        try {
            String next = action.get();
            flash.addFlashAttribute("message", done);
            return next;
        } catch (DomainException e) {
            return again(me, model, form, which, e);
        }
    }

    /** The page again with what was typed and the refusal beside its field: nothing typed is lost. */
    private String again(Actor me, Model model, Map<String, String> form, String which, DomainException e) {
        FormRefusals.keep(model, form, which, e);
        return page(me, model);
    }
}
