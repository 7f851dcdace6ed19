package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.organization.EnterpriseDraft;
import cn.shuangkong.organization.EnterpriseRegistry;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.internal.RiskImport;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.risk.internal.RiskWorkbook;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.PlatformTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The documented round trip: every demo enterprise's register, exported (风险分级管控清单 .xlsx) and imported into an
 * empty enterprise with the same organisation and people, comes back the same — points, units, steps, events and
 * measures, field by field; the analyses as versions waiting for sign-off (levels come only from three signatures).
 */
class RegisterRoundTripTest extends PlatformTest {

    private static final String CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    @Autowired RiskWorkbook workbook;
    @Autowired RiskImport importer;
    @Autowired RiskSheets sheets;
    @Autowired EnterpriseRegistry enterprises;
    @Autowired OrgStructure structure;
    @Autowired RiskRegistry registry;
    @Autowired PlatformTransactionManager transactions;

    /** The importing safety manager of the empty enterprise. */
    record Importer(long id) implements Actor {
        public String username() { return "roundtrip-" + id; }
        public String displayName() { return "导入测试员"; }
        public Long enterpriseId() { return id; }
        public Jurisdiction jurisdiction() { return Jurisdiction.enterprise(id, "本企业"); }
        public Long serviceOrgId() { return null; }
        public Long employeeId() { return null; }
        public boolean can(String permission) { return true; }
    }

