package cn.shuangkong.exchange.web;

import cn.shuangkong.exchange.internal.ExchangeStatus;
import cn.shuangkong.exchange.internal.Senders;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 数据上报 pages: an enterprise's own upload, a regulator's enterprises, and on a receiving platform its senders. */
@Controller
class ExchangeController {

    private final ExchangeStatus status;
    private final Senders senders;

    ExchangeController(ExchangeStatus status, Senders senders) {
        this.status = status;
        this.senders = senders;
    }

    @GetMapping("/exchange")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String index(@AuthenticationPrincipal Actor me, Model model) {
        if (me.enterpriseId() != null) return "redirect:/exchange/enterprises/" + me.enterpriseId();
        model.addAttribute("summaries", status.summaries(me));
        model.addAttribute("received", me.can("risk:major:read") ? status.received(me) : java.util.List.of());
        model.addAttribute("senders", me.can("access:user:manage") ? senders.list(me) : java.util.List.of());
        return "exchange/index";
    }

    @GetMapping("/exchange/enterprises/{id}")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String enterprise(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String status,
                      Model model) {
        model.addAttribute("enterprise", this.status.enterprise(me, id));
        model.addAttribute("summary", this.status.summaries(me).stream().filter(s -> s.enterpriseId() == id).findFirst().orElse(null));
        model.addAttribute("rows", this.status.records(me, id, status));
        model.addAttribute("status", status);
        model.addAttribute("labels", ExchangeStatus.STATUS_LABELS);
        return "exchange/enterprise";
    }

    @PostMapping("/exchange/enterprises/{id}/check")
    @PreAuthorize("hasAnyAuthority('risk:register:write', 'risk:major:read')")
    String check(@AuthenticationPrincipal Actor me, @PathVariable long id, RedirectAttributes flash) {
        flash.addFlashAttribute("message", "核对完成：" + status.check(me, id) + " 条记录待上报");
        return "redirect:/exchange/enterprises/" + id;
    }

    @PostMapping("/exchange/enterprises/{id}/resend")
    @PreAuthorize("hasAnyAuthority('risk:register:write', 'risk:major:read')")
    String resend(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String uuid,
                  RedirectAttributes flash) {
        flash.addFlashAttribute("message", status.resend(me, id, uuid) + " 条记录已重新排队上报");
        return "redirect:/exchange/enterprises/" + id;
    }

    @PostMapping("/exchange/enterprises/{id}/reconcile")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String reconcile(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        try {
            model.addAttribute("reconciliation", status.reconcile(me, id));
        } catch (DomainException e) {
            if (e.status().is4xxClientError() && e.status().value() == 409) model.addAttribute("reconcileError", e.getMessage());
            else throw e;
        }
        return enterprise(me, id, null, model);
    }

    @PostMapping("/exchange/senders")
    @PreAuthorize("hasAuthority('access:user:manage')")
    String register(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String name,
                    @RequestParam(required = false) String regionCode, RedirectAttributes flash) {
        var issued = senders.register(me, name, regionCode);
        flash.addFlashAttribute("issued", issued);
        return "redirect:/exchange";
    }

    @PostMapping("/exchange/senders/{id}/revoke")
    @PreAuthorize("hasAuthority('access:user:manage')")
    String revoke(@AuthenticationPrincipal Actor me, @PathVariable long id, RedirectAttributes flash) {
        try {
            senders.revoke(me, id);
            flash.addFlashAttribute("message", "上报方密钥已停用");
        } catch (DomainException e) {
            if (e.status().value() != 409) throw e;
            flash.addFlashAttribute("error", e.getMessage()); // stopped already: nothing was done, and the page says so
        }
        return "redirect:/exchange";
    }
}
