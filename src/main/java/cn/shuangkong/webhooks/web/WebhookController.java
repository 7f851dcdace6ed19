package cn.shuangkong.webhooks.web;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.webhooks.internal.Signatures;
import cn.shuangkong.webhooks.internal.Subscriptions;
import cn.shuangkong.webhooks.internal.WebhookEvent;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 事件推送: the owner's subscriptions, a form for a new one, and each subscription's delivery log with re-send. */
@Controller
@PreAuthorize("hasAuthority('access:token:manage')")
class WebhookController {

    private final Subscriptions subscriptions;

    WebhookController(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @GetMapping("/webhooks")
    String list(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("subscriptions", subscriptions.of(me));
        model.addAttribute("eventTypes", WebhookEvent.values());
        model.addAttribute("signatureHeader", Signatures.SIGNATURE);
        model.addAttribute("timestampHeader", Signatures.TIMESTAMP);
        return "webhooks/list";
    }

    @PostMapping("/webhooks")
    String create(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String name, @RequestParam(required = false) String url,
                  @RequestParam(required = false) List<String> events, Model model) {
        // Answered with the page itself, not a redirect: the secret is shown this once and never rests in the session store.
        try {
            model.addAttribute("created", subscriptions.create(me, name, url, events));
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("form", Map.of("name", name == null ? "" : name, "url", url == null ? "" : url));
        }
        return list(me, model);
    }

    @GetMapping("/webhooks/{id}")
    String detail(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var deliveries = subscriptions.deliveries(me, id, 50);
        model.addAttribute("subscription", subscriptions.get(me, id));
        model.addAttribute("deliveries", deliveries);
        model.addAttribute("attempts", deliveries.stream().collect(Collectors.toMap(Subscriptions.Delivery::id,
                d -> subscriptions.attempts(me, d.id()))));
        return "webhooks/detail";
    }

    @PostMapping("/webhooks/{id}/resume")
    String resume(@AuthenticationPrincipal Actor me, @PathVariable long id, RedirectAttributes flash) {
        try {
            subscriptions.resume(me, id);
            flash.addFlashAttribute("message", "订阅已恢复，积压的推送将立即发送");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/webhooks/" + id;
    }

    @PostMapping("/webhooks/{id}/delete")
    String delete(@AuthenticationPrincipal Actor me, @PathVariable long id, RedirectAttributes flash) {
        subscriptions.delete(me, id);
        flash.addFlashAttribute("message", "订阅已删除");
        return "redirect:/webhooks";
    }

    @PostMapping("/webhooks/deliveries/{id}/resend")
    String resend(@AuthenticationPrincipal Actor me, @PathVariable long id, RedirectAttributes flash) {
        var delivery = subscriptions.delivery(me, id);
        try {
            subscriptions.resend(me, id);
            flash.addFlashAttribute("message", "已安排重发");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/webhooks/" + delivery.subscriptionId();
    }
}
