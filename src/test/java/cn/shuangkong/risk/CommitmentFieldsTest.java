package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.risk.DailyCommitments.SpecialOp;
import cn.shuangkong.risk.SpecialWorkToday.OpenWork;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.TestActor;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;

/**
 * The structured 承诺公告 against the permits. The permit module is built elsewhere, so the port is played here by a
 * list the test fills (a test fixture, not main code); the commitments service is the real one over the real database.
 */
class CommitmentFieldsTest extends PlatformTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    DailyCommitments withoutPermits;

    @Autowired
    cn.shuangkong.organization.Enterprises enterprises;

    /** What the fake permit module says is open, per enterprise. */
    private final Map<Long, List<OpenWork>> open = new HashMap<>();

    private DailyCommitments withPermits() {
        SpecialWorkToday permits = (enterpriseId, day) -> open.getOrDefault(enterpriseId, List.of());
        var beans = new StaticListableBeanFactory(Map.of("permits", permits));
        return new DailyCommitments(jdbc, clock, events, beans.getBeanProvider(SpecialWorkToday.class),
                beans.getBeanProvider(ContractorsOnSite.class), "10:00", enterprises);
    }

    /** A fresh 新桥镇 enterprise with one unit at an ordinary point and a 重大危险源; returns its id. */
    private long enterprise(List<Long> ids) {
        var site = FreshEnterprise.create(jdbc, "承诺测试化工");
        long e = site.id(), unit = site.unitId();
        for (String name : List.of("合成车间", "甲类罐区")) {
            long point = jdbc.sql("""
                    insert into risk_point (enterprise_id, code, name, kind, org_unit_id, major_hazard_source)
                    values (:e, :c, :n, 'AREA', :u, :m) returning id""").param("e", e).param("c", "FXD-" + name.hashCode())
                    .param("n", name).param("u", unit).param("m", name.equals("甲类罐区")).query(Long.class).single();
            jdbc.sql("insert into risk_unit (risk_point_id, name, responsible_unit_id) values (:p, :n, :u)")
                    .param("p", point).param("n", name).param("u", unit).update();
            ids.add(point);
        }
        return e;
    }

    /** The form as the principal sends it: every unit running, the given counts, everything else nothing. */
    private Map<String, String> form(DailyCommitments c, long enterprise, Map<String, String> counts) {
        Map<String, String> f = new HashMap<>();
        c.unitsOf(enterprise).forEach(u -> f.put(u.field(), "RUNNING"));
        c.workOf(enterprise, c.today()).forEach(w -> f.put(w.field(), "0"));
        c.majorSourcesOf(enterprise).forEach(s -> f.put(s.field(), "NORMAL"));
        f.putAll(Map.of("maintenanceJobs", "1", "startStop", "false", "trialProduction", "false", "contractors", "3",
                "riskLevel", "HIGH", "judgement", "罐区有动火作业，风险受控。"));
        f.putAll(counts);
        return f;
    }

    private static final Set<String> SIGNS = Set.of(DailyCommitments.SIGN);

    @Test
    void a_commitment_stating_fewer_special_jobs_than_the_open_permits_is_refused_and_a_true_one_is_kept_field_by_field() {
        long e = enterprise(new ArrayList<>());
        var commitments = withPermits();
        open.put(e, List.of(new OpenWork(SpecialOp.HOT_WORK, "特级", 1), new OpenWork(SpecialOp.CONFINED_SPACE, "受限空间", 2)));
        // the form starts from the permits
        assertThat(commitments.workOf(e, commitments.today())).filteredOn(w -> w.count() > 0)
                .extracting(DailyCommitments.WorkCount::label, DailyCommitments.WorkCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("特级动火", 1), org.assertj.core.groups.Tuple.tuple("受限空间", 2));
        var principal = new TestActor(e, null, SIGNS);

        assertThatThrownBy(() -> commitments.publish(principal, form(commitments, e, Map.of("work-CONFINED_SPACE", "2"))))
                .isInstanceOf(DomainException.class).hasMessageContaining("特级动火：承诺 0 项，作业票 1 项")
                .extracting(x -> ((DomainException) x).status()).isEqualTo(HttpStatus.CONFLICT);
        assertThatThrownBy(() -> commitments.publish(principal, form(commitments, e, Map.of("work-HOT_WORK-特级", "1", "work-CONFINED_SPACE", "1"))))
                .hasMessageContaining("受限空间：承诺 1 项，作业票 2 项");
        assertThat(commitments.of(e, commitments.today())).as("nothing half-saved").isEmpty();

        var sourceField = commitments.majorSourcesOf(e).get(0).field();
        assertThatThrownBy(() -> commitments.publish(principal, form(commitments, e,
                Map.of("work-HOT_WORK-特级", "1", "work-CONFINED_SPACE", "2", sourceField, "ABNORMAL", "work-HEIGHT", "两个"))))
                .isInstanceOf(DomainException.class)
                .satisfies(x -> assertThat(((DomainException) x).fieldErrors()).containsKeys(sourceField + "-note", "work-HEIGHT")
                        .containsValue("请填写今日高处作业数（没有填 0）"));

        commitments.publish(principal, form(commitments, e, Map.of("work-HOT_WORK-特级", "1", "work-HOT_WORK-二级", "2",
                "work-CONFINED_SPACE", "2", sourceField, "ABNORMAL", sourceField + "-note", "T-102 液位计故障，已切换备用")));
        var c = commitments.of(e, commitments.today()).orElseThrow();
        assertThat(c.structured()).isTrue();
        assertThat(c.specialWorkTotal()).isEqualTo(5);
        assertThat(c.specialOps()).containsExactly(SpecialOp.HOT_WORK, SpecialOp.CONFINED_SPACE);
        assertThat(c.majorSources()).singleElement().satisfies(s -> {
            assertThat(s.normal()).isFalse();
            assertThat(s.note()).isEqualTo("T-102 液位计故障，已切换备用");
        });
        assertThat(c.riskLevel()).isEqualTo(RiskLevel.HIGH);
        assertThat(c.maintenanceJobs()).isEqualTo(1);
        assertThat(c.contractors()).isEqualTo(3);
        assertThat(jdbc.sql("select permits_checked from daily_commitment where enterprise_id = :e").param("e", e).query(Boolean.class).single()).isTrue();
    }

    @Test
    void only_the_principal_signs_and_old_free_text_commitments_stay_readable() {
        long e = enterprise(new ArrayList<>());
        var commitments = withoutPermits;
        assertThatThrownBy(() -> commitments.publish(new TestActor(e, null, Set.of("risk:register:write")), form(commitments, e, Map.of())))
                .isInstanceOf(DomainException.class).hasMessage("只有本企业主要负责人可以签署承诺公告")
                .extracting(x -> ((DomainException) x).status()).isEqualTo(HttpStatus.FORBIDDEN);

        LocalDate yesterday = commitments.today().minusDays(1);
        jdbc.sql("""
                insert into daily_commitment (enterprise_id, day, unit_states, special_ops, contractors, judgement, signed_by, signer_name, signed_at)
                values (:e, :d, '[]'::jsonb, '{HOT_WORK}', 4, '旧格式的研判结论', 'x', '李四', now())""").param("e", e).param("d", yesterday).update();
        var old = commitments.of(e, yesterday).orElseThrow();
        assertThat(old.structured()).isFalse();
        assertThat(old.specialWorkTotal()).isEqualTo(1);
        assertThat(old.judgement()).isEqualTo("旧格式的研判结论");
    }

    @Test
    void regulators_see_missing_late_and_contradicted_commitments_with_permits_opened_after_signing_rechecked_on_view() {
        Instant start = clock.instant();
        try {
            // 09:30 Beijing on a day of its own, far from the other tests' days
            LocalDate day = commitments().today().plusDays(300);
            clock.set(day.atTime(9, 30).atZone(clock.getZone()).toInstant());
            long onTime = enterprise(new ArrayList<>()), late = enterprise(new ArrayList<>()), missing = enterprise(new ArrayList<>());
            var commitments = withPermits();
            commitments.publish(new TestActor(onTime, null, SIGNS), form(commitments, onTime, Map.of()));
            clock.set(day.atTime(11, 5).atZone(clock.getZone()).toInstant());
            commitments.publish(new TestActor(late, null, SIGNS), form(commitments, late, Map.of()));
            // a 特级动火 opened at the on-time enterprise after its principal signed "none"
            open.put(onTime, List.of(new OpenWork(SpecialOp.HOT_WORK, "特级", 1)));

            var rows = commitments.reviews(Jurisdiction.platform(), day).stream()
                    .filter(r -> Set.of(onTime, late, missing).contains(r.enterpriseId())).toList();
            assertThat(rows).hasSize(3);
            assertThat(rows).extracting(DailyCommitments.Review::enterpriseId).as("missing, contradicted, late").containsExactly(missing, onTime, late);
            assertThat(rows.get(0).published()).isFalse();
            assertThat(rows.get(1).late()).isFalse();
            assertThat(rows.get(1).contradictions()).containsExactly("特级动火：承诺 0 项，作业票 1 项");
            assertThat(rows.get(2).late()).isTrue();
            assertThat(rows.get(2).contradictions()).isEmpty();
        } finally {
            clock.set(start); // the clock is shared by every test class
        }
    }

    private DailyCommitments commitments() {
        return withoutPermits;
    }

    /** The 承诺公告 page's read resolves the enterprise itself (ADR 0076): another enterprise's scope gets a 404. */
    @Test
    void another_enterprises_commitment_notice_is_not_found_by_the_service_itself() {
        long chem = enterpriseIdOf("ent_chem");
        var today = withoutPermits.today();
        assertThatThrownBy(() -> withoutPermits.notice(Jurisdiction.enterprise(enterpriseIdOf("ent_mech"), "本企业"), chem, today))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        var notice = withoutPermits.notice(Jurisdiction.enterprise(chem, "本企业"), chem, today);
        assertThat(notice.enterprise().id()).isEqualTo(chem);
        assertThat(notice.units()).isNotEmpty();
    }
}
