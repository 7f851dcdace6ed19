package cn.shuangkong.supervision.web;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.supervision.internal.Credit;
import cn.shuangkong.supervision.EnforcementInspections;
import cn.shuangkong.supervision.internal.EnterpriseRatings;
import cn.shuangkong.supervision.internal.EnterpriseSupervision;
import cn.shuangkong.supervision.internal.RatingLevel;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 企业整体风险等级: the list by level and the enterprise's supervision page that explains its rating. */
@Controller
class RatingController {

    private final EnterpriseRatings ratings;
    private final EnterpriseSupervision supervision;
    private final EnforcementInspections inspections;
    private final Credit credit;
    private final Clock clock;

    RatingController(EnterpriseRatings ratings, EnterpriseSupervision supervision, EnforcementInspections inspections,
                     Credit credit, Clock clock) {
        this.ratings = ratings;
        this.supervision = supervision;
        this.inspections = inspections;
        this.credit = credit;
        this.clock = clock;
    }

    @GetMapping("/supervision/ratings")
    @PreAuthorize("hasAuthority('supervision:rating:read')")
    String list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) RatingLevel level, Model model) {
        if (me.enterpriseId() != null) return "redirect:/supervision/enterprises/" + me.enterpriseId();
        model.addAttribute("rows", ratings.list(me.jurisdiction(), level));
        var counts = ratings.counts(me.jurisdiction());
        model.addAttribute("counts", counts);
        model.addAttribute("total", counts.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("levels", RatingLevel.values());
        model.addAttribute("level", level);
        model.addAttribute("bands", ratings.formula().bandTexts());
        return "supervision/ratings";
    }

    @PostMapping("/supervision/ratings/recompute")
    @PreAuthorize("hasAuthority('supervision:plan:manage')")
    String recompute(RedirectAttributes flash) {
        int n = ratings.recomputeAll("手动重新计算");
        flash.addFlashAttribute("message", "已重新计算 " + n + " 家企业的风险等级");
        return "redirect:/supervision/ratings";
    }

    @GetMapping("/supervision/enterprises/{id}")
    @PreAuthorize("hasAuthority('supervision:rating:read')")
    String enterprise(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        int year = LocalDate.now(clock).getYear();
        var page = supervision.of(me, id, year);
        model.addAttribute("e", page.enterprise());
        model.addAttribute("rating", page.rating());
        model.addAttribute("history", page.history());
        model.addAttribute("bands", ratings.formula().bandTexts());
        model.addAttribute("levels", RatingLevel.values());
        boolean regulator = me.can("supervision:enforcement:read");
        model.addAttribute("regulator", regulator);
        if (regulator) {
            model.addAttribute("year", year);
            model.addAttribute("planned", page.planned());
            model.addAttribute("patrols", page.patrols());
        }
        model.addAttribute("inspections", inspections.list(me.jurisdiction(), id));
        model.addAttribute("blacklist", page.blacklist());
        model.addAttribute("records", credit.records(me.jurisdiction(), id));
        model.addAttribute("today", LocalDate.now(clock));
        return "supervision/enterprise";
    }
}
