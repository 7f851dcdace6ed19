package cn.shuangkong.supervision.web;

import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.supervision.EnforcementInspections;
import cn.shuangkong.supervision.internal.IntegrityRecords;
import cn.shuangkong.supervision.internal.JointInspections;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 联合执法 (one enterprise, several departments, one document) and an enterprise's 安全生产诚信档案 with its exports. */
@Controller
class JointInspectionController {

    private final JointInspections joints;
    private final EnforcementInspections inspections;
    private final IntegrityRecords integrity;
    private final Enterprises enterprises;
    private final Departments departments;
    private final Clock clock;

    JointInspectionController(JointInspections joints, EnforcementInspections inspections, IntegrityRecords integrity,
                              Enterprises enterprises, Departments departments, Clock clock) {
        this.joints = joints;
        this.inspections = inspections;
        this.integrity = integrity;
        this.enterprises = enterprises;
        this.departments = departments;
        this.clock = clock;
    }

    @GetMapping("/supervision/joint")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    String list(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("joints", joints.list(me.jurisdiction()));
        model.addAttribute("enterprises", enterprises.search(me.jurisdiction(), new Enterprises.Query(null, null, null, null, null),
                new PageResult.Request(1, 200)).items());
        model.addAttribute("departments", departments.under(""));
        model.addAttribute("today", LocalDate.now(clock));
        return "supervision/joints";
    }

    @PostMapping("/supervision/joint")
    @PreAuthorize("hasAuthority('supervision:enforcement:write')")
    String create(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate inspectedOn,
                  @RequestParam(required = false) String title, @RequestParam(required = false) List<Long> departmentIds,
                  RedirectAttributes flash) {
        try {
            if (enterpriseId == null) throw DomainException.invalid("enterpriseId", "请选择企业");
            var j = joints.create(me, enterpriseId, inspectedOn, title, departmentIds);
            flash.addFlashAttribute("message", "已组织联合执法：" + j.title() + "，请各部门记录本部门的检查和发现的问题");
            return "redirect:/supervision/joint/" + j.id();
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/supervision/joint";
        }
    }

    @GetMapping("/supervision/joint/{id}")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    String show(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var j = joints.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("联合执法"));
        model.addAttribute("j", j);
        model.addAttribute("awaitsMine", joints.awaitsPartOf(me, j));
        return "supervision/joint";
    }

    /** The viewer's department records its own inspection under the joint one, then adds findings on that inspection's page. */
    @PostMapping("/supervision/joint/{id}/inspection")
    @PreAuthorize("hasAuthority('supervision:enforcement:write')")
    String part(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String inspectors,
                @RequestParam(required = false) String summary, RedirectAttributes flash) {
        var j = joints.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("联合执法"));
        try {
            var x = inspections.create(me, j.enterpriseId(), j.inspectedOn(), inspectors, summary, null, j.id());
            flash.addFlashAttribute("message", "已记录本部门的检查，请登记发现的问题");
            return "redirect:/supervision/inspections/" + x.id();
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/supervision/joint/" + id;
        }
    }

    @GetMapping("/supervision/joint/{id}/document.pdf")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    ResponseEntity<byte[]> document(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return EnforcementController.pdf(joints.document(me.jurisdiction(), id), "joint-inspection-" + id + ".pdf");
    }

    @GetMapping("/supervision/enterprises/{id}/integrity")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    String integrity(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        model.addAttribute("r", integrity.of(me.jurisdiction(), id));
        return "supervision/integrity";
    }

    @GetMapping("/supervision/enterprises/{id}/integrity.xlsx")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    void integrityWorkbook(@AuthenticationPrincipal Actor me, @PathVariable long id, HttpServletResponse response) throws IOException {
        byte[] bytes = integrity.workbook(me.jurisdiction(), id);
        cn.shuangkong.shared.Spreadsheets.attachment(response, "安全生产诚信档案-" + id + ".xlsx");
        response.getOutputStream().write(bytes);
    }

    @GetMapping("/supervision/enterprises/{id}/integrity.pdf")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    ResponseEntity<byte[]> integrityPdf(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return EnforcementController.pdf(integrity.document(me.jurisdiction(), id), "integrity-" + id + ".pdf");
    }
}
