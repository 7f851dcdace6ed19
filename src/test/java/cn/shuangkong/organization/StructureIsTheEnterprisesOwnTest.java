package cn.shuangkong.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.access.internal.Roles;
import cn.shuangkong.access.internal.UserAdministration.NewUser;
import cn.shuangkong.organization.OrgStructure.Tier;
import cn.shuangkong.organization.internal.EmployeeWorkbook;
import cn.shuangkong.scope.Session;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.NotInScope;
import cn.shuangkong.shared.NotPermitted;
import cn.shuangkong.shared.Translations;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.EnterprisePerson;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.TestActor;
import cn.shuangkong.support.TestRegulator;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * An enterprise's units, posts and people — who answers for what inside it — are written by its own people and the
 * platform's administrator only (ADR 0082). 新桥镇's and the city's regulators read them on the enterprise's page and are
 * refused every write, on the pages (the error page) and in the API (a problem), and nothing changes; a regulator whose
 * role was given the permission is refused by the service itself. The enterprise's safety manager and the administrator
 * write them, each write audited as theirs.
 */
class StructureIsTheEnterprisesOwnTest extends PlatformTest {

    private static final String PASSWORD = "Structure#2026x";
    private static final String NOT_ALLOWED = "您没有执行此操作的权限";
    private static final String THE_ENTERPRISES_OWN = "企业的组织架构和员工由企业自己维护，您可以查看，不能修改";

    @Autowired
    OrgStructure structure;

    @Autowired
    EmployeeWorkbook employees;

    @Autowired
    Roles roles;

    /** A fresh enterprise of 新桥镇: a workshop with two posts, a person on the first, and its safety manager's account. */
    record Works(long id, long workshop, long post, long otherPost, long person, String manager) { }

    private Works works() {
        var e = FreshEnterprise.create(jdbc, "组织架构测试企业");
        Actor keeper = new EnterprisePerson("安全管理人员", e.id());
        long workshop = structure.addUnit(keeper, e.id(), e.unitId(), "装配车间", Tier.WORKSHOP);
        long post = structure.addUnit(keeper, e.id(), workshop, "装配工", Tier.POST);
        long other = structure.addUnit(keeper, e.id(), workshop, "质检员", Tier.POST);
        long person = structure.addEmployee(keeper, e.id(), post, "周测试", null, "操作工");
        String manager = "org" + e.id();
        openAccount(new NewUser(manager, "组织架构测试安全员", null, "ENTERPRISE", e.id(), null, null, List.of("ENTERPRISE_SAFETY"), PASSWORD));
        return new Works(e.id(), workshop, post, other, person, manager);
    }

    /** What a refused write must leave as it was: the enterprise's units and people, and its audit trail. */
    private String snapshot(Works w) {
        return structure.units(w.id) + " " + structure.employees(w.id) + " audited "
                + jdbc.sql("select count(*) from audit_record where enterprise_id = :e").param("e", w.id).query(Long.class).single();
    }

    private Session pages(String username, String password) {
        return new Session("http://localhost:" + port).signIn(username, password);
    }

