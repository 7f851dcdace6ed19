package cn.shuangkong.shared;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error a person or a client system can reach ends here in Chinese: the API answers an RFC 9457 problem, a page
 * the platform's own error page. Two doors lead in: {@link Resolver} for what fails inside Spring MVC (a request the
 * framework refuses before or around a handler: its format, parameters, multipart, method, an unknown address), and
 * the {@code /error} controller for what the servlet container itself refuses or a {@code sendError} that bypassed MVC.
 */
@Controller
class ErrorPages implements ErrorController {

    private final JsonMapper json;

    ErrorPages(JsonMapper json) {
        this.json = json;
    }

    @RequestMapping("/error")
    ModelAndView error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 500;
        RequestFaults.Fault fault = null;
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable e) fault = RequestFaults.of(e, request).orElse(null);
        if (fault == null || fault.status().value() != status) {
            fault = new RequestFaults.Fault(HttpStatus.valueOf(status), RequestFaults.generic(status), null);
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return answer(json, api(request, uri == null ? request.getRequestURI() : uri.toString(), null), fault,
                uri == null ? null : uri.toString());
    }

    /** An API address, or a handler that answers data rather than a page: the caller is a program and reads JSON. */
    private static boolean api(HttpServletRequest request, String uri, Object handler) {
        if (uri.startsWith(request.getContextPath() + "/api/")) return true;
        return handler instanceof HandlerMethod h && AnnotatedElementUtils.hasAnnotation(h.getBeanType(), ResponseBody.class);
    }

    static ModelAndView answer(JsonMapper json, boolean api, RequestFaults.Fault fault, String instance) {
        int status = fault.status().value();
        if (api) {
            var problem = ApiProblems.asMap(ApiProblems.problem(fault.status(), fault.detail(), fault.errors()), instance);
            var mav = new ModelAndView((model, request, response) -> {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.getOutputStream().write(json.writeValueAsBytes(problem));
            });
            mav.setStatus(fault.status());
            return mav;
        }
        var mav = new ModelAndView("error", Map.of("status", status, "detail", status >= 500 ? "" : fault.detail()));
        mav.setStatus(fault.status());
        return mav;
    }

    /**
     * First of all resolvers: a handler that failed after it had begun its own answer — a spreadsheet streamed to the
     * response, its output stream taken — left that answer half-begun. Spring clears its type, attachment name and
     * buffer, but not the taken stream, so the error page could not be written (a 500 instead of the 400 it is).
     * Nothing has been sent yet, so the answer starts over. Headers the error answer needs are not lost: the security
     * headers and the session cookie are written when the answer is committed, after this.
     */
    static final class StartOver implements HandlerExceptionResolver {
        @Override
        public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
            if (!response.isCommitted()) response.reset();
            return null;
        }
    }

    /**
     * Framework refusals of a request (after the controller advices had their turn): translated by {@link RequestFaults}
     * instead of the framework's English {@code sendError}. Refusals of the security layer are left to its filters (a
     * login page for a visitor), and what is not the request's fault to the container (logged as the 500 it is).
     */
    static final class Resolver implements HandlerExceptionResolver {
        private final JsonMapper json;

        Resolver(JsonMapper json) {
            this.json = json;
        }

        @Override
        public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
            if (e instanceof AccessDeniedException || e instanceof AuthenticationException || response.isCommitted()) return null;
            var fault = RequestFaults.of(e, request).orElse(null);
            if (fault == null) return null;
            if (e instanceof ErrorResponse r) r.getHeaders().forEach((k, values) -> values.forEach(v -> response.addHeader(k, v)));
            return answer(json, api(request, request.getRequestURI(), handler), fault, request.getRequestURI());
        }
    }
}
