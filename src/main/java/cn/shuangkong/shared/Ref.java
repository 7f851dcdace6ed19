package cn.shuangkong.shared;

/**
 * An id that came from outside (path, body, form, query) after {@link Refs} found the record inside the caller's
 * scope: the record exists and belongs to {@code enterpriseId}, which the caller may act on.
 */
public record Ref(RefKind kind, long id, long enterpriseId) { }
