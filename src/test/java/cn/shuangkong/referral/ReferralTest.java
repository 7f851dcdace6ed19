package cn.shuangkong.referral;

import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.shuangkong.alerting.internal.AlertEngine;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** 隐患抄告 and 治理反馈 through the API: from the city bureau to the fire brigade and back, seen by those two only. */
class ReferralTest extends PlatformTest {

    @Autowired
    AlertEngine alerts;

    private long department(String name) {
        return jdbc.sql("select id from department where name = :n").param("n", name).query(Long.class).single();
    }

    /** A machinery works of 新桥镇 (outside the fire brigade's industries) with a hazard found by the city bureau. */
    private long hazardAtMachineryWorks(Api city, int n, String title) {
        long enterprise = jdbc.sql("""
                select id from enterprise where industry_code = 'C3441' and region_code = '321282100' and status = 'OPERATING'
                   and id not in (select enterprise_id from user_account where enterprise_id is not null)
                 order by id offset :n limit 1
                """).param("n", n).query(Long.class).single();
        var x = city.post("/api/v1/supervision/inspections", Api.json(Map.of("enterpriseId", enterprise,
                "inspectedOn", LocalDate.now(clock).toString(), "inspectors", "周卫东、陈海峰")));
        assertThat(x.status()).as(x.body()).isEqualTo(201);
        long id = x.json().get("id").asLong();
        var f = city.post("/api/v1/supervision/inspections/" + id + "/findings", Api.json(Map.of("title", title,
                "description", "成品仓库消防通道被货架占用", "location", "成品仓库东侧", "type", "UNSAFE_CONDITION",
                "deadline", LocalDate.now(clock).plusDays(10).toString())));
        assertThat(f.status()).as(f.body()).isEqualTo(200);
        return f.json().get("hazardId").asLong();
    }

