package cn.shuangkong.shared;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A refusal the user can understand: its message is Chinese and shown as is, on the page or as the detail of an
 * RFC 9457 problem. {@code fieldErrors} names the offending inputs.
 */
public class DomainException extends RuntimeException {

    private final HttpStatus status;
    private final Map<String, String> fieldErrors;

    public DomainException(HttpStatus status, String message, Map<String, String> fieldErrors) {
        super(message);
        this.status = status;
        this.fieldErrors = fieldErrors == null ? Map.of() : Map.copyOf(fieldErrors);
    }

    /** Not a DomainException itself, so that no form catches it as one of its own refusals: see {@link NotInScope}. */
    public static NotInScope notFound(String what) {
        return new NotInScope(what);
    }

    public static DomainException invalid(String field, String message) {
        return new DomainException(HttpStatus.BAD_REQUEST, message, Map.of(field, message));
    }

    public static DomainException conflict(String message) {
        return new DomainException(HttpStatus.CONFLICT, message, null);
    }

    public HttpStatus status() {
        return status;
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
