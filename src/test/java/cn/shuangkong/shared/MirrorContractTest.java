package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every list of the API can be mirrored (issue 13 §4, ADR 0027 and 0033), generated from the handler mappings: a GET
 * under /api/v1 that answers a collection must either take the {@link MirrorQuery} and keep its contract — read with
 * a cursor one row at a time, nothing skipped and nothing repeated; a row written again comes back from
 * {@code updatedSince}, one left alone does not; a hostile cursor is a 400 in Chinese — or be named in
 * {@link #NOT_MIRRORED} with the reason it is no list of records. A new list route in neither fails the test.
 */
class MirrorContractTest extends PlatformTest {

    /**
     * How one list is tried: who reads it, the path (variables filled by {@code path}), the table its rows live in
     * and the key column there (to write one row again), and where an item's id sits in the JSON.
     */
    record Lister(String user, String table, String key, String idField, Function<MirrorContractTest, String> path) {
        static Lister of(String user, String table) {
            return new Lister(user, table, "id", "id", null);
        }

        Lister at(Function<MirrorContractTest, String> concrete) {
            return new Lister(user, table, key, idField, concrete);
        }

        Lister keyed(String column, String field) {
            return new Lister(user, table, column, field, path);
        }
    }

    /** The mirrored lists, by route. */
    static final Map<String, Lister> LISTS = new LinkedHashMap<>();

    /** List-shaped routes that are no list of records, and why. */
    static final Map<String, String> NOT_MIRRORED = new LinkedHashMap<>();

    static {
        LISTS.put("/api/v1/hazards", Lister.of("gov_city", "hazard"));
        LISTS.put("/api/v1/enterprises", Lister.of("gov_city", "enterprise"));
        LISTS.put("/api/v1/risk-points", Lister.of("gov_city", "risk_point"));
        LISTS.put("/api/v1/risk-filings", Lister.of("gov_city", "risk_filing"));
        LISTS.put("/api/v1/risk-points/{id}/units", Lister.of("ent_chem", "risk_unit").at(t -> "/api/v1/risk-points/"
                + t.one("select u.risk_point_id from risk_unit u join risk_point p on p.id = u.risk_point_id where p.enterprise_id = "
                + t.enterpriseIdOf("ent_chem") + " group by 1 having count(*) >= 2 order by 1 limit 1") + "/units"));
        LISTS.put("/api/v1/alerts", Lister.of("gov_city", "alert"));
        LISTS.put("/api/v1/monitoring/alarms", Lister.of("gov_city", "alarm"));
        LISTS.put("/api/v1/monitoring/points", Lister.of("ent_chem", "monitoring_point"));
        LISTS.put("/api/v1/major-hazard-sources", Lister.of("gov_city", "major_hazard_source"));
        // the person with the most checks once the tank farm is declared (prepareRows)
        LISTS.put("/api/v1/guarantor-checks/mine", Lister.of("select u.username from user_account u join guarantor_check c "
                + "on c.employee_id = u.employee_id group by 1 order by count(*) desc, 1 limit 1", "guarantor_check"));
        LISTS.put("/api/v1/reports", Lister.of("gov_city", "public_report"));
        LISTS.put("/api/v1/audit", Lister.of("gov_city", "audit_record"));
        LISTS.put("/api/v1/training/certificates", Lister.of("gov_city", "certificate").keyed("id", "certificate.id"));
        LISTS.put("/api/v1/training/records", Lister.of("gov_city", "training_record"));
        LISTS.put("/api/v1/occupational/factors", Lister.of("gov_city", "occupational_factor"));
        LISTS.put("/api/v1/occupational/exams", Lister.of("gov_city", "health_exam"));
        LISTS.put("/api/v1/occupational/declarations", Lister.of("gov_city", "occupational_declaration"));
        LISTS.put("/api/v1/occupational/detections", Lister.of("gov_city", "occupational_detection"));
        // the front-line worker, or else the person with the most open tasks: which of the demo's tasks are still open
        // depends on the hour and on the tests that ran before
        LISTS.put("/api/v1/inspection/tasks/mine", Lister.of("""
                select u.username from user_account u join employee em on em.id = u.employee_id
                  join inspection_task t on t.status = 'PENDING' and t.enterprise_id = em.enterprise_id
                  join control_measure m on m.id = t.measure_id
                 where m.responsible_employee_id = em.id or m.responsible_unit_id = em.post_id
                 group by 1 order by (u.username = 'worker_chem' and count(*) >= 2) desc, count(*) desc, 1 limit 1""",
                "inspection_task"));
        LISTS.put("/api/v1/inspection/checklists", Lister.of("ent_chem", "checklist"));
        LISTS.put("/api/v1/inspection/checklists/{id}/items", Lister.of("ent_chem", "checklist_item").at(t -> "/api/v1/inspection/checklists/"
                + t.one("select checklist_id from checklist_item i join checklist c on c.id = i.checklist_id where c.enterprise_id is null"
                + " group by 1 having count(*) >= 2 order by 1 limit 1") + "/items"));
        LISTS.put("/api/v1/inspection/checklist-runs/mine", Lister.of("worker_chem", "checklist_inspection"));
        LISTS.put("/api/v1/supervision/ratings", Lister.of("gov_city", "enterprise_rating").keyed("enterprise_id", "enterpriseId"));
        LISTS.put("/api/v1/supervision/enforcers", Lister.of("gov_city", "law_enforcer"));
        LISTS.put("/api/v1/supervision/inspections", Lister.of("gov_city", "enforcement_inspection"));
        LISTS.put("/api/v1/supervision/blacklist", Lister.of("gov_city", "blacklist_entry"));
        LISTS.put("/api/v1/supervision/records", Lister.of("gov_city", "supervision_record"));
        LISTS.put("/api/v1/emergency-plans", Lister.of("gov_city", "emergency_plan"));
        LISTS.put("/api/v1/emergency-drills", Lister.of("gov_city", "emergency_drill"));
        LISTS.put("/api/v1/emergency-teams", Lister.of("gov_city", "emergency_team").keyed("id", "team.id"));
        LISTS.put("/api/v1/emergency-experts", Lister.of("gov_city", "emergency_expert"));
        LISTS.put("/api/v1/emergency-resources", Lister.of("gov_city", "emergency_resource"));
        LISTS.put("/api/v1/neighbour-notices", Lister.of("gov_city", "neighbour_notice"));
        LISTS.put("/api/v1/regional-risks", Lister.of("gov_city", "regional_risk"));
        LISTS.put("/api/v1/referrals", Lister.of("admin", "referral"));
        LISTS.put("/api/v1/exchange/senders", Lister.of("admin", "exchange_sender"));
        LISTS.put("/api/v1/webhooks", Lister.of("ent_chem", "webhook_subscription"));
        LISTS.put("/api/v1/contractors", Lister.of("gov_city", "contractor").keyed("id", "contractor.id"));
        LISTS.put("/api/v1/contractors/blacklist", Lister.of("gov_city", "contractor_blacklist"));
        LISTS.put("/api/v1/permits", Lister.of("gov_city", "permit").keyed("id", "permit.id"));

        String dictionary = "a dictionary shipped with the platform (codes, methods, criteria): read whole, changes only with a release";
        NOT_MIRRORED.put("/api/v1/risk-assessments/methods", dictionary);
        NOT_MIRRORED.put("/api/v1/accident-types", dictionary);
        NOT_MIRRORED.put("/api/v1/hazard-criteria", dictionary);
        NOT_MIRRORED.put("/api/v1/webhooks/events", dictionary);
        NOT_MIRRORED.put("/api/v1/regional-risks/categories", dictionary);
        NOT_MIRRORED.put("/api/v1/permits/kinds", dictionary + " (GB 30871's eight kinds, their levels and safety measures)");
        NOT_MIRRORED.put("/api/v1/regions/{code}/children", dictionary + " (the administrative divisions)");
        NOT_MIRRORED.put("/api/v1/quality/rules", "the data-quality rules keyed by code, a handful the operator tunes: read whole");
        NOT_MIRRORED.put("/api/v1/alert-rules", "the alert rules keyed by code, a handful the operator tunes: read whole");
        String figures = "figures computed at the read from the registers (no rows of their own): mirror the registers";
        NOT_MIRRORED.put("/api/v1/hazard-statistics", figures);
        NOT_MIRRORED.put("/api/v1/quality/ranking", figures);
        NOT_MIRRORED.put("/api/v1/supervision/grids", figures);
        NOT_MIRRORED.put("/api/v1/dashboard/enterprises", figures + " (/api/v1/enterprises, /api/v1/supervision/ratings)");
        NOT_MIRRORED.put("/api/v1/exchange/enterprises", figures + " (the upload's counts per enterprise)");
        NOT_MIRRORED.put("/api/v1/exchange/received", figures + " (what each sender reported, counted)");
        NOT_MIRRORED.put("/api/v1/exchange/enterprises/{id}/reconciliation", figures + " (counts compared with the receiver)");
        NOT_MIRRORED.put("/api/v1/exchange/enterprises/{id}/records", "the upload's status board, keyed by the national model's UUID and "
                + "problems first: the upload's own diagnosis, not a register; the records themselves are mirrored from their lists");
        NOT_MIRRORED.put("/api/v1/webhooks/{id}/deliveries", "the delivery log of one's own webhook, whose receiver already holds every "
                + "delivery; its limit already means the newest N and keeps that meaning");
        NOT_MIRRORED.put("/api/v1/major-risks", "the 重大风险清单 joins this platform's red points (mirror /api/v1/risk-points?level=1) "
                + "with what lower platforms reported (theirs to publish, not this platform's records)");
        NOT_MIRRORED.put("/api/v1/supervision/plans/{year}", "one year's enforcement plan, whose items are its content, regenerated whole");
        NOT_MIRRORED.put("/api/v1/occupational/compliance/enterprises", "each enterprise's 申报 and 检测 to-dos, derived from"
                + " /api/v1/occupational/factors, /api/v1/occupational/declarations and /api/v1/occupational/detections with the people on the posts");
        NOT_MIRRORED.put("/api/v1/occupational/enterprises", figures + " (each enterprise's exposed workers and to-dos counted, derived"
                + " from /api/v1/occupational/factors and /api/v1/occupational/exams)");
        NOT_MIRRORED.put("/api/v1/contractors/on-site", figures + " (who is on site on one day and how many: mirror /api/v1/contractors)");
        NOT_MIRRORED.put("/api/v1/commitments", "one day's commitment standings of every enterprise in scope, checked against that "
                + "day's permits at each read (a review, not a register); the commitments themselves are signed once a day");
        NOT_MIRRORED.put("/api/v1/webhooks/deliveries/{id}/attempts", "the attempts of one delivery, a diagnosis read whole (a dozen at most)");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    cn.shuangkong.monitoring.internal.GuarantorChecks guarantorChecks;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    record Page(int status, JsonNode body, String next, boolean more) {
        JsonNode items() {
            return body.isArray() ? body : body.get("items");
        }
    }

    @Test
    void every_list_route_is_mirrored_or_said_why_not() {
        Map<String, HandlerMethod> lists = listRoutes();
        assertThat(lists).as("list routes found").isNotEmpty();
        Set<String> unclassified = new TreeSet<>(lists.keySet());
        unclassified.removeAll(LISTS.keySet());
        unclassified.removeAll(NOT_MIRRORED.keySet());
        assertThat(unclassified).as("list routes neither mirrored nor excluded with a reason: give them the MirrorQuery "
                + "(Mirrors.list or Mirrors.paged) and a line in LISTS, or say in NOT_MIRRORED why they are no list of records").isEmpty();
        Set<String> stale = new TreeSet<>(LISTS.keySet());
        stale.addAll(NOT_MIRRORED.keySet());
        stale.removeAll(lists.keySet());
        assertThat(stale).as("classified routes that no longer exist").isEmpty();
        for (String route : LISTS.keySet()) {
            boolean takesWindow = Arrays.stream(lists.get(route).getMethodParameters())
                    .anyMatch(p -> p.getParameterType() == MirrorQuery.class);
            assertThat(takesWindow).as(route + " takes the MirrorQuery (documented in OpenAPI as cursor, updatedSince, limit)").isTrue();
        }
        for (String route : NOT_MIRRORED.keySet()) assertThat(NOT_MIRRORED.get(route)).as(route).isNotBlank();
    }

    @Test
    void every_mirrored_list_pages_by_cursor_without_gaps_or_repeats_and_answers_updated_since() {
        prepareRows();
        List<String> failures = new ArrayList<>();
        Map<String, Api> sessions = new LinkedHashMap<>();
        for (var entry : LISTS.entrySet()) {
            String route = entry.getKey();
            Lister lister = entry.getValue();
            try {
                String user = lister.user().startsWith("select ") ? jdbc.sql(lister.user()).query(String.class).single() : lister.user();
                Api api = sessions.computeIfAbsent(user, this::loggedIn);
                tryList(route, lister, api);
            } catch (AssertionError | RuntimeException e) {
                failures.add(route + ": " + e.getMessage());
            }
        }
        assertThat(failures).as("lists that break the mirror contract").isEmpty();
    }

    @Test
    void a_retired_row_stays_visible_to_a_mirror_and_a_team_member_added_brings_the_team_back() {
        Api chem = loggedIn("ent_chem");
        var added = chem.post("/api/v1/emergency-experts", Api.json(Map.of("name", "镜像契约专家", "specialties", "危化品",
                "title", "高级工程师", "organisation", "靖江市应急专家库", "phone", "13800000000")));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        long expert = added.json().get("id").asLong();
        Instant since = jdbc.sql("select clock_timestamp()").query(Timestamp.class).single().toInstant();
        assertThat(chem.delete("/api/v1/emergency-experts/" + expert).status()).isEqualTo(204);

        assertThat(ids(get(chem.token(), "/api/v1/emergency-experts"), Lister.of("ent_chem", "emergency_expert")))
                .as("the plain list no longer shows it").doesNotContain(expert);
        Page mirrored = get(chem.token(), "/api/v1/emergency-experts?updatedSince=" + q(since.toString()));
        JsonNode retired = null;
        for (JsonNode item : mirrored.items()) if (item.get("id").asLong() == expert) retired = item;
        assertThat(retired).as("a mirror is told it was retired").isNotNull();
        assertThat(retired.get("retiredAt").isNull()).as("retiredAt").isFalse();

        long team = jdbc.sql("select t.id from emergency_team t where t.enterprise_id = :e and t.retired_at is null order by t.id limit 1")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
        Instant before = jdbc.sql("select clock_timestamp()").query(Timestamp.class).single().toInstant();
        var member = chem.post("/api/v1/emergency-teams/" + team + "/members", Api.json(Map.of("name", "镜像队员", "role", "队员", "phone", "13900000000")));
        assertThat(member.status()).as(member.body()).isEqualTo(201);
        Page teams = get(chem.token(), "/api/v1/emergency-teams?updatedSince=" + q(before.toString()));
        assertThat(ids(teams, Lister.of("ent_chem", "emergency_team").keyed("id", "team.id"))).as("the team, its members changed").contains(team);
    }

    private void tryList(String route, Lister lister, Api api) {
        String path = lister.path() == null ? route : lister.path().apply(this);
        String sep = path.contains("?") ? "&" : "?";

        // the plain answer (first page of a paged list), read first: a row the scheduled jobs add meanwhile (an alert) is
        // then only in the window read after it
        Page plain = get(api.token(), path);
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.next()).as(path + ": the plain answer carries no cursor").isNull();

        // the whole list in mirror order, as one window, then a cursor one row at a time: the same rows in the same
        // order, none twice, none left out. A row a scheduled job writes meanwhile (an alarm's state) moves to the end
        // of the mirror order, so the walk is compared with a list that held still while it was walked (read again
        // after it; up to three tries)
        List<Long> ordered = List.of(), walked = new ArrayList<>();
        int steps = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            Page whole = get(api.token(), path + sep + "limit=" + Window.MAX_LIMIT);
            assertThat(whole.status()).as(path + " " + whole.body()).isEqualTo(200);
            ordered = ids(whole, lister);
            assertThat(ordered).as(path + ": rows in scope").isNotEmpty();
            assertThat(ordered).as(path + ": at least two rows in scope").hasSizeGreaterThanOrEqualTo(2);

            // the plain answer holds nothing the window does not
            if (attempt == 0 && !whole.more()) assertThat(ordered).as(path + ": the window holds the plain answer").containsAll(ids(plain, lister));

            steps = Math.min(ordered.size(), 3);
            walked = new ArrayList<>();
            String cursor = null;
            for (int i = 0; i < steps; i++) {
                Page page = get(api.token(), path + sep + "limit=1" + (cursor == null ? "" : "&cursor=" + q(cursor)));
                assertThat(page.status()).as(path + " page " + i).isEqualTo(200);
                walked.addAll(ids(page, lister));
                assertThat(page.next()).as(path + ": X-Next-Cursor").isNotNull();
                assertThat(page.more()).as(path + ": X-Has-More after " + (i + 1)).isEqualTo(i + 1 < ordered.size());
                cursor = page.next();
            }
            if (ids(get(api.token(), path + sep + "limit=" + Window.MAX_LIMIT), lister).equals(ordered)) break;
        }
        assertThat(walked).as(path + ": walked one by one").isEqualTo(ordered.subList(0, steps));

        // one row written again comes back from updatedSince; one left alone does not
        long touched = ordered.get(0), untouched = ordered.get(1);
        Instant since = "audit_record".equals(lister.table()) ? clock.instant()
                : jdbc.sql("select clock_timestamp()").query(Timestamp.class).single().toInstant();
        touch(lister, touched, api);
        Page changed = get(api.token(), path + sep + "limit=" + Window.MAX_LIMIT + "&updatedSince=" + q(since.toString()));
        assertThat(changed.status()).isEqualTo(200);
        List<Long> since1 = ids(changed, lister);
        if (APPEND_ONLY.contains(lister.table())) {
            // the trail (and a filed 申报) is never written again: what came back is what was appended since, and nothing older
            assertThat(since1).as(path + ": appended since").isNotEmpty().doesNotContain(touched, untouched);
        } else {
            assertThat(since1).as(path + ": the row written again").contains(touched);
            if (since1.contains(untouched)) {
                assertThat(stamp(lister, untouched)).as(path + ": an untouched row comes back only if something wrote it").isAfterOrEqualTo(since);
            }
        }

        // a cursor that was never handed out is refused in Chinese
        var hostile = api.get(path + sep + "cursor=" + q("v1:abc"));
        assertThat(hostile.status()).as(path + ": hostile cursor").isEqualTo(400);
        assertThat(hostile.json().get("detail").asString()).contains("cursor 无效");
    }

    /** Tables whose rows are never written again, only appended to: the audit trail and the filed 职业病危害项目申报. */
    private static final Set<String> APPEND_ONLY = Set.of("audit_record", "occupational_declaration");

    @Autowired
    cn.shuangkong.organization.OrgStructure org;
    @Autowired
    cn.shuangkong.occupational.internal.OccupationalFactors factors;
    @Autowired
    cn.shuangkong.occupational.internal.Declarations declarations;

    /** An enterprise of this test's own (in 新桥镇, gov_city's scope) with a dusty post, and its manager. */
    private cn.shuangkong.support.TestActor declarer;

    /**
     * A 职业病危害项目申报 filed, a new row (filings are never changed): by an enterprise of the test's own, first its
     * 首次申报 then 年度更新 — not by a demo enterprise, whose 须变更申报 the page tests show.
     */
    private void fileDeclaration() {
        var kind = cn.shuangkong.occupational.internal.Declarations.Kind.ANNUAL;
        if (declarer == null) {
            var e = cn.shuangkong.support.FreshEnterprise.create(jdbc, "镜像申报企业");
            jdbc.sql("update enterprise set principal_name = '镜像负责人' where id = :e").param("e", e.id()).update();
            declarer = new cn.shuangkong.support.TestActor(e.id(), null, Set.of("occupational:read", "occupational:write",
                    cn.shuangkong.organization.OrgStructure.WRITE));
            long post = org.addUnit(declarer, e.id(), e.unitId(), "打磨工", cn.shuangkong.organization.OrgStructure.Tier.POST);
            org.addEmployee(e.id(), post, "镜像打磨工", null, null);
            factors.add(declarer, new cn.shuangkong.occupational.internal.OccupationalFactors.Draft(post,
                    cn.shuangkong.occupational.internal.OccupationalFactors.Category.DUST, "矽尘", "尘肺", "防尘口罩", "脱离现场，就医"));
            kind = cn.shuangkong.occupational.internal.Declarations.Kind.FIRST;
        }
        declarations.file(declarer, new cn.shuangkong.occupational.internal.Declarations.Draft(kind, "镜像管理员", null));
    }

    /** Writes the row again as the platform would (the trigger stamps it); the audit trail gets a new record instead. */
    private void touch(Lister lister, long id, Api api) {
        if ("audit_record".equals(lister.table())) {
            var r = loggedIn("ent_chem").post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                    "title", "镜像契约测试", "description", "审计记录追加", "location", "罐区")));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            return;
        }
        if ("occupational_declaration".equals(lister.table())) {
            fileDeclaration();
            return;
        }
        int n = jdbc.sql("update " + lister.table() + " set updated_at = updated_at where " + lister.key() + " = :id").param("id", id).update();
        assertThat(n).isEqualTo(1);
    }

    private Instant stamp(Lister lister, long id) {
        return jdbc.sql("select updated_at from " + lister.table() + " where " + lister.key() + " = :id").param("id", id)
                .query(Timestamp.class).single().toInstant();
    }

    /** Rows the demo city does not hold twice for the reader: made here through the API, as a user would. */
    private void prepareRows() {
        long chem = enterpriseIdOf("ent_chem");
        Api entChem = loggedIn("ent_chem");
        // 职业病危害项目申报: the demo's first filing and a 年度更新
        while (count("select count(*) from occupational_declaration") < 2) fileDeclaration();
        // 风险分级管控备案: the principal files the register (a later filing is the next version)
        while (count("select count(*) from risk_filing") < 2) {
            var r = loggedIn("chem_boss").post("/api/v1/enterprises/" + chem + "/risk-filings", "");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        // 重大危险源: the tank farm, declared as other tests declare it (a declaration again is a new version), and a
        // small store that stays below the threshold; then the guarantors' checks of the period
        long tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", chem).query(Long.class).single();
        long store = jdbc.sql("select id from risk_point where enterprise_id = :e and not major_hazard_source order by id limit 1")
                .param("e", chem).query(Long.class).single();
        // the chemical works' own sources: other tests declare sources of their own enterprises (RealIdFuzzTest's
        // seeding does), and those have no guarantors whose checks this list needs
        if (count("select count(*) from major_hazard_source where enterprise_id = " + chem) < 2) {
            // the tank farm exactly as the demo tour declares it, and the store with a ton of methanol
            String tankFarmSubstances = "{\"name\":\"甲醇\",\"category\":\"W5.3\",\"quantity\":4000},"
                    + "{\"cas\":\"108-88-3\",\"category\":\"W5.3\",\"quantity\":4400}";
            for (var declaration : Map.of(tankFarm, tankFarmSubstances, store, "{\"name\":\"甲醇\",\"category\":\"W5.3\",\"quantity\":1}").entrySet()) {
                var r = entChem.post("/api/v1/major-hazard-sources", "{\"riskPointId\":" + declaration.getKey()
                        + ",\"unitType\":\"STORAGE\",\"population\":60,\"substances\":[" + declaration.getValue() + "]}");
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
        }
        // this week's checks and last week's (the clock back a week and forward again: no check in the future)
        guarantorChecks.generateAll();
        Instant now = clock.instant();
        clock.set(now.minus(java.time.Duration.ofDays(7)));
        try {
            guarantorChecks.generateAll();
        } finally {
            clock.set(now);
        }
        // 专项检查 assigned to the worker: one more run of a built-in checklist
        if (count("select count(*) from checklist_inspection r join checklist_assignee a on a.inspection_id = r.id "
                + "where a.username = 'worker_chem' and r.status = 'OPEN'") < 2) {
            long checklist = Long.parseLong(one("select min(id) from checklist where enterprise_id is null"));
            for (int i = 0; i < 2; i++) {
                var r = entChem.post("/api/v1/inspection/checklists/" + checklist + "/runs", Api.json(Map.of("title", "镜像契约测试 " + i,
                        "area", "甲类储罐区", "dueOn", java.time.LocalDate.now(clock).plusDays(7).toString(), "assignees", List.of("worker_chem"))));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            }
        }
        // 监测报警: two sensors of the test's own over their high-high limit, then back
        if (count("select count(*) from alarm") < 2) {
            for (int i = 0; i < 2; i++) {
                var sensor = cn.shuangkong.support.Sensors.levelOnTankFarm(entChem, jdbc, 0);
                sensor.read("9.6", clock.instant());
                sensor.read("5.0", clock.instant().plusSeconds(1));
            }
        }
        // 承包商黑名单: the demo lists one contractor; the machinery works lists a second, registered here
        if (count("select count(*) from contractor_blacklist") < 2) {
            Api mech = loggedIn("ent_mech");
            String first17 = "91321283" + String.format("%09d", System.nanoTime() % 1_000_000_000L);
            var body = new java.util.HashMap<String, Object>(Map.of("name", "镜像契约测试劳务有限公司", "creditCode",
                    first17 + cn.shuangkong.organization.CreditCode.checkCharacter(first17), "contactName", "张工",
                    "contactPhone", "13800001111", "workScope", "厂房维修"));
            var r = mech.post("/api/v1/contractors", Api.json(body));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            var listed = mech.post("/api/v1/contractors/" + r.json().get("id").asLong() + "/blacklist", Api.json(Map.of("reason", "镜像契约测试：违章作业")));
            assertThat(listed.status()).as(listed.body()).isEqualTo(201);
        }
        // 周边告知: the enterprise tells a neighbour of a major or larger risk
        while (count("select count(*) from neighbour_notice") < 2) {
            JsonNode candidates = entChem.get("/api/v1/neighbour-notices/candidates").json();
            assertThat(candidates.get("neighbours")).as("ent_chem's neighbours").isNotEmpty();
            assertThat(candidates.get("notifiableRisks")).as("ent_chem's risks to tell").isNotEmpty();
            var r = entChem.post("/api/v1/neighbour-notices", Api.json(Map.of(
                    "riskPointId", candidates.get("notifiableRisks").get(0).get("id").asLong(),
                    "neighbourIds", List.of(candidates.get("neighbours").get(0).get("id").asLong()), "content", "镜像契约测试：罐区检修期间请注意")));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        // 上报方 of a receiving platform, issued by the administrator
        Api admin = loggedIn("admin");
        String city = jdbc.sql("select code from region where name = '靖江市'").query(String.class).single();
        while (count("select count(*) from exchange_sender") < 2) {
            var r = admin.post("/api/v1/exchange/senders", Api.json(Map.of("name", "镜像契约测试 " + System.nanoTime(), "regionCode", city)));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        // 推送订阅: made and deleted at once, so that nothing is ever sent; a mirror still sees them, as deleted
        while (count("select count(*) from webhook_subscription s where s.owner_username = 'ent_chem'") < 2) {
            var r = entChem.post("/api/v1/webhooks", Api.json(Map.of("name", "镜像契约测试", "url", "http://127.0.0.1:9/",
                    "events", List.of("register.filed"))));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(entChem.delete("/api/v1/webhooks/" + r.json().get("id").asLong()).status()).isEqualTo(204);
        }
        // the audit trail's stamp is the platform clock: never behind what the trail already holds
        Instant latest = jdbc.sql("select max(occurred_at) from audit_record").query(Timestamp.class).single().toInstant();
        if (clock.instant().isBefore(latest.plusSeconds(1))) clock.set(latest.plusSeconds(1));
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    String one(String sql) {
        return String.valueOf(jdbc.sql(sql).query(Long.class).single());
    }

    private static List<Long> ids(Page page, Lister lister) {
        List<Long> out = new ArrayList<>();
        JsonNode items = page.items();
        assertThat(items).as("items of " + page.body()).isNotNull();
        for (JsonNode item : items) {
            JsonNode id = item;
            for (String part : lister.idField().split("\\.")) id = id.get(part);
            out.add(id.asLong());
        }
        return out;
    }

    private Page get(String token, String path) {
        try {
            var r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), JSON.readTree(r.body()), r.headers().firstValue(Window.NEXT_HEADER).orElse(null),
                    r.headers().firstValue(Window.MORE_HEADER).map(Boolean::parseBoolean).orElse(false));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** GET routes under /api/v1 whose answer is a collection: a list, or a body whose items are one. */
    private Map<String, HandlerMethod> listRoutes() {
        Map<String, HandlerMethod> out = new LinkedHashMap<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : handlers.getHandlerMethods().entrySet()) {
            Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
            if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) continue;
            for (String pattern : e.getKey().getPatternValues()) {
                if (pattern.startsWith("/api/v1/") && answersAList(e.getValue())) out.put(pattern, e.getValue());
            }
        }
        return out;
    }

    private static boolean answersAList(HandlerMethod method) {
        Type type = method.getMethod().getGenericReturnType();
        Class<?> raw = method.getMethod().getReturnType();
        if (raw == org.springframework.http.ResponseEntity.class && type instanceof ParameterizedType p) {
            type = p.getActualTypeArguments()[0];
            raw = type instanceof ParameterizedType q ? (Class<?>) q.getRawType() : type instanceof Class<?> c ? c : Object.class;
        }
        if (raw == byte[].class) return false; // a file
        if (Collection.class.isAssignableFrom(raw) || raw.isArray() || Map.class.isAssignableFrom(raw) && isMapOfLists(type)) return true;
        if (raw.isRecord()) {
            for (RecordComponent c : raw.getRecordComponents()) {
                if (c.getName().equals("items") && Collection.class.isAssignableFrom(c.getType())) return true;
            }
        }
        return false;
    }

    private static boolean isMapOfLists(Type type) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments()[1] instanceof ParameterizedType v
                && Collection.class.isAssignableFrom((Class<?>) v.getRawType());
    }
}
