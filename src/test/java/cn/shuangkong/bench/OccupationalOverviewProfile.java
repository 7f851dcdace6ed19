package cn.shuangkong.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.occupational.internal.Compliance;
import cn.shuangkong.occupational.internal.Declarations;
import cn.shuangkong.occupational.internal.Detections;
import cn.shuangkong.occupational.internal.HealthExams;
import cn.shuangkong.occupational.internal.OccupationalFactors;
import cn.shuangkong.occupational.internal.Surveillance;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.TestActor;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code ./mvnw -Pbench test -Dtest=OccupationalOverviewProfile}: the statements of 职业健康's regulator overview and of
 * one enterprise's standing on the demo city, then again with {@code bench.occupational.enterprises} (default 200) more
 * enterprises with records — the overview must not grow with them (ADR 0081, amendment: four bulk reads and the
 * enterprises in scope, whatever their number); the same for 申报与检测 (ADR 0083: five statements).
 */
@Tag("benchmark")
@Import(StatementCounter.class)
@TestPropertySource(properties = "shuangkong.monitoring.simulator.enabled=false") // its readings would be counted too
class OccupationalOverviewProfile extends PlatformTest {

    @Autowired Surveillance surveillance;
    @Autowired OccupationalFactors factors;
    @Autowired HealthExams exams;
    @Autowired OrgStructure org;
    @Autowired Compliance compliance;
    @Autowired Declarations declarations;
    @Autowired Detections detections;

    /** The fewest statements any of five calls took on this thread, and the mean time: background work only adds. */
    private static long measure(String what, Runnable call) {
        call.run(); // warm-up
        long fewest = Long.MAX_VALUE, nanos = 0;
        for (int i = 0; i < 5; i++) {
            long s0 = StatementCounter.onThisThread.get()[0], t0 = System.nanoTime();
            call.run();
            nanos += System.nanoTime() - t0;
            fewest = Math.min(fewest, StatementCounter.onThisThread.get()[0] - s0);
        }
        System.out.printf("  %-44s %4d statements  %8.2f ms%n", what, fewest, nanos / 1e6 / 5);
        return fewest;
    }

    @Test
    void the_overview_costs_the_same_statements_whatever_the_number_of_enterprises() {
        long chem = enterpriseIdOf("ent_chem");
        System.out.printf("%n=== 职业健康, per call ===%n");
        long before = measure("overview (platform), demo city: " + surveillance.overview(Jurisdiction.platform()).size() + " enterprises",
                () -> surveillance.overview(Jurisdiction.platform()));
        measure("standing of the chemical works", () -> surveillance.standing(Jurisdiction.platform(), chem));
        long complianceBefore = measure("申报与检测 (platform), demo city: " + compliance.standings(Jurisdiction.platform()).size() + " enterprises",
                () -> compliance.standings(Jurisdiction.platform()));
        int more = Integer.getInteger("bench.occupational.enterprises", 200);
        LocalDate today = LocalDate.now(clock);
        for (int i = 0; i < more; i++) {
            var e = FreshEnterprise.create(jdbc, "职业健康剖析企业" + i);
            var me = new TestActor(e.id(), null, Set.of("occupational:read", "occupational:write", OrgStructure.WRITE));
            long post = org.addUnit(me, e.id(), e.unitId(), "打磨工", OrgStructure.Tier.POST);
            long dust = factors.add(me, new OccupationalFactors.Draft(post, OccupationalFactors.Category.DUST, "矽尘", "尘肺", "防尘口罩", "就医"));
            long a = org.addEmployee(e.id(), post, "剖析甲" + i, null, null);
            org.addEmployee(e.id(), post, "剖析乙" + i, null, null);
            exams.record(me, new HealthExams.Draft(a, HealthExams.Kind.PRE_PLACEMENT, today.minusMonths(14), "剖析医院",
                    HealthExams.Conclusion.NORMAL, null));
            // every other one has filed and had its dust detected (over the limit in every fourth)
            if (i % 2 == 0) {
                jdbc.sql("update enterprise set principal_name = '剖析负责人' where id = :e").param("e", e.id()).update();
                declarations.file(me, new Declarations.Draft(Declarations.Kind.FIRST, "剖析管理员", null));
                detections.record(me, new Detections.Draft(dust, today.minusMonths(2), "剖析检测机构", "P-" + i, Detections.LimitKind.TWA,
                        new java.math.BigDecimal(i % 4 == 0 ? "1.2" : "0.5"), new java.math.BigDecimal("1"), "mg/m³"));
            }
        }
        int listed = surveillance.overview(Jurisdiction.platform()).size();
        long after = measure("overview (platform), " + listed + " enterprises", () -> surveillance.overview(Jurisdiction.platform()));
        StatementCounter.bySql.clear();
        surveillance.overview(Jurisdiction.platform());
        System.out.printf("%n  statements of one overview:%n%s", StatementCounter.top(8, 1));
        assertThat(after).as("the statements do not grow with the enterprises").isEqualTo(before);
        int owing = compliance.standings(Jurisdiction.platform()).size();
        long complianceAfter = measure("申报与检测 (platform), " + owing + " enterprises", () -> compliance.standings(Jurisdiction.platform()));
        assertThat(complianceAfter).as("申报与检测: the statements do not grow with the enterprises either (ADR 0083)").isEqualTo(complianceBefore);
    }
}
