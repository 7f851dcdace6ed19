package cn.shuangkong.scope;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.Accounts;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.PlatformTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
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
import org.springframework.http.MediaType;
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
        INSPECTION_RECORD("select r.id, t.enterprise_id, null from inspection_record r join risk_point t on t.id = r.risk_point_id"),
        CHECKLIST("select id, enterprise_id, null from checklist where enterprise_id is not null"),
        CHECKLIST_RUN("select id, enterprise_id, null from checklist_inspection"),
        FILE("select id, enterprise_id, owner_region from stored_file"),
        MAJOR_HAZARD_SOURCE("select id, enterprise_id, null from major_hazard_source"),
        GUARANTOR_CHECK("select g.id, s.enterprise_id, null from guarantor_check g join major_hazard_source s on s.id = g.source_id"),
        MONITORING_POINT("select id, enterprise_id, null from monitoring_point"),
        ALARM("select id, enterprise_id, null from alarm"),
        ALERT("select id, enterprise_id, null from alert"),
        EMERGENCY_PLAN("select id, enterprise_id, null from emergency_plan"),
        EMERGENCY_DRILL("select id, enterprise_id, null from emergency_drill"),
        DRILL_ACTION("select a.id, d.enterprise_id, null from emergency_drill_action a join emergency_drill d on d.id = a.drill_id"),
        EMERGENCY_TEAM("select id, enterprise_id, null from emergency_team"),
        TEAM_MEMBER("select m.id, t.enterprise_id, null from emergency_team_member m join emergency_team t on t.id = m.team_id"),
        EMERGENCY_EXPERT("select id, enterprise_id, null from emergency_expert"),
        EMERGENCY_RESOURCE("select id, enterprise_id, null from emergency_resource"),
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
        PUBLIC_REPORT("select id, null, region_code from public_report"),
        SERVICE_ORG("select id, null, null from service_org"),
        ACCOUNT("select id, null, null from user_account where username <> :me"),
        ROLE("select id, null, null from role"),
        API_TOKEN("select t.id, null, null from api_token t join user_account u on u.id = t.user_id where u.username <> :me");

        final String sql;

        Kind(String sql) {
            this.sql = sql;
        }
    }

    /** Path variables by the route's path up to and including the variable. */
    static final Map<String, Kind> PATHS = new LinkedHashMap<>();

    /** Path variables that name no record of anyone (a year, a step of a workflow, a dictionary code), and why. */
    static final Map<String, String> NOT_RECORDS = new LinkedHashMap<>();

    static {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)(:[^}]*)?}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Autowired
    Accounts accounts;

    record Route(String method, String pattern, boolean api, boolean multipart) { }

    List<Route> routes() {
        List<Route> out = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : handlers.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            boolean multipart = info.getConsumesCondition().getConsumableMediaTypes().contains(MediaType.MULTIPART_FORM_DATA);
            for (String pattern : info.getPatternValues()) {
                if (!pattern.contains("{")) continue;
                for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    out.add(new Route(m.name(), pattern, pattern.startsWith("/api/"), multipart));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Route::pattern).thenComparing(Route::method));
        return out;
    }

    /** Each variable of a pattern by the path up to it: "/api/v1/hazards/{id}/photos/{photoId}" → two keys. */
    static List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) keys.add(pattern.substring(0, m.start()) + "{" + m.group(1) + "}");
        return keys;
    }

    @Test
    void every_route_that_names_a_record_refuses_a_record_of_another_scope_to_every_role() {
        List<Route> routes = routes();
        assertThat(routes).as("routes with a path variable").isNotEmpty();
        Set<String> unknown = new TreeSet<>();
        for (Route r : routes) {
            for (String key : keys(r.pattern())) {
                String normal = key.replaceAll("\\{([A-Za-z]+):[^}]*}", "{$1}");
                if (!PATHS.containsKey(normal) && !NOT_RECORDS.containsKey(normal)) unknown.add(normal);
            }
        }
        assertThat(unknown).as("path variables nobody classified: add each to PATHS (what record it names) or NOT_RECORDS (why not)")
                .isEmpty();
    }
}
