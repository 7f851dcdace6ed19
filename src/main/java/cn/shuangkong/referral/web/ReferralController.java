package cn.shuangkong.referral.web;

import cn.shuangkong.referral.Referrals;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Supplier;
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

/** 部门抄告: the department's inbox and outbox, a referral with its 治理反馈, and the form that refers an item. */
@Controller
class ReferralController {

    private final Referrals referrals;
    private final Clock clock;

    ReferralController(Referrals referrals, Clock clock) {
        this.referrals = referrals;
        this.clock = clock;
    }

    @GetMapping("/referrals")
    @PreAuthorize("hasAuthority('referral:referral:read')")
    String list(@AuthenticationPrincipal Actor me, @RequestParam(defaultValue = "IN") Referrals.Box box,
                @RequestParam(required = false) Referrals.ItemKind itemKind, @RequestParam(required = false) Long itemId, Model model) {
        model.addAttribute("box", box);
        model.addAttribute("referrals", referrals.list(me, box));
        model.addAttribute("today", LocalDate.now(clock));
        model.addAttribute("kinds", Referrals.ItemKind.values());
        model.addAttribute("departments", referrals.recipients(me, null));
        model.addAttribute("itemKind", itemKind);
        model.addAttribute("itemId", itemId);
        model.addAttribute("defaultDeadline", LocalDate.now(clock).plusDays(15));
        return "referrals/list";
    }

    @GetMapping("/referrals/{id}")
    @PreAuthorize("hasAuthority('referral:referral:read')")
    String show(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var detail = referrals.detail(me, id);
        var r = detail.referral();
        model.addAttribute("r", r);
        model.addAttribute("steps", detail.steps());
        model.addAttribute("today", LocalDate.now(clock));
        model.addAttribute("receiver", referrals.isReceiver(me, r));
        return "referrals/show";
    }

    @PostMapping("/referrals")
    @PreAuthorize("hasAuthority('referral:referral:write')")
    String refer(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Referrals.ItemKind itemKind,
                 @RequestParam(required = false) Long itemId, @RequestParam(required = false) Long toDepartmentId,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate deadline,
                 @RequestParam(required = false) String note, RedirectAttributes flash) {
        try {
            var r = referrals.refer(me, itemKind, itemId, toDepartmentId, deadline, note);
            flash.addFlashAttribute("message", "已抄告" + r.toDepartmentName() + "，反馈期限 " + r.deadline());
            return "redirect:/referrals/" + r.id();
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/referrals?box=OUT";
        }
    }

    @PostMapping("/referrals/{id}/accept")
    @PreAuthorize("hasAuthority('referral:referral:write')")
    String accept(@AuthenticationPrincipal Actor me, @PathVariable long id, RedirectAttributes flash) {
        return attempt(flash, id, () -> "已签收" + referrals.accept(me, id).itemTitle() + "，办结后请反馈处理结果");
    }

    @PostMapping("/referrals/{id}/handle")
    @PreAuthorize("hasAuthority('referral:referral:write')")
    String handle(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String answer,
                  RedirectAttributes flash) {
        return attempt(flash, id, () -> "已办结并反馈" + referrals.handle(me, id, answer).fromDepartmentName());
    }

    @PostMapping("/referrals/{id}/return")
    @PreAuthorize("hasAuthority('referral:referral:write')")
    String giveBack(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String answer,
                    RedirectAttributes flash) {
        return attempt(flash, id, () -> "已退回" + referrals.giveBack(me, id, answer).fromDepartmentName());
    }

    private static String attempt(RedirectAttributes flash, long id, Supplier<String> action) {
        try {
            flash.addFlashAttribute("message", action.get());
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/referrals/" + id;
    }
}
