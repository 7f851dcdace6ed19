package cn.shuangkong.shared;

import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns every failure of an API call into an RFC 9457 problem detail with a Chinese {@code detail} and, where inputs
 * were at fault, an {@code errors} map naming each field ({@link RequestFaults} says which). Nothing reaches the
 * client as a stack trace; only a failure that is not the request's fault is logged, as the 500 it is.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    private final tools.jackson.databind.json.JsonMapper json;

    ApiProblems(tools.jackson.databind.json.JsonMapper json) {
        this.json = json;
    }

    /**
     * Written by {@link ErrorPages} rather than negotiated: a request whose Accept header is malformed or asks for XML
     * still gets its problem, as application/problem+json.
     */
    @ExceptionHandler(Exception.class)
    org.springframework.web.servlet.ModelAndView failed(Exception e, jakarta.servlet.http.HttpServletRequest request,
                                                        jakarta.servlet.http.HttpServletResponse response) {
        var fault = RequestFaults.of(e, request).orElse(null);
        if (fault == null) {
            log.error("Unexpected failure of an API call", e);
            fault = new RequestFaults.Fault(HttpStatus.INTERNAL_SERVER_ERROR, RequestFaults.generic(500), null);
        } else if (e instanceof org.springframework.dao.DataIntegrityViolationException d) {
            log.info("Refused by a database constraint: {}", d.getMostSpecificCause().getMessage());
        }
        if (e instanceof org.springframework.web.ErrorResponse r) { // Allow, Accept-Post …
            r.getHeaders().forEach((k, values) -> values.forEach(v -> response.addHeader(k, v)));
        }
        return ErrorPages.answer(json, true, fault, request.getRequestURI());
    }

    public static ProblemDetail problem(HttpStatus status, String detail, Map<String, String> errors) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://shuangkong.cn/problems/" + status.value()));
        p.setTitle(RequestFaults.title(status.value()));
        if (errors != null && !errors.isEmpty()) {
            p.setProperty("errors", errors);
        }
        return p;
    }

    /** The same problem as a plain map, for writers that serialise it themselves (filters, the error controller). */
    public static Map<String, Object> asMap(ProblemDetail p, String instance) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("type", String.valueOf(p.getType()));
        m.put("title", p.getTitle());
        m.put("status", p.getStatus());
        m.put("detail", p.getDetail());
        if (instance != null) m.put("instance", instance);
        if (p.getProperties() != null) m.putAll(p.getProperties());
        return m;
    }
}
