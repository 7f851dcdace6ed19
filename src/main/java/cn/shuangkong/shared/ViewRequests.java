package cn.shuangkong.shared;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Whether a request is answered by a rendered page. {@code @ControllerAdvice(annotations = Controller.class)} also
 * matches every {@code @RestController} (it is a {@code @Controller}); model attributes that cost a query (unread
 * counts for the side menu) ask this first, so that an API call does not pay for a menu it never shows.
 */
public final class ViewRequests {

    private ViewRequests() {
    }

    public static boolean rendersView(HttpServletRequest request) {
        if (!(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler)) {
            return true;
        }
        return !handler.hasMethodAnnotation(ResponseBody.class)
                && !AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class);
    }
}
