package cn.shuangkong;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;

/**
 * Thin controllers (ADR 0076): a controller maps a request to one call of its module's service and a page or a body.
 * SQL belongs to the service that owns the data, where the caller's scope is checked too, so no controller holds a
 * database handle; and a controller with more than {@link #MOST} collaborators is serving two page families and is two
 * controllers. Both rules hold for every {@code @Controller} and {@code @RestController} (the latter is meta-annotated).
 */
class ThinControllersTest {

    /** The most collaborators (constructor parameters, or instance fields) one controller may have. */
    static final int MOST = 8;

    /** Types that give their holder SQL; a controller reaches the database only through its module's service. */
    static final Set<String> DATABASE = Set.of(
            "org.springframework.jdbc.core.simple.JdbcClient",
            "org.springframework.jdbc.core.JdbcTemplate",
            "org.springframework.jdbc.core.JdbcOperations",
            "org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate",
            "org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations",
            "javax.sql.DataSource");

    @Test
    void no_controller_holds_a_database_handle() {
        Map<String, List<String>> offenders = new TreeMap<>();
        for (JavaClass c : controllers()) {
            List<String> handles = Stream.concat(
                    instanceFields(c).stream().filter(f -> DATABASE.contains(f.getRawType().getName()))
                            .map(f -> "field " + f.getName() + ": " + f.getRawType().getSimpleName()),
                    c.getConstructors().stream().flatMap(k -> k.getRawParameterTypes().stream()).filter(t -> DATABASE.contains(t.getName()))
                            .map(t -> "constructor parameter: " + t.getSimpleName())).distinct().toList();
            if (!handles.isEmpty()) offenders.put(c.getName(), handles);
        }
        assertThat(offenders).as("controllers holding a database handle: move the SQL into a method of the service that owns"
                + " the data (scope check included, returning a record) and call that (ADR 0076)").isEmpty();
    }

    @Test
    void no_controller_has_more_than_eight_collaborators() {
        Map<String, String> offenders = new TreeMap<>();
        for (JavaClass c : controllers()) {
            int fields = instanceFields(c).size();
            int parameters = c.getConstructors().stream().mapToInt(k -> k.getRawParameterTypes().size()).max().orElse(0);
            if (Math.max(fields, parameters) > MOST) {
                offenders.put(c.getName(), fields + " fields, " + parameters + " constructor parameters");
            }
        }
        assertThat(offenders).as("controllers with more than " + MOST + " collaborators: split each into controllers that"
                + " each serve one page family, URLs and templates unchanged (ADR 0076)").isEmpty();
    }

