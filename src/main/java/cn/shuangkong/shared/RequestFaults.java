package cn.shuangkong.shared;

import jakarta.validation.ConstraintViolationException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * What a request did wrong, in the words the caller reads: every failure that is the request's fault (its format, its
 * parameters, its values, a refusal of the domain or of a database constraint) becomes a 4xx with a Chinese detail and,
 * where fields are at fault, an errors map by field. One translation for the API's problem details and the pages' error
 * page, so that the two never disagree. Anything not recognised here is a fault of the platform: a 500, logged.
 */
public final class RequestFaults {

    public record Fault(HttpStatus status, String detail, Map<String, String> errors) { }

    private RequestFaults() {
    }

    public static Optional<Fault> of(Throwable e) {
        return Optional.ofNullable(translate(e, null));
    }

    /**
     * As {@link #of(Throwable)}, and a body declared as a wildcard ({@code application/*}, {@code *}{@code /*}): Spring
     * cannot read one and fails with a bare IllegalArgumentException while reading the headers, so only the request's
     * own header tells that refusal apart from a real failure (it answered 500).
     */
    public static Optional<Fault> of(Throwable e, jakarta.servlet.http.HttpServletRequest request) {
        var fault = Optional.ofNullable(translate(e, request));
        if (fault.isPresent() || !(e instanceof IllegalArgumentException) || request.getContentType() == null) return fault;
        try {
            MediaType declared = MediaType.parseMediaType(request.getContentType());
            if (declared.isWildcardType() || declared.isWildcardSubtype()) {
                return Optional.of(new Fault(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "不支持的请求格式（Content-Type）", null));
            }
        } catch (org.springframework.http.InvalidMediaTypeException unreadable) {
            // not a media type at all: Spring refuses that itself, before reading
        }
        return fault;
    }

