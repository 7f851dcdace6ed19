package cn.shuangkong.alerting.web;

import cn.shuangkong.alerting.internal.Alerts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.ViewRequests;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in person's unread open alerts on every page (not on API answers), for the 预警中心 link in the side menu. */
@ControllerAdvice(annotations = Controller.class)
class AlertAdvice {

    private final Alerts alerts;

    AlertAdvice(Alerts alerts) {
        this.alerts = alerts;
    }

    @ModelAttribute("unreadAlerts")
    Long unreadAlerts(@AuthenticationPrincipal Actor me, HttpServletRequest request) {
        return me == null || !ViewRequests.rendersView(request) || !me.can("alerting:alert:read") ? null : alerts.unread(me.username());
    }
}
