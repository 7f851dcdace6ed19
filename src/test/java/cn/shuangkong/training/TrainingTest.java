package cn.shuangkong.training;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.training.internal.CertificateReminders;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** 培训与持证 as the safety manager, the holder and a regulator meet it: validity, reminders, refusals, scope, hours. */
class TrainingTest extends PlatformTest {

    @Autowired
    Certificates certificates;

    @Autowired
    CertificateReminders reminders;

    @Autowired
    TrainingRecords trainings;

    @Autowired
    OrgStructure org;

    private long newEmployee(String name) {
        return org.addEmployee(enterpriseIdOf("ent_chem"), null, name, null, "维修工");
    }

    private Map<String, Object> certificate(long employee, String category, String number, LocalDate issued, LocalDate expires) {
        var body = new HashMap<String, Object>();
        body.put("employeeId", employee);
        body.put("kind", "SPECIAL_OPERATION");
        body.put("category", category);
        body.put("number", number);
        body.put("issuedBy", "泰州市应急管理局");
        body.put("issuedOn", issued.toString());
        body.put("expiresOn", expires.toString());
        return body;
    }

    @Test
    void a_certificate_counts_from_issue_to_expiry_and_not_after_revocation() {
        Api chem = loggedIn("ent_chem");
        long welder = newEmployee("测试焊工" + System.nanoTime() % 10000);
        LocalDate today = LocalDate.now(clock);
        var created = chem.post("/api/v1/training/certificates", Api.json(certificate(welder, "焊接与热切割作业",
                "T-WELD-" + System.nanoTime(), today.minusYears(1), today.plusDays(100))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        long chemId = enterpriseIdOf("ent_chem");

        assertThat(certificates.holds(chemId, welder, Certificates.Requirement.WELDER, today)).isTrue();
        assertThat(certificates.holds(chemId, welder, Certificates.Requirement.ELECTRICIAN, today)).as("a welder is no electrician").isFalse();
        assertThat(certificates.holds(chemId, welder, Certificates.Requirement.WELDER, today.plusDays(100))).as("valid on its last day").isTrue();
        assertThat(certificates.holds(chemId, welder, Certificates.Requirement.WELDER, today.plusDays(101))).isFalse();

        var listed = chem.get("/api/v1/training/certificates");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        var mine = findById(listed.json(), id);
        assertThat(mine.get("status").asString()).isEqualTo("有效");

        // Within the reminder window the list says so; after the date, 已过期.
        var start = clock.instant();
        try {
            clock.advance(Duration.ofDays(80));
            chem = loggedIn("ent_chem"); // a token does not last 80 days
            assertThat(findById(chem.get("/api/v1/training/certificates").json(), id).get("status").asString()).isEqualTo("即将到期");
            clock.advance(Duration.ofDays(21));
            chem = loggedIn("ent_chem");
            assertThat(findById(chem.get("/api/v1/training/certificates").json(), id).get("status").asString()).isEqualTo("已过期");
        } finally {
            clock.set(start);
        }
        chem = loggedIn("ent_chem");

        var noReason = chem.post("/api/v1/training/certificates/" + id + "/revoke", Api.json(Map.of("reason", " ")));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("detail").asString()).isEqualTo("请填写吊销或注销的原因");
        assertThat(chem.post("/api/v1/training/certificates/" + id + "/revoke", Api.json(Map.of("reason", "复审不合格"))).status()).isEqualTo(204);
        assertThat(certificates.holds(chemId, welder, Certificates.Requirement.WELDER, today)).as("revoked: no longer held").isFalse();
        assertThat(findById(chem.get("/api/v1/training/certificates").json(), id).get("status").asString()).isEqualTo("已吊销");
        assertThat(chem.post("/api/v1/training/certificates/" + id + "/revoke", Api.json(Map.of("reason", "再次"))).status()).isEqualTo(409);
        assertThat(jdbc.sql("select action from audit_record where entity_type = 'certificate' and entity_id = :id order by id")
                .param("id", String.valueOf(id)).query(String.class).list()).containsExactly("登记证书", "吊销证书");
    }

    private static tools.jackson.databind.JsonNode findById(tools.jackson.databind.JsonNode list, long id) {
        for (var n : list) if (n.path("certificate").path("id").asLong() == id) return n;
        throw new AssertionError("certificate " + id + " not listed: " + list.toString().substring(0, Math.min(400, list.toString().length())));
    }

    @Test
    void bad_input_is_refused_field_by_field_in_chinese_and_nothing_is_kept() {
        Api chem = loggedIn("ent_chem");
        long before = jdbc.sql("select count(*) from certificate").query(Long.class).single();
        LocalDate today = LocalDate.now(clock);
        long someone = newEmployee("测试电工");

        var empty = chem.post("/api/v1/training/certificates", "{}");
        assertThat(empty.status()).isEqualTo(400);
        var errors = empty.json().get("errors");
        assertThat(errors.get("employeeId").asString()).isEqualTo("请选择持证人");
        assertThat(errors.get("kind").asString()).isEqualTo("请选择证书类别");
        assertThat(errors.get("number").asString()).isEqualTo("请填写证书编号");
        assertThat(errors.get("expiresOn").asString()).isEqualTo("请填写有效期至");

        var backwards = chem.post("/api/v1/training/certificates", Api.json(certificate(someone, "电工作业", "T-BACK", today, today.minusDays(1))));
        assertThat(backwards.json().get("errors").get("expiresOn").asString()).isEqualTo("有效期至必须晚于发证日期");
        var notNational = chem.post("/api/v1/training/certificates", Api.json(certificate(someone, "电焊", "T-NAT", today.minusDays(1), today.plusYears(6))));
        assertThat(notNational.json().get("errors").get("category").asString()).startsWith("特种作业操作证的作业类别须为国家目录中的一类");
        var future = chem.post("/api/v1/training/certificates", Api.json(certificate(someone, "电工作业", "T-FUT", today.plusDays(3), today.plusYears(6))));
        assertThat(future.json().get("errors").get("issuedOn").asString()).isEqualTo("发证日期不能晚于今天");

        // Someone of another enterprise is not found; a regulator keeps no enterprise's certificates.
        long stranger = jdbc.sql("select id from employee where enterprise_id <> :e order by id limit 1")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
        assertThat(chem.post("/api/v1/training/certificates", Api.json(certificate(stranger, "电工作业", "T-STR", today.minusDays(1), today.plusYears(6)))).status())
                .isEqualTo(404);
        assertThat(loggedIn("gov_city").post("/api/v1/training/certificates",
                Api.json(certificate(someone, "电工作业", "T-GOV", today.minusDays(1), today.plusYears(6)))).status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from certificate").query(Long.class).single()).isEqualTo(before);

        String number = "T-DUP-" + System.nanoTime();
        assertThat(chem.post("/api/v1/training/certificates", Api.json(certificate(someone, "电工作业", number, today.minusDays(1), today.plusYears(6)))).status()).isEqualTo(201);
        var duplicate = chem.post("/api/v1/training/certificates", Api.json(certificate(someone, "电工作业", number, today.minusDays(1), today.plusYears(6))));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("detail").asString()).contains(number, "已登记");
    }

    @Test
    void the_holder_and_the_safety_managers_are_reminded_once_per_expiry_date() {
        Api chem = loggedIn("ent_chem");
        LocalDate today = LocalDate.now(clock);
        long holder = jdbc.sql("select employee_id from user_account where username = 'worker_chem'").query(Long.class).single();
        long soon = chem.post("/api/v1/training/certificates", Api.json(certificate(holder, "高处作业", "T-SOON-" + System.nanoTime(),
                today.minusYears(5), today.plusDays(10)))).json().get("id").asLong();
        long later = chem.post("/api/v1/training/certificates", Api.json(certificate(holder, "电工作业", "T-LATE-" + System.nanoTime(),
                today.minusYears(1), today.plusDays(200)))).json().get("id").asLong();

        reminders.sweep();
        List<String> told = noticesAbout(soon);
        assertThat(told).contains("worker_chem", "ent_chem");
        assertThat(noticesAbout(later)).as("not yet within the window").isEmpty();
        String message = jdbc.sql("select message from notice where link = :l and username = 'worker_chem'")
                .param("l", "/training#certificate-" + soon).query(String.class).single();
        assertThat(message).contains("高处作业", "将于 " + today.plusDays(10) + " 到期");

        reminders.sweep();
        assertThat(noticesAbout(soon)).as("a second sweep repeats nothing").hasSameSizeAs(told);

        // The later one reminds when its own date comes near; a revoked certificate reminds no one.
        long revoked = chem.post("/api/v1/training/certificates", Api.json(certificate(holder, "危险化学品安全作业", "T-REV-" + System.nanoTime(),
                today.minusYears(5), today.plusDays(5)))).json().get("id").asLong();
        chem.post("/api/v1/training/certificates/" + revoked + "/revoke", Api.json(Map.of("reason", "调岗注销")));
        var start = clock.instant();
        try {
            clock.advance(Duration.ofDays(180));
            reminders.sweep();
            assertThat(noticesAbout(later)).contains("worker_chem", "ent_chem");
            assertThat(noticesAbout(revoked)).isEmpty();
        } finally {
            clock.set(start);
        }
    }

    private List<String> noticesAbout(long certificate) {
        return jdbc.sql("select username from notice where link = :l order by username")
                .param("l", "/training#certificate-" + certificate).query(String.class).list();
    }

    @Test
    void training_hours_add_up_per_year_and_three_level_education_names_what_is_missing() {
        Api chem = loggedIn("ent_chem");
        long chemId = enterpriseIdOf("ent_chem");
        long newcomer = newEmployee("新员工" + System.nanoTime() % 10000);
        LocalDate today = LocalDate.now(clock);
        for (var level : List.of("LEVEL_COMPANY", "LEVEL_WORKSHOP")) {
            var r = chem.post("/api/v1/training/records", Api.json(Map.of("employeeId", newcomer, "kind", level, "title", "入职安全教育",
                    "hours", 24, "trainedOn", today.toString(), "trainer", "安全科", "passed", true)));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        chem.post("/api/v1/training/records", Api.json(Map.of("employeeId", newcomer, "kind", "LEVEL_TEAM", "title", "班组级",
                "hours", 8, "trainedOn", today.toString(), "trainer", "班组长", "passed", false)));
        var row = trainings.byPerson(chemId, today.getYear()).stream().filter(p -> p.employeeId() == newcomer).findFirst().orElseThrow();
        assertThat(row.hours()).isEqualByComparingTo("48");
        assertThat(row.company()).isTrue();
        assertThat(row.team()).as("a failed 班组级 does not count").isFalse();
        assertThat(row.threeLevelComplete()).isFalse();

        chem.post("/api/v1/training/records", Api.json(Map.of("employeeId", newcomer, "kind", "LEVEL_TEAM", "title", "班组级（补考）",
                "hours", 8, "trainedOn", today.toString(), "trainer", "班组长", "passed", true)));
        row = trainings.byPerson(chemId, today.getYear()).stream().filter(p -> p.employeeId() == newcomer).findFirst().orElseThrow();
        assertThat(row.threeLevelComplete()).isTrue();
        assertThat(row.hours()).isEqualByComparingTo("56");

        var bad = chem.post("/api/v1/training/records", Api.json(Map.of("employeeId", newcomer, "kind", "ANNUAL", "title", "年度",
                "hours", 0, "trainedOn", today.plusDays(1).toString(), "trainer", "安全科", "passed", true)));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get("hours").asString()).isEqualTo("学时须大于 0 且不超过 200");
        assertThat(bad.json().get("errors").get("trainedOn").asString()).isEqualTo("培训日期不能晚于今天");
    }

    @Test
    void regulators_see_the_certificates_of_their_area_only() {
        Api chem = loggedIn("ent_chem");
        LocalDate today = LocalDate.now(clock);
        String number = "T-SCOPE-" + System.nanoTime();
        chem.post("/api/v1/training/certificates", Api.json(certificate(newEmployee("测试高处"), "高处作业", number, today.minusYears(1), today.plusYears(2))));
        assertThat(loggedIn("gov_city").get("/api/v1/training/certificates").body()).contains(number);
        assertThat(loggedIn("gov_town").get("/api/v1/training/certificates").body()).as("新桥镇 does not hold 滨江新区's enterprise").doesNotContain(number);
    }
}
