package cn.shuangkong.hazard.web;

import cn.shuangkong.hazard.Hazard;
import cn.shuangkong.hazard.HazardAction;
import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.HazardPhotos;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardRegister.GradingInput;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardState;
import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.hazard.MajorHazardCriteria;
import cn.shuangkong.hazard.internal.HazardDetails;
import cn.shuangkong.hazard.internal.MajorHazards;
import cn.shuangkong.hazard.internal.RemediationPlan;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.http.CacheControl;
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

/** 隐患 pages of the register: the lists with filters, my rectifications, the detail with its timeline and the forms of the allowed steps. */
@Controller
class HazardController {

    private final Hazards hazards;
    private final HazardRegister register;
    private final HazardPhotos photos;
    private final MajorHazardCriteria criteria;
    private final HazardDetails details;
    private final Clock clock;
    private final cn.shuangkong.hazard.EvidencePhotos evidence;
    private final MajorHazards majorHazards;

    HazardController(Hazards hazards, HazardRegister register, HazardPhotos photos, MajorHazardCriteria criteria,
                     HazardDetails details, Clock clock, cn.shuangkong.hazard.EvidencePhotos evidence,
                     MajorHazards majorHazards) {
        this.hazards = hazards;
        this.register = register;
        this.photos = photos;
        this.criteria = criteria;
        this.details = details;
        this.clock = clock;
        this.evidence = evidence;
        this.majorHazards = majorHazards;
    }

