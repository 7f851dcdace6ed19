package cn.shuangkong.quality.web;

import cn.shuangkong.quality.internal.QualityChecks;
import cn.shuangkong.quality.internal.QualityRules;
import cn.shuangkong.quality.QualityScores;
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

/** 数据质量 pages: an enterprise's findings with its score and fix hints; regulators' ranking by town; the rules. */
@Controller
class QualityController {

    private final QualityScores scores;
    private final QualityChecks checks;
    private final QualityRules rules;

    QualityController(QualityScores scores, QualityChecks checks, QualityRules rules) {
        this.scores = scores;
        this.checks = checks;
        this.rules = rules;
    }

    /** An enterprise account goes straight to its own findings; regulators see their towns, or one town's enterprises. */
    @GetMapping("/quality")
    @PreAuthorize("hasAuthority('quality:finding:read')")
    String index(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String region, Model model) {
        if (me.enterpriseId() != null) return "redirect:/quality/enterprises/" + me.enterpriseId();
        var towns = scores.ranking(me.jurisdiction(), region == null || region.isBlank() ? null : region);
        if (region != null && !region.isBlank() && towns.isEmpty()) throw DomainException.notFound("区域");
        model.addAttribute("towns", towns);
        model.addAttribute("town", region == null || region.isBlank() ? null : towns.get(0));
        return "quality/ranking";
    }

    @GetMapping("/quality/enterprises/{id}")
    @PreAuthorize("hasAuthority('quality:finding:read')")
    String enterprise(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var score = scores.of(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("企业"));
        var findings = scores.findings(me.jurisdiction(), id, false);
        model.addAttribute("score", score);
        model.addAttribute("findings", findings);
        model.addAttribute("byRule", findings.stream().collect(java.util.stream.Collectors.groupingBy(
                QualityScores.Finding::ruleCode, java.util.LinkedHashMap::new, java.util.stream.Collectors.toList())));
        model.addAttribute("resolved", scores.findings(me.jurisdiction(), id, true));
        model.addAttribute("rules", rules.all());
        return "quality/enterprise";
    }

    @PostMapping("/quality/enterprises/{id}/check")
    @PreAuthorize("hasAuthority('quality:finding:read')")
    String check(@AuthenticationPrincipal Actor me, @PathVariable long id, RedirectAttributes flash) {
        var outcome = checks.check(me, id);
        flash.addFlashAttribute("message", "检查完成：得分 " + outcome.score() + "，新增 " + outcome.opened() + " 项、解除 "
                + outcome.resolved() + " 项");
        return "redirect:/quality/enterprises/" + id;
    }

    @GetMapping("/quality/rules")
    @PreAuthorize("hasAuthority('quality:finding:read')")
    String rules(Model model) {
        model.addAttribute("rules", rules.all());
        return "quality/rules";
    }
}
