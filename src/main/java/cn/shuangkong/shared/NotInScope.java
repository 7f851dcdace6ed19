package cn.shuangkong.shared;

import org.springframework.http.HttpStatus;

/**
 * 不存在或不在您的数据范围内: the record a request named is not the caller's to see or touch (answered 404). Deliberately
 * not a {@link DomainException}: pages catch their own refusals to show them beside the form, and a request naming
 * another enterprise's record must not be turned into a friendly redirect or a re-rendered form — it gets the error
 * page or the problem detail, and nothing is saved.
 */
public class NotInScope extends RuntimeException {

    public NotInScope(String what) {
        super(what + "不存在或不在您的数据范围内");
    }

    public HttpStatus status() {
        return HttpStatus.NOT_FOUND;
    }
}
