package cn.shuangkong.shared;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * 增量同步 for the lists that always answered whole (ADR 0033): the controller hands over how the list is read, the
 * table its rows live in and how an item names its row; asked with a {@link MirrorQuery}, the list is read and the
 * rows' {@code updated_at} looked up in one snapshot, then cut by {@link Window#pick} — the same order, cursor and
 * headers as the lists that window in SQL. Asked without one, the list answers exactly as before.
 */
@Component
public class Mirrors {

    private final JdbcClient jdbc;
    private final TransactionTemplate snapshot;

    Mirrors(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        // the list and the stamps must be one moment's: a row written between the two would otherwise carry a newer
        // stamp than its content, and a mirror that stored it would never be sent the newer content
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /**
     * A list that windows in SQL (the long ones, ADR 0027): {@code changes} reads the window's slice and {@code body}
     * wraps its items as the list's usual body; asked without a window, {@code plain} answers as before.
     */
    public static <T, R> R paged(MirrorQuery query, HttpServletResponse response, Function<Window, Window.Slice<T>> changes,
                                 BiFunction<List<T>, Window, R> body, Supplier<R> plain) {
        var window = query.window();
        if (window.isEmpty()) return plain.get();
        var slice = changes.apply(window.get());
        Window.expose(slice, response);
        return body.apply(slice.items(), window.get());
    }

    /**
     * The list {@code read} gives, windowed if {@code query} asks for it; {@code table} is the owning module's own
     * table (a constant of its controller, never input), {@code id} the item's id in it.
     */
    public <T> List<T> list(MirrorQuery query, HttpServletResponse response, String table, ToLongFunction<T> id,
                            Supplier<List<T>> read) {
        return list(query, response, table, "id", id, read);
    }

    /** The same, for a table whose rows are keyed by another column ({@code key}), e.g. one row per enterprise. */
    public <T> List<T> list(MirrorQuery query, HttpServletResponse response, String table, String key, ToLongFunction<T> id,
                            Supplier<List<T>> read) {
        var window = query.window();
        if (window.isEmpty()) return read.get();
        return snapshot.execute(tx -> {
            List<T> all = read.get();
            Map<Long, Instant> stamps = new HashMap<>();
            if (!all.isEmpty()) {
                jdbc.sql("select " + key + ", updated_at from " + table + " where " + key + " = any(cast(:ids as bigint[]))")
                        .param("ids", all.stream().map(id::applyAsLong).toArray(Long[]::new))
                        .query(rs -> { stamps.put(rs.getLong(1), rs.getTimestamp(2).toInstant()); });
            }
            List<Window.Row<T>> rows = all.stream().filter(item -> stamps.containsKey(id.applyAsLong(item)))
                    .map(item -> new Window.Row<>(item, new Window.Cursor(stamps.get(id.applyAsLong(item)), id.applyAsLong(item))))
                    .toList();
            var slice = window.get().pick(rows);
            Window.expose(slice, response);
            return slice.items();
        });
    }
}
