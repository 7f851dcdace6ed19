package cn.shuangkong.risk;

import cn.shuangkong.shared.NotInScope;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    @Autowired RiskSiteMap siteMap;

    /** The 风险公告栏 and the 四色图 page resolve the enterprise themselves (ADR 0076): another enterprise's scope gets a 404. */
    @Test
    void the_board_and_the_site_map_of_another_enterprise_are_not_found_by_the_service_itself() {
        long chem = enterpriseIdOf("ent_chem");
        var mechScope = Jurisdiction.enterprise(enterpriseIdOf("ent_mech"), "本企业");
        assertThatThrownBy(() -> sheets.board(mechScope, chem)).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> siteMap.page(mechScope, chem)).isInstanceOf(NotInScope.class);

        var chemScope = Jurisdiction.enterprise(chem, "本企业");
        var board = sheets.board(chemScope, chem);
        assertThat(board.enterprise().id()).isEqualTo(chem);
        assertThat(board.sheets()).as("the tank farm is a 重大风险").isNotEmpty()
                .allSatisfy(s -> assertThat(s.point().level()).isLessThanOrEqualTo(RiskLevel.HIGH.grade));
        var page = siteMap.page(chemScope, chem);
        assertThat(page.enterprise().id()).isEqualTo(chem);
        assertThat(page.map().shapes()).isNotEmpty();
    }
}