    private static Fault translate(Throwable e, jakarta.servlet.http.HttpServletRequest request) {
        if (cause(e, Utf8Bodies.Malformed.class) != null) return new Fault(HttpStatus.BAD_REQUEST, Utf8Bodies.REFUSED, null); // any reader's wrapping
        if (e instanceof DomainException d) return new Fault(d.status(), d.getMessage(), d.fieldErrors());
        if (e instanceof NotInScope n) return new Fault(n.status(), n.getMessage(), null);
        if (e instanceof NotPermitted n) return new Fault(n.status(), n.getMessage(), null);
        if (e instanceof AccessDeniedException a) return new Fault(HttpStatus.FORBIDDEN, "您没有执行此操作的权限", null);
        if (e instanceof BindException b) return binding(b.getBindingResult());
        if (e instanceof HandlerMethodValidationException v) return fields(v.getParameterValidationResults().stream() .collect(Collectors.toMap(r -> name(r.getMethodParameter().getParameterName()), r -> chinese(r.getResolvableErrors().get(0).getDefaultMessage(), "不符合要求"), (x, y) -> x, LinkedHashMap::new)));
        if (e instanceof ConstraintViolationException c) return fields(c.getConstraintViolations().stream() .collect(Collectors.toMap(v -> v.getPropertyPath().toString(), v -> chinese(v.getMessage(), "不符合要求"), (x, y) -> x, LinkedHashMap::new)));
        if (e instanceof HttpMessageNotReadableException r) return unreadable(r);
        if (e instanceof MethodArgumentTypeMismatchException m && cause(m, PlausibleDates.Refused.class) != null) {
            return new Fault(HttpStatus.BAD_REQUEST, "参数 " + m.getName() + " 的日期" + PlausibleDates.REFUSED, Map.of(m.getName(), "日期" + PlausibleDates.REFUSED));
        }
        if (e instanceof MethodArgumentTypeMismatchException m) return new Fault(HttpStatus.BAD_REQUEST, "参数 " + m.getName() + " 的格式不正确", Map.of(m.getName(), "格式不正确"));
        if (e instanceof MissingServletRequestParameterException m) return new Fault(HttpStatus.BAD_REQUEST, "缺少必填参数 " + m.getParameterName(), Map.of(m.getParameterName(), "必填"));
        if (e instanceof MissingServletRequestPartException m) return new Fault(HttpStatus.BAD_REQUEST, "缺少上传的内容 " + m.getRequestPartName(), Map.of(m.getRequestPartName(), "必填"));
        if (e instanceof MaxUploadSizeExceededException m) return new Fault(HttpStatus.CONTENT_TOO_LARGE, "上传的文件超过大小限制", Map.of("file", "文件过大"));
        if (e instanceof MultipartException m) return new Fault(HttpStatus.BAD_REQUEST, hasCause(m, "InvalidFileNameException") ? "上传的文件名含有不允许的字符" : "上传的内容不是完整有效的 multipart/form-data 表单", null);
        if (e instanceof HttpMediaTypeNotSupportedException m) return new Fault(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "不支持的请求格式（Content-Type）" + (m.getSupportedMediaTypes().isEmpty() ? "" : "，此处只接受 " + MediaType.toString(m.getSupportedMediaTypes())), null);
        if (e instanceof HttpMediaTypeNotAcceptableException m) return new Fault(HttpStatus.NOT_ACCEPTABLE, "无法以请求的格式（Accept）返回结果，请接受 application/json", null);
        if (e instanceof HttpRequestMethodNotSupportedException m) return new Fault(HttpStatus.METHOD_NOT_ALLOWED, "此地址不支持 " + m.getMethod() + " 请求", null);
        if (e instanceof NoResourceFoundException n) return new Fault(HttpStatus.NOT_FOUND, "您访问的地址不存在", null);
        if (e instanceof NoHandlerFoundException n) return new Fault(HttpStatus.NOT_FOUND, "您访问的地址不存在", null);
        if (e instanceof DataIntegrityViolationException d) return database(d, request);
        var unreadableForm = cause(e, org.apache.tomcat.util.http.InvalidParameterException.class);
        if (unreadableForm != null) { // Tomcat could not read the form: too big, too many fields, bad encoding
            return unreadableForm.getErrorCode() == 413 ? new Fault(HttpStatus.CONTENT_TOO_LARGE, "提交的内容超过了允许的大小", Map.of("file", "文件过大"))
                    : new Fault(HttpStatus.BAD_REQUEST, "提交的表单无法读取（字段过多或编码有误）", null);
        }
        if (e instanceof ErrorResponse r && r.getStatusCode().is4xxClientError()) return new Fault(HttpStatus.valueOf(r.getStatusCode().value()), generic(r.getStatusCode().value()), null);
        return null;
    }

    private static Fault binding(org.springframework.validation.BindingResult result) {
        Map<String, String> errors = new LinkedHashMap<>();
        result.getFieldErrors().forEach(f -> errors.putIfAbsent(f.getField(), chinese(f.getDefaultMessage(), "格式不正确")));
        result.getGlobalErrors().forEach(g -> errors.putIfAbsent(g.getObjectName(), chinese(g.getDefaultMessage(), "不符合要求")));
        return fields(errors);
    }

    private static Fault fields(Map<String, String> errors) {
        return new Fault(HttpStatus.BAD_REQUEST, errors.isEmpty() ? "提交的数据有误" : "提交的数据有误：" + String.join("；", errors.values()),
                errors);
    }

