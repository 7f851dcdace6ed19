package cn.shuangkong.occupational;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.occupational.internal.HealthExams;
import cn.shuangkong.occupational.internal.OccupationalFactors;
import cn.shuangkong.occupational.internal.Surveillance;
import cn.shuangkong.occupational.OccupationalTodos.Todo;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.NotInScope;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.TestActor;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 职业健康监护 as the safety manager and a regulator meet it: who lacks a 上岗前 exam, who is overdue, who must be moved
 * and who must be diagnosed, each derived from the posts, the people on them and the exams; and another enterprise's
 * posts, people and records refused.
 */
class OccupationalHealthTest extends PlatformTest {

    @Autowired
    OccupationalFactors factors;

    @Autowired
    HealthExams exams;

    @Autowired
    Surveillance surveillance;

    @Autowired
    OrgStructure org;

    @Autowired
    cn.shuangkong.occupational.internal.NoticeCards cards;

    /** A fresh enterprise of the test's own with a workshop and a team, its manager, and posts added on demand. */
    class Works {
        final FreshEnterprise enterprise = FreshEnterprise.create(jdbc, "职业健康测试企业");
        final TestActor manager = new TestActor(enterprise.id(), null, Set.of("occupational:read", "occupational:write", OrgStructure.WRITE));
        final long team;

        Works() {
            long workshop = org.addUnit(manager, enterprise.id(), enterprise.unitId(), "打磨车间", OrgStructure.Tier.WORKSHOP);
            team = org.addUnit(manager, enterprise.id(), workshop, "打磨一班", OrgStructure.Tier.TEAM);
        }

        long post(String name) {
            return org.addUnit(manager, enterprise.id(), team, name, OrgStructure.Tier.POST);
        }

        long person(String name, long post) {
            return org.addEmployee(enterprise.id(), post, name, null, null);
        }

        long factor(long post, OccupationalFactors.Category category, String name) {
            return factors.add(manager, new OccupationalFactors.Draft(post, category, name, name + "的健康危害", "佩戴防护用品", "脱离现场，就医"));
        }

        long exam(long person, HealthExams.Kind kind, LocalDate on, HealthExams.Conclusion conclusion) {
            return exams.record(manager, new HealthExams.Draft(person, kind, on, "靖江市人民医院职业病科", conclusion, null));
        }

        Surveillance.Standing standing() {
            return surveillance.standing(manager.jurisdiction(), enterprise.id());
        }

        List<Todo> todosOf(long person) {
            return standing().todos().stream().filter(i -> i.employeeId() == person).map(Surveillance.Item::todo).toList();
        }

