package cn.shuangkong.risk.web;

import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.AssessmentMethods;
import cn.shuangkong.risk.HazardDictionaries;
import cn.shuangkong.risk.internal.RiskAssessments;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.risk.RiskSheets;
import cn.shuangkong.risk.internal.RiskTemplates;
import cn.shuangkong.risk.internal.RiskTerms;
import cn.shuangkong.risk.internal.RiskWorkbook;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
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

/** 风险分级管控 pages: the register, a risk point's sheet with its forms, template copying and the 重大风险清单. */
@Controller
class RiskController {

    private final RiskPoints points;
    private final RiskRegistry registry;
    private final RiskAssessments assessments;
    private final RiskSheets sheets;
    private final RiskTemplates templates;
    private final RiskWorkbook workbook;
    private final AssessmentMethods methods;
    private final HazardDictionaries dictionaries;
    private final OrgStructure structure;
    private final Enterprises enterprises;
    private final cn.shuangkong.risk.RiskSiteMap siteMap;

    private final cn.shuangkong.risk.SitePlans sitePlans;
    private final cn.shuangkong.risk.internal.RiskSettings settings;
    private final cn.shuangkong.risk.internal.MajorRisks majorRisks;

    RiskController(RiskPoints points, RiskRegistry registry, RiskAssessments assessments, RiskSheets sheets,
                   RiskTemplates templates, RiskWorkbook workbook, AssessmentMethods methods,
                   HazardDictionaries dictionaries, OrgStructure structure, Enterprises enterprises,
                   cn.shuangkong.risk.RiskSiteMap siteMap, cn.shuangkong.risk.SitePlans sitePlans,
                   cn.shuangkong.risk.internal.RiskSettings settings, cn.shuangkong.risk.internal.MajorRisks majorRisks) {
        this.majorRisks = majorRisks;
        this.settings = settings;
        this.sitePlans = sitePlans;
        this.siteMap = siteMap;
        this.points = points;
        this.registry = registry;
        this.assessments = assessments;
        this.sheets = sheets;
        this.templates = templates;
        this.workbook = workbook;
        this.methods = methods;
        this.dictionaries = dictionaries;
        this.structure = structure;
        this.enterprises = enterprises;
    }

    @ModelAttribute
    void vocabulary(Model model) {
        model.addAttribute("levels", RiskLevel.values());
        model.addAttribute("kinds", RiskTerms.PointKind.values());
        model.addAttribute("measureTypes", RiskTerms.MeasureType.values());
        model.addAttribute("cycleUnits", RiskTerms.CycleUnit.values());
        model.addAttribute("tiers", OrgStructure.Tier.values());
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

    @GetMapping("/risks/major")
    @PreAuthorize("hasAuthority('risk:major:read')")
    String major(@AuthenticationPrincipal Actor me, @RequestParam(defaultValue = "1") int page, Model model) {
        model.addAttribute("result", majorRisks.list(me.jurisdiction(), new PageResult.Request(page, 50)));
        return "risks/major";
    }

    @GetMapping("/risks/my-post")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String myPost(@AuthenticationPrincipal Actor me, Model model) {
        if (me.employeeId() == null || me.enterpriseId() == null) {
            throw new DomainException(org.springframework.http.HttpStatus.NOT_FOUND, "您的账号未关联员工岗位，请联系企业安全管理人员", null);
        }
        model.addAttribute("sheets", sheets.ofEmployee(me.enterpriseId(), me.employeeId()));
        model.addAttribute("me_employee", me.employeeId());
        model.addAttribute("enterprise", enterprises.find(me.jurisdiction(), me.enterpriseId()).orElseThrow());
        return "risks/my-post";
    }

    @GetMapping("/risks/map")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String siteMap(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId, Model model) {
        Long id = enterpriseId != null ? enterpriseId : me.enterpriseId();
        if (id == null) throw DomainException.notFound("企业");
        model.addAttribute("enterprise", enterprises.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("企业")));
        model.addAttribute("map", siteMap.of(id));
        model.addAttribute("planFileId", sitePlans.fileOf(id).orElse(null));
        model.addAttribute("width", cn.shuangkong.risk.RiskSiteMap.WIDTH);
        model.addAttribute("height", cn.shuangkong.risk.RiskSiteMap.HEIGHT);
        return "risks/map";
    }

