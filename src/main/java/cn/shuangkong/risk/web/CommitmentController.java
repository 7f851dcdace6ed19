package cn.shuangkong.risk.web;

import cn.shuangkong.risk.DailyCommitments;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 安全风险研判与承诺公告: the principal publishes it; the gate screen and the regulators read it. */
@Controller
class CommitmentController {

    private final DailyCommitments commitments;

    CommitmentController(DailyCommitments commitments) {
        this.commitments = commitments;
    }

    @GetMapping("/risks/commitment")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String today(@AuthenticationPrincipal Actor me, Model model) {
        if (me.enterpriseId() == null) return "redirect:/risks/commitments";
        return show(me, me.enterpriseId(), commitments.today(), model);
    }

    @PostMapping("/risks/commitment")
    @PreAuthorize("hasAuthority('risk:filing:submit')")
    String publish(@AuthenticationPrincipal Actor me, HttpServletRequest request, RedirectAttributes flash) {
        Map<String, String> form = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> form.put(name, values.length > 0 ? values[0] : null));
        try {
            commitments.publish(me, form);
            flash.addFlashAttribute("message", "今日安全承诺公告已签署发布");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
            flash.addFlashAttribute("form", form);
            flash.addFlashAttribute("errors", e.fieldErrors());
        }
        return "redirect:/risks/commitment";
    }

    @GetMapping("/risks/commitments")
    @PreAuthorize("hasAuthority('risk:filing:review')")
    String standings(@AuthenticationPrincipal Actor me, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
                     Model model) {
        LocalDate d = day == null ? commitments.today() : day;
        var rows = commitments.reviews(me.jurisdiction(), d);
        model.addAttribute("rows", rows);
        model.addAttribute("day", d);
        model.addAttribute("lateAfter", commitments.lateAfter());
        model.addAttribute("missing", rows.stream().filter(r -> !r.published()).count());
        model.addAttribute("late", rows.stream().filter(DailyCommitments.Review::late).count());
        model.addAttribute("contradicted", rows.stream().filter(r -> !r.contradictions().isEmpty()).count());
        return "risks/commitments";
    }

    @GetMapping("/risks/commitments/{enterpriseId}")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String notice(@AuthenticationPrincipal Actor me, @PathVariable long enterpriseId,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day, Model model) {
        return show(me, enterpriseId, day == null ? commitments.today() : day, model);
    }

    private String show(Actor me, long enterpriseId, LocalDate day, Model model) {
        var notice = commitments.notice(me.jurisdiction(), enterpriseId, day);
        model.addAttribute("enterprise", notice.enterprise());
        model.addAttribute("day", day);
        model.addAttribute("commitment", notice.commitment());
        model.addAttribute("units", notice.units());
        model.addAttribute("states", DailyCommitments.UnitState.values());
        model.addAttribute("work", notice.work());
        model.addAttribute("permits", commitments.permitsAvailable());
        model.addAttribute("onSite", notice.onSite());
        model.addAttribute("sources", notice.sources());
        model.addAttribute("levels", RiskLevel.values());
        boolean own = me.enterpriseId() != null && me.enterpriseId() == enterpriseId;
        model.addAttribute("own", own);
        model.addAttribute("canPublish", own && me.can("risk:filing:submit"));
        return "risks/commitment";
    }
}
