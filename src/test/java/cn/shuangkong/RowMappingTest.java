package cn.shuangkong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.shared.Rows;
import cn.shuangkong.support.PlatformTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.RowMapper;

/**
 * What {@link Rows}, the library's row mapping ({@link DataClassRowMapper} over pgjdbc, ADR 0078), does with the columns that hand
 * mappers used to convert themselves, so that replacing {@code rs.getInt(..)} and friends keeps each value the same:
 * NULL in a primitive is 0 / false as {@code rs.getInt} gave (the library alone refuses it), NULL in a wrapper stays null, timestamptz reads as the
 * same {@link Instant} as {@code rs.getTimestamp(..).toInstant()}, text names an enum constant, and a column the
 * record names but the select lacks fails loudly instead of reading as null.
 */
class RowMappingTest extends PlatformTest {

    enum Colour { RED, BLUE }

    record Row(long id, int count, boolean flag, Integer maybe, Long maybeLong, BigDecimal amount, Instant at,
               OffsetDateTime atOffset, LocalDate day, Colour colour, String name) { }

    record Counted(long id, int count) { }

    private static final RowMapper<Row> ROWS = Rows.of(Row.class);

    @Test
    void nulls_keep_what_the_hand_mappers_gave_and_values_convert_to_the_record_types() {
        Row nulls = jdbc.sql("""
                select 7 as id, cast(null as int) as count, cast(null as boolean) as flag, cast(null as int) as maybe,
                       cast(null as bigint) as maybe_long, cast(null as numeric) as amount, cast(null as timestamptz) as at,
                       cast(null as timestamptz) as at_offset, cast(null as date) as day, cast(null as text) as colour,
                       cast(null as text) as name""").query(ROWS).single();
        assertThat(nulls).isEqualTo(new Row(7, 0, false, null, null, null, null, null, null, null, null));
        assertThatThrownBy(() -> jdbc.sql("select 7 as id, cast(null as int) as count").query(new DataClassRowMapper<>(Counted.class)).single())
                .as("why Rows adds its one rule").isInstanceOf(RuntimeException.class);

        Instant at = Instant.parse("2026-03-04T05:06:07.123456Z");
        Row values = jdbc.sql("""
                select 8 as id, 3 as count, true as flag, 4 as maybe, cast(5 as bigint) as maybe_long, 1.50 as amount,
                       cast(:at as timestamptz) as at, cast(:at as timestamptz) as at_offset, date '2026-03-04' as day,
                       'BLUE' as colour, '名称' as name""").param("at", java.sql.Timestamp.from(at)).query(ROWS).single();
        assertThat(values).isEqualTo(new Row(8, 3, true, 4, 5L, new BigDecimal("1.50"), at,
                at.atOffset(ZoneOffset.UTC), LocalDate.of(2026, 3, 4), Colour.BLUE, "名称"));
        // the same instant as the hand mappers' conversion, to the microsecond the column keeps
        Instant byHand = jdbc.sql("select cast(:at as timestamptz)").param("at", java.sql.Timestamp.from(at))
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
        assertThat(values.at()).isEqualTo(byHand).isEqualTo(at.truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void a_column_the_record_names_but_the_select_lacks_is_an_error_not_a_null() {
        assertThatThrownBy(() -> jdbc.sql("select 1 as id").query(ROWS).single()).isInstanceOf(DataAccessException.class);
    }

    @Test
    void pairs_keep_the_select_order_and_read_null_as_null() {
        var pairs = jdbc.sql("select * from (values (3, 'c'), (1, null), (2, 'b')) v(k, v)").query(Rows.pairs(Long.class, String.class));
        assertThat(new java.util.ArrayList<>(pairs.keySet())).containsExactly(3L, 1L, 2L);
        assertThat(new java.util.ArrayList<>(pairs.values())).containsExactly("c", null, "b");
    }

    record Listed(long id, java.util.List<Long> ids, java.util.List<String> names) { }

    @Test
    void a_list_component_reads_a_sql_array_and_not_a_text_split_at_commas() {
        var row = jdbc.sql("select 1 as id, array[3, 1]::bigint[] as ids, array['甲,乙', '丙']::text[] as names")
                .query(Rows.of(Listed.class)).single();
        assertThat(row).isEqualTo(new Listed(1, java.util.List.of(3L, 1L), java.util.List.of("甲,乙", "丙")));
        assertThatThrownBy(() -> jdbc.sql("select 1 as id, cast(null as bigint[]) as ids, '甲,乙' as names")
                .query(Rows.of(Listed.class)).single()).isInstanceOf(RuntimeException.class);
    }
}