    @PostMapping("/risks/map/plan")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String uploadPlan(@AuthenticationPrincipal Actor me, @RequestParam("file") org.springframework.web.multipart.MultipartFile file,
                      org.springframework.web.servlet.mvc.support.RedirectAttributes flash) throws java.io.IOException {
        try {
            sitePlans.attach(me, file.getOriginalFilename(), file.getBytes());
            flash.addFlashAttribute("message", "厂区平面图已更新");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/risks/map";
    }

    /** 风险公告栏: a screen at the factory gate — big, readable from a distance, no navigation needed. */
    @GetMapping("/risks/board")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String board(@AuthenticationPrincipal Actor me, Model model) {
        long id = ownEnterprise(me);
        model.addAttribute("enterprise", enterprises.find(me.jurisdiction(), id).orElseThrow());
        model.addAttribute("enterpriseLevel", points.enterpriseLevel(id).orElse(null));
        model.addAttribute("counts", points.levelCounts(id));
        // The board shows what needs attention: major and high risks, each with its measures and emergency actions.
        model.addAttribute("sheets", sheets.ofEnterprise(id).stream()
                .filter(s -> s.point().level() != null && s.point().level() <= RiskLevel.HIGH.grade)
                .sorted(java.util.Comparator.comparing(s -> s.point().level())).toList());
        return "risks/board";
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
            var p = registry.createPoint(me.jurisdiction(), ownEnterprise(me), draft);
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

    @GetMapping("/risks/templates")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String templatesPage(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String code, Model model) {
        long enterpriseId = ownEnterprise(me);
        var all = templates.all();
        var chosen = all.stream().filter(t -> t.code().equals(code)).findFirst().orElse(all.get(0));
        model.addAttribute("templates", all);
        model.addAttribute("chosen", chosen);
        model.addAttribute("items", templates.items(chosen.code()).stream()
                .sorted(java.util.Comparator.comparing(i -> i.stepSeq() == null ? Integer.MAX_VALUE : i.stepSeq())).toList());
        model.addAttribute("editionCode", settings.accidentEdition());
        model.addAttribute("units", structure.units(enterpriseId));
        model.addAttribute("employees", structure.employees(enterpriseId));
        model.addAttribute("dict", dictionaries);
        return "risks/templates";
    }

    @PostMapping("/risks/from-template")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String copy(@AuthenticationPrincipal Actor me, @ModelAttribute RiskDrafts.TemplateCopy copy, RedirectAttributes flash) {
        try {
            var p = registry.copyTemplate(me.jurisdiction(), ownEnterprise(me), copy);
            flash.addFlashAttribute("message", "已从模板创建风险点：" + p.name() + "，共 " + p.eventCount()
                    + " 个风险事件。请结合现场修改，并逐项评价。");
            return "redirect:/risks/" + p.id();
        } catch (DomainException ex) {
            flash.addFlashAttribute("error", ex.getMessage());
            return "redirect:/risks/templates?code=" + URLEncoder.encode(String.valueOf(copy.template()), StandardCharsets.UTF_8);
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

    @GetMapping("/enterprises/{id}/risk-register.xlsx")
    @PreAuthorize("hasAuthority('risk:register:read')")
    void register(@AuthenticationPrincipal Actor me, @PathVariable long id, HttpServletResponse response) throws IOException {
        xlsxDownload(workbook, me, id, response);
    }

    /** Writes the workbook to memory first, so that a refusal becomes a proper error rather than a broken download. */
    static void xlsxDownload(RiskWorkbook workbook, Actor me, long enterpriseId, HttpServletResponse response) throws IOException {
        var buffer = new ByteArrayOutputStream();
        workbook.write(me.jurisdiction(), enterpriseId, buffer);
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename*=UTF-8''"
                + URLEncoder.encode("风险分级管控清单.xlsx", StandardCharsets.UTF_8).replace("+", "%20"));
        response.setContentLength(buffer.size());
        buffer.writeTo(response.getOutputStream());
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
        model.addAttribute("units", structure.units(ownEnterprise(me)));
        model.addAttribute("employees", structure.employees(ownEnterprise(me)));
        model.addAttribute("error", error);
        model.addAttribute("fieldErrors", fieldErrors);
        return "risks/form";
    }

    /** Pages that build a register work on the user's own enterprise; others use the API with an enterprise id. */
    private long ownEnterprise(Actor me) {
        if (me.enterpriseId() == null) {
            throw new DomainException(org.springframework.http.HttpStatus.FORBIDDEN, "只有企业用户可以在此维护本企业的风险清单", null);
        }
        return me.enterpriseId();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
