package cn.shuangkong.shared;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * A refusal on a page shows the friendly error page with the refusal's own Chinese words, never a stack trace; the
 * framework's refusals (format, parameters, upload size) are {@link ErrorPages}'.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageProblems {

    @ExceptionHandler(DomainException.class)
    ModelAndView domain(DomainException e, HttpServletResponse response) {
        response.setStatus(e.status().value());
        var mav = new ModelAndView("error");
        mav.addObject("status", e.status().value());
        mav.addObject("detail", e.getMessage());
        return mav;
    }

    /**
     * A record outside the caller's scope (the same page as "not found"), or a write the caller may not make on a record
     * it may see (ADR 0082): the error page, whatever the page controller expected.
     */
    @ExceptionHandler({NotInScope.class, NotPermitted.class})
    ModelAndView refused(RuntimeException e, HttpServletResponse response) {
        var fault = RequestFaults.of(e).orElseThrow();
        return domain(new DomainException(fault.status(), fault.detail(), null), response);
    }
}
