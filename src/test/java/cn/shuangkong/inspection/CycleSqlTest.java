package cn.shuangkong.inspection;

import cn.shuangkong.shared.PlatformTime;
import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The scheduler generates periods in SQL; they must be exactly the periods {@link Cycle} computes in Java. */
class CycleSqlTest extends PlatformTest {

    @Test
    void the_sql_periods_are_the_java_periods_for_every_unit() {
        String[] moments = {"2026-11-23T07:59", "2026-11-23T08:00", "2026-11-23T23:10", "2026-11-26T10:00", "2026-12-31T23:59",
                "2027-01-01T00:00", "2026-02-28T12:30", "2028-02-29T05:00"};
        BigDecimal[] everies = {new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("3"), new BigDecimal("0.5"), new BigDecimal("1.5")};
        int compared = 0;
        for (Cycle.Unit unit : Cycle.Unit.values()) {
            for (BigDecimal every : everies) {
                Cycle cycle = new Cycle(every, unit);
                for (String m : moments) {
                    Instant at = LocalDateTime.parse(m).atZone(PlatformTime.zone()).toInstant();
                    Instant javaStart = cycle.periodStart(at);
                    var sql = jdbc.sql("""
                            select inspection_period_start(cast(:at as timestamptz), :every, :unit, :zone) at time zone :zone as s,
                                   (inspection_period_start(cast(:at as timestamptz), :every, :unit, :zone) + inspection_step(:every, :unit))
                                       at time zone :zone as n
                            """).param("at", Timestamp.from(at)).param("every", every).param("unit", unit.name())
                            .param("zone", PlatformTime.zone().getId())
                            .query((rs, i) -> new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()}).single();
                    assertThat(sql[0]).as("period start of %s %s at %s", every, unit, m).isEqualTo(javaStart);
                    assertThat(sql[1]).as("next period of %s %s at %s", every, unit, m).isEqualTo(cycle.next(javaStart));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(Cycle.Unit.values().length * everies.length * moments.length);
    }
}
