package cn.shuangkong.supervision.web;

import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.supervision.internal.Credit;
import java.time.Clock;
import java.time.LocalDate;
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

/** 信用监管: the 黑名单 with its proposals and approvals, and the 约谈 / 通报 records. */
@Controller
class CreditController {

    private final Credit credit;
    private final Enterprises enterprises;
    private final Clock clock;

    CreditController(Credit credit, Enterprises enterprises, Clock clock) {
        this.credit = credit;
        this.enterprises = enterprises;
        this.clock = clock;
    }

    @GetMapping("/supervision/credit")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    String page(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("entries", credit.entries(me.jurisdiction()));
        model.addAttribute("records", credit.records(me.jurisdiction(), null));
        model.addAttribute("enterprises", enterprises.search(me.jurisdiction(), new Enterprises.Query(null, null, null, null, null),
                new PageResult.Request(1, 200)).items());
        model.addAttribute("kinds", Credit.RecordKind.values());
        model.addAttribute("today", LocalDate.now(clock));
        return "supervision/credit";
    }

    @PostMapping("/supervision/blacklist")
    @PreAuthorize("hasAuthority('supervision:credit:write')")
    String propose(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                   @RequestParam(required = false) String reason, @RequestParam(required = false) String back, RedirectAttributes flash) {
        return EnforcementController.attempt(flash, redirect(back), () -> {
            if (enterpriseId == null) throw DomainException.invalid("enterpriseId", "请选择企业");
            return "已提请将 " + credit.propose(me, enterpriseId, reason).enterpriseName() + " 列入黑名单，待另一名人员审批";
        });
    }

    @PostMapping("/supervision/blacklist/{id}/decision")
    @PreAuthorize("hasAuthority('supervision:credit:approve')")
    String decide(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(defaultValue = "false") boolean approve,
                  @RequestParam(required = false) String note, @RequestParam(required = false) String back, RedirectAttributes flash) {
        return EnforcementController.attempt(flash, redirect(back), () -> {
            var e = credit.decide(me, id, approve, note);
            return approve ? e.enterpriseName() + " 已列入黑名单（" + e.startDate() + " 至 " + e.endDate() + "）" : "已不同意该提请";
        });
    }

    @PostMapping("/supervision/blacklist/{id}/removal")
    @PreAuthorize("hasAuthority('supervision:credit:write')")
    String proposeRemoval(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String reason,
                          RedirectAttributes flash) {
        return EnforcementController.attempt(flash, "redirect:/supervision/credit",
                () -> "已提请将 " + credit.proposeRemoval(me, id, reason).enterpriseName() + " 移出黑名单，待另一名人员审批");
    }

    @PostMapping("/supervision/blacklist/{id}/removal/decision")
    @PreAuthorize("hasAuthority('supervision:credit:approve')")
    String decideRemoval(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(defaultValue = "false") boolean approve,
                         @RequestParam(required = false) String note, RedirectAttributes flash) {
        return EnforcementController.attempt(flash, "redirect:/supervision/credit", () -> {
            var e = credit.decideRemoval(me, id, approve, note);
            return approve ? e.enterpriseName() + " 已移出黑名单" : "已不同意移出，" + e.enterpriseName() + " 仍在黑名单中";
        });
    }

    @PostMapping("/supervision/records")
    @PreAuthorize("hasAuthority('supervision:credit:write')")
    String record(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                  @RequestParam(required = false) Credit.RecordKind kind,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate heldOn,
                  @RequestParam(required = false) String subject, @RequestParam(required = false) String content,
                  @RequestParam(required = false) String back, RedirectAttributes flash) {
        return EnforcementController.attempt(flash, redirect(back), () -> {
            if (enterpriseId == null) throw DomainException.invalid("enterpriseId", "请选择企业");
            var r = credit.record(me, enterpriseId, kind, heldOn, subject, content);
            return "已记录" + r.kind().label + "：" + r.enterpriseName();
        });
    }

    /** Back to the enterprise page a form was posted from, or to the credit page; never to another site. */
    private static String redirect(String back) {
        return back != null && back.matches("/supervision/enterprises/\\d+") ? "redirect:" + back : "redirect:/supervision/credit";
    }
}