    private JsonNode refer(Api from, String kind, long itemId, long toDepartment, int days) {
        var r = from.post("/api/v1/referrals", Api.json(Map.of("itemKind", kind, "itemId", itemId, "toDepartmentId", toDepartment,
                "deadline", LocalDate.now(clock).plusDays(days).toString(), "note", "消防通道属消防救援机构监督职责，请依法处理并反馈")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static List<Long> ids(Api.Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json().valueStream().map(n -> n.get("id").asLong()).toList();
    }

    @Test
    void a_referral_goes_from_the_city_bureau_to_the_fire_brigade_and_its_answer_comes_back() {
        Api city = loggedIn("gov_city"), fire = loggedIn("gov_fire");
        long hazard = hazardAtMachineryWorks(city, 4, "消防通道被货架堵塞（抄告测试）");
        long fireDept = department("靖江市消防救援大队");
        // the fire brigade supervises F52, H, R, P: a machinery works is not its to see …
        assertThat(fire.get("/api/v1/hazards/" + hazard).status()).isEqualTo(404);

        JsonNode sent = refer(city, "HAZARD", hazard, fireDept, 5);
        long id = sent.get("id").asLong();
        assertThat(sent.get("status").asString()).isEqualTo("SENT");
        assertThat(sent.get("fromDepartmentName").asString()).isEqualTo("靖江市应急管理局");
        var again = city.post("/api/v1/referrals", Api.json(Map.of("itemKind", "HAZARD", "itemId", hazard, "toDepartmentId", fireDept,
                "deadline", LocalDate.now(clock).plusDays(5).toString(), "note", "再抄告一次")));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("无需重复抄告");

        // … but the referral brings it into the brigade's inbox, with what was referred
        assertThat(ids(fire.get("/api/v1/referrals?box=IN"))).contains(id);
        assertThat(ids(city.get("/api/v1/referrals?box=OUT"))).contains(id);
        JsonNode seen = fire.get("/api/v1/referrals/" + id).json();
        assertThat(seen.get("referral").get("itemSummary").asString()).contains("消防通道被货架堵塞（抄告测试）", "成品仓库东侧");
        assertThat(fire.get("/api/v1/hazards/" + hazard).status()).as("only the referral, not the record itself").isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from notice where username = 'gov_fire' and kind = 'REFERRAL' and link = :l")
                .param("l", "/referrals/" + id).query(Long.class).single()).isEqualTo(1);

        // only the receiver answers, and an answer needs words
        assertThat(city.post("/api/v1/referrals/" + id + "/accept", "{}").status()).isEqualTo(403);
        var empty = fire.post("/api/v1/referrals/" + id + "/handle", Api.json(Map.of("answer", " ")));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("detail").asString()).isEqualTo("请填写处理结果");
        assertThat(fire.post("/api/v1/referrals/" + id + "/accept", "{}").json().get("status").asString()).isEqualTo("ACCEPTED");
        var handled = fire.post("/api/v1/referrals/" + id + "/handle", Api.json(Map.of("answer", "已现场检查，责令清除货架，企业当场整改完毕")));
        assertThat(handled.status()).as(handled.body()).isEqualTo(200);
        assertThat(fire.post("/api/v1/referrals/" + id + "/return", Api.json(Map.of("answer", "晚了"))).status()).isEqualTo(409);

        JsonNode back = city.get("/api/v1/referrals/" + id).json();
        assertThat(back.get("referral").get("status").asString()).isEqualTo("HANDLED");
        assertThat(back.get("referral").get("answer").asString()).isEqualTo("已现场检查，责令清除货架，企业当场整改完毕");
        assertThat(back.get("steps").valueStream().map(s -> s.get("action").asString()).toList())
                .containsExactly("REFERRED", "ACCEPTED", "HANDLED");
        assertThat(jdbc.sql("select count(*) from notice where username = 'gov_city' and kind = 'REFERRAL_ANSWER' and link = :l")
                .param("l", "/referrals/" + id).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select action from audit_record where entity_type = 'referral' and entity_id = :id order by id")
                .param("id", String.valueOf(id)).query(String.class).list()).containsExactly("抄告", "签收抄告", "办结反馈抄告");
    }

    @Test
    void a_department_not_referred_and_the_enterprise_see_nothing_and_nobody_refers_what_they_cannot_see() {
        Api city = loggedIn("gov_city");
        long hazard = hazardAtMachineryWorks(city, 5, "配电箱前堆放杂物（抄告范围测试）");
        long enterprise = jdbc.sql("select enterprise_id from hazard where id = :h").param("h", hazard).query(Long.class).single();
        long id = refer(city, "HAZARD", hazard, department("靖江市消防救援大队"), 5).get("id").asLong();

        Api market = loggedIn("gov_market"), town = loggedIn("gov_town");
        assertThat(market.get("/api/v1/referrals/" + id).status()).isEqualTo(404);
        assertThat(ids(market.get("/api/v1/referrals?box=IN"))).doesNotContain(id);
        // the town office sees the enterprise, but not a referral between two other departments
        assertThat(town.get("/api/v1/hazards/" + hazard).status()).isEqualTo(200);
        assertThat(town.get("/api/v1/referrals/" + id).status()).isEqualTo(404);
        assertThat(market.post("/api/v1/referrals/" + id + "/handle", Api.json(Map.of("answer", "越权"))).status()).isEqualTo(404);

        Api ent = loggedIn("ent_mech");
        assertThat(ent.get("/api/v1/referrals").status()).isEqualTo(403);
        assertThat(ent.get("/api/v1/referrals/" + id).status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from notice n join user_account a on a.username = n.username"
                + " where a.enterprise_id = :e and n.kind like 'REFERRAL%'").param("e", enterprise).query(Long.class).single()).isZero();

        // gov_town refers only what lies in its town; a hazard of 滨江新区 is not there
        long elsewhere = jdbc.sql("select h.id from hazard h join enterprise e on e.id = h.enterprise_id where e.region_code like '321282401%' order by h.id limit 1")
                .query(Long.class).single();
        var refused = town.post("/api/v1/referrals", Api.json(Map.of("itemKind", "HAZARD", "itemId", elsewhere,
                "toDepartmentId", department("靖江市消防救援大队"), "deadline", LocalDate.now(clock).plusDays(5).toString(), "note", "越权")));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().get("detail").asString()).isEqualTo("隐患不存在或不在您的数据范围内");
        // and the receiving department must be one whose area covers the enterprise
        var wrongPlace = city.post("/api/v1/referrals", Api.json(Map.of("itemKind", "HAZARD", "itemId", hazard,
                "toDepartmentId", department("斜桥镇安全生产监督管理办公室"), "deadline", LocalDate.now(clock).plusDays(5).toString(), "note", "错抄")));
        assertThat(wrongPlace.status()).isEqualTo(400);
        assertThat(wrongPlace.json().get("detail").asString()).isEqualTo("请选择属地覆盖该企业的监管部门");
    }

    @Test
    void an_overdue_referral_raises_an_alert_for_regulators_only_which_closes_itself_once_answered() {
        Api city = loggedIn("gov_city");
        long hazard = hazardAtMachineryWorks(city, 3, "疏散指示标志损坏（抄告逾期测试）");
        long enterprise = jdbc.sql("select enterprise_id from hazard where id = :h").param("h", hazard).query(Long.class).single();
        long id = refer(city, "HAZARD", hazard, department("靖江市消防救援大队"), 2).get("id").asLong();
        Instant start = clock.instant();
        try {
            clock.advance(Duration.ofDays(4));
            // tokens expire on the platform's clock: sign in again in the moved time
            Api cityLater = loggedIn("gov_city"), fireLater = loggedIn("gov_fire");
            alerts.run("REFERRAL_OVERDUE");
            Long alert = jdbc.sql("select id from alert where rule_code = 'REFERRAL_OVERDUE' and subject_key like :s and status <> 'CLOSED'")
                    .param("s", "referral:" + id + ":%").query(Long.class).optional().orElse(null);
            assertThat(alert).as("an open 抄告逾期未反馈 alert").isNotNull();
            assertThat(cityLater.get("/api/v1/alerts/" + alert).status()).isEqualTo(200);
            assertThat(loggedIn("ent_mech").get("/api/v1/alerts/" + alert).status()).as("not the enterprise's").isEqualTo(404);
            assertThat(jdbc.sql("select count(*) from alert_notice n join user_account a on a.username = n.username"
                    + " where n.alert_id = :a and a.enterprise_id = :e").param("a", alert).param("e", enterprise).query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from alert_notice where alert_id = :a and username = 'gov_city'").param("a", alert)
                    .query(Long.class).single()).isEqualTo(1);

            assertThat(fireLater.post("/api/v1/referrals/" + id + "/return", Api.json(Map.of("answer", "疏散指示标志属企业内部设施，已告知属地安监办督促整改")))
                    .status()).isEqualTo(200);
            await().alias("the alert closes itself").atMost(Patience.CONDITION).until(() -> "CLOSED".equals(
                    jdbc.sql("select status from alert where id = :a").param("a", alert).query(String.class).single()));
            var closed = jdbc.sql("select auto_resolved, closing_note from alert where id = :a").param("a", alert)
                    .query((rs, n) -> Map.entry(rs.getBoolean(1), rs.getString(2))).single();
            assertThat(closed.getKey()).isTrue();
            assertThat(closed.getValue()).contains("自动解除", "靖江市消防救援大队", "退回");
        } finally {
            clock.set(start);
        }
    }

    @Autowired
    cn.shuangkong.referral.Referrals referrals;

    /** A referral's page resolves it for the viewer's department in the service before its steps are read (ADR 0076). */
    @Test
    void a_department_that_neither_sent_nor_received_a_referral_has_no_detail_of_it_from_the_service_itself() {
        Api city = loggedIn("gov_city");
        long hazard = hazardAtMachineryWorks(city, 2, "楼梯间堆放杂物（抄告详情范围测试）");
        long id = refer(city, "HAZARD", hazard, department("靖江市消防救援大队"), 5).get("id").asLong();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> referrals.detail(
                new cn.shuangkong.support.TestRegulator("gov_market", "靖江市市场监督管理局", "321282", "靖江市"), id))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        var detail = referrals.detail(new cn.shuangkong.support.TestRegulator("gov_city", "靖江市应急管理局", "321282", "靖江市"), id);
        assertThat(detail.referral().id()).isEqualTo(id);
        assertThat(detail.steps()).as("the referral itself is its first step").isNotEmpty();
    }
    /**
     * 抄告 clicked twice: both requests once found no open referral and both inserted one; the second broke the
     * one-open-referral index and was answered with the database's generic conflict. Referrals of one item to one
     * department now take turns: the second is told in words that the item is already referred.
     */
    @Test
    void a_referral_sent_twice_at_the_same_moment_is_sent_once_and_the_second_is_told_why() throws Exception {
        Api city = loggedIn("gov_city");
        long hazard = hazardAtMachineryWorks(city, 1, "消防通道被货架堵塞（重复抄告测试）");
        long fireDept = department("靖江市消防救援大队");
        String body = Api.json(Map.of("itemKind", "HAZARD", "itemId", hazard, "toDepartmentId", fireDept,
                "deadline", LocalDate.now(clock).plusDays(5).toString(), "note", "消防通道属消防救援机构监督职责，请依法处理并反馈"));
        var answers = cn.shuangkong.support.AtOnce.run(4, i -> city.post("/api/v1/referrals", body));
        assertThat(answers).hasSize(4).allSatisfy(a -> assertThat(a.failure()).isNull());
        assertThat(answers.stream().filter(a -> a.value().status() == 201)).as("sent once").hasSize(1);
        assertThat(answers.stream().filter(a -> a.value().status() != 201)).hasSize(3).allSatisfy(a -> {
            assertThat(a.value().status()).isEqualTo(409);
            assertThat(a.value().json().get("detail").asString()).contains("无需重复抄告");
        });
        assertThat(jdbc.sql("select count(*) from referral where item_kind = 'HAZARD' and item_id = :h").param("h", hazard)
                .query(Long.class).single()).isEqualTo(1);
    }
}
