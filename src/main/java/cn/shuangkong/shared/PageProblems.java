package cn.shuangkong.shared;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

/** A refusal on a page shows the friendly error page with the refusal's own Chinese words, never a stack trace. */
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

    @ExceptionHandler(NotInScope.class)
    ModelAndView notInScope(NotInScope e, HttpServletResponse response) {
        return domain(new DomainException(e.status(), e.getMessage(), null), response);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ModelAndView tooLarge(HttpServletResponse response) {
        response.setStatus(413);
        var mav = new ModelAndView("error");
        mav.addObject("status", 413);
        mav.addObject("detail", "上传的文件超过大小限制");
        return mav;
    }
}
