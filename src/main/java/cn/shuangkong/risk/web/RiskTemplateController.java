package cn.shuangkong.risk.web;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.HazardDictionaries;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.risk.internal.RiskTemplates;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 行业模板: the industry templates to copy a risk point from, steps and events included. */
@Controller
class RiskTemplateController {

    private final RiskTemplates templates;
    private final RiskRegistry registry;
    private final OrgStructure structure;
    private final HazardDictionaries dictionaries;
    private final cn.shuangkong.risk.internal.RiskSettings settings;

    RiskTemplateController(RiskTemplates templates, RiskRegistry registry, OrgStructure structure,
                           HazardDictionaries dictionaries, cn.shuangkong.risk.internal.RiskSettings settings) {
        this.templates = templates;
        this.registry = registry;
        this.structure = structure;
        this.dictionaries = dictionaries;
        this.settings = settings;
    }

    @GetMapping("/risks/templates")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String templatesPage(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String code, Model model) {
        long enterpriseId = RiskPages.ownEnterprise(me);
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
            var p = registry.copyTemplate(me.jurisdiction(), RiskPages.ownEnterprise(me), copy);
            flash.addFlashAttribute("message", "已从模板创建风险点：" + p.name() + "，共 " + p.eventCount()
                    + " 个风险事件。请结合现场修改，并逐项评价。");
            return "redirect:/risks/" + p.id();
        } catch (DomainException ex) {
            flash.addFlashAttribute("error", ex.getMessage());
            return "redirect:/risks/templates?code=" + URLEncoder.encode(String.valueOf(copy.template()), StandardCharsets.UTF_8);
        }
    }
}
