package cn.shuangkong.shared;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of an API call into an RFC 9457 problem detail with a Chinese {@code detail} and, where inputs
 * were at fault, an {@code errors} map naming each field. Nothing reaches the client as a stack trace.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(DomainException.class)
    ProblemDetail domain(DomainException e) {
        return problem(e.status(), e.getMessage(), e.fieldErrors());
    }

    @ExceptionHandler(NotInScope.class)
    ProblemDetail notInScope(NotInScope e) {
        return problem(e.status(), e.getMessage(), null);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.getBindingResult().getFieldErrors().forEach(f -> errors.putIfAbsent(f.getField(), f.getDefaultMessage()));
        e.getBindingResult().getGlobalErrors().forEach(g -> errors.putIfAbsent(g.getObjectName(), g.getDefaultMessage()));
        return problem(HttpStatus.BAD_REQUEST, "提交的数据有误：" + String.join("；", errors.values()), errors);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail violation(ConstraintViolationException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.getConstraintViolations().forEach(v -> errors.put(v.getPropertyPath().toString(), v.getMessage()));
        return problem(HttpStatus.BAD_REQUEST, "提交的数据有误", errors);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof tools.jackson.databind.DatabindException bad && !bad.getPath().isEmpty()) {
            String field = bad.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining("."));
            return problem(HttpStatus.BAD_REQUEST, "字段 " + field + " 的值类型不正确", Map.of(field, "类型不正确"));
        }
        return problem(HttpStatus.BAD_REQUEST, "请求体不是有效的 JSON，或字段类型不符", null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "参数 " + e.getName() + " 的格式不正确", Map.of(e.getName(), "格式不正确"));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "上传的文件超过大小限制", Map.of("file", "文件过大"));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrity(DataIntegrityViolationException e) {
        log.info("Refused by a database constraint: {}", e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "数据与已有记录冲突（可能重复），未保存", null);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "您没有执行此操作的权限", null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ProblemDetail method(HttpRequestMethodNotSupportedException e) {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, "不支持的请求方法 " + e.getMethod(), null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail noResource(NoResourceFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "接口不存在", null);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected failure of an API call", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "服务器内部错误，已记录，请稍后重试", null);
    }

    public static ProblemDetail problem(HttpStatus status, String detail, Map<String, String> errors) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://shuangkong.cn/problems/" + status.value()));
        p.setTitle(switch (status) {
            case BAD_REQUEST -> "请求有误";
            case NOT_FOUND -> "未找到";
            case CONFLICT -> "状态冲突";
            case FORBIDDEN -> "无权限";
            case UNAUTHORIZED -> "未认证";
            case CONTENT_TOO_LARGE -> "文件过大";
            default -> status.getReasonPhrase();
        });
        if (errors != null && !errors.isEmpty()) {
            p.setProperty("errors", errors);
        }
        return p;
    }
}