    @GetMapping("/hazards")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    String list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) HazardState state,
                @RequestParam(required = false) HazardLevel level, @RequestParam(required = false) HazardSource source,
                @RequestParam(required = false) Boolean overdue, @RequestParam(defaultValue = "1") int page, Model model) {
        var query = Hazards.Query.of(state, level, source, overdue);
        model.addAttribute("result", hazards.search(me.jurisdiction(), query, new PageResult.Request(page, 20)));
        model.addAttribute("query", query);
        model.addAttribute("title", "隐患台账");
        if (me.can(HazardAction.CONFIRM.permission) && state == null) {
            model.addAttribute("pending", hazards.search(me.jurisdiction(), Hazards.Query.of(HazardState.PENDING_CONFIRMATION, null, null, null),
                    new PageResult.Request(1, 1)).total());
        }
        model.addAttribute("path", "/hazards");
        return "hazards/list";
    }

    /** 重大隐患 of the caller's jurisdiction: what a regulator watches and 挂牌督办. */
    @GetMapping("/hazards/major")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    String major(@AuthenticationPrincipal Actor me, @RequestParam(required = false) HazardState state,
                 @RequestParam(required = false) Boolean overdue, @RequestParam(defaultValue = "1") int page, Model model) {
        var listing = majorHazards.list(me.jurisdiction(), state, overdue, new PageResult.Request(page, 20));
        model.addAttribute("result", listing.page());
        model.addAttribute("own", listing.own());
        model.addAttribute("reported", listing.reported());
        model.addAttribute("query", Hazards.Query.of(state, HazardLevel.MAJOR, null, overdue));
        model.addAttribute("title", "重大隐患督办");
        model.addAttribute("path", "/hazards/major");
        return "hazards/list";
    }

    /** What the signed-in person has to rectify; laid out for a phone. */
    @GetMapping("/hazards/mine")
    @PreAuthorize("hasAuthority('hazard:rectify')")
    String mine(@AuthenticationPrincipal Actor me, Model model) {
        var query = new Hazards.Query(null, null, null, null, null, me.username(), null, null, null);
        model.addAttribute("result", hazards.search(me.jurisdiction(), query, new PageResult.Request(1, 200)));
        model.addAttribute("today", LocalDate.now(clock));
        return "hazards/mine";
    }

    @GetMapping("/hazards/{id}")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    String detail(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var detail = details.of(me.jurisdiction(), id);
        var row = detail.row();
        Hazard h = row.hazard();
        model.addAttribute("row", row);
        model.addAttribute("h", h);
        model.addAttribute("photos", detail.photos());
        model.addAttribute("photoReuse", evidence.flagsOf(me.jurisdiction(), "hazard", id));
        model.addAttribute("riskPointName", detail.riskPointName());
        model.addAttribute("failedMeasure", detail.failedMeasure());
        model.addAttribute("history", detail.history());
        // Only the steps allowed now and permitted to this person: the page never offers what would be refused.
        model.addAttribute("actions", h.allowedActions().stream().filter(a -> me.can(a.permission))
                .filter(a -> a != HazardAction.ADJUST_SUPERVISION || register.mayAdjustSupervision(me, h))
                .filter(a -> a != HazardAction.APPROVE_CLOSURE || register.mayDecideClosure(me, h)).map(Enum::name).toList());
        var people = detail.people();
        model.addAttribute("people", people);
        // Usernames on the page read as names; people outside the enterprise (regulators) keep their account name.
        model.addAttribute("names", people.stream().collect(java.util.stream.Collectors.toMap(cn.shuangkong.hazard.internal.PersonNames.Person::username, cn.shuangkong.hazard.internal.PersonNames.Person::displayName)));
        model.addAttribute("criteria", criteria.all());
        model.addAttribute("today", LocalDate.now(clock));
        model.addAttribute("listingDepartment", h.supervised() ? register.listingDepartmentName(h).orElse(null) : null);
        return "hazards/detail";
    }

    /** Every step of the loop posts here; the hazard and the person's rights decide, the page only reports back. */
    @PostMapping("/hazards/{id}/actions/{action}")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    String act(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable String action,
               @RequestParam Map<String, String> f, @RequestParam(value = "photo", required = false) MultipartFile photo,
               RedirectAttributes flash) throws IOException {
        HazardAction step = HazardPages.parse(HazardAction.class, action.toUpperCase().replace('-', '_'));
        if (step == null) throw DomainException.notFound("操作");
        try {
            switch (step) {
                case CONFIRM -> register.confirm(me, id, new GradingInput(HazardPages.parse(HazardLevel.class, f.get("level")), f.get("criterionCode"), f.get("majorReason")));
                case REJECT -> register.reject(me, id, f.get("reason"));
                case FIX_ON_SPOT -> register.fixOnSpot(me, id, f.get("note"), HazardPages.upload(photo));
                case CONFIRM_FIX -> register.confirmFix(me, id);
                case REFUSE_FIX -> register.refuseFix(me, id, f.get("reason"));
                case ASSIGN -> register.assign(me, id, new RemediationPlan(f.get("responsible"), f.get("measures"),
                        decimal(f.get("funds")), date(f.get("deadline"), "deadline"), f.get("contingencyPlan")));
                case COMPLETE -> register.complete(me, id, f.get("note"), HazardPages.upload(photo));
                case ACCEPT -> register.accept(me, id, "true".equals(f.get("passed")), f.get("opinion"));
                case REQUEST_EXTENSION -> register.requestExtension(me, id, date(f.get("deadline"), "deadline"), f.get("reason"));
                case DECIDE_EXTENSION -> register.decideExtension(me, id, "true".equals(f.get("approved")));
                case SUPERVISE -> register.supervise(me, id, f.get("docNo"), f.get("level"), date(f.get("deadline"), "deadline"));
                case APPROVE_CLOSURE -> register.decideClosure(me, id, "true".equals(f.get("approved")), f.get("opinion"));
                case ADJUST_SUPERVISION -> register.adjustSupervision(me, id, date(f.get("deadline"), "deadline"), f.get("reason"));
            }
            flash.addFlashAttribute("message", "已" + step.label);
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
            flash.addFlashAttribute("failedAction", step.name());
        }
        return "redirect:/hazards/" + id;
    }

    @GetMapping("/hazards/{id}/photos/{photoId}")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    ResponseEntity<byte[]> photo(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long photoId) {
        return photoResponse(photos, me, id, photoId);
    }

    static ResponseEntity<byte[]> photoResponse(HazardPhotos photos, Actor me, long id, long photoId) {
        var content = photos.content(me.jurisdiction(), id, photoId).orElseThrow(() -> DomainException.notFound("照片"));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(content.contentType()))
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofDays(7)).cachePrivate())
                .header("X-Content-Type-Options", "nosniff").body(content.bytes());
    }

    private static BigDecimal decimal(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            throw DomainException.invalid("funds", "整改资金须为数字（元）");
        }
    }

    /** A deadline typed on the page: read, and held to the plausible range, as every page form's date is. */
    private static LocalDate date(String s, String field) {
        return cn.shuangkong.shared.FormValues.date(s, field, "期限");
    }
}