        Surveillance.ExposedWorker exposed(long person) {
            return standing().exposed().stream().filter(w -> w.employeeId() == person).findFirst().orElse(null);
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    @Test
    void a_worker_on_a_post_with_a_factor_needs_a_pre_placement_exam_and_is_overdue_once_the_interval_has_passed() {
        Works works = new Works();
        long grinding = works.post("打磨工"), packing = works.post("包装工");
        long grinder = works.person("打磨工甲", grinding), packer = works.person("包装工乙", packing);
        works.factor(grinding, OccupationalFactors.Category.DUST, "矽尘");

        assertThat(works.exposed(grinder)).as("on a post with 矽尘").isNotNull();
        assertThat(works.exposed(grinder).factors()).containsExactly("矽尘");
        assertThat(works.exposed(packer)).as("the packing post has no factor").isNull();
        assertThat(works.todosOf(grinder)).containsExactly(Todo.MISSING_PRE_PLACEMENT);
        assertThat(works.todosOf(packer)).isEmpty();

        works.exam(grinder, HealthExams.Kind.PRE_PLACEMENT, today(), HealthExams.Conclusion.NORMAL);
        assertThat(works.todosOf(grinder)).isEmpty();
        assertThat(works.exposed(grinder).nextDue()).as("the default interval").isEqualTo(today().plusMonths(12));

        factors.setInterval(works.manager, "矽尘", 6);
        assertThat(works.exposed(grinder).nextDue()).as("the enterprise's interval for 矽尘").isEqualTo(today().plusMonths(6));

        Instant start = clock.instant();
        try {
            LocalDate examined = today();
            clock.set(start.plus(Duration.ofDays(ChronoUnit.DAYS.between(examined, examined.plusMonths(6)))));
            assertThat(works.todosOf(grinder)).as("on the day it is due").isEmpty();
            clock.advance(Duration.ofDays(1));
            assertThat(works.todosOf(grinder)).containsExactly(Todo.OVERDUE);
            var item = works.standing().todos().stream().filter(i -> i.employeeId() == grinder).findFirst().orElseThrow();
            assertThat(item.detail()).contains(examined.plusMonths(6).toString(), "6 个月");

            works.exam(grinder, HealthExams.Kind.PERIODIC, today(), HealthExams.Conclusion.NORMAL);
            assertThat(works.todosOf(grinder)).isEmpty();
            assertThat(works.exposed(grinder).lastExamOn()).isEqualTo(today());
        } finally {
            clock.set(start);
        }
    }

    @Test
    void a_move_onto_a_post_with_a_new_factor_asks_for_a_pre_placement_exam_naming_the_factors_not_covered() {
        Works works = new Works();
        long fan = works.post("风机工"), grinding = works.post("打磨工"), quiet = works.post("值班员");
        works.factor(fan, OccupationalFactors.Category.PHYSICAL, "噪声");
        works.factor(grinding, OccupationalFactors.Category.PHYSICAL, "噪声");
        works.factor(grinding, OccupationalFactors.Category.DUST, "矽尘");
        long man = works.person("风机工壬", fan);
        works.exam(man, HealthExams.Kind.PRE_PLACEMENT, today().minusMonths(2), HealthExams.Conclusion.NORMAL);
        works.exam(man, HealthExams.Kind.PERIODIC, today().minusMonths(1), HealthExams.Conclusion.NORMAL);
        assertThat(works.todosOf(man)).isEmpty();

        surveillance.move(works.manager, man, grinding);
        assertThat(works.todosOf(man)).as("矽尘 is new to him; a 在岗期间 exam does not stand in for the 上岗前 one")
                .containsExactly(Todo.MISSING_PRE_PLACEMENT);
        var item = works.standing().todos().stream().filter(i -> i.employeeId() == man).findFirst().orElseThrow();
        assertThat(item.factors()).as("only the factor no 上岗前 exam covers").containsExactly("矽尘");
        assertThat(item.detail()).contains("矽尘").doesNotContain("噪声");

        surveillance.move(works.manager, man, quiet);
        assertThat(works.todosOf(man)).as("a post without factors asks nothing").isEmpty();
        surveillance.move(works.manager, man, grinding);
        assertThat(works.todosOf(man)).containsExactly(Todo.MISSING_PRE_PLACEMENT);

        works.exam(man, HealthExams.Kind.PRE_PLACEMENT, today(), HealthExams.Conclusion.NORMAL);
        assertThat(works.todosOf(man)).as("examined for the new post's factors").isEmpty();
        surveillance.move(works.manager, man, fan);
        assertThat(works.todosOf(man)).as("back to the fan: 噪声 was covered all along").isEmpty();
    }

    @Autowired
    cn.shuangkong.alerting.internal.AlertEngine engine;

    @Autowired
    cn.shuangkong.alerting.internal.Alerts alerts;

    private static final List<String> REMINDERS = List.of("OCCUPATIONAL_PRE_PLACEMENT", "OCCUPATIONAL_EXAM_OVERDUE", "OCCUPATIONAL_MUST_MOVE");

    /** The enterprise's open alerts as "rule subject". */
    private List<String> openAlerts(Works works) {
        return jdbc.sql("select rule_code || ' ' || subject_key from alert where enterprise_id = :e and status <> 'CLOSED' order by 1")
                .param("e", works.enterprise.id()).query(String.class).list();
    }

    /** A safety manager's account at the works, with the demo chemical works' manager's roles. */
    private String account(Works works) {
        String username = "occ_" + works.enterprise.id();
        long user = jdbc.sql("""
                insert into user_account (username, password_hash, display_name, kind, enterprise_id)
                select :u, password_hash, '职业健康测试安全员', 'ENTERPRISE', :e from user_account where username = 'ent_chem' returning id""")
                .param("u", username).param("e", works.enterprise.id()).query(Long.class).single();
        jdbc.sql("insert into user_role (user_id, role_id) select :u, role_id from user_role r join user_account a on a.id = r.user_id "
                + "where a.username = 'ent_chem'").param("u", user).update();
        return username;
    }

    @Test
    void the_reminders_reach_the_enterprise_as_alerts_and_clear_themselves_when_their_source_clears() {
        Works works = new Works();
        String manager = account(works);
        long grinding = works.post("打磨工"), fan = works.post("风机工"), office = works.post("统计员");
        long dust = works.factor(grinding, OccupationalFactors.Category.DUST, "矽尘");
        works.factor(fan, OccupationalFactors.Category.PHYSICAL, "噪声");
        long newcomer = works.person("打磨工癸", grinding);
        long veteran = works.person("风机工子", fan);
        works.exam(veteran, HealthExams.Kind.PRE_PLACEMENT, today().minusYears(2), HealthExams.Conclusion.NORMAL);
        long finding = works.exam(veteran, HealthExams.Kind.PERIODIC, today().minusMonths(13), HealthExams.Conclusion.CONTRAINDICATION);
        LocalDate due = today().minusMonths(13).plusMonths(12);

        REMINDERS.forEach(engine::run);
        assertThat(openAlerts(works)).containsExactly(
                "OCCUPATIONAL_EXAM_OVERDUE employee:" + veteran + ":due:" + due,
                "OCCUPATIONAL_MUST_MOVE employee:" + veteran + ":exam:" + finding,
                "OCCUPATIONAL_PRE_PLACEMENT employee:" + newcomer + ":post:" + grinding);
        long preAlert = jdbc.sql("select id from alert where enterprise_id = :e and rule_code = 'OCCUPATIONAL_PRE_PLACEMENT'")
                .param("e", works.enterprise.id()).query(Long.class).single();
        assertThat(jdbc.sql("select username from alert_notice where alert_id = :a").param("a", preAlert).query(String.class).list())
                .as("the enterprise's manager and the town's regulator").contains(manager, "gov_town");
        assertThat(alerts.unread(manager)).isEqualTo(3);
        REMINDERS.forEach(engine::run);
        assertThat(openAlerts(works)).as("a second run raises nothing new").hasSize(3);

        // each source clears at once, its alert with it: no run of the rules in between
        works.exam(newcomer, HealthExams.Kind.PRE_PLACEMENT, today(), HealthExams.Conclusion.NORMAL);
        assertThat(openAlerts(works)).as("the exam recorded").hasSize(2).noneMatch(a -> a.startsWith("OCCUPATIONAL_PRE_PLACEMENT"));
        surveillance.move(works.manager, veteran, office);
        assertThat(openAlerts(works)).as("moved off the noise: neither overdue nor to be moved").isEmpty();
        assertThat(alerts.unread(manager)).isZero();
        assertThat(jdbc.sql("select closing_note from alert where enterprise_id = :e and auto_resolved order by id")
                .param("e", works.enterprise.id()).query(String.class).list()).hasSize(3)
                .allMatch(note -> note.startsWith("自动解除："));
        REMINDERS.forEach(engine::run);
        assertThat(openAlerts(works)).as("and nothing comes back on the next run").isEmpty();

        // a 转岗 onto the dust is a new situation, a new alert; taking the factor off the post clears what it caused
        surveillance.move(works.manager, veteran, grinding);
        REMINDERS.forEach(engine::run);
        assertThat(openAlerts(works)).as("exposed again, so overdue again (the same due day, raised anew); 矽尘 not yet examined")
                .containsExactly("OCCUPATIONAL_EXAM_OVERDUE employee:" + veteran + ":due:" + due,
                        "OCCUPATIONAL_PRE_PLACEMENT employee:" + veteran + ":post:" + grinding);
        factors.remove(works.manager, dust);
        assertThat(openAlerts(works)).as("the factor removed").isEmpty();
    }

    @Test
    void an_exam_dated_after_today_is_refused_beside_its_field_through_the_api_in_chinese() {
        long chem = enterpriseIdOf("ent_chem");
        long person = org.addEmployee(chem, null, "测试受检人" + System.nanoTime() % 10000, null, null);
        Map<String, Object> body = new HashMap<>();
        body.put("employeeId", person);
        body.put("kind", "PRE_PLACEMENT");
        body.put("examinedOn", today().plusDays(1).toString());
        body.put("institution", "靖江市人民医院职业病科");
        body.put("conclusion", "NORMAL");
        Api chemApi = loggedIn("ent_chem");
        var refused = chemApi.post("/api/v1/occupational/exams", Api.json(body));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).isEqualTo("职业健康检查日期不能晚于今天");
        assertThat(refused.json().get("errors").has("examinedOn")).isTrue();

        body.put("examinedOn", "0001-01-01");
        var implausible = chemApi.post("/api/v1/occupational/exams", Api.json(body));
        assertThat(implausible.status()).as(implausible.body()).isEqualTo(400);

        body.put("examinedOn", today().toString());
        var created = chemApi.post("/api/v1/occupational/exams", Api.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(jdbc.sql("select count(*) from audit_record where action = '登记职业健康检查' and entity_id = :id")
                .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_contraindication_asks_to_move_the_worker_until_their_post_has_none_of_its_factors() {
        Works works = new Works();
        long boiler = works.post("锅炉工"), fan = works.post("风机工"), office = works.post("统计员");
        works.factor(boiler, OccupationalFactors.Category.PHYSICAL, "噪声");
        works.factor(boiler, OccupationalFactors.Category.PHYSICAL, "高温");
        works.factor(fan, OccupationalFactors.Category.PHYSICAL, "噪声");
        long man = works.person("锅炉工丙", boiler);
        works.exam(man, HealthExams.Kind.PRE_PLACEMENT, today().minusYears(1), HealthExams.Conclusion.NORMAL);
        works.exam(man, HealthExams.Kind.PERIODIC, today(), HealthExams.Conclusion.CONTRAINDICATION);

        var item = works.standing().todos().stream().filter(i -> i.employeeId() == man).findFirst().orElseThrow();
        assertThat(item.todo()).isEqualTo(Todo.MUST_MOVE);
        assertThat(item.factors()).as("the factors of his post on the day of the exam").containsExactly("噪声", "高温");

        surveillance.move(works.manager, man, fan);
        assertThat(works.todosOf(man)).as("the fan post has 噪声 too").containsExactly(Todo.MUST_MOVE);
        assertThat(works.standing().todos().get(0).detail()).contains("噪声").doesNotContain("高温");

        surveillance.move(works.manager, man, office);
        assertThat(works.todosOf(man)).as("moved to a post without those factors").isEmpty();
        assertThat(works.exposed(man)).isNull();
        assertThat(jdbc.sql("select count(*) from audit_record where action = '员工调岗' and entity_id = :id")
                .param("id", String.valueOf(man)).query(Long.class).single()).as("each move audited").isEqualTo(2);

        surveillance.move(works.manager, man, boiler);
        assertThat(works.todosOf(man)).as("back on the boiler, the finding holds again").containsExactly(Todo.MUST_MOVE);
    }

    @Test
    void a_suspected_occupational_disease_is_listed_until_its_diagnosis_is_recorded() {
        Works works = new Works();
        long tank = works.post("罐区巡检工");
        works.factor(tank, OccupationalFactors.Category.CHEMICAL, "甲苯");
        long patroller = works.person("巡检工丁", tank);
        works.exam(patroller, HealthExams.Kind.PRE_PLACEMENT, today().minusYears(2), HealthExams.Conclusion.NORMAL);
        long suspected = works.exam(patroller, HealthExams.Kind.PERIODIC, today().minusDays(3), HealthExams.Conclusion.SUSPECTED);
        assertThat(works.todosOf(patroller)).containsExactly(Todo.MUST_DIAGNOSE);

        assertThatThrownBy(() -> exams.recordDiagnosis(works.manager, suspected, today().minusDays(4), "排除职业病"))
                .isInstanceOf(DomainException.class).hasMessage("诊断日期不能早于检查日期");
        assertThat(works.todosOf(patroller)).containsExactly(Todo.MUST_DIAGNOSE);

        exams.recordDiagnosis(works.manager, suspected, today(), "排除职业病");
        assertThat(works.todosOf(patroller)).isEmpty();
        assertThatThrownBy(() -> exams.recordDiagnosis(works.manager, suspected, today(), "排除职业病"))
                .isInstanceOf(DomainException.class).hasMessage("该检查的诊断结果已登记");
    }

    @Test
    void another_enterprises_post_person_factor_and_exam_are_not_found() {
        Works mine = new Works(), theirs = new Works();
        long theirPost = theirs.post("喷漆工");
        long theirPerson = theirs.person("喷漆工戊", theirPost);
        long theirFactor = theirs.factor(theirPost, OccupationalFactors.Category.CHEMICAL, "苯");
        long theirExam = theirs.exam(theirPerson, HealthExams.Kind.PERIODIC, today(), HealthExams.Conclusion.SUSPECTED);
        long myPost = mine.post("喷漆工");
        long myPerson = mine.person("喷漆工己", myPost);
        var me = mine.manager;
        var draft = new OccupationalFactors.Draft(theirPost, OccupationalFactors.Category.CHEMICAL, "苯", "a", "b", "c");

        assertThatThrownBy(() -> factors.add(me, draft)).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> factors.update(me, theirFactor, draft)).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> factors.remove(me, theirFactor)).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> exams.record(me, new HealthExams.Draft(theirPerson, HealthExams.Kind.PERIODIC, today(), "医院",
                HealthExams.Conclusion.NORMAL, null))).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> exams.recordDiagnosis(me, theirExam, today(), "排除职业病")).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> surveillance.move(me, theirPerson, myPost)).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> surveillance.move(me, myPerson, theirPost)).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> surveillance.standing(me.jurisdiction(), theirs.enterprise.id())).isInstanceOf(NotInScope.class);

        assertThat(theirs.todosOf(theirPerson)).as("their records unchanged").containsExactly(Todo.MUST_DIAGNOSE, Todo.MISSING_PRE_PLACEMENT);
        assertThat(factors.list(me.jurisdiction(), theirs.enterprise.id())).isEmpty();
        assertThat(exams.list(me.jurisdiction(), null)).isEmpty();
        assertThat(org.employees(mine.enterprise.id()).stream().filter(e -> e.id() == myPerson).findFirst().orElseThrow().postId())
                .isEqualTo(myPost);

        // through the API, the demo machinery works' manager against the chemical works' records: 404 in Chinese
        long chemFactor = jdbc.sql("select id from occupational_factor where enterprise_id = :e order by id limit 1")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
        var answer = loggedIn("ent_mech").delete("/api/v1/occupational/factors/" + chemFactor);
        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        assertThat(answer.json().get("detail").asString()).contains("不存在或不在您的数据范围内");
    }

    @Test
    void a_regulator_sees_each_enterprise_in_scope_with_the_counts_of_its_standing_and_writes_nothing() {
        Works works = new Works(); // in 新桥镇, gov_town's
        long grinding = works.post("打磨工");
        works.factor(grinding, OccupationalFactors.Category.DUST, "矽尘");
        long a = works.person("打磨工庚", grinding), b = works.person("打磨工辛", grinding);
        works.exam(a, HealthExams.Kind.PRE_PLACEMENT, today().minusYears(2), HealthExams.Conclusion.NORMAL);
        works.exam(a, HealthExams.Kind.PERIODIC, today().minusMonths(13), HealthExams.Conclusion.CONTRAINDICATION);

        Api town = loggedIn("gov_town");
        var overview = town.get("/api/v1/occupational/enterprises");
        assertThat(overview.status()).as(overview.body()).isEqualTo(200);
        var line = java.util.stream.StreamSupport.stream(overview.json().spliterator(), false)
                .filter(n -> n.get("enterpriseId").asLong() == works.enterprise.id()).findFirst().orElseThrow();
        assertThat(line.get("exposed").asInt()).isEqualTo(2);
        assertThat(line.get("missingPrePlacement").asLong()).as("b").isEqualTo(1);
        assertThat(line.get("overdue").asLong()).as("a, examined 13 months ago").isEqualTo(1);
        assertThat(line.get("mustMove").asLong()).as("a, still on the dusty post").isEqualTo(1);
        assertThat(line.get("mustDiagnose").asLong()).isZero();
        var standing = surveillance.standing(Jurisdiction.platform(), works.enterprise.id());
        assertThat(standing.todos()).hasSize(3);
        assertThat(standing.count(Todo.MUST_MOVE)).isEqualTo(line.get("mustMove").asLong());

        var detail = town.get("/api/v1/occupational/standing?enterpriseId=" + works.enterprise.id());
        assertThat(detail.status()).as(detail.body()).isEqualTo(200);
        assertThat(detail.json().get("todos").size()).isEqualTo(3);
        var write = town.post("/api/v1/occupational/moves", Api.json(Map.of("employeeId", a)));
        assertThat(write.status()).as(write.body()).isEqualTo(403);

        Api mech = loggedIn("ent_mech");
        assertThat(mech.get("/api/v1/occupational/standing?enterpriseId=" + works.enterprise.id()).status()).isEqualTo(404);
    }

    @Test
    void a_posts_notice_card_names_each_factor_with_its_warning_and_is_refused_outside_the_scope() throws Exception {
        Works works = new Works(), other = new Works();
        long grinding = works.post("打磨工");
        works.factor(grinding, OccupationalFactors.Category.DUST, "矽尘");
        works.factor(grinding, OccupationalFactors.Category.PHYSICAL, "噪声");
        // a page's reader in Chinese, as the request's locale would make it
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        byte[] pdf;
        try {
            pdf = cards.render(works.manager.jurisdiction(), grinding);
        } finally {
            LocaleContextHolder.resetLocaleContext();
        }
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/screenshots"));
        java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots/occupational-notice-card.pdf"), pdf);
        try (var doc = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("职业病危害告知卡", "打磨工", "矽尘", "粉尘因素",
                    "矽尘的健康危害", "噪声的健康危害", "佩戴防护用品", "脱离现场，就医", "注意防尘", "噪声有害", "报告电话", "120");
        }
        assertThatThrownBy(() -> cards.render(other.manager.jurisdiction(), grinding)).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> cards.render(works.manager.jurisdiction(), works.post("包装工"))).as("a post without factors has no card")
                .isInstanceOf(NotInScope.class);

        long chemPost = jdbc.sql("select post_id from occupational_factor where enterprise_id = :e order by id limit 1")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
        assertThat(loggedIn("ent_chem").get("/api/v1/occupational/posts/" + chemPost + "/notice-card.pdf").status()).isEqualTo(200);
        var refused = loggedIn("ent_mech").get("/api/v1/occupational/posts/" + chemPost + "/notice-card.pdf");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().get("detail").asString()).contains("不在您的数据范围内");
    }
}
