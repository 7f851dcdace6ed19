package cn.shuangkong.risk.web;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.risk.internal.RiskTerms;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * What the register's pages share: the words their forms and filters choose from, and the rule that a page building a
 * register works on the user's own enterprise.
 */
@ControllerAdvice(assignableTypes = {RiskController.class, RiskTemplateController.class, RiskOverviewController.class})
class RiskPages {

    @ModelAttribute
    void vocabulary(Model model) {
        model.addAttribute("levels", RiskLevel.values());
        model.addAttribute("kinds", RiskTerms.PointKind.values());
        model.addAttribute("measureTypes", RiskTerms.MeasureType.values());
        model.addAttribute("cycleUnits", RiskTerms.CycleUnit.values());
        model.addAttribute("tiers", OrgStructure.Tier.values());
    }

    /** Pages that build a register work on the user's own enterprise; others use the API with an enterprise id. */
    static long ownEnterprise(Actor me) {
        if (me.enterpriseId() == null) {
            throw new DomainException(org.springframework.http.HttpStatus.FORBIDDEN, "只有企业用户可以在此维护本企业的风险清单", null);
        }
        return me.enterpriseId();
    }
}
