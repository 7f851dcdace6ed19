package cn.shuangkong.access.web;

import cn.shuangkong.access.internal.SecondStepLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login's second step for an account with 双因素认证: the code from the authenticator app, or a recovery code. */
@Controller
class LoginCodeController {

    private final SecondStepLogin secondStep;

    LoginCodeController(SecondStepLogin secondStep) {
        this.secondStep = secondStep;
    }

    @GetMapping("/login/code")
    String form(HttpServletRequest request) {
        return secondStep.pending(request) ? "login-code" : "redirect:/login?error=codeExpired";
    }

    @PostMapping("/login/code")
    String submit(@RequestParam(required = false) String code, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            return secondStep.complete(code, request, response).isPresent() ? "redirect:/" : "redirect:/login?error=codeExpired";
        } catch (LockedException e) {
            return "redirect:/login?error=locked";
        } catch (DisabledException e) {
            return "redirect:/login?error=disabled";
        } catch (AuthenticationException e) {
            model.addAttribute("error", e.getMessage());
            return "login-code";
        }
    }
}
