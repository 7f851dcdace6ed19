package cn.shuangkong.organization.web;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.audit.AuditTrail;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.EnterpriseDraft;
import cn.shuangkong.organization.EnterpriseRegistry;
import cn.shuangkong.organization.internal.EmployeeWorkbook;
import cn.shuangkong.organization.internal.EnterpriseWorkbook;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.Industries;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.organization.ServiceOrganizations;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.ImportReport;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.Spreadsheets;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
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
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 企业 pages: the filtered list with export, the detail with structure and timeline, the form, and the Excel import. */
@Controller
class EnterpriseController {

    private final Enterprises enterprises;
    private final EnterpriseRegistry registry;
    private final EnterpriseWorkbook workbook;
    private final EmployeeWorkbook employeeWorkbook;
    private final Regions regions;
    private final Departments departments;
    private final OrgStructure structure;
    private final ServiceOrganizations serviceOrgs;
    private final Industries industries;
    private final AuditTrail audit;

    EnterpriseController(Enterprises enterprises, EnterpriseRegistry registry, EnterpriseWorkbook workbook,
                         EmployeeWorkbook employeeWorkbook, Regions regions,
                         Departments departments, OrgStructure structure, ServiceOrganizations serviceOrgs,
                         Industries industries, AuditTrail audit) {
        this.enterprises = enterprises;
        this.registry = registry;
        this.workbook = workbook;
        this.employeeWorkbook = employeeWorkbook;
        this.regions = regions;
        this.departments = departments;
        this.structure = structure;
        this.serviceOrgs = serviceOrgs;
        this.industries = industries;
        this.audit = audit;
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

    @GetMapping("/enterprises/export.xlsx")
    @PreAuthorize("hasAuthority('organization:enterprise:read')")
    void export(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String q,
                @RequestParam(required = false) String region, @RequestParam(required = false) String industry,
                @RequestParam(required = false) String status, @RequestParam(required = false) Boolean major,
                HttpServletResponse response) throws IOException {
        Spreadsheets.attachment(response, "企业清单.xlsx");
        workbook.export(me.jurisdiction(), new Enterprises.Query(q, region, industry, status, major), response.getOutputStream());
    }

    @GetMapping("/enterprises/{id}")
    @PreAuthorize("hasAuthority('organization:enterprise:read')")
    String detail(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        Enterprise e = enterprises.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("企业"));
        model.addAttribute("e", e);
        model.addAttribute("departments", departments.ofEnterprise(id));
        model.addAttribute("units", structure.units(id));
        model.addAttribute("employees", structure.employees(id));
        model.addAttribute("contracts", serviceOrgs.contractsOfEnterprise(id));
        model.addAttribute("history", audit.historyOf("enterprise", String.valueOf(id)));
        model.addAttribute("canEdit", me.can("organization:enterprise:write"));
        model.addAttribute("canEditStructure", me.can("organization:structure:write") || me.can("organization:enterprise:write"));
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

    @PostMapping("/enterprises/{id}/units")
    @PreAuthorize("hasAuthority('organization:structure:write') or hasAuthority('organization:enterprise:write')")
    String addUnit(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) Long parentId,
                   @RequestParam String name, @RequestParam OrgStructure.Tier tier, RedirectAttributes flash) {
        enterprises.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("企业"));
        try {
            structure.addUnit(id, parentId, name, tier);
            flash.addFlashAttribute("message", "已新增" + tier.label + "：" + name);
        } catch (DomainException ex) {
            flash.addFlashAttribute("error", ex.getMessage());
        }
        return "redirect:/enterprises/" + id + "#structure";
    }

    @PostMapping("/enterprises/{id}/employees")
    @PreAuthorize("hasAuthority('organization:structure:write') or hasAuthority('organization:enterprise:write')")
    String addEmployee(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) Long postId,
                       @RequestParam String name, @RequestParam(required = false) String phone,
                       @RequestParam(required = false) String jobTitle, RedirectAttributes flash) {
        enterprises.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("企业"));
        try {
            structure.addEmployee(id, postId, name, phone, jobTitle);
            flash.addFlashAttribute("message", "已新增员工：" + name);
        } catch (DomainException ex) {
            flash.addFlashAttribute("error", ex.getMessage());
        }
        return "redirect:/enterprises/" + id + "#employees";
    }

    @GetMapping("/enterprises/{id}/employees/template.xlsx")
    @PreAuthorize("hasAuthority('organization:structure:write') or hasAuthority('organization:enterprise:write')")
    void employeeTemplate(@AuthenticationPrincipal Actor me, @PathVariable long id, HttpServletResponse response) throws IOException {
        enterprises.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("企业"));
        Spreadsheets.attachment(response, "员工导入模板.xlsx");
        employeeWorkbook.template(id, response.getOutputStream());
    }

    @PostMapping("/enterprises/{id}/employees/import")
    @PreAuthorize("hasAuthority('organization:structure:write') or hasAuthority('organization:enterprise:write')")
    String importEmployees(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam("file") MultipartFile file,
                           RedirectAttributes flash) throws IOException {
        enterprises.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("企业"));
        var report = file.isEmpty() ? ImportReport.failed(0, "文件", "请选择要上传的 Excel 文件")
                : employeeWorkbook.importFrom(id, file.getInputStream());
        if (report.ok()) {
            flash.addFlashAttribute("message", "已导入 " + report.imported() + " 名员工");
        } else {
            flash.addFlashAttribute("error", "员工文件有 " + report.errors().size() + " 处错误，未导入任何员工，请改正后重新上传");
            flash.addFlashAttribute("importErrors", report.errors());
        }
        return "redirect:/enterprises/" + id + "#employees";
    }

    @GetMapping("/enterprises/import")
    @PreAuthorize("hasAuthority('organization:enterprise:import')")
    String importPage() {
        return "enterprises/import";
    }

    @GetMapping("/enterprises/import/template.xlsx")
    @PreAuthorize("hasAuthority('organization:enterprise:import')")
    void template(@AuthenticationPrincipal Actor me, HttpServletResponse response) throws IOException {
        Spreadsheets.attachment(response, "企业导入模板.xlsx");
        workbook.template(me.jurisdiction(), response.getOutputStream());
    }

    @PostMapping("/enterprises/import")
    @PreAuthorize("hasAuthority('organization:enterprise:import')")
    String importFile(@AuthenticationPrincipal Actor me, @RequestParam("file") MultipartFile file, Model model) throws IOException {
        if (file.isEmpty()) {
            model.addAttribute("error", "请选择要上传的 Excel 文件");
            return "enterprises/import";
        }
        var result = workbook.importFrom(me.jurisdiction(), file.getInputStream());
        model.addAttribute("result", result);
        model.addAttribute("fileName", file.getOriginalFilename());
        return "enterprises/import";
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
