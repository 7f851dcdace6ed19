package cn.shuangkong.supervision.web;

import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.supervision.internal.GridPatrols;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 网格巡查 on the grid worker's phone, and the grids' figures for regulators. */
@Controller
class FieldController {

    private final GridPatrols patrols;
    private final Clock clock;

    FieldController(GridPatrols patrols, Clock clock) {
        this.patrols = patrols;
        this.clock = clock;
    }

    @GetMapping("/supervision/patrol")
    @PreAuthorize("hasAuthority('supervision:patrol:record')")
    String patrol(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("enterprises", patrols.enterprisesOfMyGrid(me));
        model.addAttribute("mine", patrols.mine(me));
        model.addAttribute("types", HazardType.values());
        return "supervision/patrol";
    }

    @PostMapping("/supervision/patrol")
    @PreAuthorize("hasAuthority('supervision:patrol:record')")
    String record(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                  @RequestParam(defaultValue = "false") boolean followUp, @RequestParam(required = false) String note,
                  @RequestParam(defaultValue = "false") boolean found, @RequestParam(required = false) String title,
                  @RequestParam(required = false) String location, @RequestParam(required = false) HazardType type,
                  RedirectAttributes flash) {
        return EnforcementController.attempt(flash, "redirect:/supervision/patrol", () -> {
            if (enterpriseId == null) throw DomainException.invalid("enterpriseId", "请选择巡查的企业");
            var p = patrols.record(me, enterpriseId, followUp, note,
                    found ? new GridPatrols.Found(title, location, type == null ? HazardType.UNSAFE_CONDITION : type) : null);
            return p.hazardId() == null ? "巡查已记录：" + p.enterpriseName() : "巡查已记录，隐患 #" + p.hazardId() + " 已推送至企业隐患台账";
        });
    }

    @GetMapping("/supervision/grids")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    String grids(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Integer year, Model model) {
        int y = year == null ? LocalDate.now(clock).getYear() : year;
        model.addAttribute("year", y);
        model.addAttribute("rows", patrols.kpis(me.jurisdiction(), y));
        return "supervision/grids";
    }
}
