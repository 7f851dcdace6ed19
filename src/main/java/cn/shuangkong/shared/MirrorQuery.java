package cn.shuangkong.shared;

import io.swagger.v3.oas.annotations.Parameter;
import java.time.Instant;
import java.util.Optional;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The three query parameters of incremental reading that every list of the API takes (ADR 0027), bound as one
 * {@code @ParameterObject} so that OpenAPI documents them once, the same way, on each list.
 */
public record MirrorQuery(
        @Parameter(description = "增量同步：上一页响应头 X-Next-Cursor 给出的游标（不透明，原样传回）；给出 cursor、updatedSince 或 limit 之一即按 (更新时间, id) 升序返回")
        String cursor,
        @Parameter(description = "增量同步：只返回此时刻（ISO-8601，如 2026-12-01T00:00:00+08:00）及之后更新的记录；建议取上次同步所见最大更新时间减去 5 分钟，并按 id 去重")
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant updatedSince,
        @Parameter(description = "增量同步：每页条数，默认 100，最大 500")
        Integer limit) {

    /** Whether a mirror asks: then lists that hide retired rows show them too, so that the mirror learns of it. */
    public boolean asked() {
        return window().isPresent();
    }

    /** The window asked for, or empty: then the list answers as it always has. */
    public Optional<Window> window() {
        return Window.of(cursor, updatedSince, limit);
    }
}
