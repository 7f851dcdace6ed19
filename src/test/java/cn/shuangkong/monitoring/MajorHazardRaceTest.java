package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.monitoring.internal.MajorHazardCalculator;
import cn.shuangkong.monitoring.internal.MajorHazardSources;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.AtOnce;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.TestActor;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The first 申报 of a unit, submitted twice at once: the row lock that orders re-declarations finds no row yet, so both
 * once inserted the unit and the second broke its one-source-per-risk-point key (ADR 0084). Declarations of one unit now
 * take turns: the second is the unit's next version, as a declaration a moment later is.
 */
class MajorHazardRaceTest extends PlatformTest {

    @Autowired MajorHazardSources sources;
    @Autowired RiskRegistry registry;

    @Test
    void first_declarations_of_one_unit_at_the_same_moment_make_one_source_with_a_version_each() throws Exception {
        var site = FreshEnterprise.create(jdbc, "申报并发测试");
        long point = registry.createPoint(Jurisdiction.platform(), site.id(), new RiskDrafts.PointDraft("FXD-001", "甲醇储罐区", "AREA",
                site.unitId(), null, null, true, null)).id();
        var declarer = new TestActor(site.id(), null, Set.of("monitoring:source:declare"));
        var declaration = new MajorHazardSources.Declaration(point, "STORAGE", 60,
                List.of(new MajorHazardCalculator.Input("甲醇", null, null, "W5.3", BigDecimal.valueOf(4000))));
        var outcomes = AtOnce.run(4, i -> sources.declare(declarer, site.id(), declaration));
        assertThat(outcomes).hasSize(4).allSatisfy(o -> assertThat(o.failure()).as("every declaration recorded").isNull());
        assertThat(outcomes.stream().map(o -> o.value().id()).distinct()).as("one source").hasSize(1);
        assertThat(outcomes.stream().map(o -> o.value().version()).sorted().toList()).containsExactly(1, 2, 3, 4);
    }
}
