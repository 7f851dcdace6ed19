package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.awt.Color;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The closed loop as other systems and the demo people drive it over the REST API. */
class HazardApiTest extends PlatformTest {

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Map<String, Object> report(String source, String title) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("type", "UNSAFE_CONDITION");
        m.put("title", title);
        m.put("description", title + "，现场核实属实");
        m.put("location", "罐区");
        return m;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
    }

    long create(Api as, Map<String, Object> body) {
        var r = as.post("/api/v1/hazards", Api.json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    static Map<String, Object> plan(String responsible, LocalDate deadline) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("responsible", responsible);
        m.put("measures", "更换失效部件并试验");
        m.put("funds", 5000);
        m.put("deadline", deadline.toString());
        m.put("contingencyPlan", "整改期间设警戒区，专人监护");
        return m;
    }

    @Test
    void a_worker_snapshot_becomes_a_major_hazard_that_the_city_regulator_supervises_and_closes() {
        Api worker = loggedIn("worker_chem");
        Api chem = loggedIn("ent_chem");
        Api city = loggedIn("gov_city");
        String key = UUID.randomUUID().toString();

        var snap = report("SNAPSHOT", "二号罐区可燃气体报警器不报警");
        snap.put("photo", b64(Photos.png(Color.RED)));
        var first = worker.post("/api/v1/hazards", Api.json(Map.of()));
        assertThat(first.status()).isEqualTo(400);
        long id = create(worker, withKey(snap, key));
        var again = worker.post("/api/v1/hazards", Api.json(withKey(snap, key)));
        assertThat(again.status()).as("the same client key registers once").isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(id);
        assertThat(again.json().get("state").asString()).isEqualTo("PENDING_CONFIRMATION");

        var confirmed = chem.post("/api/v1/hazards/" + id + "/confirm", "{\"criterionCode\":\"CHEM-2017-4\"}").json();
        assertThat(confirmed.get("level").asString()).isEqualTo("MAJOR");
        assertThat(confirmed.get("criterionText").asString()).contains("紧急停车");

        // Reported to the regulators the moment it is registered: on their list and in their inbox.
        assertThat(ids(city.get("/api/v1/hazards?level=MAJOR&size=200").json())).contains(id);
        assertThat(jdbc.sql("select count(*) from notice where username = 'gov_city' and hazard_id = :h and kind = 'MAJOR'")
                .param("h", id).query(Long.class).single()).isEqualTo(1);
        assertThat(loggedIn("gov_town").get("/api/v1/hazards/" + id).status()).as("not in 新桥镇's jurisdiction").isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from notice where username = 'gov_town' and hazard_id = :h").param("h", id)
                .query(Long.class).single()).as("新桥镇 is not told of 滨江新区's hazards").isZero();

        var incomplete = chem.post("/api/v1/hazards/" + id + "/assign",
                "{\"responsible\":\"worker_chem\",\"measures\":\"更换报警器\",\"deadline\":\"" + today().plusDays(10) + "\"}");
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.json().get("detail").asString()).contains("五落实").contains("资金、预案");
        assertThat(incomplete.json().get("errors").has("funds")).isTrue();

        var supervised = city.post("/api/v1/hazards/" + id + "/supervision",
                "{\"docNo\":\"靖应急督〔2026〕7号\",\"level\":\"市级\",\"deadline\":\"" + today().plusDays(30) + "\"}");
        assertThat(supervised.status()).as(supervised.body()).isEqualTo(200);
        assertThat(supervised.json().get("supervised").asBoolean()).isTrue();

        assertThat(chem.post("/api/v1/hazards/" + id + "/assign", Api.json(plan("worker_chem", today().plusDays(10)))).status()).isEqualTo(200);

        var noEvidence = worker.post("/api/v1/hazards/" + id + "/complete", "{\"note\":\"已更换\"}");
        assertThat(noEvidence.status()).isEqualTo(400);
        assertThat(noEvidence.json().get("detail").asString()).contains("照片");
        var done = worker.post("/api/v1/hazards/" + id + "/complete",
                Api.json(Map.of("note", "已更换报警探头并试验合格", "photo", b64(Photos.png(Color.GREEN))))).json();
        assertThat(done.get("state").asString()).isEqualTo("RECTIFIED");

        assertThat(worker.post("/api/v1/hazards/" + id + "/accept", "{\"passed\":true}").status())
                .as("a worker may not accept").isEqualTo(403);
        var accepted = chem.post("/api/v1/hazards/" + id + "/accept", "{\"passed\":true,\"opinion\":\"合格\"}").json();
        assertThat(accepted.get("state").asString()).as("under 挂牌督办, 销号 waits for the regulator").isEqualTo("AWAITING_REGULATOR");

        var closed = city.post("/api/v1/hazards/" + id + "/closure/decision", "{\"approved\":true}").json();
        assertThat(closed.get("state").asString()).isEqualTo("CLOSED");
        assertThat(StreamSupport.stream(closed.get("timeline").spliterator(), false).map(t -> t.get("action").asString()))
                .containsSubsequence("随手拍上报隐患", "确认登记", "报告重大隐患", "挂牌督办", "下达限期整改", "整改完成", "验收", "审批销号");
        assertThat(closed.get("photos").size()).isEqualTo(2);
    }

    @Test
    void an_illegal_step_answers_409_naming_the_allowed_steps() {
        Api chem = loggedIn("ent_chem");
        long id = create(chem, report("SELF_CHECK", "静电接地线断开"));
        var r = chem.post("/api/v1/hazards/" + id + "/accept", "{\"passed\":true}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.contentType()).contains("application/problem+json");
        assertThat(r.json().get("detail").asString()).contains("已登记").contains("即查即改").contains("下达限期整改");
    }

    @Test
    void accepting_ones_own_rectification_is_refused() {
        Api chem = loggedIn("ent_chem");
        long id = create(chem, report("SELF_CHECK", "洗眼器无水"));
        chem.post("/api/v1/hazards/" + id + "/assign", Api.json(plan("ent_chem", today().plusDays(3))));
        chem.post("/api/v1/hazards/" + id + "/complete", Api.json(Map.of("note", "已恢复供水", "photo", b64(Photos.png(Color.BLUE)))));
        var r = chem.post("/api/v1/hazards/" + id + "/accept", "{\"passed\":true}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("detail").asString()).contains("不能验收自己");
        assertThat(chem.get("/api/v1/hazards/" + id).json().get("state").asString()).isEqualTo("RECTIFIED");
    }

    @Test
    void a_fix_on_the_spot_is_closed_only_when_a_second_person_confirms_it() {
        Api chem = loggedIn("ent_chem");
        long id = create(chem, report("SELF_CHECK", "灭火器压力不足"));
        var fixed = chem.post("/api/v1/hazards/" + id + "/fix-on-spot", Api.json(Map.of("note", "已更换", "photo", b64(Photos.png(Color.ORANGE)))));
        assertThat(fixed.json().get("state").asString()).isEqualTo("FIXED_ON_SPOT");
        assertThat(chem.post("/api/v1/hazards/" + id + "/confirm-fix", "{}").status()).isEqualTo(403);
        assertThat(jdbc.sql("select state from hazard where id = :id").param("id", id).query(String.class).single()).isEqualTo("FIXED_ON_SPOT");
    }

    @Test
    void a_file_that_is_not_an_image_is_refused_and_nothing_is_saved() {
        Api worker = loggedIn("worker_chem");
        var snap = report("SNAPSHOT", "不是图片的附件");
        snap.put("photo", b64("%PDF-1.7 not a photo".getBytes()));
        long before = jdbc.sql("select count(*) from hazard").query(Long.class).single();
        var r = worker.post("/api/v1/hazards", Api.json(snap));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).contains("不是图片");
        assertThat(jdbc.sql("select count(*) from hazard").query(Long.class).single()).as("nothing half-saved").isEqualTo(before);
    }

    @Test
    void the_same_photo_cannot_be_both_the_before_and_the_after_of_a_hazard() {
        Api chem = loggedIn("ent_chem");
        byte[] picture = Photos.png(Color.MAGENTA);
        var body = report("SELF_CHECK", "安全阀铅封缺失");
        body.put("photo", b64(picture));
        long id = create(chem, body);
        var r = chem.post("/api/v1/hazards/" + id + "/fix-on-spot", Api.json(Map.of("note", "已加封", "photo", b64(picture))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).contains("整改前后不能使用同一张照片");
        assertThat(chem.get("/api/v1/hazards/" + id).json().get("state").asString()).isEqualTo("REGISTERED");
    }

    @Test
    void a_worker_may_snap_but_not_register_directly_and_nobody_sees_another_enterprises_hazards() {
        Api worker = loggedIn("worker_chem");
        assertThat(worker.post("/api/v1/hazards", Api.json(report("SELF_CHECK", "越权登记"))).status()).isEqualTo(403);
        long id = create(loggedIn("ent_chem"), report("SELF_CHECK", "仅本企业可见"));
        Api mech = loggedIn("ent_mech");
        assertThat(mech.get("/api/v1/hazards/" + id).status()).isEqualTo(404);
        assertThat(ids(mech.get("/api/v1/hazards?size=200").json())).doesNotContain(id);
        assertThat(mech.post("/api/v1/hazards/" + id + "/fix-on-spot", "{}").status()).isEqualTo(404);
    }

    @Test
    void an_extension_is_decided_by_someone_other_than_the_requester() {
        Api chem = loggedIn("ent_chem");
        Api worker = loggedIn("worker_chem");
        long id = create(chem, report("SELF_CHECK", "防爆灯具损坏"));
        chem.post("/api/v1/hazards/" + id + "/assign", Api.json(plan("worker_chem", today().plusDays(2))));
        var asked = worker.post("/api/v1/hazards/" + id + "/extension", "{\"deadline\":\"" + today().plusDays(20) + "\",\"reason\":\"防爆灯具需订货\"}");
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        var approved = chem.post("/api/v1/hazards/" + id + "/extension/decision", "{\"approved\":true}").json();
        assertThat(approved.get("deadline").asString()).isEqualTo(today().plusDays(20).toString());
    }

    @Test
    void the_same_type_of_hazard_at_the_same_risk_point_within_90_days_is_marked_as_a_repeat_of_the_last_one() {
        Api chem = loggedIn("ent_chem");
        long riskPoint = newRiskPoint(chem, "配电间 · 复发测试 " + System.nanoTime()); // a risk point of its own (ids are resolved in scope)
        var body = report("SELF_CHECK", "配电箱未上锁");
        body.put("riskPointId", riskPoint);
        long first = create(chem, body);
        long second = create(chem, body);
        var otherType = new LinkedHashMap<>(body);
        otherType.put("type", "MANAGEMENT");
        long unrelated = create(chem, otherType);
        long third = create(chem, body);

        assertThat(chem.get("/api/v1/hazards/" + first).json().get("repeatOf").isNull()).isTrue();
        var s = chem.get("/api/v1/hazards/" + second).json();
        assertThat(s.get("repeatOf").asLong()).isEqualTo(first);
        assertThat(chem.get("/api/v1/hazards/" + unrelated).json().get("repeatOf").isNull()).as("another type is not a repeat").isTrue();
        var t = chem.get("/api/v1/hazards/" + third).json();
        assertThat(t.get("repeatOf").asLong()).isEqualTo(second);
        assertThat(t.get("earlierInWindow").asInt()).isEqualTo(2);
        assertThat(t.get("timeline").get(0).get("summary").asString()).contains("重复隐患").contains("第 3 次");
    }

    static Map<String, Object> withKey(Map<String, Object> body, String key) {
        var copy = new LinkedHashMap<>(body);
        copy.put("clientKey", key);
        return copy;
    }

    static java.util.List<Long> ids(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false).map(n -> n.get("id").asLong()).toList();
    }

    private long newRiskPoint(Api api, String name) {
        long enterprise = enterpriseIdOf("ent_chem");
        long unit = jdbc.sql("select id from org_unit where enterprise_id = :e and tier = 'WORKSHOP' order by id limit 1")
                .param("e", enterprise).query(Long.class).single();
        var r = api.post("/api/v1/enterprises/" + enterprise + "/risk-points", Api.json(Map.of("name", name, "kind", "AREA", "orgUnitId", unit)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    @org.springframework.beans.factory.annotation.Autowired
    HazardPhotos photos;

    /** A hazard's photo is read through the hazard's scope in the service (ADR 0076): another enterprise gets a 404. */
    @Test
    void another_enterprises_hazard_photo_is_not_found_by_the_service_itself() {
        var snap = report("SNAPSHOT", "照片范围测试");
        snap.put("photo", b64(Photos.png(Color.BLUE)));
        long id = create(loggedIn("worker_chem"), snap);
        long chem = enterpriseIdOf("ent_chem");
        long photo = details.answer(cn.shuangkong.shared.Jurisdiction.enterprise(chem, "本企业"), id).photos().get(0).id();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> photos.content(
                cn.shuangkong.shared.Jurisdiction.enterprise(enterpriseIdOf("ent_mech"), "本企业"), id, photo))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        var own = photos.content(cn.shuangkong.shared.Jurisdiction.enterprise(chem, "本企业"), id, photo).orElseThrow();
        assertThat(own.contentType()).isEqualTo("image/png");
        assertThat(photos.content(cn.shuangkong.shared.Jurisdiction.enterprise(chem, "本企业"), id, photo + 100_000))
                .as("a photo of another hazard").isEmpty();
    }

    @org.springframework.beans.factory.annotation.Autowired
    cn.shuangkong.hazard.internal.HazardDetails details;

    /**
     * A hazard's detail (page and API) resolves the hazard in the caller's scope in the service, before its photos,
     * timeline and people are read by its id (ADR 0076): another enterprise gets a 404, its own the children.
     */
    @Test
    void another_enterprises_hazard_detail_is_not_found_by_the_service_itself() {
        var snap = report("SNAPSHOT", "详情范围测试");
        snap.put("photo", b64(Photos.png(Color.GREEN)));
        long id = create(loggedIn("worker_chem"), snap);
        var mech = cn.shuangkong.shared.Jurisdiction.enterprise(enterpriseIdOf("ent_mech"), "本企业");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> details.of(mech, id)).isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> details.answer(mech, id)).isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        var chem = cn.shuangkong.shared.Jurisdiction.enterprise(enterpriseIdOf("ent_chem"), "本企业");
        var detail = details.of(chem, id);
        assertThat(detail.row().hazard().title()).isEqualTo("详情范围测试");
        assertThat(detail.photos()).hasSize(1);
        assertThat(detail.history()).as("the registration is on the timeline").isNotEmpty();
        assertThat(detail.people()).as("the enterprise's people").extracting(cn.shuangkong.hazard.internal.PersonNames.Person::username).contains("worker_chem");
        assertThat(details.answer(chem, id).photos()).hasSize(1);
    }
}
