package cn.shuangkong.shared;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * 增量同步: one list read the way another system mirrors it (ADR 0027) — rows in (updated_at, id) order, from
 * {@code updatedSince} on, {@code limit} at a time, each page continuing after an opaque cursor, the (updated_at, id)
 * of the last row returned. A list called without {@code cursor}, {@code updatedSince} and {@code limit} answers as it
 * always did; with any of them, the items come in this order, the position reached in the {@code X-Next-Cursor}
 * header, whether more rows follow in {@code X-Has-More}, and while they do a {@code Link: <…>; rel="next"}. The
 * body keeps its shape.
 */
public record Window(Instant updatedSince, Cursor after, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;
    public static final String NEXT_HEADER = "X-Next-Cursor";
    public static final String MORE_HEADER = "X-Has-More";
    /** The sync watermark every mirrored table keeps, stamped by the database at each write (V180, V215). */
    private static final String UPDATED = "updated_at";

    /** Where a page ended: the last row's updated_at (to the microsecond, as PostgreSQL keeps it) and id. */
    public record Cursor(Instant updatedAt, long id) {

        public String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
        }

        /** The cursor a previous page handed out; anything else is a 400 in Chinese, never a 500. */
        public static Cursor decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.US_ASCII).split(":");
                if (parts.length != 3 || !parts[0].equals("v1")) throw new IllegalArgumentException();
                long micros = Long.parseLong(parts[1]), id = Long.parseLong(parts[2]);
                if (id < 0 || micros < 0 || micros > 253_402_300_799_000_000L) throw new IllegalArgumentException(); // up to 9999-12-31
                return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid("cursor", "cursor 无效：请原样使用上一页响应头 " + NEXT_HEADER + " 给出的值");
            }
        }
    }

    /**
     * One page of rows in (updated_at, id) order; {@code next} is where the following page starts — the last row's
     * cursor, or the cursor asked with when the page is empty, so that a mirror polling later goes on from there —
     * and {@code more} whether rows beyond it exist already.
     */
    public record Slice<T>(List<T> items, Cursor next, boolean more) { }

    /** A row with the two columns its cursor is made of. */
    public record Row<T>(T item, Cursor cursor) { }

    /** The window a request asks for, or empty if it asks for none (the list then answers as it always has). */
    public static Optional<Window> of(String cursor, Instant updatedSince, Integer limit) {
        if ((cursor == null || cursor.isBlank()) && updatedSince == null && limit == null) return Optional.empty();
        int n = limit == null || limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
        return Optional.of(new Window(updatedSince, cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor), n));
    }

    /** The query's select list with the cursor's two columns of {@code alias} in front. */
    public String select(String sql, String alias) {
        return select(sql, alias, UPDATED);
    }

    /**
     * The same with another column as the stamp: only for rows that are never written again (the audit trail), where
     * the time the row was made is the time it was last written.
     */
    public String select(String sql, String alias, String stamp) {
        String trimmed = sql.stripLeading();
        if (!trimmed.regionMatches(true, 0, "select ", 0, 7)) throw new IllegalArgumentException("not a select: " + sql);
        return "select " + alias + "." + stamp + " as w_updated_at, " + alias + ".id as w_id, " + trimmed.substring(7);
    }

    /** " and …" conditions on {@code alias} for the window; their parameters are {@link #params()}. */
    public String where(String alias) {
        return where(alias, UPDATED);
    }

    public String where(String alias, String stamp) {
        StringBuilder sql = new StringBuilder();
        if (updatedSince != null) sql.append(" and ").append(alias).append(".").append(stamp).append(" >= :w_since");
        if (after != null) sql.append(" and (").append(alias).append(".").append(stamp).append(", ").append(alias).append(".id) > (:w_at, :w_id)");
        return sql.toString();
    }

    /** The one order a mirror can rely on, and one row more than the page, to know whether another follows. */
    public String orderAndLimit(String alias) {
        return orderAndLimit(alias, UPDATED);
    }

    public String orderAndLimit(String alias, String stamp) {
        return " order by " + alias + "." + stamp + ", " + alias + ".id limit " + (limit + 1);
    }

    public Map<String, Object> params() {
        Map<String, Object> p = new java.util.HashMap<>();
        if (updatedSince != null) p.put("w_since", Timestamp.from(updatedSince));
        if (after != null) {
            p.put("w_at", Timestamp.from(after.updatedAt()));
            p.put("w_id", after.id());
        }
        return p;
    }

    /**
     * A list read through the window: the list's {@code select}, its own conditions ({@code where}, " where …", with
     * their {@code params}), then the window's, in the window's order, each row mapped by {@code mapper} — what every
     * list's {@code changes} did by hand.
     */
    public <T> Slice<T> read(JdbcClient jdbc, String select, String alias, String where, Map<String, Object> params,
                             RowMapper<T> mapper) {
        return read(jdbc, select, alias, UPDATED, where, params, mapper);
    }

    /** The same with another column as the stamp (see {@link #select(String, String, String)}). */
    public <T> Slice<T> read(JdbcClient jdbc, String select, String alias, String stamp, String where, Map<String, Object> params,
                             RowMapper<T> mapper) {
        Map<String, Object> all = new java.util.HashMap<>(params);
        all.putAll(params());
        return slice(jdbc.sql(select(select, alias, stamp) + where + where(alias, stamp) + orderAndLimit(alias, stamp)).params(all)
                .query(rows(mapper)).list());
    }

    /** Maps a row with {@code inner}, keeping the cursor columns {@link #select} added. */
    public <T> RowMapper<Row<T>> rows(RowMapper<T> inner) {
        return (ResultSet rs, int n) -> new Row<>(inner.mapRow(rs, n),
                new Cursor(rs.getTimestamp("w_updated_at").toInstant(), rs.getLong("w_id")));
    }

    /**
     * The same window applied to a list already read whole (the lists that never paged): the rows {@link #where} and
     * {@link #orderAndLimit} would have chosen, so both ways answer alike.
     */
    public <T> Slice<T> pick(List<Row<T>> all) {
        java.util.Comparator<Cursor> order = java.util.Comparator.comparing(Cursor::updatedAt).thenComparingLong(Cursor::id);
        return slice(all.stream()
                .filter(r -> updatedSince == null || !r.cursor().updatedAt().isBefore(updatedSince))
                .filter(r -> after == null || order.compare(r.cursor(), after) > 0)
                .sorted(java.util.Comparator.comparing(Row::cursor, order))
                .limit(limit + 1L).toList());
    }

    /** The page out of what was fetched (one row more than the limit, if there is more). */
    public <T> Slice<T> slice(List<Row<T>> fetched) {
        boolean more = fetched.size() > limit;
        List<Row<T>> page = more ? fetched.subList(0, limit) : fetched;
        return new Slice<>(page.stream().map(Row::item).toList(), page.isEmpty() ? after : page.get(page.size() - 1).cursor(), more);
    }

    /**
     * Where to go on, as headers: {@code X-Next-Cursor} (always, once there is a position), {@code X-Has-More}, and
     * while more rows exist {@code Link: <path?…&cursor=…>; rel="next"} — the path and query of this request with the
     * cursor replaced (no host: that would be whatever the client sent).
     */
    public static void expose(Slice<?> slice, HttpServletResponse response) {
        response.setHeader(MORE_HEADER, String.valueOf(slice.more()));
        response.setHeader("Access-Control-Expose-Headers", NEXT_HEADER + ", " + MORE_HEADER + ", Link");
        if (slice.next() == null) return;
        String cursor = slice.next().encode();
        response.setHeader(NEXT_HEADER, cursor);
        if (!slice.more()) return;
        String next = ServletUriComponentsBuilder.fromCurrentRequest().scheme(null).host(null).port(null)
                .replaceQueryParam("cursor", cursor).build().toUriString();
        response.setHeader("Link", "<" + next + ">; rel=\"next\"");
    }

}
