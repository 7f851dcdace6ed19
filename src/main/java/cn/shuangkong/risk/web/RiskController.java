package cn.shuangkong.risk.web;

import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.AssessmentMethods;
import cn.shuangkong.risk.HazardDictionaries;
import cn.shuangkong.risk.internal.RiskAssessments;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.risk.RiskSheets;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 风险分级管控 pages of the register itself: the list, a risk point's sheet with its forms, events, measures and assessments. */
@Controller
class RiskController {

    private final RiskPoints points;
    private final RiskRegistry registry;
    private final RiskAssessments assessments;
    private final RiskSheets sheets;
    private final AssessmentMethods methods;
    private final HazardDictionaries dictionaries;
    private final OrgStructure structure;
    private final cn.shuangkong.risk.internal.RiskSettings settings;

    RiskController(RiskPoints points, RiskRegistry registry, RiskAssessments assessments, RiskSheets sheets,
                   AssessmentMethods methods, HazardDictionaries dictionaries, OrgStructure structure,
                   cn.shuangkong.risk.internal.RiskSettings settings) {
        this.points = points;
        this.registry = registry;
        this.assessments = assessments;
        this.sheets = sheets;
        this.methods = methods;
        this.dictionaries = dictionaries;
        this.structure = structure;
        this.settings = settings;
    }