    /**
     * Methods that take an enterprise's (or a record's, for its children) bare id and trust the caller to have checked
     * its scope, each with a scoped variant (or a detail read) that resolves the id itself (ADR 0076). Jobs, listeners and other services may call
     * them; a controller calls the scoped one, so that scope is never a check a controller did first.
     */
    static final Map<String, String> UNSCOPED = Map.ofEntries(
            Map.entry("cn.shuangkong.risk.RiskSiteMap.of(long)", "RiskSiteMap.page(scope, id)"),
            Map.entry("cn.shuangkong.risk.SitePlans.fileOf(long)", "RiskSiteMap.page(scope, id)"),
            Map.entry("cn.shuangkong.risk.RiskSheets.ofEnterprise(long)", "RiskSheets.board(scope, id)"),
            Map.entry("cn.shuangkong.risk.RiskFilings.standing(long)", "RiskFilings.standing(scope, id)"),
            Map.entry("cn.shuangkong.risk.DailyCommitments.of(long, java.time.LocalDate)", "DailyCommitments.notice(scope, id, day)"),
            Map.entry("cn.shuangkong.risk.DailyCommitments.unitsOf(long)", "DailyCommitments.notice(scope, id, day)"),
            Map.entry("cn.shuangkong.risk.DailyCommitments.workOf(long, java.time.LocalDate)", "DailyCommitments.notice(scope, id, day)"),
            Map.entry("cn.shuangkong.risk.DailyCommitments.majorSourcesOf(long)", "DailyCommitments.notice(scope, id, day)"),
            Map.entry("cn.shuangkong.quality.internal.QualityChecks.check(long, java.lang.String)", "QualityChecks.check(actor, id)"),
            Map.entry("cn.shuangkong.supervision.internal.EnterpriseRatings.history(long)", "EnterpriseRatings.withHistory(scope, id) or EnterpriseSupervision.of(actor, id, year)"),
            Map.entry("cn.shuangkong.supervision.internal.EnforcementPlans.forEnterprise(long, int)", "EnterpriseSupervision.of(actor, id, year)"),
            Map.entry("cn.shuangkong.supervision.internal.GridPatrols.ofEnterprise(long)", "EnterpriseSupervision.of(actor, id, year)"),
            Map.entry("cn.shuangkong.supervision.internal.Credit.ofEnterprise(long)", "EnterpriseSupervision.of(actor, id, year)"),
            Map.entry("cn.shuangkong.organization.Departments.ofEnterprise(long)", "EnterpriseDetails.of(scope, id)"),
            Map.entry("cn.shuangkong.files.FileStore.find(long)", "FileStore.findVisible(scope, id) or FileStore.download(scope, id)"),
            Map.entry("cn.shuangkong.files.FileStore.content(long)", "FileStore.download(scope, id)"),
            Map.entry("cn.shuangkong.hazard.internal.RiskReferences.riskPointName(long)", "HazardDetails.of(scope, id)"),
            Map.entry("cn.shuangkong.hazard.internal.RiskReferences.measureContent(long)", "HazardDetails.of(scope, id)"),
            Map.entry("cn.shuangkong.hazard.internal.PersonNames.peopleOf(long)", "HazardDetails.of(scope, id)"),
            Map.entry("cn.shuangkong.audit.AuditTrail.historyOf(java.lang.String, java.lang.String)", "the owning module's detail read, e.g. HazardDetails.of(scope, id)"),
            Map.entry("cn.shuangkong.monitoring.internal.MajorHazardSources.history(long)", "MonitoringDetails.source(scope, id)"),
            Map.entry("cn.shuangkong.monitoring.internal.GuarantorChecks.ofSource(long)", "MonitoringDetails.source(scope, id)"),
            Map.entry("cn.shuangkong.monitoring.internal.AlarmRecords.outOfControl(long)", "MonitoringDetails.source/alarm(scope, id)"),
            Map.entry("cn.shuangkong.monitoring.internal.AlarmRecords.ofPointBetween(long, java.time.Instant, java.time.Instant)", "MonitoringDetails.alarmWindow(scope, id, now)"),
            Map.entry("cn.shuangkong.emergency.internal.EmergencyPlans.versions(long)", "EmergencyPlans.detail(scope, id)"),
            Map.entry("cn.shuangkong.emergency.internal.EmergencyPlans.risks(long)", "EmergencyPlans.detail(scope, id)"),
            Map.entry("cn.shuangkong.emergency.internal.EmergencyPlans.riskPointsOf(long)", "EmergencyPlans.detail(scope, id) or riskPointsOf(me)"),
            Map.entry("cn.shuangkong.emergency.internal.Drills.actions(long)", "Drills.detail(scope, id)"),
            Map.entry("cn.shuangkong.alerting.internal.Alerts.timeline(long)", "Alerts.detail(scope, id) or Alerts.open(me, id)"),
            Map.entry("cn.shuangkong.alerting.internal.Alerts.markRead(java.lang.String, long)", "Alerts.open(me, id)"),
            Map.entry("cn.shuangkong.publicreport.PublicReports.photoIds(long)", "PublicReports.detail(me, id)"),
            Map.entry("cn.shuangkong.publicreport.PublicReports.timeline(long)", "PublicReports.detail(me, id)"),
            Map.entry("cn.shuangkong.referral.Referrals.steps(long)", "Referrals.detail(me, id)"),
            Map.entry("cn.shuangkong.organization.ServiceOrganizations.contracts(long)", "ServiceOrganizations.directory(me)"),
            Map.entry("cn.shuangkong.organization.OrgStructure.addEmployee(long, java.lang.Long, java.lang.String, java.lang.String, java.lang.String)", "OrgStructure.addEmployee(scope, id, …)"));

    @Test
    void no_controller_calls_a_method_that_trusts_it_to_have_checked_scope() {
        var classes = ModuleApiTest.mainClasses();
        var methods = classes.stream().flatMap(c -> c.getMethods().stream()).map(m -> m.getFullName()).collect(java.util.stream.Collectors.toSet());
        // a renamed or removed method would make the rule silently check nothing for it
        assertThat(methods).as("the listed unscoped methods exist").containsAll(UNSCOPED.keySet());
        Map<String, List<String>> offenders = new TreeMap<>();
        for (JavaClass c : controllers()) {
            List<String> calls = c.getMethodCallsFromSelf().stream().map(call -> call.getTarget().getFullName())
                    .filter(UNSCOPED::containsKey).distinct().sorted().map(m -> m + " → " + UNSCOPED.get(m)).toList();
            if (!calls.isEmpty()) offenders.put(c.getName(), calls);
        }
        assertThat(offenders).as("controllers calling a method that takes a bare enterprise id on trust: call its scoped"
                + " variant, which resolves the id in the caller's scope (ADR 0076)").isEmpty();
    }

    static List<JavaClass> controllers() {
        List<JavaClass> controllers = ModuleApiTest.mainClasses().stream()
                .filter(c -> c.isAnnotatedWith(Controller.class) || c.isMetaAnnotatedWith(Controller.class))
                .filter(c -> !c.isAnnotation())
                .toList();
        // RestController is meta-annotated with Controller; both kinds must be found or the rules check nothing.
        assertThat(controllers).as("controllers found").anyMatch(c -> c.getSimpleName().equals("HazardApi"))
                .anyMatch(c -> c.getSimpleName().equals("HazardController"));
        return controllers;
    }

    static List<JavaField> instanceFields(JavaClass c) {
        return c.getFields().stream().filter(f -> !f.getModifiers().contains(JavaModifier.STATIC))
                .filter(f -> !f.getModifiers().contains(JavaModifier.SYNTHETIC)).toList();
    }
}
