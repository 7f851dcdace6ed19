package cn.shuangkong.scope;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.internal.CurrentUsers;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.PlatformTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Tenant isolation, generated from the route list: every handler mapping that names a record in its path, for every
 * demo role, with a record of ANOTHER scope in it — reads and writes, API and pages — must answer 403 or 404, never
 * 2xx, never a redirect onwards, never 5xx. A new route whose path variable is not in {@link #PATHS} fails the test,
 * so that nobody adds an endpoint with an id and no thought about whose record it names.
 */
class TenantIsolationTest extends PlatformTest {

    /** The accounts probed; gov_city, gov_lead and admin see the whole demo city, so nothing there is foreign to them. */
    static final List<String> ROLES = List.of("ent_chem", "ent_mech", "worker_chem", "chem_tech", "chem_boss", "service_org",
            "gov_town", "grid_xq");

    /**
     * What a path variable names, and how to find such records with their owner: SQL answering (key, enterprise id,
     * region code) — an enterprise's record has the enterprise, a regulator's or a citizen's has the region, a
     * record of neither (a role, an account) is foreign to everyone but its holder ({@code :me} is the prober).
     */
    enum Kind {
        ENTERPRISE("select id, id, null from enterprise"),
        HAZARD("select id, enterprise_id, null from hazard"),
        HAZARD_PHOTO("select hp.id, h.enterprise_id, null from hazard_photo hp join hazard h on h.id = hp.hazard_id"),
        RISK_POINT("select id, enterprise_id, null from risk_point"),
        RISK_EVENT("select v.id, p.enterprise_id, null from risk_event v join risk_point p on p.id = v.risk_point_id"),
        RISK_UNIT("select u.id, p.enterprise_id, null from risk_unit u join risk_point p on p.id = u.risk_point_id"),
        RISK_STEP("select s.id, p.enterprise_id, null from risk_step s join risk_point p on p.id = s.risk_point_id"),
        CONTROL_MEASURE("select m.id, p.enterprise_id, null from control_measure m join risk_point p on p.id = m.risk_point_id"),
        RISK_ASSESSMENT("select a.id, p.enterprise_id, null from risk_assessment a join risk_event v on v.id = a.risk_event_id join risk_point p on p.id = v.risk_point_id"),
        RISK_FILING("select id, enterprise_id, null from risk_filing"),
        INSPECTION_TASK("select id, enterprise_id, null from inspection_task"),
        INSPECTION_RECORD("select id, enterprise_id, null from inspection_record"),
        CHECKLIST_RECORD("select id, enterprise_id, null from checklist_record"),
        CHECKLIST("select id, enterprise_id, null from checklist where enterprise_id is not null"),
        CHECKLIST_RUN("select id, enterprise_id, null from checklist_inspection"),
        FILE("select id, enterprise_id, owner_region from stored_file"),
        MAJOR_HAZARD_SOURCE("select id, enterprise_id, null from major_hazard_source"),
        GUARANTOR_CHECK("select g.id, s.enterprise_id, null from guarantor_check g join major_hazard_source s on s.id = g.source_id"),
        DUTY_TASK("select id, enterprise_id, null from duty_task"),
        MONITORING_POINT("select id, enterprise_id, null from monitoring_point"),
        ALARM("select id, enterprise_id, null from alarm"),
        ALERT("select id, enterprise_id, null from alert"),
        ALERT_RULE("select code, null, null from alert_rule"),
        EMERGENCY_PLAN("select id, enterprise_id, null from emergency_plan"),
        EMERGENCY_DRILL("select id, enterprise_id, null from emergency_drill"),
        DRILL_ACTION("select a.id, d.enterprise_id, null from emergency_drill_action a join emergency_drill d on d.id = a.drill_id"),
        EMERGENCY_TEAM("select id, enterprise_id, null from emergency_team"),
        TEAM_MEMBER("select m.id, t.enterprise_id, null from emergency_team_member m join emergency_team t on t.id = m.team_id"),
        EMERGENCY_EXPERT("select id, enterprise_id, null from emergency_expert"),
        EMERGENCY_RESOURCE("select id, enterprise_id, null from emergency_resource"),
        CERTIFICATE("select id, enterprise_id, null from certificate"),
        OCCUPATIONAL_FACTOR("select id, enterprise_id, null from occupational_factor"),
        HEALTH_EXAM("select id, enterprise_id, null from health_exam"),
        OCCUPATIONAL_DECLARATION("select id, enterprise_id, null from occupational_declaration"),
        CONTRACTOR("select id, enterprise_id, null from contractor"),
        CONTRACTOR_PERSON("select id, enterprise_id, null from contractor_person"),
        PERMIT("select id, enterprise_id, null from permit"),
        NEIGHBOUR("select id, enterprise_id, null from enterprise_neighbour"),
        NEIGHBOUR_NOTICE("select id, enterprise_id, null from neighbour_notice"),
        ENFORCEMENT_INSPECTION("select id, enterprise_id, null from enforcement_inspection"),
        ENFORCEMENT_PLAN("select p.id, null, d.region_code from enforcement_plan p join department d on d.id = p.department_id"),
        RANDOM_DRAW("select r.id, null, d.region_code from random_draw r join department d on d.id = r.department_id"),
        LAW_ENFORCER("select l.id, null, d.region_code from law_enforcer l join department d on d.id = l.department_id"),
        BLACKLIST("select id, enterprise_id, null from blacklist_entry"),
        SUPERVISION_RECORD("select id, enterprise_id, null from supervision_record"),
        GRID("select g.id, null, g.region_code from grid g"),
        TOWN("select code, null, code from region where length(code) = 9"),
        REGION("select code, null, code from region"),
        REGIONAL_RISK("select id, null, region_code from regional_risk"),
        // a published 通报 is sent to the departments below its area, so only a draft or a signed one is foreign there
        RISK_BULLETIN("select id, null, region_code from risk_bulletin where state <> 'PUBLISHED'"),
        PUBLIC_REPORT("select id, null, region_code from public_report"),
        SERVICE_ORG("select id, null, null from service_org where id <> coalesce((select service_org_id from user_account where username = :me), -1)"),
        ORG_UNIT("select id, enterprise_id, null from org_unit"),
        EMPLOYEE("select id, enterprise_id, null from employee"),
        CHECKIN("select c.id, p.enterprise_id, null from inspection_checkin c join risk_point p on p.id = c.risk_point_id"),
        CHECKLIST_ITEM("select i.id, c.enterprise_id, null from checklist_item i join checklist c on c.id = i.checklist_id where c.enterprise_id is not null"),
        DEPARTMENT("select id, null, region_code from department"),
        ACCOUNT("select id, null, null from user_account where username <> :me"),
        ROLE("select id, null, null from role"),
        API_TOKEN("select t.id, null, null from api_token t join user_account u on u.id = t.user_id where u.username <> :me"),
        // a referral belongs to the two departments that sent and received it, not to the enterprise or its region:
        // none of the probed roles works for either, so every referral is foreign to all of them
        REFERRAL("select r.id, null, null from referral r"),
        JOINT_INSPECTION("select id, enterprise_id, null from joint_inspection"),
        WEBHOOK("select id, null, null from webhook_subscription where owner_username <> :me"),
        WEBHOOK_DELIVERY("select d.id, null, null from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id where s.owner_username <> :me"),
        EXCHANGE_SENDER("select id, null, region_code from exchange_sender");

        final String sql;

        Kind(String sql) {
            this.sql = sql;
        }
    }

    /** Path variables by the route's path up to and including the variable. */
    static final Map<String, Kind> PATHS = new LinkedHashMap<>();

    /** Path variables that name no record of anyone (a year, a step of a workflow, a dictionary code): the value probed, and why. */
    static final Map<String, String> NOT_RECORDS = new LinkedHashMap<>();

    static {
        path(Kind.ENTERPRISE, "/api/v1/enterprises/{id}", "/api/v1/enterprises/{enterpriseId}", "/api/v1/supervision/ratings/{enterpriseId}",
                "/dashboard/enterprises/{id}", "/enterprises/{id}", "/risks/commitments/{enterpriseId}", "/supervision/enterprises/{id}",
                "/api/v1/quality/enterprises/{id}", "/quality/enterprises/{id}", "/occupational/enterprises/{id}", "/api/v1/exchange/enterprises/{id}", "/exchange/enterprises/{id}");
        path(Kind.EXCHANGE_SENDER, "/api/v1/exchange/senders/{id}", "/exchange/senders/{id}");
        path(Kind.HAZARD, "/api/v1/hazards/{id}", "/hazards/{id}");
        path(Kind.HAZARD_PHOTO, "/api/v1/hazards/{id}/photos/{photoId}", "/hazards/{id}/photos/{photoId}");
        path(Kind.RISK_POINT, "/api/v1/risk-points/{id}", "/risks/{id}", "/inspection/points/{id}");
        path(Kind.RISK_EVENT, "/api/v1/risk-events/{id}", "/risks/{id}/events/{eventId}");
        path(Kind.RISK_UNIT, "/api/v1/risk-units/{id}", "/risks/{id}/units/{unitId}");
        path(Kind.RISK_STEP, "/api/v1/risk-steps/{id}", "/risks/{id}/steps/{stepId}");
        path(Kind.RISK_ASSESSMENT, "/api/v1/risk-assessments/{id}", "/risks/{id}/assessments/{assessmentId}");
        path(Kind.RISK_FILING, "/api/v1/risk-filings/{id}", "/risks/filings/{id}");
        path(Kind.INSPECTION_RECORD, "/inspection/records/{id}");
        path(Kind.CHECKLIST, "/api/v1/inspection/checklists/{id}", "/inspection/checklists/{id}");
        path(Kind.CHECKLIST_RUN, "/api/v1/inspection/checklist-runs/{id}", "/inspection/checklists/runs/{id}");
        path(Kind.CHECKLIST_RECORD, "/inspection/checklists/records/{id}");
        path(Kind.FILE, "/api/v1/files/{id}", "/files/{id}", "/reports/{id}/photos/{fileId}");
        path(Kind.MAJOR_HAZARD_SOURCE, "/api/v1/major-hazard-sources/{id}", "/monitoring/sources/{id}");
        path(Kind.GUARANTOR_CHECK, "/api/v1/guarantor-checks/{id}", "/monitoring/checks/{id}");
        path(Kind.DUTY_TASK, "/inspection/duty-tasks/{id}");
        path(Kind.MONITORING_POINT, "/monitoring/points/{id}");
        path(Kind.ALARM, "/api/v1/monitoring/alarms/{id}", "/monitoring/alarms/{id}");
        path(Kind.ALERT, "/api/v1/alerts/{id}", "/alerts/{id}");
        path(Kind.ALERT_RULE, "/api/v1/alert-rules/{code}", "/alerts/rules/{code}");
        path(Kind.EMERGENCY_PLAN, "/api/v1/emergency-plans/{id}", "/emergency/plans/{id}");
        path(Kind.EMERGENCY_DRILL, "/api/v1/emergency-drills/{id}", "/emergency/drills/{id}");
        path(Kind.DRILL_ACTION, "/api/v1/emergency-drill-actions/{id}", "/emergency/actions/{id}");
        path(Kind.EMERGENCY_TEAM, "/api/v1/emergency-teams/{id}", "/emergency/teams/{id}");
        path(Kind.TEAM_MEMBER, "/api/v1/emergency-teams/{id}/members/{memberId}", "/emergency/teams/{id}/members/{memberId}");
        path(Kind.EMERGENCY_EXPERT, "/api/v1/emergency-experts/{id}", "/emergency/experts/{id}");
        path(Kind.EMERGENCY_RESOURCE, "/api/v1/emergency-resources/{id}", "/emergency/resources/{id}");
        path(Kind.NEIGHBOUR_NOTICE, "/api/v1/neighbour-notices/{id}", "/emergency/neighbours/{id}");
        path(Kind.CERTIFICATE, "/api/v1/training/certificates/{id}", "/training/certificates/{id}");
        path(Kind.OCCUPATIONAL_FACTOR, "/api/v1/occupational/factors/{id}", "/occupational/factors/{id}");
        path(Kind.HEALTH_EXAM, "/api/v1/occupational/exams/{id}", "/occupational/exams/{id}");
        path(Kind.OCCUPATIONAL_DECLARATION, "/api/v1/occupational/declarations/{id}", "/occupational/declarations/{id}");
        path(Kind.ORG_UNIT, "/api/v1/occupational/posts/{id}", "/occupational/posts/{id}");
        path(Kind.CONTRACTOR, "/api/v1/contractors/{id}", "/contractors/{id}");
        path(Kind.CONTRACTOR_PERSON, "/api/v1/contractors/{id}/people/{personId}", "/contractors/{id}/people/{personId}");
        path(Kind.PERMIT, "/api/v1/permits/{id}", "/permits/{id}");
        path(Kind.ENFORCEMENT_INSPECTION, "/api/v1/supervision/inspections/{id}", "/supervision/inspections/{id}");
        path(Kind.RANDOM_DRAW, "/api/v1/supervision/draws/{id}", "/supervision/draws/{id}");
        path(Kind.LAW_ENFORCER, "/api/v1/supervision/enforcers/{id}");
        path(Kind.BLACKLIST, "/api/v1/supervision/blacklist/{id}", "/supervision/blacklist/{id}");
        path(Kind.GRID, "/regions/grids/{gridId}");
        path(Kind.TOWN, "/api/v1/regional-risks/towns/{code}", "/regional/towns/{code}");
        path(Kind.REGIONAL_RISK, "/api/v1/regional-risks/{id}", "/regional/{id}");
        path(Kind.RISK_BULLETIN, "/bulletins/{id}");
        path(Kind.PUBLIC_REPORT, "/api/v1/reports/{id}", "/reports/{id}");
        path(Kind.SERVICE_ORG, "/service-orgs/{id}");
        path(Kind.ACCOUNT, "/admin/users/{id}");
        path(Kind.ROLE, "/admin/roles/{id}");
        path(Kind.API_TOKEN, "/account/tokens/{id}", "/api/v1/auth/tokens/{id}");
        path(Kind.REFERRAL, "/api/v1/referrals/{id}", "/referrals/{id}");
        path(Kind.JOINT_INSPECTION, "/supervision/joint/{id}");
        path(Kind.WEBHOOK, "/api/v1/webhooks/{id}", "/webhooks/{id}");
        path(Kind.WEBHOOK_DELIVERY, "/api/v1/webhooks/deliveries/{id}", "/webhooks/deliveries/{id}");
        NOT_RECORDS.put("/hazards/{id}/actions/{action}", "confirm");                // a step of the hazard workflow
        NOT_RECORDS.put("/monitoring/points/{id}/{action}", "disable");             // a switch of the point named before it
        NOT_RECORDS.put("/monitoring/alarms/{id}/{action}", "acknowledge");         // a step of the alarm named before it
        NOT_RECORDS.put("/api/v1/supervision/plans/{year}", "2026");                // the caller's own department's plan of that year
        NOT_RECORDS.put("/api/v1/quality/rules/{code}", "MEASURE_VAGUE");           // a platform-wide rule, changed by admins only
        NOT_RECORDS.put("/api/v1/regions/{code}", "321282");                        // 行政区划: a public dictionary
        NOT_RECORDS.put("/api/v1/public/reports/{code}", "ZZZZZZZZ");               // a tracking code is the citizen's own secret
    }

    private static void path(Kind kind, String... keys) {
        for (String k : keys) PATHS.put(k, kind);
    }


    /** Ids that arrive in a query parameter, form field or JSON body, by field name: what record each names. */
    static final Map<String, Kind> FIELDS = new LinkedHashMap<>();

    /** Id fields that name another scope's record by design, and why the service must accept them. */
    static final Map<String, String> FOREIGN_BY_DESIGN = new LinkedHashMap<>();

    static {
        FIELDS.put("enterpriseId", Kind.ENTERPRISE);
        FIELDS.put("riskPointId", Kind.RISK_POINT);
        FIELDS.put("riskPointIds", Kind.RISK_POINT);
        FIELDS.put("measureId", Kind.CONTROL_MEASURE);
        FIELDS.put("riskUnitId", Kind.RISK_UNIT);
        FIELDS.put("stepId", Kind.RISK_STEP);
        FIELDS.put("eventIds", Kind.RISK_EVENT);
        FIELDS.put("orgUnitId", Kind.ORG_UNIT);
        FIELDS.put("responsibleUnitId", Kind.ORG_UNIT);
        FIELDS.put("postId", Kind.ORG_UNIT);
        FIELDS.put("responsibleEmployeeId", Kind.EMPLOYEE);
        FIELDS.put("employeeId", Kind.EMPLOYEE);
        FIELDS.put("factorId", Kind.OCCUPATIONAL_FACTOR);
        FIELDS.put("guarantorPrincipalId", Kind.EMPLOYEE);
        FIELDS.put("guarantorTechnicalId", Kind.EMPLOYEE);
        FIELDS.put("guarantorOperatorId", Kind.EMPLOYEE);
        FIELDS.put("parentId", Kind.ORG_UNIT);
        FIELDS.put("drillId", Kind.EMERGENCY_DRILL);
        FIELDS.put("serviceOrgId", Kind.SERVICE_ORG);
        FIELDS.put("checkinId", Kind.CHECKIN);
        FIELDS.put("taskId", Kind.INSPECTION_TASK);
        FIELDS.put("itemId", Kind.CHECKLIST_ITEM);
        FIELDS.put("sourceId", Kind.MAJOR_HAZARD_SOURCE);
        FIELDS.put("planId", Kind.EMERGENCY_PLAN);
        FIELDS.put("drawId", Kind.RANDOM_DRAW);
        FIELDS.put("enforcerId", Kind.LAW_ENFORCER);
        FIELDS.put("departmentId", Kind.DEPARTMENT);
        FIELDS.put("gridId", Kind.GRID);
        FIELDS.put("fileId", Kind.FILE);
        FIELDS.put("itemId", Kind.HAZARD); // the referred item; its kind defaults to (and is probed as) HAZARD
        FIELDS.put("guardianId", Kind.EMPLOYEE);
        FIELDS.put("linkedPermitIds", Kind.PERMIT);
        FIELDS.put("permitId", Kind.PERMIT);
        FIELDS.put("contractorId", Kind.CONTRACTOR);
        FOREIGN_BY_DESIGN.put("batchId", "数据上报: the sending system's own batch number, kept per sender (Inbound.receive), names nothing of anyone else");
        FOREIGN_BY_DESIGN.put("neighbourId", "相邻单位 is another enterprise: declared by credit code or id, never read through");
        FOREIGN_BY_DESIGN.put("toDepartmentId", "a referral goes to another department by design: any whose area covers the enterprise (Referrals.refer)");
        FOREIGN_BY_DESIGN.put("departmentIds", "联合执法 partners are departments responsible for the enterprise, of any level (JointInspections.create)");
        FOREIGN_BY_DESIGN.put("neighbourIds", "only the enterprise's own declared neighbours are accepted (NeighbourNotices.notify)");
    }

    /** Lists that name another enterprise by design when filtered by it, and why. */
    static final Map<String, String> NAMES_COUNTERPARTS = Map.of(
            "GET /api/v1/neighbour-notices", "a 相邻单位告知 received names the enterprise that sent it");

    /**
     * Bodies that get a write past validation, so that the id under test is what decides: by "METHOD pattern". A
     * value "@KIND" stands for the prober's own record of that kind; the probed id is put (or replaced) on top.
     */
    static final Map<String, String> BODIES = Map.of(
            "POST /api/v1/hazards", """
                    {"source":"SELF_CHECK","type":"UNSAFE_CONDITION","title":"越权探测","description":"越权探测","location":"越权探测"}""",
            "POST /api/v1/risk-points/{id}/units", """
                    {"name":"越权探测单元","responsibleUnitId":"@ORG_UNIT","responsibleEmployeeId":"@EMPLOYEE"}""",
            "POST /api/v1/risk-points/{id}/measures", """
                    {"type":"MANAGEMENT","description":"越权探测措施","responsibleUnitId":"@ORG_UNIT","responsibleEmployeeId":"@EMPLOYEE",
                     "checkContent":"越权探测","checkCycle":1,"checkCycleUnit":"DAY","eventIds":["@RISK_EVENT"]}""",
            "POST /api/v1/emergency-plans", """
                    {"kind":"COMPREHENSIVE","title":"越权探测预案"}""",
            "POST /api/v1/emergency-drills", """
                    {"title":"越权探测演练","kind":"TABLETOP","plannedOn":"2027-01-01","participants":"越权探测"}""",
            "POST /api/v1/permits", """
                    {"kind":"HOT_WORK","level":"二级","place":"越权探测","riskPointId":"@RISK_POINT","job":"越权探测",
                     "hazards":[{"hazard":"越权探测","measure":"越权探测"}],"guardianId":"@EMPLOYEE",
                     "workers":[{"name":"越权探测","role":"WORKER"}],"plannedStart":"2030-06-04T01:00:00Z",
                     "plannedEnd":"2030-06-04T05:00:00Z","insideDike":false}""");

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)(:[^}]*)?}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Autowired
    CurrentUsers currentUsers;

    /**
     * One method on one path; {@code filePart} names the upload a handler takes (sent as multipart), {@code query}
     * carries a plain value for each required parameter, so that a probe reaches the service rather than stopping at
     * binding.
     */
    record Route(String method, String pattern, boolean api, String filePart, String query, List<IdField> ids) { }

    /** An id that arrives beside the path: in the query (or form), or in the JSON body. */
    record IdField(String name, boolean inBody, boolean list) { }

    List<Route> routes() {
        List<Route> out = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : handlers.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            String filePart = null;
            List<String> query = new ArrayList<>();
            List<IdField> ids = new ArrayList<>();
            for (MethodParameter p : e.getValue().getMethodParameters()) {
                Class<?> bodyType = p.getParameterType();
                boolean body = p.hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class);
                boolean form = p.hasParameterAnnotation(org.springframework.web.bind.annotation.ModelAttribute.class);
                if ((body || form) && bodyType.isRecord()) {
                    for (var c : bodyType.getRecordComponents()) {
                        if (c.getName().endsWith("Id") || c.getName().endsWith("Ids")) {
                            ids.add(new IdField(c.getName(), body, List.class.isAssignableFrom(c.getType())));
                        }
                    }
                }
                RequestParam rp = p.getParameterAnnotation(RequestParam.class);
                if (rp == null) continue;
                p.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
                String name = !rp.name().isEmpty() ? rp.name() : !rp.value().isEmpty() ? rp.value() : p.getParameterName();
                Class<?> type = p.getParameterType();
                boolean file = type == MultipartFile.class || p.getGenericParameterType().getTypeName().contains("MultipartFile");
                if (name.endsWith("Id") || name.endsWith("Ids")) ids.add(new IdField(name, false, List.class.isAssignableFrom(type)));
                if (file) filePart = name;
                else if (rp.required() && ValueConstants.DEFAULT_NONE.equals(rp.defaultValue()) && !Map.class.isAssignableFrom(type)) {
                    query.add(name + "=" + sample(type));
                }
            }
            if (filePart == null && info.getConsumesCondition().getConsumableMediaTypes().contains(MediaType.MULTIPART_FORM_DATA)) {
                filePart = "file";
            }
            for (String declared : info.getPatternValues()) {
                if (!declared.contains("{") && ids.isEmpty()) continue;
                for (String pattern : expand(declared)) {
                    for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        out.add(new Route(m.name(), pattern, pattern.startsWith("/api/"), filePart, String.join("&", query), ids));
                    }
                }
            }
        }
        out.sort(Comparator.comparing(Route::pattern).thenComparing(Route::method));
        return out;
    }

    private static String sample(Class<?> type) {
        if (type.isEnum()) return ((Enum<?>) type.getEnumConstants()[0]).name();
        if (type == java.time.LocalDate.class) return "2026-01-01";
        if (type == Boolean.class || type == boolean.class) return "true";
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() || List.class.isAssignableFrom(type)) return "1";
        return "x";
    }

    /** A variable restricted to words ({kind:teams|experts}) is one route per word: each word names another record. */
    static List<String> expand(String pattern) {
        Matcher m = Pattern.compile("\\{[A-Za-z]+:([a-z|-]+)}").matcher(pattern);
        if (!m.find()) return List.of(pattern.replaceAll("\\{([A-Za-z]+):[^}]*}", "{$1}"));
        List<String> out = new ArrayList<>();
        for (String word : m.group(1).split("\\|")) {
            out.addAll(expand(pattern.substring(0, m.start()) + word + pattern.substring(m.end())));
        }
        return out;
    }

    /** Each variable of a pattern by the path up to it: "/api/v1/hazards/{id}/photos/{photoId}" → two keys. */
    static List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) keys.add(pattern.substring(0, m.start()) + "{" + m.group(1) + "}");
        return keys;
    }

    /** Who a role is, as the platform derives it: which enterprises and which region are theirs. */
    record Scope(String role, Set<Long> enterprises, String regionPrefix) {
        boolean foreign(Long enterpriseId, String region) {
            if (enterpriseId != null) return !enterprises.contains(enterpriseId);
            if (region != null) return regionPrefix == null || !region.startsWith(regionPrefix);
            return true; // an account, a role, a rule: the platform's, or somebody else's
        }
    }

    Scope scopeOf(String role) {
        Jurisdiction j = currentUsers.named(role).jurisdiction();
        var f = j.enterpriseFilter("e");
        Set<Long> visible = new LinkedHashSet<>(jdbc.sql("select e.id from enterprise e where " + f.sql()).params(f.params())
                .query(Long.class).list());
        return new Scope(role, visible, j.kind() == Jurisdiction.Kind.REGULATOR ? j.regionPrefix() : null);
    }

    /** The first record of a kind that lies outside the scope ({@code foreign}) or inside it. */
    Optional<String> recordOf(Kind kind, Scope scope, boolean foreign) {
        return jdbc.sql("select k.key::text, k.ent::bigint, k.region::text from (" + kind.sql + ") k(key, ent, region) order by k.key")
                .param("me", scope.role())
                .query((rs, n) -> scope.foreign((Long) rs.getObject(2, Long.class), rs.getString(3)) == foreign ? rs.getString(1) : null)
                .list().stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** The name of the enterprise owning a record, to look for in a list that should not show it. */
    Optional<String> ownerName(Kind kind, String key) {
        return jdbc.sql("select e.name from (" + kind.sql + ") k(key, ent, region) join enterprise e on e.id = k.ent::bigint where k.key::text = :k")
                .param("me", "").param("k", key).query(String.class).optional();
    }

    record Outcome(String role, Route route, String path, String what, int status, String location) {
        @Override
        public String toString() {
            return status + " " + role + " " + route.method() + " " + path + (what == null ? "" : " " + what)
                    + (location == null ? "" : " → " + location);
        }
    }

    private static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static byte[] multipart(String boundary, String part) {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.writeBytes(PNG);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Sends one request: {@code query} on the URL, {@code json} as the body of an API write (a form post sends it as fields). */
    HttpResponse<String> send(Session as, Route r, String path, String query, String json) {
        String contentType = null;
        byte[] body = null;
        if (!r.method().equals("GET") && !r.method().equals("DELETE")) {
            if (r.filePart() != null) {
                contentType = "multipart/form-data; boundary=skprobe";
                body = multipart("skprobe", r.filePart());
            } else if (r.api()) {
                contentType = "application/json";
                body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } else {
                contentType = "application/x-www-form-urlencoded";
                body = formOf(json).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return as.send(r.method(), query.isEmpty() ? path : path + "?" + query, contentType, body);
    }

    private static String formOf(String json) {
        StringBuilder form = new StringBuilder();
        MAPPER.readTree(json).properties().forEach(e -> {
            if (!form.isEmpty()) form.append('&');
            String v = e.getValue().isArray() ? (e.getValue().isEmpty() ? "" : e.getValue().get(0).asString()) : e.getValue().asString();
            form.append(e.getKey()).append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
        });
        return form.toString();
    }

    private static final tools.jackson.databind.json.JsonMapper MAPPER = tools.jackson.databind.json.JsonMapper.builder().build();

    /** What every probe of one role found. */
    static final class Findings {
        final List<Outcome> refused = new ArrayList<>();
        final List<Outcome> otherwise = new ArrayList<>();
        final List<Outcome> breaches = new ArrayList<>();
        final Set<String> noRecord = new TreeSet<>();

        /**
         * 403/404 is a refusal. A 5xx, a change audited, an API write or page read that succeeds is a breach. A form
         * post that shows its form again (200, or a redirect back with a message) and changed nothing is a refusal
         * of another kind, as is a 4xx for input; a list filtered by a foreign id may answer 200 if it shows nothing
         * of the foreign enterprise.
         */
        void add(Outcome o, boolean saved, boolean listShowsNothingForeign) {
            boolean write = !o.route().method().equals("GET");
            boolean ok = o.status() >= 200 && o.status() < 400;
            if (o.status() == 403 || o.status() == 404) refused.add(o);
            else if (o.status() >= 500 || saved) breaches.add(o);
            else if (!ok) otherwise.add(o);
            else if (write && !o.route().api()) otherwise.add(o);
            else if (!write && o.status() < 300 && listShowsNothingForeign) otherwise.add(o);
            else breaches.add(o);
        }

        void addAll(Findings f) {
            refused.addAll(f.refused);
            otherwise.addAll(f.otherwise);
            breaches.addAll(f.breaches);
            noRecord.addAll(f.noRecord);
        }
    }

    /** Fills a route's path with records of the scope ({@code foreign}) or of its own; empty if it has none of a kind. */
    Optional<String> path(Route r, Scope scope, boolean foreign, Map<String, Optional<String>> cache, Findings f) {
        String path = r.pattern();
        for (String key : keys(r.pattern())) {
            String value;
            if (NOT_RECORDS.containsKey(key)) {
                value = NOT_RECORDS.get(key);
            } else {
                Kind kind = PATHS.get(key);
                Optional<String> id = cache.computeIfAbsent(kind + "/" + foreign, k -> recordOf(kind, scope, foreign));
                if (id.isEmpty()) {
                    f.noRecord.add(scope.role() + " " + (foreign ? "foreign " : "own ") + kind);
                    return Optional.empty();
                }
                value = id.get();
            }
            path = path.replace(key.substring(key.lastIndexOf('{')), java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
        return Optional.of(path);
    }

    long lastAudit() {
        return jdbc.sql("select coalesce(max(id), 0) from audit_record").query(Long.class).single();
    }

    /** Whether the probe changed something: every change is audited in its own transaction, under the actor's name. */
    boolean savedSince(long last, String role, Route r) {
        return !r.method().equals("GET") && jdbc.sql("select count(*) from audit_record where id > :last and actor = :u")
                .param("last", last).param("u", role).query(Long.class).single() > 0;
    }

    Findings probeRole(String role, List<Route> routes, String base) {
        Findings f = new Findings();
        Scope scope = scopeOf(role);
        Session api = new Session(base).withToken(loggedIn(role).token());
        Session pages = new Session(base).signIn(role, "Demo@2026");
        Map<String, Optional<String>> cache = new java.util.HashMap<>();
        for (Route r : routes) {
            Session as = r.api() ? api : pages;
            // 1. another scope's record in the path
            if (r.pattern().contains("{") && !NOT_RECORDS.keySet().containsAll(keys(r.pattern()))) {
                path(r, scope, true, cache, f).ifPresent(path -> {
                    long last = lastAudit();
                    var res = send(as, r, path, r.query(), "{}");
                    f.add(new Outcome(role, r, path, null, res.statusCode(), res.headers().firstValue("Location").orElse(null)),
                            savedSince(last, role, r), false);
                });
            }
            // 2. the role's own record in the path, another scope's record in one id field beside it
            for (IdField field : r.ids()) {
                if (FOREIGN_BY_DESIGN.containsKey(field.name())) continue;
                Kind kind = FIELDS.get(field.name());
                Optional<String> own = path(r, scope, false, cache, f);
                Optional<String> other = cache.computeIfAbsent(kind + "/true", k -> recordOf(kind, scope, true));
                if (own.isEmpty() || other.isEmpty()) {
                    if (other.isEmpty()) f.noRecord.add(role + " foreign " + kind);
                    continue;
                }
                String value = other.get();
                String query = java.util.Arrays.stream(r.query().split("&")).filter(q -> !q.isEmpty() && !q.startsWith(field.name() + "="))
                        .collect(java.util.stream.Collectors.joining("&"));
                var body = (tools.jackson.databind.node.ObjectNode) MAPPER.readTree(BODIES.getOrDefault(r.method() + " " + r.pattern(), "{}"));
                for (String name : List.copyOf(body.propertyNames())) { // "@KIND": the prober's own record of that kind
                    var v = body.get(name);
                    var first = v.isArray() && !v.isEmpty() ? v.get(0) : v;
                    if (!first.isString() || !first.asString().startsWith("@")) continue;
                    Kind ownKind = Kind.valueOf(first.asString().substring(1));
                    long id = cache.computeIfAbsent(ownKind + "/false", k -> recordOf(ownKind, scope, false)).map(Long::parseLong).orElse(0L);
                    if (v.isArray()) body.putArray(name).add(id);
                    else body.put(name, id);
                }
                if (field.inBody()) {
                    if (field.list()) body.putArray(field.name()).add(Long.parseLong(value));
                    else body.put(field.name(), Long.parseLong(value));
                } else {
                    query = (query.isEmpty() ? "" : query + "&") + field.name() + "=" + value;
                }
                long last = lastAudit();
                var res = send(as, r, own.get(), query, body.toString());
                // a list filtered by a foreign id may answer 200, as long as it shows nothing of the foreign enterprise
                boolean harmless = r.method().equals("GET") && res.statusCode() < 300
                        && (NAMES_COUNTERPARTS.containsKey(r.method() + " " + r.pattern())
                            || ownerName(kind, value).map(name -> !res.body().contains(name)).orElse(true));
                f.add(new Outcome(role, r, own.get(), field.name() + "=" + value, res.statusCode(),
                        res.headers().firstValue("Location").orElse(null)), savedSince(last, role, r), harmless);
            }
        }
        return f;
    }

    /** A subscription and a delivery of gov_city (not probed), so that every role has a foreign one to try; it hears no event. */
    private void webhookOfAnotherAccount() {
        long id = jdbc.sql("""
                insert into webhook_subscription (owner_username, name, url, secret, event_types, scope_kind, scope_label, created_at, updated_at)
                values ('gov_city', '越权探测订阅', 'http://127.0.0.1:9/', 'whsec_probe', '{}', 'PLATFORM', '全平台', now(), now()) returning id""")
                .query(Long.class).single();
        jdbc.sql("""
                insert into webhook_delivery (subscription_id, event_id, event_type, payload, state, next_attempt_at, created_at)
                values (:s, gen_random_uuid(), 'hazard.registered', '{}', 'DELIVERED', now(), now())""").param("s", id).update();
    }

    @Test
    void every_route_that_names_a_record_refuses_a_record_of_another_scope_to_every_role() throws Exception {
        webhookOfAnotherAccount();
        List<Route> routes = routes();
        assertThat(routes).as("routes that take an id").isNotEmpty();
        Set<String> unknown = new TreeSet<>();
        for (Route r : routes) {
            for (String key : keys(r.pattern())) {
                if (!PATHS.containsKey(key) && !NOT_RECORDS.containsKey(key)) unknown.add(key);
            }
            for (IdField field : r.ids()) {
                if (!FIELDS.containsKey(field.name()) && !FOREIGN_BY_DESIGN.containsKey(field.name())) {
                    unknown.add(field.name() + " (" + r.method() + " " + r.pattern() + ")");
                }
            }
        }
        assertThat(unknown).as("ids nobody classified: add each path variable to PATHS or NOT_RECORDS, each field to FIELDS or FOREIGN_BY_DESIGN")
                .isEmpty();

        String base = "http://localhost:" + port;
        long started = System.nanoTime();
        Findings all = new Findings();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<Findings>> each = new ArrayList<>();
            for (String role : ROLES) each.add(pool.submit(() -> probeRole(role, routes, base)));
            for (var f : each) all.addAll(f.get());
        } finally {
            pool.shutdown();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long pathRoutes = routes.stream().filter(r -> r.pattern().contains("{")).count();
        long fieldRoutes = routes.stream().filter(r -> !r.ids().isEmpty()).count();
        System.out.printf("Tenant isolation: %d routes (%d with a record in the path, %d with id fields), %d roles, %d probes in %d ms: "
                        + "%d refused (403/404), %d refused otherwise or harmless, %d breaches; no record for %s%n",
                routes.size(), pathRoutes, fieldRoutes, ROLES.size(), all.refused.size() + all.otherwise.size() + all.breaches.size(),
                millis, all.refused.size(), all.otherwise.size(), all.breaches.size(), all.noRecord);
        all.otherwise.forEach(o -> System.out.println("  otherwise: " + o));
        all.breaches.forEach(o -> System.out.println("  BREACH: " + o));
        assertThat(all.refused).as("probes answered 403/404").isNotEmpty();
        assertThat(all.breaches).as("2xx, redirects or 5xx with another scope's record").isEmpty();
    }
}