    private static Fault unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof tools.jackson.databind.DatabindException bad && !bad.getPath().isEmpty()) {
            String field = bad.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String what = bad instanceof tools.jackson.databind.exc.InvalidNullException ? "不能为空"
                    : bad instanceof PlausibleDates.OutOfRange ? PlausibleDates.REFUSED
                    : bad instanceof DirectionControls.Refused ? DirectionControls.REFUSED : "类型或格式不正确";
            return new Fault(HttpStatus.BAD_REQUEST, "字段 " + field + " 的值" + what, Map.of(field, what));
        }
        if (e.getCause() instanceof tools.jackson.core.exc.StreamConstraintsException) {
            return new Fault(HttpStatus.BAD_REQUEST, "请求体超出允许的嵌套层数或长度", null);
        }
        return new Fault(HttpStatus.BAD_REQUEST, "请求体缺失或不是有效的 JSON", null);
    }

    /**
     * A value the database refused. The SQL state says whose fault it is: a value too long, out of range, malformed or
     * holding a NUL character is the request's (400); a duplicate or a reference to a missing record is a conflict (409).
     * A text too long is named by the request's field that held it ({@link OverlongText}).
     */
    private static Fault database(DataIntegrityViolationException e, jakarta.servlet.http.HttpServletRequest request) {
        String state = e.getMostSpecificCause() instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "";
        if (state.equals("22001")) {
            var fields = OverlongText.fields(e.getMostSpecificCause().getMessage(), request);
            return fields.isEmpty() ? new Fault(HttpStatus.BAD_REQUEST, "提交的内容超过了允许的长度，未保存", null)
                    : new Fault(HttpStatus.BAD_REQUEST, "字段 " + String.join("、", fields.keySet()) + " 的内容超过了允许的长度（"
                    + fields.values().iterator().next() + "），未保存", fields);
        }
        return switch (state) {
            case "22003" -> new Fault(HttpStatus.BAD_REQUEST, "提交的数值超出了允许的范围，未保存", null);
            case "22007", "22008" -> new Fault(HttpStatus.BAD_REQUEST, "提交的日期或时间无效，未保存", null);
            case "22021", "22023", "22P05" -> new Fault(HttpStatus.BAD_REQUEST, "提交的内容含有不允许的字符（如 NUL），未保存", null);
            case "23502" -> new Fault(HttpStatus.BAD_REQUEST, "缺少必填的内容，未保存", null);
            case "23514" -> new Fault(HttpStatus.BAD_REQUEST, "提交的内容不符合规则，未保存", null);
            case "23503" -> new Fault(HttpStatus.CONFLICT, "引用的记录不存在，或仍被其他记录引用，未保存", null);
            default -> state.startsWith("22") ? new Fault(HttpStatus.BAD_REQUEST, "提交的数据格式有误，未保存", null)
                    : new Fault(HttpStatus.CONFLICT, "数据与已有记录冲突（可能重复），未保存", null);
        };
    }

    /** The Chinese words for a status when nothing more precise is known. */
    public static String generic(int status) {
        return switch (status) {
            case 400 -> "请求有误，请检查后重试";
            case 401 -> "需要登录";
            case 403 -> "您没有执行此操作的权限";
            case 404 -> "您访问的内容不存在，或不在您的数据范围内";
            case 405 -> "此地址不支持该请求方法";
            case 406 -> "无法以请求的格式返回结果";
            case 409 -> "与当前状态冲突，未保存";
            case 413 -> "上传的内容超过大小限制";
            case 415 -> "不支持的请求格式";
            case 429 -> "请求过于频繁，请稍后再试";
            default -> status >= 500 ? "服务器内部错误，已记录，请稍后重试" : "请求有误，请检查后重试";
        };
    }

    public static String title(int status) {
        return switch (status) {
            case 400 -> "请求有误";
            case 401 -> "未认证";
            case 403 -> "无权限";
            case 404 -> "未找到";
            case 405 -> "方法不允许";
            case 406 -> "格式不可接受";
            case 409 -> "状态冲突";
            case 413 -> "内容过大";
            case 415 -> "格式不支持";
            case 429 -> "请求过多";
            default -> status >= 500 ? "服务器错误" : "请求有误";
        };
    }

    /** Bean Validation's messages are Chinese when the project wrote them; a framework default in English is replaced. */
    private static String chinese(String message, String fallback) {
        return message != null && message.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) ? message : fallback;
    }

    private static String name(String parameter) {
        return parameter == null ? "参数" : parameter;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }

    /** Whether a cause in the chain is of the class so named, or says the words (container classes stay out of the imports). */
    private static boolean hasCause(Throwable e, String nameOrWords) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals(nameOrWords) || (t.getMessage() != null && t.getMessage().contains(nameOrWords))) return true;
        }
        return false;
    }
}
