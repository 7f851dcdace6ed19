package cn.shuangkong.publicreport.web;

import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.publicreport.PublicReports;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 群众举报: the public form and status page (no login), and the regulators' list and handling page. */
@Controller
class PublicReportController {

    private final PublicReports reports;
    private final Regions regions;
    private final Departments departments;
    private final Enterprises enterprises;

    PublicReportController(PublicReports reports, Regions regions, Departments departments, Enterprises enterprises) {
        this.reports = reports;
        this.regions = regions;
        this.departments = departments;
        this.enterprises = enterprises;
    }

    @GetMapping("/public/report")
    String form(Model model) {
        model.addAttribute("form", Map.of());
        return page(model);
    }

    private String page(Model model) {
        model.addAttribute("towns", towns());
        return "public/report";
    }

    /** Every town, street and park under the platform's top regions, as the reporter picks where they are. */
    private List<cn.shuangkong.organization.Region> towns() {
        List<cn.shuangkong.organization.Region> towns = new ArrayList<>();
        for (var root : regions.roots()) towns.addAll(regions.townsUnder(root.code()));
        return towns;
    }

    @PostMapping("/public/report")
    String submit(@RequestParam(required = false) String content, @RequestParam(required = false) String location,
                  @RequestParam(required = false) String regionCode, @RequestParam(required = false) String contactName,
                  @RequestParam(required = false) String contactPhone,
                  @RequestParam(required = false) List<MultipartFile> photos, HttpServletRequest request, Model model,
                  RedirectAttributes flash) throws IOException {
        List<PublicReports.Photo> list = new ArrayList<>();
        if (photos != null) for (MultipartFile f : photos) if (!f.isEmpty()) list.add(new PublicReports.Photo(f.getOriginalFilename(), f.getBytes()));
        try {
            var receipt = reports.submit(new PublicReports.Submission(content, location, regionCode, contactName, contactPhone, list),
                    request.getRemoteAddr());
            // flash attributes live in the (database) session: plain values only
            flash.addFlashAttribute("receiptCode", receipt.code());
            flash.addFlashAttribute("duplicate", receipt.duplicate());
            return "redirect:/public/report/status?code=" + receipt.code();
        } catch (DomainException e) {
            Map<String, String> form = new HashMap<>();
            form.put("content", content);
            form.put("location", location);
            form.put("regionCode", regionCode);
            form.put("contactName", contactName);
            form.put("contactPhone", contactPhone);
            model.addAttribute("form", form);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errors", e.fieldErrors());
            request.setAttribute("jakarta.servlet.error.status_code", e.status().value());
            return page(model);
        }
    }

    @GetMapping("/public/report/status")
    String status(@RequestParam(required = false) String code, Model model) {
        model.addAttribute("code", code);
        if (code != null && !code.isBlank()) {
            var status = reports.status(code);
            model.addAttribute("report", status.orElse(null));
            if (status.isEmpty()) model.addAttribute("error", "未找到跟踪码为 " + code.strip() + " 的举报，请核对后重新输入");
        }
        return "public/status";
    }

    @GetMapping("/reports")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    String list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) PublicReports.Status status, Model model) {
        model.addAttribute("reports", reports.list(me, status));
        model.addAttribute("status", status);
        model.addAttribute("statuses", PublicReports.Status.values());
        return "reports/list";
    }

    @GetMapping("/reports/{id}")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    String detail(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var detail = reports.detail(me, id);
        var r = detail.report();
        model.addAttribute("report", r);
        model.addAttribute("photos", detail.photos());
        model.addAttribute("timeline", detail.timeline());
        String prefix = me.jurisdiction().kind() == cn.shuangkong.shared.Jurisdiction.Kind.REGULATOR ? me.jurisdiction().regionPrefix() : "";
        model.addAttribute("departments", departments.under(prefix));
        model.addAttribute("enterprises", enterprises.search(me.jurisdiction(),
                new Enterprises.Query(null, r.regionCode(), null, null, null), new PageResult.Request(1, 200)).items());
        model.addAttribute("handling", r.contactVisible());
        return "reports/detail";
    }

    @GetMapping("/reports/{id}/photos/{fileId}")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    ResponseEntity<byte[]> photo(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long fileId) {
        var photo = reports.photo(me, id, fileId);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(photo.contentType())).body(photo.bytes());
    }

    @PostMapping("/reports/{id}/assign")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    String assign(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) Long departmentId,
                  @RequestParam(required = false) Long enterpriseId, @RequestParam(required = false) String note, RedirectAttributes flash) {
        return step(id, flash, "已分派", () -> reports.assign(me, id, departmentId, enterpriseId, note));
    }

    @PostMapping("/reports/{id}/reject")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    String reject(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return step(id, flash, "已不予受理", () -> reports.reject(me, id, reason));
    }

    @PostMapping("/reports/{id}/verify")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    String verify(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(defaultValue = "true") boolean founded,
                  @RequestParam(required = false) Long enterpriseId, @RequestParam(required = false) String note, RedirectAttributes flash) {
        return step(id, flash, "核查结果已记录", () -> reports.verify(me, id, founded, enterpriseId, note));
    }

    @PostMapping("/reports/{id}/convert")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    String convert(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String title, RedirectAttributes flash) {
        return step(id, flash, "已转为企业隐患（来源：举报核查）", () -> reports.convert(me, id, title));
    }

    @PostMapping("/reports/{id}/reward")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    String reward(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String amount,
                  @RequestParam(required = false) String note, RedirectAttributes flash) {
        return step(id, flash, "奖励已记录", () -> {
            BigDecimal a;
            try {
                a = amount == null || amount.isBlank() ? null : new BigDecimal(amount.strip());
            } catch (NumberFormatException e) {
                throw DomainException.invalid("amount", "奖励金额须为数字");
            }
            reports.reward(me, id, a, note);
        });
    }

    private String step(long id, RedirectAttributes flash, String done, Runnable action) {
        try {
            action.run();
            flash.addFlashAttribute("message", done);
        } catch (DomainException e) {
            if (e.status().value() == 404) throw e;
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/reports/" + id;
    }
}
