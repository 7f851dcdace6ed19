package cn.shuangkong.access.web;

import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.access.internal.SecondFactors;
import cn.shuangkong.shared.DomainException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 我的账号 → 双因素认证: bind an authenticator app (scan, type its first code), see the recovery codes once, turn it off. */
@Controller
class SecondFactorController {

    private final SecondFactors factors;

    SecondFactorController(SecondFactors factors) {
        this.factors = factors;
    }

    @GetMapping("/account/second-factor")
    String page(@AuthenticationPrincipal CurrentUser me, Model model) {
        boolean enabled = factors.enabled(me.id());
        model.addAttribute("enabled", enabled);
        model.addAttribute("required", factors.required(me.kind().name()));
        if (enabled) {
            model.addAttribute("left", factors.recoveryCodesLeft(me));
        } else if (!model.containsAttribute("enrolment")) {
            factors.pending(me).ifPresent(e -> model.addAttribute("enrolment", e));
        }
        return "account/second-factor";
    }

    @PostMapping("/account/second-factor/begin")
    String begin(@AuthenticationPrincipal CurrentUser me, Model model) {
        // answered with the page, not a redirect: the secret is not put into the flash store
        try {
            model.addAttribute("enrolment", factors.begin(me));
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page(me, model);
    }

    @PostMapping("/account/second-factor/confirm")
    String confirm(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String code, Model model) {
        try {
            // the recovery codes are shown this once, on this answer
            model.addAttribute("recoveryCodes", factors.confirm(me, code));
            model.addAttribute("message", "双因素认证已启用：下次登录时，输入密码后还需输入身份验证器上的动态验证码");
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page(me, model);
    }

    @PostMapping("/account/second-factor/disable")
    String disable(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String code, RedirectAttributes flash) {
        try {
            factors.disable(me, code);
            flash.addFlashAttribute("message", "双因素认证已关闭，恢复码已作废");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/account/second-factor";
    }
}
