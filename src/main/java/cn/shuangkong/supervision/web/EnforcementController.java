package cn.shuangkong.supervision.web;

import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.supervision.internal.EnforcementDocuments;
import cn.shuangkong.supervision.EnforcementInspections;
import cn.shuangkong.supervision.EnforcementInspections.FindingInput;
import cn.shuangkong.supervision.internal.EnforcementPlans;
import cn.shuangkong.supervision.internal.LawEnforcers;
import cn.shuangkong.supervision.internal.RandomDraws;
import cn.shuangkong.supervision.internal.RatingLevel;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 差异化监管 pages: the yearly plan, 双随机 draws and enforcers, enforcement inspections and their documents. */
@Controller
class EnforcementController {

    private final EnforcementPlans plans;
    private final RandomDraws draws;
    private final LawEnforcers enforcers;
    private final EnforcementInspections inspections;
    private final EnforcementDocuments documents;
    private final Enterprises enterprises;
    private final Clock clock;

    EnforcementController(EnforcementPlans plans, RandomDraws draws, LawEnforcers enforcers, EnforcementInspections inspections,
                          EnforcementDocuments documents, Enterprises enterprises, Clock clock) {
        this.plans = plans;
        this.draws = draws;
        this.enforcers = enforcers;
        this.inspections = inspections;
        this.documents = documents;
        this.enterprises = enterprises;
        this.clock = clock;
    }

    @GetMapping("/supervision/plan")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    String plan(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Integer year, Model model) {
        int y = year == null ? LocalDate.now(clock).getYear() : year;
        model.addAttribute("year", y);
        model.addAttribute("thisYear", LocalDate.now(clock).getYear());
        model.addAttribute("plan", plans.of(me, y).orElse(null));
        model.addAttribute("levels", RatingLevel.values());
        return "supervision/plan";
    }

    @PostMapping("/supervision/plan")
    @PreAuthorize("hasAuthority('supervision:plan:manage')")
    String generate(@AuthenticationPrincipal Actor me, @RequestParam int year, RedirectAttributes flash) {
        return attempt(flash, "redirect:/supervision/plan?year=" + year, () -> {
            var p = plans.generate(me, year);
            return year + " 年度执法计划已生成：" + p.items().size() + " 家企业，计划检查 " + p.totalPlanned() + " 家次";
        });
    }

    @GetMapping("/supervision/draws")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    String draws(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("draws", draws.list(me.jurisdiction()));
        model.addAttribute("levels", RatingLevel.values());
        model.addAttribute("enforcers", enforcers.mine(me));
        model.addAttribute("enterprises", enterprises.search(me.jurisdiction(), new Enterprises.Query(null, null, null, "OPERATING", null),
                new PageResult.Request(1, 200)).items());
        return "supervision/draws";
    }

    @PostMapping("/supervision/draws")
    @PreAuthorize("hasAuthority('supervision:plan:manage')")
    String draw(@AuthenticationPrincipal Actor me, @RequestParam(defaultValue = "0") int count, @RequestParam(required = false) String seed,
                @RequestParam(required = false) List<RatingLevel> levels, @RequestParam(required = false) String note,
                RedirectAttributes flash) {
        try {
            Long s = seed == null || seed.isBlank() ? null : parseSeed(seed);
            var d = draws.draw(me, count, s, levels, note);
            flash.addFlashAttribute("message", "抽取完成：种子 " + d.seed() + "，抽中 " + d.picks().size() + " 家企业");
            return "redirect:/supervision/draws/" + d.id();
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/supervision/draws";
        }
    }

