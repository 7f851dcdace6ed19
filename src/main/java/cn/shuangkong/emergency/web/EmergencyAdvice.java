package cn.shuangkong.emergency.web;

import cn.shuangkong.emergency.EmergencyReminders;
import cn.shuangkong.shared.Actor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in person's unread emergency reminders on every page, for the 应急提醒 link in the side menu. */
@ControllerAdvice(annotations = Controller.class)
class EmergencyAdvice {

    private final EmergencyReminders reminders;

    EmergencyAdvice(EmergencyReminders reminders) {
        this.reminders = reminders;
    }

    @ModelAttribute("unreadEmergency")
    Long unreadEmergency(@AuthenticationPrincipal Actor me) {
        return me == null || !me.can("emergency:register:read") ? null : reminders.unread(me.username());
    }
}
