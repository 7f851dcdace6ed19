package cn.shuangkong.hazard.web;

import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardRegister.GradingInput;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.hazard.MajorHazardCriteria;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import java.io.IOException;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Registering a hazard: the full form of the safety staff and 随手拍, a photo, what and where, on a phone. */
@Controller
class HazardReportController {

    private final HazardRegister register;
    private final MajorHazardCriteria criteria;
    private final Enterprises enterprises;

    HazardReportController(HazardRegister register, MajorHazardCriteria criteria, Enterprises enterprises) {
        this.register = register;
        this.criteria = criteria;
        this.enterprises = enterprises;
    }

    @GetMapping("/hazards/new")
    @PreAuthorize("hasAuthority('hazard:register:write')")
    String createForm(@AuthenticationPrincipal Actor me, Model model) {
        return form(me, model, Map.of());
    }

    @PostMapping("/hazards")
    @PreAuthorize("hasAuthority('hazard:register:write')")
    String create(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form,
                  @RequestParam(value = "photo", required = false) MultipartFile photo, Model model,
                  RedirectAttributes flash) throws IOException {
        try {
            var report = new HazardReport(HazardPages.parse(HazardSource.class, form.get("source")), HazardPages.parse(HazardType.class, form.get("type")),
                    null, form.get("title"), form.get("description"), form.get("location"), null, form.get("clientKey"));
            var grading = new GradingInput(HazardPages.parse(HazardLevel.class, form.get("level")), form.get("criterionCode"), form.get("majorReason"));
            Long enterpriseId = form.get("enterpriseId") == null || form.get("enterpriseId").isBlank() ? null : Long.valueOf(form.get("enterpriseId"));
            var result = register.register(me, enterpriseId, report, grading, HazardPages.upload(photo));
            flash.addFlashAttribute("message", "已登记隐患：" + result.hazard().title());
            return "redirect:/hazards/" + result.hazard().id();
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errors", e.fieldErrors());
            return form(me, model, form);
        }
    }

    /** 随手拍: a photo, what and where — three taps on a phone. */
    @GetMapping("/hazards/snap")
    @PreAuthorize("hasAuthority('hazard:report')")
    String snapForm(Model model) {
        model.addAttribute("form", Map.of());
        model.addAttribute("clientKey", java.util.UUID.randomUUID().toString());
        return "hazards/snap";
    }

    @PostMapping("/hazards/snap")
    @PreAuthorize("hasAuthority('hazard:report')")
    String snap(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form,
                @RequestParam(value = "photo", required = false) MultipartFile photo, Model model,
                RedirectAttributes flash) throws IOException {
        try {
            // On a phone the title often says it all; the description is optional here and defaults to it.
            String description = form.get("description") == null || form.get("description").isBlank() ? form.get("title") : form.get("description");
            var report = new HazardReport(HazardSource.SNAPSHOT, HazardPages.parse(HazardType.class, form.get("type")), null,
                    form.get("title"), description, form.get("location"), null, form.get("clientKey"));
            var result = register.register(me, null, report, GradingInput.general(), HazardPages.upload(photo));
            flash.addFlashAttribute("message", "已上报，等待安全管理人员确认。谢谢您！");
            return "redirect:/hazards/" + result.hazard().id();
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("form", form);
            model.addAttribute("clientKey", form.getOrDefault("clientKey", java.util.UUID.randomUUID().toString()));
            return "hazards/snap";
        }
    }

    private String form(Actor me, Model model, Map<String, String> values) {
        model.addAttribute("form", values);
        model.addAttribute("criteria", criteria.all());
        model.addAttribute("clientKey", values.getOrDefault("clientKey", java.util.UUID.randomUUID().toString()));
        if (me.enterpriseId() == null) {
            model.addAttribute("enterprises", enterprises.search(me.jurisdiction(), cn.shuangkong.organization.Enterprises.Query.of(null),
                    new PageResult.Request(1, 200)).items());
        }
        if (!model.containsAttribute("errors")) model.addAttribute("errors", Map.of());
        return "hazards/form";
    }
}
