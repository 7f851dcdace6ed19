package cn.shuangkong.hazard.web;

import cn.shuangkong.hazard.Notices;
import cn.shuangkong.shared.Actor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/** 消息: the signed-in person's notices. */
@Controller
class InboxController {

    private final Notices notices;

    InboxController(Notices notices) {
        this.notices = notices;
    }

    @GetMapping("/inbox")
    String inbox(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("notices", notices.inbox(me.username(), 100));
        model.addAttribute("unread", notices.unread(me.username()));
        return "hazards/inbox";
    }

    @PostMapping("/inbox/read")
    String readAll(@AuthenticationPrincipal Actor me) {
        notices.markAllRead(me.username());
        return "redirect:/inbox";
    }
}
