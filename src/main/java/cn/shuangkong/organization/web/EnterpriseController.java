package cn.shuangkong.organization.web;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.EnterpriseDraft;
import cn.shuangkong.organization.EnterpriseRegistry;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.Industries;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.organization.internal.EnterpriseDetails;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import jakarta.validation.Valid;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 企业 pages: the filtered list, the detail with structure and timeline, and the form. */
@Controller
class EnterpriseController {

    private final Enterprises enterprises;
    private final EnterpriseRegistry registry;
    private final Regions regions;
    private final EnterpriseDetails details;
    private final Industries industries;

    EnterpriseController(Enterprises enterprises, EnterpriseRegistry registry, Regions regions, EnterpriseDetails details,
                         Industries industries) {
        this.enterprises = enterprises;
        this.registry = registry;
        this.regions = regions;
        this.details = details;
        this.industries = industries;
    }

    @ModelAttribute("industries")
    Industries industries() {
        return industries;
    }

    @GetMapping("/enterprises")
    @PreAuthorize("hasAuthority('organization:enterprise:read')")
    String list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String q,
                @RequestParam(required = false) String region, @RequestParam(required = false) String industry,
                @RequestParam(required = false) String status, @RequestParam(required = false) Boolean major,
                @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "20") int size, Model model) {
        var query = new Enterprises.Query(q, region, industry, status, major);
        model.addAttribute("result", enterprises.search(me.jurisdiction(), query, new PageResult.Request(page, size)));
        model.addAttribute("towns", townsFor(me));
        model.addAttribute("query", query);
        return "enterprises/list";
    }

    @GetMapping("/enterprises/{id}")
    @PreAuthorize("hasAuthority('organization:enterprise:read')")
    String detail(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var d = details.of(me.jurisdiction(), id);
        model.addAttribute("e", d.enterprise());
        model.addAttribute("departments", d.departments());
        model.addAttribute("units", d.units());
        model.addAttribute("employees", d.employees());
        model.addAttribute("contracts", d.contracts());
        model.addAttribute("history", d.history());
        model.addAttribute("canEdit", me.can("organization:enterprise:write"));
        model.addAttribute("canEditStructure", OrgStructure.writableBy(me, d.enterprise().id()));
        model.addAttribute("tiers", OrgStructure.Tier.values());
        return "enterprises/detail";
    }

    @GetMapping("/enterprises/new")
    @PreAuthorize("hasAuthority('organization:enterprise:write')")
    String createForm(@AuthenticationPrincipal Actor me, Model model) {
        return form(me, model, EnterpriseDraft.empty(), null);
    }

    @PostMapping("/enterprises")
    @PreAuthorize("hasAuthority('organization:enterprise:write')")
    String create(@AuthenticationPrincipal Actor me, @Valid @ModelAttribute("draft") EnterpriseDraft draft,
                  BindingResult binding, Model model, RedirectAttributes flash) {
        if (binding.hasErrors()) {
            return form(me, model, draft, null);
        }
        try {
            Enterprise e = registry.register(me.jurisdiction(), draft);
            flash.addFlashAttribute("message", "已登记企业：" + e.name());
            return "redirect:/enterprises/" + e.id();
        } catch (DomainException ex) {
            reject(binding, ex);
            return form(me, model, draft, null);
        }
    }

    @GetMapping("/enterprises/{id}/edit")
    @PreAuthorize("hasAuthority('organization:enterprise:write')")
    String editForm(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        Enterprise e = enterprises.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("企业"));
        return form(me, model, EnterpriseDraft.of(e), id);
    }

    @PostMapping("/enterprises/{id}")
    @PreAuthorize("hasAuthority('organization:enterprise:write')")
    String update(@AuthenticationPrincipal Actor me, @PathVariable long id,
                  @Valid @ModelAttribute("draft") EnterpriseDraft draft, BindingResult binding, Model model,
                  RedirectAttributes flash) {
        registry.editable(me.jurisdiction(), id);
        if (binding.hasErrors()) {
            return form(me, model, draft, id);
        }
        try {
            registry.change(me.jurisdiction(), id, draft);
            flash.addFlashAttribute("message", "企业信息已保存");
            return "redirect:/enterprises/" + id;
        } catch (DomainException ex) {
            reject(binding, ex);
            return form(me, model, draft, id);
        }
    }

    private String form(Actor me, Model model, EnterpriseDraft draft, Long id) {
        model.addAttribute("draft", draft);
        model.addAttribute("id", id);
        model.addAttribute("towns", townsFor(me));
        model.addAttribute("grids", regions.gridsUnder(draft.regionCode() == null || draft.regionCode().isBlank()
                ? scopeRoot(me) : draft.regionCode()));
        return "enterprises/form";
    }

    private java.util.List<cn.shuangkong.organization.Region> townsFor(Actor me) {
        return regions.townsUnder(scopeRoot(me));
    }

    /** The region a user's pickers start from: a regulator's own, everyone else's the whole platform's first root. */
    private String scopeRoot(Actor me) {
        if (me.jurisdiction().regionPrefix() != null) return me.jurisdiction().regionPrefix();
        return regions.roots().stream().findFirst().map(cn.shuangkong.organization.Region::code).orElse("");
    }

    static void reject(BindingResult binding, DomainException ex) {
        if (ex.fieldErrors().isEmpty()) {
            binding.reject("domain", ex.getMessage());
        } else {
            ex.fieldErrors().forEach((field, message) -> binding.rejectValue(field, "domain", message));
        }
    }
}
