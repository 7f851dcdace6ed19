package cn.shuangkong.audit.web;

import cn.shuangkong.audit.internal.AuditAnchors;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.audit.AuditTrail;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.PageResult;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** 审计日志: browse within one's jurisdiction; platform admins also verify the hash chain. */
@Controller
class AuditController {

    private final AuditTrail trail;
    private final AuditAnchors anchors;

    AuditController(AuditTrail trail, AuditAnchors anchors) {
        this.trail = trail;
        this.anchors = anchors;
    }

    @GetMapping("/audit")
    @PreAuthorize("hasAuthority('audit:log:read')")
    String list(Authentication auth, @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(defaultValue = "1") int page, Model model) {
        var query = new AuditTrail.Query(actor, action, null,
                from == null ? null : from.atStartOfDay(PlatformTime.zone()).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(PlatformTime.zone()).toInstant());
        model.addAttribute("result", trail.search(Actor.scopeOf(auth), query, new PageResult.Request(page, 30)));
        model.addAttribute("actor", actor);
        model.addAttribute("action", action);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        return "audit/list";
    }

    @PostMapping("/audit/verify")
    @PreAuthorize("hasAuthority('audit:chain:verify')")
    String verify(Model model, Authentication auth) {
        model.addAttribute("verification", trail.verify());
        model.addAttribute("result", trail.search(Actor.scopeOf(auth), new AuditTrail.Query(null, null, null, null, null), new PageResult.Request(1, 30)));
        return "audit/list";
    }

    /** 立即锚定: the page shows the anchor written, or why the chain was not anchored. */
    @PostMapping("/audit/checkpoint")
    @PreAuthorize("hasAuthority('audit:chain:verify')")
    String checkpoint(Model model, Authentication auth) {
        model.addAttribute("checkpoint", anchors.checkpoint());
        model.addAttribute("result", trail.search(Actor.scopeOf(auth), new AuditTrail.Query(null, null, null, null, null), new PageResult.Request(1, 30)));
        return "audit/list";
    }
}
