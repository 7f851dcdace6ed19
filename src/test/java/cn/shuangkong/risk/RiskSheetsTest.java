package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.PlatformTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A whole register's sheets, read in five queries for all its points (as the 数据质量 checks read every enterprise), are
 * the sheets read one point at a time: the same events, measures, assessments, units and steps, in the same order.
 */
class RiskSheetsTest extends PlatformTest {

    @Autowired RiskSheets sheets;
    @Autowired RiskPoints points;
    @Autowired JdbcClient jdbc;

    @Test
    void aRegisterReadAtOnceIsTheRegisterReadPointByPoint() {
        List<Long> enterprises = jdbc.sql("select distinct enterprise_id from risk_point order by 1").query(Long.class).list();
        assertThat(enterprises).isNotEmpty();
        int compared = 0;
        long byPoint = 0;
        long atOnce = 0;
        for (long e : enterprises) {
            long t0 = System.nanoTime();
            List<RiskSheets.Sheet> one = points.ofEnterprise(e).stream().map(p -> sheets.of(Jurisdiction.platform(), p.id())).toList();
            long t1 = System.nanoTime();
            List<RiskSheets.Sheet> all = sheets.ofEnterprise(e);
            atOnce += System.nanoTime() - t1;
            byPoint += t1 - t0;
            assertThat(all).isEqualTo(one);
            compared += all.size();
        }
        assertThat(compared).isPositive();
        // a figure for docs/benchmarks.md, not an assertion (the machine is shared)
        System.out.printf("RiskSheetsTest: %d enterprises, %d points; point by point %d ms, at once %d ms%n",
                enterprises.size(), compared, byPoint / 1_000_000, atOnce / 1_000_000);
    }
}