    @GetMapping("/risks")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Integer level,
                @RequestParam(required = false) String kind, @RequestParam(required = false) Long unit,
                @RequestParam(required = false) String q, @RequestParam(defaultValue = "1") int page,
                @RequestParam(defaultValue = "20") int size, Model model) {
        var query = new RiskPoints.Query(null, level, blankToNull(kind), unit, q);
        model.addAttribute("result", points.search(me.jurisdiction(), query, new PageResult.Request(page, size)));
        model.addAttribute("query", query);
        if (me.enterpriseId() != null) {
            model.addAttribute("units", structure.units(me.enterpriseId()));
            model.addAttribute("enterpriseLevel", points.enterpriseLevel(me.enterpriseId()).orElse(null));
            model.addAttribute("counts", points.levelCounts(me.enterpriseId()));
        }
        model.addAttribute("canWrite", me.can("risk:register:write") && me.enterpriseId() != null);
        return "risks/list";
    }

    @GetMapping("/risks/new")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String createForm(@AuthenticationPrincipal Actor me, Model model) {
        return pointForm(me, model, new RiskDrafts.PointDraft(null, null, "EQUIPMENT", null, null, null, false,
                PlatformTime.today().plusYears(1)), null, Map.of());
    }

    @PostMapping("/risks")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String create(@AuthenticationPrincipal Actor me, @ModelAttribute("draft") RiskDrafts.PointDraft draft, Model model,
                  RedirectAttributes flash) {
        try {
            var p = registry.createPoint(me.jurisdiction(), RiskPages.ownEnterprise(me), draft);
            flash.addFlashAttribute("message", "已新增风险点：" + p.name() + "。下一步：添加风险事件并评价。");
            return "redirect:/risks/" + p.id();
        } catch (DomainException ex) {
            return pointForm(me, model, draft, ex.getMessage(), ex.fieldErrors());
        }
    }

    @GetMapping("/risks/{id}/edit")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String editForm(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var p = points.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("风险点"));
        model.addAttribute("id", id);
        return pointForm(me, model, new RiskDrafts.PointDraft(p.code(), p.name(), p.kind(), p.orgUnitId(), p.location(),
                p.sitePosition(), p.majorHazardSource(), p.reviewDue(), p.guarantorPrincipalId(), p.guarantorTechnicalId(),
                p.guarantorOperatorId()), null, Map.of());
    }

    @PostMapping("/risks/{id}")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String update(@AuthenticationPrincipal Actor me, @PathVariable long id, @ModelAttribute("draft") RiskDrafts.PointDraft draft,
                  Model model, RedirectAttributes flash) {
        try {
            registry.changePoint(me.jurisdiction(), id, draft);
            flash.addFlashAttribute("message", "风险点已保存");
            return "redirect:/risks/" + id;
        } catch (DomainException ex) {
            model.addAttribute("id", id);
            return pointForm(me, model, draft, ex.getMessage(), ex.fieldErrors());
        }
    }

    @GetMapping("/risks/{id}")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String detail(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        RiskSheets.Sheet sheet = sheets.of(me.jurisdiction(), id);
        model.addAttribute("s", sheet);
        model.addAttribute("p", sheet.point());
        model.addAttribute("canWrite", me.can("risk:register:write") && me.jurisdiction().kind() != cn.shuangkong.shared.Jurisdiction.Kind.REGULATOR);
        model.addAttribute("canApprove", me.can("risk:assessment:approve"));
        model.addAttribute("methods", methods.all());
        model.addAttribute("dict", dictionaries);
        model.addAttribute("edition", settings.currentEdition());
        model.addAttribute("units", structure.units(sheet.point().enterpriseId()));
        model.addAttribute("employees", structure.employees(sheet.point().enterpriseId()));
        model.addAttribute("ruleTier", methods.defaultTier(sheet.point().riskLevel()));
        return "risks/detail";
    }

    @PostMapping("/risks/{id}/events")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String addEvent(@AuthenticationPrincipal Actor me, @PathVariable long id, @ModelAttribute RiskDrafts.EventDraft draft,
                    RedirectAttributes flash) {
        return attempt(flash, "/risks/" + id + "#events", "已添加风险事件：" + draft.name(),
                () -> registry.addEvent(me.jurisdiction(), id, draft));
    }

    @PostMapping("/risks/{id}/measures")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String addMeasure(@AuthenticationPrincipal Actor me, @PathVariable long id, @ModelAttribute RiskDrafts.MeasureDraft draft,
                      RedirectAttributes flash) {
        return attempt(flash, "/risks/" + id + "#measures", "已添加管控措施",
                () -> registry.addMeasure(me.jurisdiction(), id, draft));
    }

    @PostMapping("/risks/{id}/events/{eventId}/assessments")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String assess(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long eventId,
                  @RequestParam(required = false) String basis, @RequestParam(required = false) String method,
                  @RequestParam(required = false) String reason, HttpServletRequest request, RedirectAttributes flash) {
        // The form names each factor "f_<method>_<key>" so that one form can offer every method's scales.
        Map<String, BigDecimal> inputs = new LinkedHashMap<>();
        String prefix = "f_" + (method == null ? "" : method) + "_";
        request.getParameterMap().forEach((name, values) -> {
            if (name.startsWith(prefix) && values.length > 0 && !values[0].isBlank()) {
                inputs.put(name.substring(prefix.length()), new BigDecimal(values[0]));
            }
        });
        return attempt(flash, "/risks/" + id + "#assessments", "评价已提交，等待审核人审核",
                () -> assessments.submit(me, eventId, new RiskDrafts.AssessmentDraft(basis, method, inputs, reason)));
    }

    @PostMapping("/risks/{id}/assessments/{assessmentId}/review")
    @PreAuthorize("hasAuthority('risk:assessment:approve')")
    String review(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long assessmentId, RedirectAttributes flash) {
        return attempt(flash, "/risks/" + id + "#assessments", "已审核，等待审定",
                () -> { assessments.review(me, assessmentId); return 0L; });
    }

    @PostMapping("/risks/{id}/assessments/{assessmentId}/approve")
    @PreAuthorize("hasAuthority('risk:assessment:approve')")
    String approve(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long assessmentId, RedirectAttributes flash) {
        return attempt(flash, "/risks/" + id + "#assessments", "已审定，评价结果生效",
                () -> { assessments.approve(me, assessmentId); return 0L; });
    }

    private String attempt(RedirectAttributes flash, String target, String success, java.util.function.Supplier<Long> action) {
        try {
            action.get();
            flash.addFlashAttribute("message", success);
            return "redirect:" + target;
        } catch (DomainException ex) {
            flash.addFlashAttribute("error", ex.getMessage());
        } catch (NumberFormatException ex) {
            flash.addFlashAttribute("error", "评价因子应为数字");
        }
        // On a refusal, land at the top of the page where the message is, not at the section's anchor.
        return "redirect:" + target.substring(0, target.indexOf('#'));
    }

    private String pointForm(Actor me, Model model, RiskDrafts.PointDraft draft, String error, Map<String, String> fieldErrors) {
        model.addAttribute("draft", draft);
        model.addAttribute("units", structure.units(RiskPages.ownEnterprise(me)));
        model.addAttribute("employees", structure.employees(RiskPages.ownEnterprise(me)));
        model.addAttribute("error", error);
        model.addAttribute("fieldErrors", fieldErrors);
        return "risks/form";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
