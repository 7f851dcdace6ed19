package cn.shuangkong.permit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.contractor.internal.IdNumbers;
import cn.shuangkong.organization.CreditCode;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.permit.internal.PermitKind;
import cn.shuangkong.permit.internal.SafetyMeasures;
import cn.shuangkong.permit.internal.WorkCalendar;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** What the permit tests share: the chemical works' points and people, bodies of the API, and a clock put back after each test. */
abstract class PermitTestBase extends PlatformTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Autowired
    OrgStructure org;

    @Autowired
    WorkCalendar calendar;

    @Autowired
    SafetyMeasures measures;

    private Instant clockBefore;

    @BeforeEach
    void keepClock() {
        clockBefore = clock.instant();
    }

    @AfterEach
    void putClockBack() {
        clock.set(clockBefore);
    }

    long chem() {
        return enterpriseIdOf("ent_chem");
    }

    /** The tank farm: a 重大危险源 point of the chemical works. */
    long tankFarm() {
        return jdbc.sql("select id from risk_point where enterprise_id = :e and name = '甲类储罐区（甲醇、甲苯）'").param("e", chem())
                .query(Long.class).single();
    }

    /** A point of the chemical works that is no 重大危险源. */
    long plainPoint() {
        return jdbc.sql("select id from risk_point where enterprise_id = :e and not major_hazard_source order by id limit 1")
                .param("e", chem()).query(Long.class).single();
    }

    long employee(String name) {
        return org.addEmployee(chem(), null, name + System.nanoTime() % 100000, null, "维修工");
    }

    /** A new employee holding a valid certificate of {@code category} (焊接与热切割作业, 电工作业 …). */
    long certified(String name, String category) {
        long id = employee(name);
        LocalDate today = LocalDate.now(clock);
        var r = loggedIn("ent_chem").post("/api/v1/training/certificates", Api.json(Map.of("employeeId", id, "kind", "SPECIAL_OPERATION",
                "category", category, "number", "T-PERMIT-" + System.nanoTime(), "issuedBy", "泰州市应急管理局",
                "issuedOn", today.minusYears(1).toString(), "expiresOn", today.plusYears(3).toString())));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    /** The next day after today that is a working day (no holiday, no rest day), at {@code time}. */
    Instant nextWorkday(LocalTime time) {
        LocalDate d = LocalDate.now(clock.withZone(ZONE)).plusDays(1);
        while (calendar.dayOff(d).isPresent()) d = d.plusDays(1);
        return d.atTime(time).atZone(ZONE).toInstant();
    }

    /** The next Saturday that is a rest day (not a 调休 working day), at {@code time}. */
    Instant nextSaturday(LocalTime time) {
        LocalDate d = LocalDate.now(clock.withZone(ZONE)).plusDays(1);
        while (d.getDayOfWeek() != DayOfWeek.SATURDAY || !calendar.dayOff(d).orElse("").equals("公休日")) d = d.plusDays(1);
        return d.atTime(time).atZone(ZONE).toInstant();
    }

    /** An application body; change what a test is about with {@code put}. */
    Map<String, Object> application(String kind, String level, long point, Instant start, Instant end, List<Map<String, Object>> workers) {
        Map<String, Object> b = new HashMap<>();
        b.put("kind", kind);
        if (level != null) b.put("level", level);
        b.put("place", "测试作业点");
        b.put("riskPointId", point);
        b.put("job", "测试作业内容");
        b.put("hazards", List.of(Map.of("hazard", "可燃气体泄漏引发火灾", "measure", "隔离置换并持续检测")));
        b.put("guardianId", employee("韩守成"));
        b.put("workers", workers);
        b.put("plannedStart", start.toString());
        b.put("plannedEnd", end.toString());
        return b;
    }

    static Map<String, Object> worker(long employeeId, String role) {
        return Map.of("employeeId", employeeId, "role", role);
    }

    static Map<String, Object> plainWorker(String name) {
        return Map.of("name", name, "role", "WORKER");
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private static String first17(String prefix) {
        return prefix + String.format("%09d", SERIAL.incrementAndGet() % 1_000_000_000L);
    }

    /** A contractor of the chemical works on site from today for 30 days, with a 安全生产许可证 valid until {@code licenceUntil}. */
    long contractor(Api chem, String name, LocalDate licenceUntil) {
        String code = first17("91321282");
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        var body = new HashMap<String, Object>(Map.of("name", name, "creditCode", code + CreditCode.checkCharacter(code),
                "contactName", "张工", "contactPhone", "13800001111", "workScope", "设备检维修"));
        body.put("onSiteFrom", today.toString());
        body.put("onSiteUntil", today.plusDays(30).toString());
        var created = chem.post("/api/v1/contractors", Api.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        var q = chem.post("/api/v1/contractors/" + id + "/qualifications", Api.json(Map.of("kind", "安全生产许可证",
                "number", "JZ-" + SERIAL.incrementAndGet(), "issuedBy", "江苏省住房和城乡建设厅", "validUntil", licenceUntil.toString())));
        assertThat(q.status()).as(q.body()).isEqualTo(201);
        return id;
    }

    /** One of the contractor's people, registered (the head count the 承诺公告 starts from). */
    void contractorPerson(Api chem, long contractor, String name) {
        String id = first17("32128219");
        var r = chem.post("/api/v1/contractors/" + contractor + "/people", Api.json(Map.of("name", name,
                "idNumber", id + IdNumbers.checkCharacter(id), "job", "普工")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    long applied(Api as, Map<String, Object> body) {
        var r = as.post("/api/v1/permits", Api.json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    static Map<String, Object> combustible(String gas, String value) {
        return Map.of("gas", gas, "kind", "COMBUSTIBLE", "lelClass", "HIGH", "value", value);
    }

    static Map<String, Object> oxygen(String value) {
        return Map.of("gas", "氧气", "kind", "OXYGEN", "value", value);
    }

    Api.Response analyse(Api as, long permit, Instant sampledAt, List<Map<String, Object>> samples) {
        return as.post("/api/v1/permits/" + permit + "/analyses", Api.json(Map.of("sampledAt", sampledAt.toString(),
                "place", "动火点下风向 1 m", "analyser", "化验员 王敏", "samples", samples)));
    }

    void confirmAll(Api as, long permit, PermitKind kind) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (var i : measures.of(kind)) items.add(Map.of("item", i.code(), "applicable", true));
        var r = as.post("/api/v1/permits/" + permit + "/measures", Api.json(Map.of("items", items)));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    tools.jackson.databind.JsonNode sheet(Api as, long permit) {
        var r = as.get("/api/v1/permits/" + permit);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    List<String> audited(long permit) {
        return jdbc.sql("select action from audit_record where entity_type = 'permit' and entity_id = :id order by id")
                .param("id", String.valueOf(permit)).query(String.class).list();
    }

    /**
     * A 二级 动火 at a plain point on the next working day 09:00–15:00, applied for by ent_chem, measures confirmed, a
     * passing analysis at 08:50, approved by chem_tech; the clock stands at 09:00 of that day.
     */
    long approvedSecondLevelHotWork() {
        Instant start = nextWorkday(LocalTime.of(9, 0));
        clock.set(start.minusSeconds(1800));
        Api chem = loggedIn("ent_chem");
        long id = applied(chem, application("HOT_WORK", "二级", plainPoint(), start, start.plusSeconds(6 * 3600),
                List.of(plainWorker("李四"))));
        confirmAll(chem, id, PermitKind.HOT_WORK);
        clock.set(start.minusSeconds(600));
        assertThat(analyse(chem, id, clock.instant(), List.of(combustible("甲烷", "0.1"))).status()).isEqualTo(201);
        var approved = loggedIn("chem_tech").post("/api/v1/permits/" + id + "/approve", Api.json(Map.of("opinion", "同意")));
        assertThat(approved.status()).as(approved.body()).isEqualTo(204);
        clock.set(start);
        return id;
    }
}
