package cn.shuangkong.shared;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives every page the platform's {@code today}, {@code platformNow} and {@code platformZone}, so that a template never asks the JVM's own
 * clock ({@code #temporals.createToday()}): a page marks a date overdue exactly when the services do.
 */
@ControllerAdvice(annotations = Controller.class)
class PlatformTimeModel {

    private final Clock clock;

    PlatformTimeModel(Clock clock) {
        this.clock = clock;
    }

    @ModelAttribute("today")
    LocalDate today() {
        return LocalDate.now(clock);
    }

    /** The zone pages draw times in (time.js), so that a chart and a clock agree with the server's text. */
    @ModelAttribute("platformZone")
    String platformZone() {
        return clock.getZone().getId();
    }

    @ModelAttribute("platformNow")
    Instant platformNow() {
        return clock.instant();
    }
}
