package cn.shuangkong.alerting.web;

import cn.shuangkong.alerting.internal.AlertEngine;
import cn.shuangkong.alerting.internal.AlertRules;
import cn.shuangkong.alerting.internal.Alerts;
import cn.shuangkong.alerting.internal.OperationEvaluation;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import java.math.BigDecimal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 预警中心 (list, detail with evidence and timeline, 确认/处理/关闭), 预警规则 for admins, and 运行效果评估. */
@Controller
class AlertController {

    private final Alerts alerts;
    private final AlertRules rules;
    private final AlertEngine engine;
    private final OperationEvaluation evaluation;

    AlertController(Alerts alerts, AlertRules rules, AlertEngine engine, OperationEvaluation evaluation) {
        this.alerts = alerts;
        this.rules = rules;
        this.engine = engine;
        this.evaluation = evaluation;
    }

    @GetMapping("/alerts")
    @PreAuthorize("hasAuthority('alerting:alert:read')")
    String list(@AuthenticationPrincipal Actor me, @RequestParam(defaultValue = "open") String status,
                @RequestParam(required = false) String rule, @RequestParam(required = false) String category,
                @RequestParam(required = false) String q, @RequestParam(defaultValue = "1") int page, Model model) {
        Boolean open = switch (status) {
            case "closed" -> false;
            case "all" -> null;
            default -> true;
        };
        var query = new Alerts.Query(open, rule, category, null, q);
        model.addAttribute("result", alerts.search(me.jurisdiction(), query, new PageResult.Request(page, 20)));
        model.addAttribute("status", status);
        model.addAttribute("rule", rule);
        model.addAttribute("category", category);
        model.addAttribute("q", q);
        model.addAttribute("rules", rules.all());
        model.addAttribute("openByRule", alerts.openByRule(me.jurisdiction()));
        return "alerts/list";
    }

    @GetMapping("/alerts/{id}")
    @PreAuthorize("hasAuthority('alerting:alert:read')")
    String detail(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var detail = alerts.open(me, id);
        model.addAttribute("alert", detail.alert());
        model.addAttribute("timeline", detail.timeline());
        return "alerts/detail";
    }

    @PostMapping("/alerts/{id}/acknowledge")
    @PreAuthorize("hasAuthority('alerting:alert:handle')")
    String acknowledge(@AuthenticationPrincipal Actor me, @PathVariable long id, RedirectAttributes flash) {
        return step(id, flash, "已确认", () -> alerts.acknowledge(me, id));
    }

    @PostMapping("/alerts/{id}/handle")
    @PreAuthorize("hasAuthority('alerting:alert:handle')")
    String handle(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String note,
                  RedirectAttributes flash) {
        return step(id, flash, "处理情况已记录", () -> alerts.handle(me, id, note));
    }

    @PostMapping("/alerts/{id}/close")
    @PreAuthorize("hasAuthority('alerting:alert:close')")
    String close(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String note,
                 RedirectAttributes flash) {
        return step(id, flash, "预警已关闭", () -> alerts.close(me, id, note));
    }

    private String step(long id, RedirectAttributes flash, String done, Runnable action) {
        try {
            action.run();
            flash.addFlashAttribute("message", done);
        } catch (DomainException e) {
            if (e.status().value() == 404) throw e;
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/alerts/" + id;
    }

    @PostMapping("/alerts/run")
    @PreAuthorize("hasAuthority('alerting:rule:run')")
    String run(RedirectAttributes flash) {
        var run = engine.runAll();
        flash.addFlashAttribute("message", "已运行全部启用的预警规则：发现 " + run.found() + " 项，新增预警 " + run.raised() + " 条（已有的未重复生成），自动解除 " + run.resolved() + " 条");
        return "redirect:/alerts";
    }

    @GetMapping("/alerts/rules")
    @PreAuthorize("hasAuthority('alerting:alert:read')")
    String rules(Model model) {
        model.addAttribute("rules", rules.all());
        return "alerts/rules";
    }

    @PostMapping("/alerts/rules/{code}")
    @PreAuthorize("hasAuthority('alerting:rule:manage')")
    String configure(@AuthenticationPrincipal Actor me, @PathVariable String code, @RequestParam(defaultValue = "false") boolean enabled,
                     @RequestParam(required = false) String threshold, @RequestParam(required = false) String windowValue,
                     RedirectAttributes flash) {
        try {
            BigDecimal th = threshold == null || threshold.isBlank() ? null : new BigDecimal(threshold.strip());
            Integer w = windowValue == null || windowValue.isBlank() ? null : Integer.valueOf(windowValue.strip());
            var r = rules.configure(me, code, enabled, th, w);
            flash.addFlashAttribute("message", "已保存「" + r.name() + "」");
        } catch (NumberFormatException e) {
            flash.addFlashAttribute("error", "阈值和统计期间须为数字");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/alerts/rules";
    }

    @GetMapping("/evaluation")
    @PreAuthorize("hasAuthority('alerting:evaluation:read')")
    String evaluation(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("enterprises", evaluation.enterprises(me.jurisdiction()));
        model.addAttribute("guarantors", evaluation.guarantors(me.jurisdiction()));
        model.addAttribute("dutyTasks", evaluation.dutyTasks(me.jurisdiction()));
        model.addAttribute("settings", evaluation.settings());
        return "alerts/evaluation";
    }
}