    private static HttpResponse<String> form(Session s, String path, Map<String, Object> fields) {
        String body = fields.entrySet().stream()
                .map(f -> f.getKey() + "=" + URLEncoder.encode(String.valueOf(f.getValue()), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return s.send("POST", path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
    }

    /** The employee import's form: one person on the post named, in the import's own columns. */
    private static HttpResponse<String> upload(Session s, String path, String name, String post) throws Exception {
        byte[] xlsx = ExcelImportTest.workbook(EmployeeWorkbook.COLUMNS, List.of(List.<Object>of(name, "", post, "操作工"))).readAllBytes();
        String boundary = "----structure" + System.nanoTime();
        var out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"员工.xlsx\"\r\n"
                + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(xlsx);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return s.send("POST", path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    /** The routes {@link #pageWrites} sends, as the handler mappings spell them. */
    private static final Set<String> PAGE_WRITE_ROUTES = Set.of("POST /enterprises/{id}/units", "POST /enterprises/{id}/employees",
            "POST /enterprises/{id}/employees/import", "GET /enterprises/{id}/employees/template.xlsx");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    /**
     * Every route that asks for the structure's permission is one this test sends the regulators (a new one fails here
     * until it is probed), and none lets the registration's permission in beside it (the {@code or} that ADR 0082 closed).
     */
    @Test
    void every_route_guarded_by_the_structures_permission_is_probed_and_none_admits_the_registrations() {
        Map<String, String> guarded = new TreeMap<>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            var rule = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(),
                    PreAuthorize.class);
            if (rule == null || !rule.value().contains(OrgStructure.WRITE)) return;
            for (var method : info.getMethodsCondition().getMethods()) {
                for (String pattern : info.getPatternValues()) guarded.put(method + " " + pattern, rule.value());
            }
        });
        assertThat(guarded.keySet()).as("routes asking for " + OrgStructure.WRITE).isEqualTo(new TreeSet<>(PAGE_WRITE_ROUTES));
        assertThat(guarded.values()).allSatisfy(rule -> assertThat(rule).doesNotContain("organization:enterprise:write"));
    }

    /** Every write of the structure a page offers, each as the form sends it (the import's template too: its first half). */
    private Map<String, Supplier<HttpResponse<String>>> pageWrites(Session s, Works w, String tag) {
        String at = "/enterprises/" + w.id;
        return Map.of(
                "新增组织单元", () -> form(s, at + "/units", Map.of("parentId", w.workshop, "name", tag + "班组", "tier", "TEAM")),
                "新增员工", () -> form(s, at + "/employees", Map.of("postId", w.post, "name", tag + "员工", "jobTitle", "操作工")),
                "员工导入", () -> {
                    try {
                        return upload(s, at + "/employees/import", tag + "导入", "装配工");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                "员工导入模板", () -> s.send("GET", at + "/employees/template.xlsx", null, null));
    }

    private static void assertNoStructureForms(String page, long enterprise) {
        assertThat(page).doesNotContain("action=\"/enterprises/" + enterprise + "/units\"", "action=\"/enterprises/" + enterprise + "/employees\"",
                "/enterprises/" + enterprise + "/employees/import", "/enterprises/" + enterprise + "/employees/template.xlsx");
    }

    @Test
    void the_towns_and_the_citys_regulators_read_the_structure_and_every_page_write_of_it_is_refused_with_nothing_changed() {
        Works w = works();
        for (String regulator : List.of("gov_town", "gov_city")) {
            Session s = pages(regulator, "Demo@2026");
            var detail = s.send("GET", "/enterprises/" + w.id, null, null);
            assertThat(detail.statusCode()).as(regulator).isEqualTo(200);
            assertThat(detail.body()).as(regulator + " reads the structure").contains("装配车间", "质检员", "周测试");
            assertNoStructureForms(detail.body(), w.id);

            String before = snapshot(w);
            var writes = pageWrites(s, w, regulator + "越权");
            assertThat(writes).hasSize(4);
            writes.forEach((what, write) -> {
                var answer = write.get();
                assertThat(answer.statusCode()).as(regulator + " " + what + ": " + answer.body()).isEqualTo(403);
                assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("text/html");
                assertThat(answer.body()).as(regulator + " " + what + ": the platform's error page").contains(NOT_ALLOWED);
            });
            assertThat(snapshot(w)).as(regulator + ": the structure, the people and the audit trail unchanged").isEqualTo(before);
        }
    }

    @Test
    void a_regulator_whose_role_was_given_the_permission_is_refused_by_the_service_and_sees_no_form() {
        Works w = works();
        String code = "STRUCTURE_" + System.nanoTime() % 1_000_000_000L;
        long role = roles.create(code, "组织架构测试角色" + code, "把组织架构权限交给监管人员：ADR 0082 不允许");
        roles.grant(role, Set.of(OrgStructure.WRITE, "organization:enterprise:read", "occupational:read", "occupational:write"));
        long town = jdbc.sql("select department_id from user_account where username = 'gov_town'").query(Long.class).single();
        String regulator = "regstruct" + System.nanoTime() % 1_000_000L;
        openAccount(new NewUser(regulator, "组织架构测试监管员", null, "REGULATOR", null, town, null, List.of("REGULATOR", code), PASSWORD));

        Session s = pages(regulator, PASSWORD);
        var detail = s.send("GET", "/enterprises/" + w.id, null, null);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains("装配车间", "周测试");
        assertNoStructureForms(detail.body(), w.id);

        String before = snapshot(w);
        pageWrites(s, w, "授权越权").forEach((what, write) -> {
            var answer = write.get();
            assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(403);
            assertThat(answer.body()).as(what + ": the service's own refusal on the error page").contains(THE_ENTERPRISES_OWN);
        });
        var move = Api.at("http://localhost:" + port).login(regulator, PASSWORD)
                .post("/api/v1/occupational/moves", Api.json(Map.of("employeeId", w.person, "postId", w.otherPost)));
        assertThat(move.status()).as(move.body()).isEqualTo(403);
        assertThat(move.contentType()).contains("problem+json");
        assertThat(snapshot(w)).as("nothing changed").isEqualTo(before);
    }

    @Test
    void a_regulators_move_of_a_person_in_the_api_is_a_chinese_problem_and_the_person_stays_on_their_post() {
        Works w = works();
        String before = snapshot(w);
        for (String regulator : List.of("gov_town", "gov_city")) {
            var answer = loggedIn(regulator).post("/api/v1/occupational/moves", Api.json(Map.of("employeeId", w.person, "postId", w.otherPost)));
            assertThat(answer.status()).as(regulator + " " + answer.body()).isEqualTo(403);
            assertThat(answer.contentType()).contains("problem+json");
            assertThat(answer.json().get("detail").asString()).isEqualTo(NOT_ALLOWED);
        }
        assertThat(structure.employees(w.id)).filteredOn(m -> m.id() == w.person).singleElement()
                .satisfies(m -> assertThat(m.postId()).isEqualTo(w.post));
        assertThat(snapshot(w)).isEqualTo(before);
    }

    /**
     * The service holds the rule whatever the caller checked before it: a regulator of the town or the city holding every
     * permission is refused each write (403, not a form's message), an enterprise's own person without the permission too,
     * and another enterprise's person does not find the enterprise at all.
     */
    @Test
    void the_service_refuses_every_structure_write_to_anyone_but_the_enterprises_keepers() throws Exception {
        Works w = works();
        String before = snapshot(w);
        Map<Actor, String> refused = Map.of(
                new TestRegulator("gov_town", "新桥镇", "321282100", "新桥镇"), THE_ENTERPRISES_OWN,
                new TestRegulator("gov_city", "靖江市", "321282", "靖江市"), THE_ENTERPRISES_OWN,
                new TestActor(w.id, null, Set.of("organization:enterprise:read", "organization:enterprise:write")), "您没有维护组织架构和员工的权限");
        refused.forEach((actor, message) -> {
            List<Runnable> writes = List.of(
                    () -> structure.addUnit(actor, w.id, w.workshop, "越权班组", Tier.TEAM),
                    () -> structure.addEmployee(actor, w.id, w.post, "越权员工", null, null),
                    () -> structure.moveEmployee(actor, w.id, w.person, w.otherPost),
                    () -> employees.importFrom(actor, w.id, null),
                    () -> {
                        try {
                            employees.template(actor, w.id);
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            for (Runnable write : writes) {
                assertThatThrownBy(write::run).as(actor.username()).isInstanceOf(NotPermitted.class).hasMessage(message);
            }
        });
        assertThat(Translations.hasChinese(Translations.english().translate(THE_ENTERPRISES_OWN))).as("its English").isFalse();
        Actor stranger = new EnterprisePerson("ent_mech", enterpriseIdOf("ent_mech"));
        assertThatThrownBy(() -> structure.addUnit(stranger, w.id, w.workshop, "越权班组", Tier.TEAM)).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> structure.moveEmployee(stranger, w.id, w.person, w.otherPost)).isInstanceOf(NotInScope.class);
        assertThat(snapshot(w)).isEqualTo(before);
    }

    private long audited(String actor, String action, long enterprise) {
        return jdbc.sql("select count(*) from audit_record where actor = :a and action = :x and enterprise_id = :e")
                .param("a", actor).param("x", action).param("e", enterprise).query(Long.class).single();
    }

    @Test
    void the_enterprises_safety_manager_writes_its_structure_and_people_on_the_pages_and_moves_a_person_in_the_api_audited() {
        Works w = works();
        Session s = pages(w.manager, PASSWORD);
        var detail = s.send("GET", "/enterprises/" + w.id, null, null);
        assertThat(detail.body()).contains("action=\"/enterprises/" + w.id + "/units\"", "action=\"/enterprises/" + w.id + "/employees\"",
                "/enterprises/" + w.id + "/employees/import");

        var writes = pageWrites(s, w, "自建");
        assertThat(writes.get("新增组织单元").get().statusCode()).isEqualTo(302);
        assertThat(writes.get("新增员工").get().statusCode()).isEqualTo(302);
        assertThat(writes.get("员工导入").get().statusCode()).isEqualTo(302);
        assertThat(writes.get("员工导入模板").get().statusCode()).isEqualTo(200);
        assertThat(structure.units(w.id)).extracting(OrgStructure.OrgUnit::name).contains("自建班组");
        assertThat(structure.employees(w.id)).extracting(OrgStructure.Employee::name).contains("自建员工", "自建导入");
        assertThat(audited(w.manager, "新增组织单元", w.id)).isEqualTo(1);
        assertThat(audited(w.manager, "新增员工", w.id)).isEqualTo(2);

        var move = Api.at("http://localhost:" + port).login(w.manager, PASSWORD)
                .post("/api/v1/occupational/moves", Api.json(Map.of("employeeId", w.person, "postId", w.otherPost)));
        assertThat(move.status()).as(move.body()).isEqualTo(204);
        assertThat(structure.employees(w.id)).filteredOn(m -> m.id() == w.person).singleElement()
                .satisfies(m -> assertThat(m.postId()).isEqualTo(w.otherPost));
        assertThat(audited(w.manager, "员工调岗", w.id)).isEqualTo(1);
    }

    @Test
    void the_platforms_administrator_still_writes_an_enterprises_structure_audited() {
        Works w = works();
        Session s = pages("admin", "Demo@2026");
        var detail = s.send("GET", "/enterprises/" + w.id, null, null);
        assertThat(detail.body()).contains("action=\"/enterprises/" + w.id + "/units\"");
        var writes = pageWrites(s, w, "平台");
        assertThat(writes.get("新增组织单元").get().statusCode()).isEqualTo(302);
        assertThat(writes.get("新增员工").get().statusCode()).isEqualTo(302);
        assertThat(structure.units(w.id)).extracting(OrgStructure.OrgUnit::name).contains("平台班组");
        assertThat(structure.employees(w.id)).extracting(OrgStructure.Employee::name).contains("平台员工");
        assertThat(audited("admin", "新增组织单元", w.id)).isEqualTo(1);
        assertThat(audited("admin", "新增员工", w.id)).isEqualTo(1);
    }
}
