package cn.shuangkong.risk.web;

import cn.shuangkong.risk.RiskFilings;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
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

/** 备案 pages: the enterprise's filing status and signing, the regulators' list of filings, a frozen snapshot. */
@Controller
class RiskFilingController {

    private final RiskFilings filings;

    RiskFilingController(RiskFilings filings) {
        this.filings = filings;
    }

    @GetMapping("/risks/filing")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String own(@AuthenticationPrincipal Actor me, Model model) {
        if (me.enterpriseId() == null) return "redirect:/risks/filings";
        model.addAttribute("standing", filings.standing(me.jurisdiction(), me.enterpriseId()));
        model.addAttribute("filings", filings.list(me.jurisdiction(), me.enterpriseId()));
        model.addAttribute("canSubmit", me.can("risk:filing:submit"));
        return "risks/filing";
    }

    @PostMapping("/risks/filing")
    @PreAuthorize("hasAuthority('risk:filing:submit')")
    String submit(@AuthenticationPrincipal Actor me, RedirectAttributes flash) {
        if (me.enterpriseId() == null) throw new DomainException(HttpStatus.FORBIDDEN, "只有企业主要负责人可以签署备案", null);
        try {
            var f = filings.submit(me, me.enterpriseId());
            flash.addFlashAttribute("message", "已签署并提交第 " + f.version() + " 次备案");
        } catch (DomainException ex) {
            flash.addFlashAttribute("error", ex.getMessage());
        }
        return "redirect:/risks/filing";
    }

    @GetMapping("/risks/filings")
    @PreAuthorize("hasAuthority('risk:filing:review')")
    String list(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("filings", filings.list(me.jurisdiction(), null));
        return "risks/filings";
    }

    @GetMapping("/risks/filings/{id}")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String snapshot(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        model.addAttribute("f", filings.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("备案")));
        model.addAttribute("points", filings.pointsOf(me.jurisdiction(), id));
        model.addAttribute("levels", RiskLevel.values());
        model.addAttribute("canReturn", me.can("risk:filing:review"));
        return "risks/filing-snapshot";
    }

    @PostMapping("/risks/filings/{id}/return")
    @PreAuthorize("hasAuthority('risk:filing:review')")
    String giveBack(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String comment,
                    RedirectAttributes flash) {
        try {
            filings.giveBack(me, id, comment);
            flash.addFlashAttribute("message", "已退回备案");
        } catch (DomainException ex) {
            flash.addFlashAttribute("error", ex.getMessage());
        }
        return "redirect:/risks/filings/" + id;
    }
}
