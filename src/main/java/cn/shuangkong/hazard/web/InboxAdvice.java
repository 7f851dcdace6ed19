package cn.shuangkong.hazard.web;

import cn.shuangkong.hazard.Notices;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.ViewRequests;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in person's unread notice count on every page (not on API answers), for the 消息 link in the side menu. */
@ControllerAdvice(annotations = Controller.class)
class InboxAdvice {

    private final Notices notices;

    InboxAdvice(Notices notices) {
        this.notices = notices;
    }

    @ModelAttribute("unreadNotices")
    Long unreadNotices(@AuthenticationPrincipal Actor me, HttpServletRequest request) {
        return me == null || !ViewRequests.rendersView(request) ? null : notices.unread(me.username());
    }
}
