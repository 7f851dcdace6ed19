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
        SERVICE_ORG("select id, null, null from service_org where id <> coalesce((select service_org_id from user_account where username = :me), -1)"),
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

    /** Path variables that name no record of anyone (a year, a step of a workflow, a dictionary code): the value probed, and why. */
    static final Map<String, String> NOT_RECORDS = new LinkedHashMap<>();

    static {
        path(Kind.ENTERPRISE, "/api/v1/enterprises/{id}", "/api/v1/enterprises/{enterpriseId}", "/api/v1/supervision/ratings/{enterpriseId}",
                "/dashboard/enterprises/{id}", "/enterprises/{id}", "/risks/commitments/{enterpriseId}", "/supervision/enterprises/{id}");
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
        path(Kind.ENFORCEMENT_INSPECTION, "/api/v1/supervision/inspections/{id}", "/supervision/inspections/{id}");
        path(Kind.RANDOM_DRAW, "/api/v1/supervision/draws/{id}", "/supervision/draws/{id}");
        path(Kind.LAW_ENFORCER, "/api/v1/supervision/enforcers/{id}");
        path(Kind.BLACKLIST, "/api/v1/supervision/blacklist/{id}", "/supervision/blacklist/{id}");
        path(Kind.GRID, "/regions/grids/{gridId}");
        path(Kind.TOWN, "/api/v1/regional-risks/towns/{code}", "/regional/towns/{code}");
        path(Kind.REGIONAL_RISK, "/api/v1/regional-risks/{id}", "/regional/{id}");
        path(Kind.PUBLIC_REPORT, "/api/v1/reports/{id}", "/reports/{id}");
        path(Kind.SERVICE_ORG, "/service-orgs/{id}");
        path(Kind.ACCOUNT, "/admin/users/{id}");
        path(Kind.ROLE, "/admin/roles/{id}");
        path(Kind.API_TOKEN, "/account/tokens/{id}", "/api/v1/auth/tokens/{id}");
        NOT_RECORDS.put("/hazards/{id}/actions/{action}", "confirm");                // a step of the hazard workflow
        NOT_RECORDS.put("/monitoring/points/{id}/{action}", "disable");             // a switch of the point named before it
        NOT_RECORDS.put("/monitoring/alarms/{id}/{action}", "acknowledge");         // a step of the alarm named before it
        NOT_RECORDS.put("/api/v1/supervision/plans/{year}", "2026");                // the caller's own department's plan of that year
        NOT_RECORDS.put("/api/v1/regions/{code}", "321282");                        // 行政区划: a public dictionary
        NOT_RECORDS.put("/api/v1/public/reports/{code}", "ZZZZZZZZ");               // a tracking code is the citizen's own secret
    }

    private static void path(Kind kind, String... keys) {
        for (String k : keys) PATHS.put(k, kind);
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)(:[^}]*)?}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Autowired
    Accounts accounts;

    /**
     * One method on one path; {@code filePart} names the upload a handler takes (sent as multipart), {@code query}
     * carries a plain value for each required parameter, so that a probe reaches the service rather than stopping at
     * binding.
     */
    record Route(String method, String pattern, boolean api, String filePart, String query) { }

    List<Route> routes() {
        List<Route> out = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : handlers.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            String filePart = null;
            List<String> query = new ArrayList<>();
            for (MethodParameter p : e.getValue().getMethodParameters()) {
                RequestParam rp = p.getParameterAnnotation(RequestParam.class);
                if (rp == null) continue;
                p.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
                String name = !rp.name().isEmpty() ? rp.name() : !rp.value().isEmpty() ? rp.value() : p.getParameterName();
                Class<?> type = p.getParameterType();
                boolean file = type == MultipartFile.class || p.getGenericParameterType().getTypeName().contains("MultipartFile");
                if (file) filePart = name;
                else if (rp.required() && ValueConstants.DEFAULT_NONE.equals(rp.defaultValue()) && !Map.class.isAssignableFrom(type)) {
                    query.add(name + "=" + sample(type));
                }
            }
            if (filePart == null && info.getConsumesCondition().getConsumableMediaTypes().contains(MediaType.MULTIPART_FORM_DATA)) {
                filePart = "file";
            }
            for (String declared : info.getPatternValues()) {
                if (!declared.contains("{")) continue;
                for (String pattern : expand(declared)) {
                    for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        out.add(new Route(m.name(), pattern, pattern.startsWith("/api/"), filePart, String.join("&", query)));
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
        Jurisdiction j = accounts.toCurrentUser(accounts.byUsername(role).orElseThrow()).jurisdiction();
        var f = j.enterpriseFilter("e");
        Set<Long> visible = new LinkedHashSet<>(jdbc.sql("select e.id from enterprise e where " + f.sql()).params(f.params())
                .query(Long.class).list());
        return new Scope(role, visible, j.kind() == Jurisdiction.Kind.REGULATOR ? j.regionPrefix() : null);
    }

    Optional<String> foreignOf(Kind kind, Scope scope) {
        return jdbc.sql("select k.key::text, k.ent::bigint, k.region::text from (" + kind.sql + ") k(key, ent, region) order by k.key")
                .param("me", scope.role())
                .query((rs, n) -> scope.foreign((Long) rs.getObject(2, Long.class), rs.getString(3)) ? rs.getString(1) : null).list()
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    record Outcome(String role, Route route, String path, int status, String location) {
        @Override
        public String toString() {
            return status + " " + role + " " + route.method() + " " + path + (location == null ? "" : " → " + location);
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

    Outcome probe(Session as, String role, Route r, String path) {
        String contentType = null;
        byte[] body = null;
        if (!r.method().equals("GET") && !r.method().equals("DELETE")) {
            if (r.filePart() != null) {
                contentType = "multipart/form-data; boundary=skprobe";
                body = multipart("skprobe", r.filePart());
            } else if (r.api()) {
                contentType = "application/json";
                body = "{}".getBytes();
            } else {
                contentType = "application/x-www-form-urlencoded";
                body = new byte[0];
            }
        }
        String url = r.query().isEmpty() ? path : path + "?" + r.query();
        HttpResponse<String> res = as.send(r.method(), url, contentType, body);
        return new Outcome(role, r, url, res.statusCode(), res.headers().firstValue("Location").orElse(null));
    }

    @Test
    void every_route_that_names_a_record_refuses_a_record_of_another_scope_to_every_role() {
        List<Route> routes = routes();
        assertThat(routes).as("routes with a path variable").isNotEmpty();
        Set<String> unknown = new TreeSet<>();
        for (Route r : routes) {
            for (String key : keys(r.pattern())) {
                if (!PATHS.containsKey(key) && !NOT_RECORDS.containsKey(key)) unknown.add(key);
            }
        }
        assertThat(unknown).as("path variables nobody classified: add each to PATHS (what record it names) or NOT_RECORDS (why not)")
                .isEmpty();

        String base = "http://localhost:" + port;
        List<Outcome> refused = new ArrayList<>();
        List<Outcome> otherwise = new ArrayList<>();
        List<Outcome> breaches = new ArrayList<>();
        Set<String> noForeign = new TreeSet<>();
        java.util.TreeMap<Long, String> slowest = new java.util.TreeMap<>();
        long started = System.nanoTime();
        for (String role : ROLES) {
            Scope scope = scopeOf(role);
            Session api = new Session(base).withToken(loggedIn(role).token());
            Session pages = new Session(base).signIn(role, "Demo@2026");
            Map<Kind, Optional<String>> foreign = new java.util.EnumMap<>(Kind.class);
            for (Route r : routes) {
                if (NOT_RECORDS.keySet().containsAll(keys(r.pattern()))) continue; // names no record: nothing to be foreign
                String path = r.pattern();
                boolean missing = false;
                for (String key : keys(r.pattern())) {
                    String value;
                    if (NOT_RECORDS.containsKey(key)) {
                        value = NOT_RECORDS.get(key);
                    } else {
                        Kind kind = PATHS.get(key);
                        Optional<String> id = foreign.computeIfAbsent(kind, k -> foreignOf(k, scope));
                        if (id.isEmpty()) {
                            noForeign.add(role + " " + kind);
                            missing = true;
                            break;
                        }
                        value = id.get();
                    }
                    String variable = key.substring(key.lastIndexOf('{'));
                    path = path.replace(variable, java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
                }
                if (missing) continue;
                long t0 = System.nanoTime();
                Outcome o = probe(r.api() ? api : pages, role, r, path);
                slowest.put((System.nanoTime() - t0) / 1_000_000 * 100_000 + slowest.size(), o.toString());
                if (o.status() == 403 || o.status() == 404) refused.add(o);
                else if (o.status() >= 200 && o.status() < 400 || o.status() >= 500) breaches.add(o);
                else otherwise.add(o);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("Tenant isolation: %d routes with a path variable, %d roles, %d route×role probes in %d ms: %d refused (403/404), "
                        + "%d refused otherwise, %d breaches; no foreign record for %s%n",
                routes.size(), ROLES.size(), refused.size() + otherwise.size() + breaches.size(), millis, refused.size(),
                otherwise.size(), breaches.size(), noForeign);
        slowest.descendingMap().entrySet().stream().limit(15).forEach(e -> System.out.println("  slow " + e.getKey() / 100_000 + " ms: " + e.getValue()));
        otherwise.forEach(o -> System.out.println("  otherwise: " + o));
        breaches.forEach(o -> System.out.println("  BREACH: " + o));
        assertThat(refused).as("probes answered 403/404").isNotEmpty();
        assertThat(breaches).as("2xx, redirects onwards or 5xx with another scope's record").isEmpty();
    }
}
