package cn.shuangkong.shared;

import org.springframework.http.HttpStatus;

/**
 * 无权修改: the caller may see the record but this write is not theirs to make (answered 403) — a regulator and an
 * enterprise's own structure and people (ADR 0082). Like {@link NotInScope} deliberately not a {@link DomainException}:
 * a page catches its own refusals to show them beside the form as something to correct, and this is nothing the caller
 * can correct — it gets the error page or the problem detail, and nothing is saved.
 */
public class NotPermitted extends RuntimeException {

    public NotPermitted(String message) {
        super(message);
    }

    public HttpStatus status() {
        return HttpStatus.FORBIDDEN;
    }
}
