package cn.shuangkong.access.web;

import cn.shuangkong.access.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page what the shell shows: the signed-in account and the current path (for the active menu item). */
@ControllerAdvice(annotations = Controller.class)
class ShellAdvice {

    private final boolean demo;

    ShellAdvice(Environment env) {
        this.demo = env.acceptsProfiles(Profiles.of("demo"));
    }

    @ModelAttribute("me")
    CurrentUser me() {
        return CurrentUser.get().orElse(null);
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @ModelAttribute("demo")
    boolean demo() {
        return demo;
    }
}
