package cn.shuangkong.organization.web;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.organization.internal.EmployeeWorkbook;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Spreadsheets;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An enterprise's 组织架构 from its detail page: units and employees one by one, or employees from Excel — written by
 * the enterprise's own people and the platform's administrator only, which {@link OrgStructure#writable} decides (ADR 0082).
 */
@Controller
class EnterpriseStructureController {

    private final OrgStructure structure;
    private final EmployeeWorkbook employeeWorkbook;

    EnterpriseStructureController(OrgStructure structure, EmployeeWorkbook employeeWorkbook) {
        this.structure = structure;
        this.employeeWorkbook = employeeWorkbook;
    }

    @PostMapping("/enterprises/{id}/units")
    @PreAuthorize("hasAuthority('organization:structure:write')")
    String addUnit(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) Long parentId,
                   @RequestParam String name, @RequestParam OrgStructure.Tier tier, RedirectAttributes flash) {
        try {
            structure.addUnit(me, id, parentId, name, tier);
            flash.addFlashAttribute("message", "已新增" + tier.label + "：" + name);
        } catch (DomainException ex) {
            flash.addFlashAttribute("error", ex.getMessage());
        }
        return "redirect:/enterprises/" + id + "#structure";
    }

    @PostMapping("/enterprises/{id}/employees")
    @PreAuthorize("hasAuthority('organization:structure:write')")
    String addEmployee(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) Long postId,
                       @RequestParam String name, @RequestParam(required = false) String phone,
                       @RequestParam(required = false) String jobTitle, RedirectAttributes flash) {
        try {
            structure.addEmployee(me, id, postId, name, phone, jobTitle);
            flash.addFlashAttribute("message", "已新增员工：" + name);
        } catch (DomainException ex) {
            flash.addFlashAttribute("error", ex.getMessage());
        }
        return "redirect:/enterprises/" + id + "#employees";
    }

    @GetMapping("/enterprises/{id}/employees/template.xlsx")
    @PreAuthorize("hasAuthority('organization:structure:write')")
    void employeeTemplate(@AuthenticationPrincipal Actor me, @PathVariable long id, HttpServletResponse response) throws IOException {
        byte[] template = employeeWorkbook.template(me, id);
        Spreadsheets.attachment(response, "员工导入模板.xlsx");
        response.getOutputStream().write(template);
    }

    @PostMapping("/enterprises/{id}/employees/import")
    @PreAuthorize("hasAuthority('organization:structure:write')")
    String importEmployees(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam("file") MultipartFile file,
                           RedirectAttributes flash) throws IOException {
        var report = employeeWorkbook.importFrom(me, id, file.isEmpty() ? null : file.getInputStream());
        if (report.ok()) {
            flash.addFlashAttribute("message", "已导入 " + report.imported() + " 名员工");
        } else {
            flash.addFlashAttribute("error", "员工文件有 " + report.errors().size() + " 处错误，未导入任何员工，请改正后重新上传");
            flash.addFlashAttribute("importErrors", report.errors());
        }
        return "redirect:/enterprises/" + id + "#employees";
    }
}
