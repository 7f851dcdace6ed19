package cn.shuangkong.access.web;

import cn.shuangkong.access.internal.LoginLog;
import cn.shuangkong.shared.PageResult;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** 登录日志 for the platform's admins: every sign-in attempt and sign-out, newest first. */
@Controller
@PreAuthorize("hasAuthority('access:user:manage')")
class LoginLogController {

    private final LoginLog log;

    LoginLogController(LoginLog log) {
        this.log = log;
    }

    @GetMapping("/admin/login-log")
    String list(@RequestParam(required = false) String username, @RequestParam(defaultValue = "false") boolean failures,
                @RequestParam(defaultValue = "1") int page, Model model) {
        model.addAttribute("result", log.search(username, failures, new PageResult.Request(page, 50)));
        model.addAttribute("username", username);
        model.addAttribute("failures", failures);
        return "account/login-log";
    }
}
