package cn.shuangkong.contractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.contractor.internal.ContractorAdmission;
import cn.shuangkong.contractor.internal.ContractorReminders;
import cn.shuangkong.contractor.internal.IdNumbers;
import cn.shuangkong.organization.CreditCode;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.NotInScope;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** 承包商 as the permit module, the safety manager, another enterprise and a regulator meet it: every rule, every refusal. */
class ContractorTest extends PlatformTest {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    @Autowired
    Contractors contractors;

    @Autowired
    ContractorReminders reminders;

    @Autowired
    ContractorAdmission admission;

    private static String next9() {
        return String.format("%09d", SERIAL.incrementAndGet() % 1_000_000_000L);
    }

    static String creditCode() {
        String first17 = "91321282" + next9();
        return first17 + CreditCode.checkCharacter(first17);
    }

    static String idNumber() {
        String first17 = "32128219" + next9();
        return first17 + IdNumbers.checkCharacter(first17);
    }

    /** A contractor of the caller's enterprise on site from today, with a 安全生产许可证 valid until {@code licenceUntil}. */
    static long contractor(Api as, String name, LocalDate today, LocalDate licenceUntil) {
        var body = new HashMap<String, Object>();
        body.put("name", name);
        body.put("creditCode", creditCode());
        body.put("contactName", "张工");
        body.put("contactPhone", "13800001111");
        body.put("workScope", "设备检维修");
        body.put("onSiteFrom", today.toString());
        body.put("onSiteUntil", today.plusDays(30).toString());
        var created = as.post("/api/v1/contractors", Api.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        var q = as.post("/api/v1/contractors/" + id + "/qualifications", Api.json(Map.of("kind", "安全生产许可证", "number", "JZ-" + next9(),
                "issuedBy", "江苏省住房和城乡建设厅", "validUntil", licenceUntil.toString())));
        assertThat(q.status()).as(q.body()).isEqualTo(201);
        return id;
    }

    static long person(Api as, long contractor, String name) {
        var r = as.post("/api/v1/contractors/" + contractor + "/people", Api.json(Map.of("name", name, "idNumber", idNumber(), "job", "焊工")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private String refusal(Runnable r) {
        try {
            r.run();
        } catch (DomainException e) {
            return e.getMessage();
        }
        throw new AssertionError("not refused");
    }

    private long audits(String action, String entityType) {
        return jdbc.sql("select count(*) from audit_record where action = :a and entity_type = :t").param("a", action)
                .param("t", entityType).query(Long.class).single();
    }

    @Test
    void a_blacklisted_contractor_is_refused_new_work_until_lifted_and_both_are_audited() {
        Api chem = loggedIn("ent_chem");
        long chemId = enterpriseIdOf("ent_chem");
        LocalDate today = LocalDate.now(clock);
        long id = contractor(chem, "测试黑名单承包商", today, today.plusYears(1));
        contractors.requireAdmissible(chemId, id, today);
        assertThat(contractors.nameOf(chemId, id)).contains("测试黑名单承包商");
        long listed = audits("承包商列入黑名单", "contractor_blacklist"), lifted = audits("承包商移出黑名单", "contractor_blacklist");

        assertThat(chem.post("/api/v1/contractors/" + id + "/blacklist", Api.json(Map.of("reason", " "))).status())
                .as("a blacklisting needs its reason").isEqualTo(400);
        assertThat(chem.post("/api/v1/contractors/" + id + "/blacklist", Api.json(Map.of("reason", "动火作业未办票"))).status()).isEqualTo(201);
        assertThat(chem.post("/api/v1/contractors/" + id + "/blacklist", Api.json(Map.of("reason", "再次"))).status()).isEqualTo(409);
        assertThat(refusal(() -> contractors.requireAdmissible(chemId, id, today))).contains("黑名单", "动火作业未办票");
        assertThat(contractors.onSite(chemId, today)).extracting(Contractors.OnSite::contractorId).doesNotContain(id);
        assertThat(audits("承包商列入黑名单", "contractor_blacklist")).isEqualTo(listed + 1);

        assertThat(chem.post("/api/v1/contractors/" + id + "/blacklist/lift", Api.json(Map.of("reason", "已整改并通过复审"))).status()).isEqualTo(204);
        assertThat(chem.post("/api/v1/contractors/" + id + "/blacklist/lift", Api.json(Map.of("reason", "再次"))).status()).isEqualTo(409);
        contractors.requireAdmissible(chemId, id, today);
        assertThat(audits("承包商移出黑名单", "contractor_blacklist")).isEqualTo(lifted + 1);
        var history = chem.get("/api/v1/contractors/" + id).json().get("blacklist");
        assertThat(history.size()).as("the lifted entry stays in the history").isEqualTo(1);
        assertThat(history.get(0).get("liftReason").asString()).isEqualTo("已整改并通过复审");
    }

    @Test
    void an_expired_qualification_refuses_new_work_until_renewed_and_an_ended_contractor_is_refused_too() {
        Api chem = loggedIn("ent_chem");
        long chemId = enterpriseIdOf("ent_chem");
        LocalDate today = LocalDate.now(clock);
        long id = contractor(chem, "测试资质承包商", today, today.plusDays(5));
        contractors.requireAdmissible(chemId, id, today.plusDays(5));
        assertThat(refusal(() -> contractors.requireAdmissible(chemId, id, today.plusDays(6)))).contains("安全生产许可证", "过期");

        var renewal = chem.post("/api/v1/contractors/" + id + "/qualifications", Api.json(Map.of("kind", "安全生产许可证", "number", "JZ-R-" + next9(),
                "issuedBy", "江苏省住房和城乡建设厅", "validUntil", today.plusYears(3).toString())));
        assertThat(renewal.status()).isEqualTo(201);
        contractors.requireAdmissible(chemId, id, today.plusDays(6));
        var statuses = chem.get("/api/v1/contractors/" + id).json().get("qualifications");
        assertThat(statuses.size()).isEqualTo(2);
        assertThat(statuses.get(1).get("renewed").asBoolean()).as("the lapsed one is 已续期").isTrue();

        assertThat(chem.post("/api/v1/contractors/" + id + "/end", "{}").status()).isEqualTo(204);
        assertThat(refusal(() -> contractors.requireAdmissible(chemId, id, today))).contains("合作已终止");
        assertThat(chem.post("/api/v1/contractors/" + id + "/resume", "{}").status()).isEqualTo(204);
        contractors.requireAdmissible(chemId, id, today);
    }

    @Test
    void a_contractor_without_any_qualification_or_of_another_enterprise_is_refused() {
        Api chem = loggedIn("ent_chem");
        long chemId = enterpriseIdOf("ent_chem");
        LocalDate today = LocalDate.now(clock);
        var body = Map.of("name", "测试无资质承包商", "creditCode", creditCode(), "contactName", "李工", "contactPhone", "0523-8000000",
                "workScope", "保洁");
        long bare = chem.post("/api/v1/contractors", Api.json(body)).json().get("id").asLong();
        assertThat(refusal(() -> contractors.requireAdmissible(chemId, bare, today))).contains("未登记任何资质");

        Api mech = loggedIn("ent_mech");
        long mechs = contractor(mech, "测试他企承包商", today, today.plusYears(1));
        assertThatThrownBy(() -> contractors.requireAdmissible(chemId, mechs, today)).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> contractors.requireAdmissible(chemId, Long.MAX_VALUE, today)).isInstanceOf(NotInScope.class);
        assertThat(contractors.nameOf(chemId, mechs)).isEmpty();
    }

    @Test
    void a_person_without_entry_training_and_briefing_may_not_work_on_the_site() {
        Api chem = loggedIn("ent_chem");
        long chemId = enterpriseIdOf("ent_chem");
        LocalDate today = LocalDate.now(clock);
        long id = contractor(chem, "测试人员承包商", today, today.plusYears(1));
        long p = person(chem, id, "测试焊工");
        assertThat(String.join("；", admission.personRefusals(chemId, p, today))).contains("未通过入厂安全教育", "未接受入厂安全交底");

        var training = Map.of("kind", "ENTRY", "title", "入厂安全教育", "hours", 8, "trainedOn", today.toString(), "trainer", "安全科", "passed", true);
        assertThat(chem.post("/api/v1/contractors/" + id + "/people/" + p + "/trainings", Api.json(training)).status()).isEqualTo(201);
        String still = String.join("；", admission.personRefusals(chemId, p, today));
        assertThat(still).contains("未接受入厂安全交底").doesNotContain("未通过入厂安全教育");

        var future = Map.of("briefedOn", today.plusDays(1).toString(), "briefedBy", "陆海峰", "content", "作业区域危险源");
        var refused = chem.post("/api/v1/contractors/" + id + "/people/" + p + "/briefings", Api.json(future));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).isEqualTo("交底日期不能晚于今天");
        var briefing = Map.of("briefedOn", today.toString(), "briefedBy", "陆海峰", "content", "作业区域危险源与防火防爆要求");
        assertThat(chem.post("/api/v1/contractors/" + id + "/people/" + p + "/briefings", Api.json(briefing)).status()).isEqualTo(201);
        assertThat(admission.personRefusals(chemId, p, today)).as("trained and briefed: may work on the site").isEmpty();
        assertThat(contractors.onSite(chemId, today)).filteredOn(o -> o.contractorId() == id).singleElement()
                .extracting(Contractors.OnSite::people).isEqualTo(1);

        // the person's certificate is kept by training, and counts for the roles that need one
        var cert = Map.of("kind", "SPECIAL_OPERATION", "category", "焊接与热切割作业", "number", "T-C-" + next9(), "issuedBy", "泰州市应急管理局",
                "issuedOn", today.minusYears(1).toString(), "expiresOn", today.plusYears(5).toString());
        assertThat(chem.post("/api/v1/contractors/" + id + "/people/" + p + "/certificates", Api.json(cert)).status()).isEqualTo(201);
        var listed = chem.get("/api/v1/contractors/" + id).json().get("people").get(0);
        assertThat(listed.get("person").get("idNumberMasked").asString()).matches("3212\\*{10}\\d{3}[0-9X]");
        assertThat(listed.get("certificates").size()).isEqualTo(1);
        assertThat(listed.get("refusals").size()).isZero();
    }

    @Test
    void the_yearly_evaluation_takes_the_years_violation_points_off_the_checklist() {
        Api chem = loggedIn("ent_chem");
        LocalDate today = LocalDate.now(clock);
        long id = contractor(chem, "测试评价承包商", today, today.plusYears(1));
        int year = today.getYear() - 1;
        var violation = Map.of("occurredOn", LocalDate.of(year, 6, 1).toString(), "description", "高处作业未系安全带",
                "jobReference", "GC-2025-003", "foundBy", "安全员", "points", 10);
        assertThat(chem.post("/api/v1/contractors/" + id + "/violations", Api.json(violation)).status()).isEqualTo(201);
        var outOfRange = new HashMap<>(violation);
        outOfRange.put("points", 0);
        assertThat(chem.post("/api/v1/contractors/" + id + "/violations", Api.json(outOfRange)).status()).isEqualTo(400);

        // 18 + 18 + 27 + 14 + 14 = 91, less 10 = 81: 基本合格
        var marks = Map.of("QUALIFICATION", 18, "MANAGEMENT", 18, "SITE", 27, "EQUIPMENT", 14, "COOPERATION", 14);
        var tooMany = new HashMap<>(marks);
        tooMany.put("SITE", 31);
        var refused = chem.post("/api/v1/contractors/" + id + "/evaluations", Api.json(Map.of("year", year, "marks", tooMany)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("0 到 30");
        assertThat(chem.post("/api/v1/contractors/" + id + "/evaluations", Api.json(Map.of("year", today.getYear() + 1, "marks", marks))).status())
                .as("a year ahead").isEqualTo(400);
        assertThat(chem.post("/api/v1/contractors/" + id + "/evaluations", Api.json(Map.of("year", year, "marks", marks))).status()).isEqualTo(201);
        assertThat(chem.post("/api/v1/contractors/" + id + "/evaluations", Api.json(Map.of("year", year, "marks", marks))).status())
                .as("once a year").isEqualTo(409);
        var evaluation = chem.get("/api/v1/contractors/" + id).json().get("evaluations").get(0);
        assertThat(evaluation.get("checklistScore").asInt()).isEqualTo(91);
        assertThat(evaluation.get("deducted").asInt()).isEqualTo(10);
        assertThat(evaluation.get("score").asInt()).isEqualTo(81);
        assertThat(evaluation.get("result").asString()).isEqualTo("BASIC");

        // this year: no violations, full marks 合格; a poor checklist 不合格
        assertThat(chem.post("/api/v1/contractors/" + id + "/evaluations", Api.json(Map.of("year", today.getYear(), "marks",
                Map.of("QUALIFICATION", 10, "MANAGEMENT", 10, "SITE", 20, "EQUIPMENT", 10, "COOPERATION", 10)))).status()).isEqualTo(201);
        assertThat(chem.get("/api/v1/contractors/" + id).json().get("evaluations").get(0).get("result").asString()).isEqualTo("UNQUALIFIED");
    }

    @Test
    void a_qualification_expiring_within_the_window_is_reminded_to_the_safety_managers_once() {
        Api chem = loggedIn("ent_chem");
        LocalDate today = LocalDate.now(clock);
        long soon = contractor(chem, "测试提醒承包商", today, today.plusDays(10));
        long later = contractor(chem, "测试未到提醒承包商", today, today.plusDays(200));
        reminders.sweep();
        assertThat(noticesAbout(soon)).contains("ent_chem");
        assertThat(noticesAbout(later)).isEmpty();
        int told = noticesAbout(soon).size();
        reminders.sweep();
        assertThat(noticesAbout(soon)).as("a second sweep repeats nothing").hasSize(told);
    }

    private List<String> noticesAbout(long contractor) {
        return jdbc.sql("select username from notice where link = :l order by username")
                .param("l", "/contractors/" + contractor + "#qualifications").query(String.class).list();
    }

    @Test
    void another_enterprise_can_neither_read_nor_write_a_contractor_and_a_regulator_reads_only() {
        Api chem = loggedIn("ent_chem");
        LocalDate today = LocalDate.now(clock);
        long id = contractor(chem, "测试隔离承包商", today, today.plusYears(1));
        long p = person(chem, id, "测试隔离人员");

        Api mech = loggedIn("ent_mech");
        assertThat(mech.get("/api/v1/contractors/" + id).status()).isEqualTo(404);
        assertThat(mech.get("/api/v1/contractors/" + id + "/admissibility").status()).isEqualTo(404);
        var write = mech.post("/api/v1/contractors/" + id + "/blacklist", Api.json(Map.of("reason", "越权")));
        assertThat(write.status()).isEqualTo(404);
        assertThat(write.json().get("detail").asString()).isEqualTo("承包商不存在或不在您的数据范围内");
        assertThat(mech.post("/api/v1/contractors/" + id + "/people", Api.json(Map.of("name", "越权", "idNumber", idNumber(), "job", "普工"))).status())
                .isEqualTo(404);
        long own = contractor(mech, "测试他企自有承包商", today, today.plusYears(1));
        assertThat(mech.post("/api/v1/contractors/" + own + "/people/" + p + "/briefings",
                Api.json(Map.of("briefedOn", today.toString(), "briefedBy", "越权", "content", "越权"))).status())
                .as("another enterprise's person under one's own contractor").isEqualTo(404);
        var list = mech.get("/api/v1/contractors");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("测试隔离承包商");
        assertThat(jdbc.sql("select count(*) from contractor_blacklist where contractor_id = :c").param("c", id).query(Long.class).single()).isZero();

        Api city = loggedIn("gov_city");
        var blacklist = city.get("/api/v1/contractors/blacklist");
        assertThat(blacklist.status()).isEqualTo(200);
        assertThat(blacklist.body()).as("the demo's blacklisted contractor at the machinery works").contains("泰兴市宏远建筑劳务有限公司");
        assertThat(city.get("/api/v1/contractors/" + id).status()).isEqualTo(200);
        assertThat(city.post("/api/v1/contractors/" + id + "/blacklist", Api.json(Map.of("reason", "监管"))).status()).isEqualTo(403);
    }
}
