package cn.shuangkong.organization.web;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.organization.internal.EnterpriseWorkbook;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.Spreadsheets;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Enterprises in Excel: the filtered list exported, and the 企业导入 page with its template. */
@Controller
class EnterpriseWorkbookController {

    private final EnterpriseWorkbook workbook;

    EnterpriseWorkbookController(EnterpriseWorkbook workbook) {
        this.workbook = workbook;
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
}
