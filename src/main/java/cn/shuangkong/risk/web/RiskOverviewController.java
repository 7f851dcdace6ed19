package cn.shuangkong.risk.web;

import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.risk.RiskSheets;
import cn.shuangkong.risk.internal.RiskWorkbook;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * The register as a whole, for the people who read it: the 重大风险清单, my post's risks, the 风险公告栏 at the gate, the
 * 风险四色图 on its uploaded site plan, and the register as Excel.
 */
@Controller
class RiskOverviewController {

    private final RiskSheets sheets;
    private final Enterprises enterprises;
    private final cn.shuangkong.risk.internal.MajorRisks majorRisks;
    private final cn.shuangkong.risk.RiskSiteMap siteMap;
    private final cn.shuangkong.risk.SitePlans sitePlans;
    private final RiskWorkbook workbook;

    RiskOverviewController(RiskSheets sheets, Enterprises enterprises,
                           cn.shuangkong.risk.internal.MajorRisks majorRisks, cn.shuangkong.risk.RiskSiteMap siteMap,
                           cn.shuangkong.risk.SitePlans sitePlans, RiskWorkbook workbook) {
        this.sheets = sheets;
        this.enterprises = enterprises;
        this.majorRisks = majorRisks;
        this.siteMap = siteMap;
        this.sitePlans = sitePlans;
        this.workbook = workbook;
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
        var page = siteMap.page(me.jurisdiction(), id);
        model.addAttribute("enterprise", page.enterprise());
        model.addAttribute("map", page.map());
        model.addAttribute("planFileId", page.planFileId());
        model.addAttribute("width", cn.shuangkong.risk.RiskSiteMap.WIDTH);
        model.addAttribute("height", cn.shuangkong.risk.RiskSiteMap.HEIGHT);
        return "risks/map";
    }

    @PostMapping("/risks/map/plan")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String uploadPlan(@AuthenticationPrincipal Actor me, @RequestParam("file") org.springframework.web.multipart.MultipartFile file,
                      RedirectAttributes flash) throws IOException {
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
        var board = sheets.board(me.jurisdiction(), RiskPages.ownEnterprise(me));
        model.addAttribute("enterprise", board.enterprise());
        model.addAttribute("enterpriseLevel", board.enterpriseLevel());
        model.addAttribute("counts", board.counts());
        model.addAttribute("sheets", board.sheets());
        return "risks/board";
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
}