    @Test
    void every_demo_register_exported_and_imported_into_an_empty_enterprise_comes_back_the_same() throws Exception {
        // The demo's registers, with whatever other tests added to them through the platform; not the enterprises other
        // tests made, whose fixtures write rows straight into the tables that the platform itself would never write.
        List<Long> withRegister = jdbc.sql("select distinct enterprise_id from risk_point where enterprise_id = any(:demo) order by 1")
                .param("demo", demoEnterprises().toArray(Long[]::new)).query(Long.class).list();
        assertThat(withRegister).isNotEmpty();
        List<String> failures = new ArrayList<>();
        var softly = new SoftAssertions();
        for (long source : withRegister) {
            // each twin lives only inside a transaction that is rolled back: other tests find demo points by name
            inRolledBackTransaction(() -> {
                long target = emptyTwinOf(source);
                var out = new ByteArrayOutputStream();
                workbook.write(Jurisdiction.platform(), source, out);
                var report = importer.importFrom(new Importer(target), target, new ByteArrayInputStream(out.toByteArray()));
                if (!report.errors().isEmpty()) {
                    failures.add("enterprise " + source + ": " + report.errors());
                    return;
                }
                var before = sheets.ofEnterprise(source);
                var after = sheets.ofEnterprise(target);
                softly.assertThat(after).as("points of enterprise " + source).hasSameSizeAs(before);
                for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
                    assertSame(softly, source, before.get(i), after.get(i));
                }
            });
        }
        softly.assertThat(failures).as("imports refused").isEmpty();
        softly.assertAll();
    }

    @Test
    void an_export_imported_into_its_own_enterprise_names_each_existing_code_once_and_nothing_else() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        int points = sheets.ofEnterprise(chem).size();
        var out = new ByteArrayOutputStream();
        workbook.write(Jurisdiction.platform(), chem, out);

        var report = importer.importFrom(new Importer(chem), chem, new ByteArrayInputStream(out.toByteArray()));

        assertThat(report.errors()).as("one error per existing point, none about its events or measures").hasSize(points);
        assertThat(report.errors()).allSatisfy(e -> {
            assertThat(e.column()).isEqualTo("风险点 · 风险点编码*");
            assertThat(e.message()).contains("本企业已有风险点编码").contains("新编码");
        });
        assertThat(sheets.ofEnterprise(chem)).as("nothing saved").hasSize(points);
    }

    @Test
    void events_of_the_same_name_and_names_with_enumeration_commas_read_back_to_the_same_events() {
        inRolledBackTransaction(() -> {
            long source = emptyTwinOf(enterpriseIdOf("ent_mech"));
            var me = new Importer(source);
            // the enterprise's root unit (the company): the imported point is placed under the importing one's
            long unit = structure.units(source).get(0).id();
            long person = structure.employees(source).get(0).id();
            var point = registry.createPoint(me.jurisdiction(), source, new RiskDrafts.PointDraft("RT-001", "装卸站", "ACTIVITY", unit,
                    null, null, false, null));
            long first = registry.addEvent(me.jurisdiction(), point.id(), new RiskDrafts.EventDraft("槽车泄漏、着火", "鹤管密封失效", "2203",
                    List.of("08"), "火灾"));
            long second = registry.addEvent(me.jurisdiction(), point.id(), new RiskDrafts.EventDraft("槽车泄漏、着火", "静电接地失效", "2103",
                    List.of("08", "18"), "爆燃"));
            registry.addMeasure(me.jurisdiction(), point.id(), new RiskDrafts.MeasureDraft("ENGINEERING", "静电接地报警仪与装车泵联锁",
                    null, unit, person, "接地报警仪自检、联锁试验", java.math.BigDecimal.ONE, "WEEK", List.of(second)));
            registry.addMeasure(me.jurisdiction(), point.id(), new RiskDrafts.MeasureDraft("MANAGEMENT", "装车前检查鹤管密封",
                    null, unit, person, "鹤管密封圈完好、无渗漏", java.math.BigDecimal.ONE, "SHIFT", List.of(first, second)));
            long target = emptyTwinOf(source);
            var out = new ByteArrayOutputStream();
            workbook.write(Jurisdiction.platform(), source, out);

            var report = importer.importFrom(new Importer(target), target, new ByteArrayInputStream(out.toByteArray()));

            assertThat(report.errors()).isEmpty();
            var softly = new SoftAssertions();
            assertSame(softly, source, sheets.ofEnterprise(source).get(0), sheets.ofEnterprise(target).get(0));
            softly.assertAll();
    
        });
    }

    interface Work {
        void run() throws Exception;
    }

    private void inRolledBackTransaction(Work work) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            try {
                work.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                status.setRollbackOnly();
            }
        });
    }

    private void assertSame(SoftAssertions softly, long source, RiskSheets.Sheet a, RiskSheets.Sheet b) {
        var p = a.point();
        var q = b.point();
        String where = "enterprise " + source + " point " + p.code();
        softly.assertThat(List.of(q.code(), q.name(), q.kind(), q.orgUnitName(), String.valueOf(q.location()), String.valueOf(q.majorHazardSource()),
                String.valueOf(q.reviewDue()), String.valueOf(q.guarantorPrincipal()), String.valueOf(q.guarantorTechnical()),
                String.valueOf(q.guarantorOperator())))
                .as(where).containsExactly(p.code(), p.name(), p.kind(), p.orgUnitName(), String.valueOf(p.location()),
                        String.valueOf(p.majorHazardSource()), String.valueOf(p.reviewDue()), String.valueOf(p.guarantorPrincipal()),
                        String.valueOf(p.guarantorTechnical()), String.valueOf(p.guarantorOperator()));
        softly.assertThat(b.units().stream().map(u -> u.name() + "|" + u.responsibleUnitName() + "|" + u.responsibleName()).toList())
                .as(where + " units").isEqualTo(a.units().stream().map(u -> u.name() + "|" + u.responsibleUnitName() + "|" + u.responsibleName()).toList());
        softly.assertThat(b.steps().stream().map(st -> st.method() + "|" + st.seq() + "|" + st.name() + "|" + st.standard()).toList())
                .as(where + " steps").isEqualTo(a.steps().stream().map(st -> st.method() + "|" + st.seq() + "|" + st.name() + "|" + st.standard()).toList());
        softly.assertThat(b.events().stream().map(e -> event(b, e)).toList()).as(where + " events")
                .isEqualTo(a.events().stream().map(e -> event(a, e)).toList());
        softly.assertThat(b.measures().stream().map(m -> measure(b, m)).toList()).as(where + " measures")
                .isEqualTo(a.measures().stream().map(m -> measure(a, m)).toList());
        // the analysis the file carried comes back as a version waiting for review, with the same method and inputs
        for (int i = 0; i < a.events().size(); i++) {
            var approved = a.assessmentsOf(a.events().get(i)).stream().filter(x -> x.status().equals("APPROVED"))
                    .max(java.util.Comparator.comparing((RiskPoints.Assessment x) -> x.basis().equals("RESIDUAL"))
                            .thenComparing(RiskPoints.Assessment::version));
            var copied = b.assessmentsOf(b.events().get(i));
            if (approved.isEmpty()) continue;
            softly.assertThat(copied).as(where + " analysis of " + a.events().get(i).name()).hasSize(1);
            softly.assertThat(copied.get(0).method() + copied.get(0).basis() + copied.get(0).score().stripTrailingZeros())
                    .isEqualTo(approved.get().method() + approved.get().basis() + approved.get().score().stripTrailingZeros());
        }
    }

    private static String event(RiskSheets.Sheet s, RiskPoints.Event e) {
        return String.join("|", e.name(), e.hazard(), e.factorCode(), e.accidentTypeCodes(), e.consequence(), s.editionOf(e),
                s.unitName(e), s.stepName(e));
    }

    private static String measure(RiskSheets.Sheet s, RiskPoints.Measure m) {
        return String.join("|", m.type(), m.description(), String.valueOf(m.controlTier()), m.responsibleUnitName(),
                m.responsibleName(), m.checkContent(), m.checkCycle().stripTrailingZeros().toPlainString(), m.checkCycleUnit(),
                m.eventIds().stream().map(id -> s.events().indexOf(s.event(id)) + ":" + s.event(id).name()).collect(Collectors.joining(",")));
    }

    /** A new enterprise with the same org-unit tree and the same people (names, phones, posts) and nothing else. */
    private long emptyTwinOf(long source) {
        String name = jdbc.sql("select name from enterprise where id = :e").param("e", source).query(String.class).single();
        String first17 = ("91321282" + UUID.randomUUID().toString().replace("-", "").toUpperCase().chars()
                .mapToObj(c -> String.valueOf(CREDIT_ALPHABET.charAt(c % CREDIT_ALPHABET.length()))).collect(Collectors.joining())).substring(0, 17);
        var twin = enterprises.register(Jurisdiction.platform(), new EnterpriseDraft(name + "（导入副本 " + first17.substring(8, 12) + "）",
                first17 + cn.shuangkong.organization.CreditCode.checkCharacter(first17), "C3441", "321282100", null, "SMALL", 50,
                null, null, null, null, null, null, null, "OPERATING", false, false, false, false, false, false));
        Map<Long, Long> units = new HashMap<>();
        for (var u : structure.units(source)) {
            units.put(u.id(), structure.addUnit(new cn.shuangkong.support.EnterprisePerson("安全管理人员", twin.id()), twin.id(), u.parentId() == null ? null : units.get(u.parentId()), u.name(),
                    OrgStructure.Tier.valueOf(u.tier())));
        }
        for (var m : structure.employees(source)) {
            structure.addEmployee(twin.id(), m.postId() == null ? null : units.get(m.postId()), m.name(), m.phone(), m.jobTitle());
        }
        assertThat(Objects.requireNonNull(twin)).isNotNull();
        return twin.id();
    }
}
