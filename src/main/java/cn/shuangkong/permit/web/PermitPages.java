package cn.shuangkong.permit.web;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.permit.internal.PermitKind;
import cn.shuangkong.permit.internal.PermitRules.GasKind;
import cn.shuangkong.permit.internal.PermitRules.LelClass;
import cn.shuangkong.permit.internal.PermitStatus;
import cn.shuangkong.permit.internal.Permits;
import cn.shuangkong.permit.internal.WorkerRole;
import cn.shuangkong.permit.web.PermitForms.AnalysisForm;
import cn.shuangkong.permit.web.PermitForms.ApplyForm;
import cn.shuangkong.permit.web.PermitForms.ExtendForm;
import cn.shuangkong.permit.web.PermitForms.LinkForm;
import cn.shuangkong.permit.web.PermitForms.NoteForm;
import cn.shuangkong.permit.web.PermitForms.OpinionForm;
import cn.shuangkong.permit.web.PermitForms.ReasonForm;
import cn.shuangkong.permit.web.PermitForms.VideoForm;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
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
 * 特殊作业: the enterprise's permit list, the 申请 form (one kind at a time), and the permit page with every step and
 * the forms of the steps the signed-in person may take — the same page on a desktop and on the 监护人's phone.
 * A refused step shows the page again with the refusal, and what was typed into a form stays in it.
 */
@Controller
@PreAuthorize("hasAuthority('permit:read')")
class PermitPages {

    /** Rows the 申请 form offers for 危害识别 and for people, and the analysis form for samples. */
    static final int HAZARD_ROWS = 4, WORKER_ROWS = 4, SAMPLE_ROWS = 3;

    private final Permits permits;
    private final RiskPoints points;
    private final OrgStructure org;
    private final PermitPlans plans;
    private final Clock clock;

    PermitPages(Permits permits, RiskPoints points, OrgStructure org, PermitPlans plans, Clock clock) {
        this.permits = permits;
        this.plans = plans;
        this.points = points;
        this.org = org;
        this.clock = clock;
    }

