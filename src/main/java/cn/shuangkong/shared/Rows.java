package cn.shuangkong.shared;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * How a select's rows become records (ADR 0078): Spring's {@link DataClassRowMapper}, a column a component, by the
 * component's name in snake_case ({@code enterprise_id} → {@code enterpriseId}); text becomes an enum constant,
 * {@code timestamptz} an {@code Instant} or {@code OffsetDateTime}, {@code date} a {@code LocalDate}. A component the
 * select does not name is an error, not a null.
 * <p>
 * Three rules are added. An {@code Instant} is read as the hand-written mappers read it, {@code rs.getTimestamp(..)
 * .toInstant()}: pgjdbc does not know {@code Instant}, and the library reaches it only after the driver has thrown (and
 * the library caught) an exception, for every such value of every row. And NULL in a primitive component ({@code int},
 * {@code long}, {@code boolean}, …) reads as 0 or false, as {@code rs.getInt(..)} and {@code rs.getBoolean(..)} gave
 * the hand-written mappers; the library alone refuses it. A component that must tell NULL apart is a wrapper
 * ({@code Integer}, {@code Long}). And a {@code List} component reads a SQL array, its elements as the driver gives them
 * ({@code Long} for {@code bigint[]}, {@code String} for {@code text[]}), as the hand mappers' {@code Arrays.asList}
 * did; the library alone would split a text column at its commas. An array whose elements need a rule (codes to
 * enum constants, unknown ones left out) stays by hand.
 * <p>
 * Make a mapper once (a constant): each one introspects its record when made.
 */
public final class Rows {

    private Rows() {
    }

    /** The mapper of rows to {@code type}, a record. */
    public static <T> RowMapper<T> of(Class<T> type) {
        return new DataClassRowMapper<>(type) {
            @Override
            protected Object getColumnValue(ResultSet rs, int index, Class<?> paramType) throws SQLException {
                if (paramType == List.class) {
                    java.sql.Array array = rs.getArray(index);
                    return array == null ? null : Arrays.asList((Object[]) array.getArray());
                }
                if (paramType == Instant.class) {
                    Timestamp t = rs.getTimestamp(index);
                    return t == null ? null : t.toInstant();
                }
                Object value = super.getColumnValue(rs, index, paramType);
                return value == null && paramType.isPrimitive() ? zero(paramType) : value;
            }
        };
    }

    /**
     * A two-column select as a map from the first column to the second, in the select's order (a later row with a key
     * already read replaces it, as {@link Map#put} does); the columns convert as a single-column select's do, NULL to
     * null. For the lookups that were a {@code put(rs.getLong(1), rs.getString(2))} per row.
     */
    public static <K, V> ResultSetExtractor<Map<K, V>> pairs(Class<K> key, Class<V> value) {
        return rs -> {
            Map<K, V> out = new LinkedHashMap<>();
            while (rs.next()) {
                out.put(key.cast(JdbcUtils.getResultSetValue(rs, 1, key)), value.cast(JdbcUtils.getResultSetValue(rs, 2, value)));
            }
            return out;
        };
    }

    private static Object zero(Class<?> primitive) {
        if (primitive == boolean.class) return false;
        if (primitive == char.class) return '\0';
        if (primitive == long.class) return 0L;
        if (primitive == double.class) return 0d;
        if (primitive == float.class) return 0f;
        if (primitive == short.class) return (short) 0;
        if (primitive == byte.class) return (byte) 0;
        return 0;
    }
}