    @GetMapping("/supervision/draws/{id}")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    String drawDetail(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) Boolean verify, Model model) {
        var d = draws.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("抽取记录"));
        model.addAttribute("d", d);
        if (Boolean.TRUE.equals(verify)) model.addAttribute("replayed", draws.replayMatches(d));
        return "supervision/draw";
    }

    @PostMapping("/supervision/enforcers")
    @PreAuthorize("hasAuthority('supervision:plan:manage')")
    String addEnforcer(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String name,
                       @RequestParam(required = false) String badgeNo, RedirectAttributes flash) {
        return attempt(flash, "redirect:/supervision/draws", () -> "已登记执法人员 " + enforcers.add(me, name, badgeNo).name());
    }

    @PostMapping("/supervision/relations")
    @PreAuthorize("hasAuthority('supervision:plan:manage')")
    String declare(@AuthenticationPrincipal Actor me, @RequestParam long enforcerId, @RequestParam(required = false) Long enterpriseId,
                   @RequestParam(required = false) String relation, RedirectAttributes flash) {
        return attempt(flash, "redirect:/supervision/draws", () -> {
            if (enterpriseId == null) throw DomainException.invalid("enterpriseId", "请选择企业");
            enforcers.declareRelation(me, enforcerId, enterpriseId, relation);
            return "已登记回避关系，以后的抽取将自动回避";
        });
    }

    @GetMapping("/supervision/inspections")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    String inspections(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("rows", inspections.list(me.jurisdiction(), null));
        model.addAttribute("today", LocalDate.now(clock));
        return "supervision/inspections";
    }

    @GetMapping("/supervision/inspections/new")
    @PreAuthorize("hasAuthority('supervision:enforcement:write')")
    String newInspection(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                         @RequestParam(required = false) Long drawId, @RequestParam(required = false) String inspectors, Model model) {
        model.addAttribute("enterprises", enterprises.search(me.jurisdiction(), new Enterprises.Query(null, null, null, null, null),
                new PageResult.Request(1, 200)).items());
        model.addAttribute("enterpriseId", enterpriseId);
        model.addAttribute("drawId", drawId);
        model.addAttribute("inspectors", inspectors);
        model.addAttribute("today", LocalDate.now(clock));
        return "supervision/inspection-form";
    }

    @PostMapping("/supervision/inspections")
    @PreAuthorize("hasAuthority('supervision:enforcement:write')")
    String create(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate inspectedOn,
                  @RequestParam(required = false) String inspectors, @RequestParam(required = false) String summary,
                  @RequestParam(required = false) Long drawId, RedirectAttributes flash) {
        try {
            if (enterpriseId == null) throw DomainException.invalid("enterpriseId", "请选择被检查企业");
            var x = inspections.create(me, enterpriseId, inspectedOn, inspectors, summary, drawId);
            flash.addFlashAttribute("message", "已记录执法检查，请逐项登记发现的问题");
            return "redirect:/supervision/inspections/" + x.id();
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/supervision/inspections/new" + (enterpriseId == null ? "" : "?enterpriseId=" + enterpriseId
                    + (drawId == null ? "" : "&drawId=" + drawId));
        }
    }

    @GetMapping("/supervision/inspections/{id}")
    @PreAuthorize("hasAuthority('supervision:enforcement:read') or hasAuthority('supervision:rating:read')")
    String inspection(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        model.addAttribute("x", inspections.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("执法检查")));
        model.addAttribute("types", HazardType.values());
        model.addAttribute("today", LocalDate.now(clock));
        model.addAttribute("defaultDeadline", LocalDate.now(clock).plusDays(15));
        return "supervision/inspection";
    }

    @PostMapping("/supervision/inspections/{id}/findings")
    @PreAuthorize("hasAuthority('supervision:enforcement:write')")
    String addFinding(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String title,
                      @RequestParam(required = false) String description, @RequestParam(required = false) String location,
                      @RequestParam(required = false) HazardType type, @RequestParam(defaultValue = "false") boolean major,
                      @RequestParam(required = false) String majorReason, @RequestParam(required = false) String basis,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate deadline,
                      RedirectAttributes flash) {
        return attempt(flash, "redirect:/supervision/inspections/" + id, () -> {
            var f = inspections.addFinding(me, id, new FindingInput(title, description, location, type, major, majorReason, basis, deadline));
            return "问题已登记，并已进入企业隐患台账（隐患 #" + f.hazardId() + "，来源：执法检查）";
        });
    }

    @PostMapping("/supervision/inspections/{id}/order")
    @PreAuthorize("hasAuthority('supervision:enforcement:write')")
    String issue(@AuthenticationPrincipal Actor me, @PathVariable long id, RedirectAttributes flash) {
        return attempt(flash, "redirect:/supervision/inspections/" + id,
                () -> "已签发责令限期整改指令书 " + inspections.issueOrder(me, id).orderNo());
    }

    @PostMapping("/supervision/inspections/{id}/review")
    @PreAuthorize("hasAuthority('supervision:enforcement:write')")
    String review(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String opinion,
                  RedirectAttributes flash) {
        return attempt(flash, "redirect:/supervision/inspections/" + id,
                () -> "复查完成，已出具整改复查意见书 " + inspections.review(me, id, opinion).reviewNo());
    }

    @GetMapping("/supervision/inspections/{id}/order.pdf")
    @PreAuthorize("hasAuthority('supervision:enforcement:read') or hasAuthority('supervision:rating:read')")
    ResponseEntity<byte[]> orderPdf(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return pdf(documents.order(me.jurisdiction(), id), "责令限期整改指令书-" + id + ".pdf");
    }

    @GetMapping("/supervision/inspections/{id}/review.pdf")
    @PreAuthorize("hasAuthority('supervision:enforcement:read') or hasAuthority('supervision:rating:read')")
    ResponseEntity<byte[]> reviewPdf(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return pdf(documents.review(me.jurisdiction(), id), "整改复查意见书-" + id + ".pdf");
    }

    static ResponseEntity<byte[]> pdf(byte[] body, String filename) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(filename, java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .body(body);
    }

    static String attempt(RedirectAttributes flash, String target, Supplier<String> action) {
        try {
            flash.addFlashAttribute("message", action.get());
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return target;
    }

    static long parseSeed(String seed) {
        try {
            return Long.parseLong(seed.strip());
        } catch (NumberFormatException e) {
            throw DomainException.invalid("seed", "随机种子须为整数（留空则自动生成）");
        }
    }
}