    @GetMapping("/permits")
    String list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String kind,
                @RequestParam(required = false) String status, @RequestParam(required = false) String day, Model model) {
        PermitKind k = PermitForms.choice(PermitKind.class, kind, "kind", "作业类别");
        PermitStatus s = PermitForms.choice(PermitStatus.class, status, "status", "状态");
        LocalDate d = date(day);
        Instant now = clock.instant();
        var rows = permits.list(me.jurisdiction(), new Permits.Query(null, k, s, null)).stream()
                .filter(p -> d == null || touches(p, d)).toList();
        model.addAttribute("permits", rows);
        model.addAttribute("now", now);
        model.addAttribute("kinds", PermitKind.values());
        model.addAttribute("statuses", PermitStatus.values());
        model.addAttribute("kind", k);
        model.addAttribute("status", s);
        model.addAttribute("day", d);
        model.addAttribute("canApply", canApply(me));
        return "permit/list";
    }

    @GetMapping("/permits/new")
    @PreAuthorize("hasAuthority('permit:write')")
    String form(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String kind, Model model) {
        PermitKind k = PermitForms.choice(PermitKind.class, kind, "kind", "作业类别");
        if (k == null) {
            model.addAttribute("kinds", PermitKind.values());
            return "permit/kinds";
        }
        ZoneId zone = clock.getZone();
        Instant start = clock.instant().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        // 动火 starts from the lowest level: the rules raise it where the window or the place demand it, and say why
        model.addAttribute("form", new ApplyForm(k.name(), k == PermitKind.HOT_WORK ? "二级" : null, null,
                null, null, null, null, null, null, PermitForms.local(start, zone),
                PermitForms.local(start.plus(Duration.ofHours(4)), zone), null, null, null, null, null, null,
                List.of(), List.of(), List.of(), List.of(), List.of()));
        return applyPage(me, k, model);
    }

    @PostMapping("/permits")
    @PreAuthorize("hasAuthority('permit:write')")
    String apply(@AuthenticationPrincipal Actor me, ApplyForm form, Model model) {
        PermitKind k = PermitForms.choice(PermitKind.class, form.kind(), "kind", "作业类别");
        if (k == null) throw DomainException.invalid("kind", "请选择作业类别");
        long id;
        try {
            id = permits.apply(me, form.toApplication(k, clock.getZone()));
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.FORBIDDEN) throw e;
            model.addAttribute("form", form);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errors", e.fieldErrors());
            return applyPage(me, k, model);
        }
        return "redirect:/permits/" + id + "?applied";
    }

    private String applyPage(Actor me, PermitKind kind, Model model) {
        long enterpriseId = ownEnterprise(me);
        var left = org.leavers(enterpriseId).keySet();
        List<RiskPoints.Point> ps = points.ofEnterprise(enterpriseId);
        Map<RiskPoints.Point, List<RiskPoints.Unit>> units = new LinkedHashMap<>();
        for (RiskPoints.Point p : ps) units.put(p, points.units(p.id()));
        model.addAttribute("kind", kind);
        model.addAttribute("points", ps);
        model.addAttribute("units", units);
        model.addAttribute("employees", org.employees(enterpriseId).stream().filter(e -> !left.contains(e.id())).toList());
        model.addAttribute("roles", WorkerRole.values());
        model.addAttribute("hazardRows", HAZARD_ROWS);
        model.addAttribute("workerRows", WORKER_ROWS);
        model.addAttribute("plan", plans.of(enterpriseId));
        model.addAttribute("marks", List.of());
        if (model.getAttribute("form") instanceof ApplyForm f) {
            model.addAttribute("pickX", fraction(f.planX()));
            model.addAttribute("pickY", fraction(f.planY()));
        }
        if (!model.containsAttribute("errors")) model.addAttribute("errors", Map.of());
        return "permit/form";
    }

    @GetMapping("/permits/{id}")
    String page(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        Permits.Sheet sheet = permits.sheet(me.jurisdiction(), id);
        Permits.Permit p = sheet.permit();
        boolean own = me.enterpriseId() != null && me.enterpriseId() == p.enterpriseId();
        Instant now = clock.instant();
        model.addAttribute("s", sheet);
        model.addAttribute("p", p);
        model.addAttribute("now", now);
        model.addAttribute("remaining", remaining(p, sheet.status(), now));
        model.addAttribute("canAct", own && me.can("permit:write"));
        model.addAttribute("mayApprove", own && me.can(sheet.approver().permission) && !me.username().equals(p.applicantUsername()));
        model.addAttribute("needsAnalysis", permits.rules().needsAnalysis(p.kind(), p.hazardousMedium()));
        model.addAttribute("requiredGas", permits.rules().requiredGas(p.kind()));
        model.addAttribute("gasKinds", GasKind.values());
        model.addAttribute("lelClasses", LelClass.values());
        model.addAttribute("sampleRows", SAMPLE_ROWS);
        model.addAttribute("plan", p.planX() == null ? null : plans.of(p.enterpriseId()));
        model.addAttribute("marks", List.of(p));
        // grouped by their title (kind and level), which the page's language can say; each named by number and place
        model.addAttribute("linkable", own && me.can("permit:write") ? permits.linkable(me.jurisdiction(), p).stream()
                .collect(Collectors.groupingBy(Permits.Permit::title, LinkedHashMap::new, Collectors.toList())) : Map.of());
        if (!model.containsAttribute("analysis")) {
            model.addAttribute("analysis", new AnalysisForm(PermitForms.local(now, clock.getZone()), p.place(), null, null,
                    List.of(), List.of(), List.of(), List.of(), List.of()));
        }
        if (!model.containsAttribute("errors")) model.addAttribute("errors", Map.of());
        return "permit/detail";
    }

    // ---------------------------------------------------------------- the steps

    @PostMapping("/permits/{id}/analyses")
    @PreAuthorize("hasAuthority('permit:write')")
    String analysis(@AuthenticationPrincipal Actor me, @PathVariable long id, AnalysisForm form, Model model, RedirectAttributes flash) {
        try {
            permits.recordAnalysis(me, id, form.toDraft(clock.getZone()));
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND) throw e;
            model.addAttribute("analysis", form);
            return again(me, id, "analysis", e, model);
        }
        flash.addFlashAttribute("message", "已记录气体分析");
        return back(id, "analyses");
    }

    /** One or more checklist items, each answered 已落实 (true) or 不涉及 (false) in a field named {@code measure.<code>}. */
    @PostMapping("/permits/{id}/measures")
    @PreAuthorize("hasAuthority('permit:write')")
    String measures(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form,
                    Model model, RedirectAttributes flash) {
        List<Permits.Confirmation> items = new ArrayList<>();
        form.forEach((name, value) -> {
            if (!name.startsWith("measure.") || PermitForms.blank(value)) return;
            Boolean applicable = switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> null;
            };
            items.add(new Permits.Confirmation(name.substring("measure.".length()), applicable));
        });
        return step(me, id, "measures", "已确认 " + items.size() + " 项安全措施", model, flash,
                () -> permits.confirmMeasures(me, id, items));
    }

    @PostMapping("/permits/{id}/approve")
    @PreAuthorize("hasAuthority('permit:approve')")
    String approve(@AuthenticationPrincipal Actor me, @PathVariable long id, OpinionForm form, Model model, RedirectAttributes flash) {
        return step(me, id, "approval", "已审批", model, flash, () -> permits.approve(me, id, form.opinion()));
    }

    @PostMapping("/permits/{id}/start")
    @PreAuthorize("hasAuthority('permit:write')")
    String start(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model, RedirectAttributes flash) {
        return step(me, id, "work", "已开始作业", model, flash, () -> permits.start(me, id));
    }

    @PostMapping("/permits/{id}/suspend")
    @PreAuthorize("hasAuthority('permit:write')")
    String suspend(@AuthenticationPrincipal Actor me, @PathVariable long id, ReasonForm form, Model model, RedirectAttributes flash) {
        return step(me, id, "work", "作业已中断", model, flash, () -> permits.suspend(me, id, form.reason()));
    }

    @PostMapping("/permits/{id}/resume")
    @PreAuthorize("hasAuthority('permit:write')")
    String resume(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model, RedirectAttributes flash) {
        return step(me, id, "work", "已恢复作业", model, flash, () -> permits.resume(me, id));
    }

    @PostMapping("/permits/{id}/complete")
    @PreAuthorize("hasAuthority('permit:write')")
    String complete(@AuthenticationPrincipal Actor me, @PathVariable long id, NoteForm form, Model model, RedirectAttributes flash) {
        return step(me, id, "work", "已完工验收", model, flash, () -> permits.complete(me, id, form.note()));
    }

    @PostMapping("/permits/{id}/close")
    @PreAuthorize("hasAuthority('permit:write')")
    String close(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model, RedirectAttributes flash) {
        return step(me, id, "work", "作业票已关闭", model, flash, () -> permits.close(me, id));
    }

    @PostMapping("/permits/{id}/cancel")
    @PreAuthorize("hasAuthority('permit:write')")
    String cancel(@AuthenticationPrincipal Actor me, @PathVariable long id, ReasonForm form, Model model, RedirectAttributes flash) {
        return step(me, id, "cancel", "作业票已取消", model, flash, () -> permits.cancel(me, id, form.reason()));
    }

    @PostMapping("/permits/{id}/extend")
    @PreAuthorize("hasAuthority('permit:write')")
    String extend(@AuthenticationPrincipal Actor me, @PathVariable long id, ExtendForm form, Model model, RedirectAttributes flash) {
        return step(me, id, "extend", "已延期", model, flash,
                () -> permits.extend(me, id, PermitForms.time(form.until(), clock.getZone(), "until", "延期至"), form.reason()));
    }

    @PostMapping("/permits/{id}/video")
    @PreAuthorize("hasAuthority('permit:write')")
    String video(@AuthenticationPrincipal Actor me, @PathVariable long id, VideoForm form, Model model, RedirectAttributes flash) {
        return step(me, id, "video", "已登记视频录像", model, flash, () -> permits.attachVideo(me, id, form.reference()));
    }

    /** 关联作业票: another permit of the same enterprise, picked from the page's list (or any id a request names: Refs decides). */
    @PostMapping("/permits/{id}/links")
    @PreAuthorize("hasAuthority('permit:write')")
    String link(@AuthenticationPrincipal Actor me, @PathVariable long id, LinkForm form, Model model, RedirectAttributes flash) {
        return step(me, id, "links", "已关联作业票", model, flash, () -> permits.link(me, id, form.target()));
    }

    /** Runs one step; a refusal (other than "no such permit") shows the page again with the reason beside that step's form. */
    private String step(Actor me, long id, String which, String done, Model model, RedirectAttributes flash, Runnable action) {
        try {
            action.run();
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND) throw e;
            return again(me, id, which, e, model);
        }
        flash.addFlashAttribute("message", done);
        return back(id, which);
    }

    private String again(Actor me, long id, String which, DomainException e, Model model) {
        model.addAttribute("failed", which);
        model.addAttribute("error", e.getMessage());
        model.addAttribute("errors", e.fieldErrors());
        return page(me, id, model);
    }

    private static String back(long id, String anchor) {
        return "redirect:/permits/" + id + "#" + anchor;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * "剩余 5 小时 12 分" for an unfinished permit; null once it is finished, or past its validity. Minutes are rounded
     * up, as the page's ticking countdown (permit.js) rounds them: it never says 0 while time is left.
     */
    static String remaining(Permits.Permit p, PermitStatus status, Instant now) {
        if (!status.lapses()) return null;
        Duration left = Duration.between(now, p.validUntil());
        if (left.isNegative()) return null;
        long minutes = (left.toMillis() + 59_999) / 60_000;
        return minutes >= 48 * 60 ? "剩余 " + minutes / 1440 + " 天 " + minutes % 1440 / 60 + " 小时"
                : "剩余 " + minutes / 60 + " 小时 " + minutes % 60 + " 分";
    }

    private boolean touches(Permits.Permit p, LocalDate day) {
        ZoneId zone = clock.getZone();
        Instant from = day.atStartOfDay(zone).toInstant(), to = day.plusDays(1).atStartOfDay(zone).toInstant();
        return p.plannedStart().isBefore(to) && p.validUntil().isAfter(from);
    }

    /** A typed plan coordinate to show the marker again, or null (nothing to show) when it is not one. */
    private static Double fraction(String raw) {
        try {
            double v = raw == null ? Double.NaN : Double.parseDouble(raw.strip());
            return v >= 0 && v <= 1 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static LocalDate date(String raw) {
        return cn.shuangkong.shared.FormValues.date(raw, "day", "日期");
    }

    private static boolean canApply(Actor me) {
        return me.enterpriseId() != null && me.can("permit:write");
    }

    private static long ownEnterprise(Actor me) {
        if (me.enterpriseId() == null) throw new DomainException(HttpStatus.FORBIDDEN, "只有企业账号可以申请特殊作业票", null);
        return me.enterpriseId();
    }
}
