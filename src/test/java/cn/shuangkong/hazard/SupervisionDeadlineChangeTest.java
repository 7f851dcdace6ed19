package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.shuangkong.alerting.internal.AlertEngine;
import cn.shuangkong.hazard.internal.HazardDeadlines;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.Patience;
import cn.shuangkong.support.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * 调整督办期限 (ADR 0066): the department that listed a 挂牌督办, or one above it, moves its 督办期限 with a reason while
 * the listing is open. Everything derived follows at once: the 整改期限 bound to it, the 逾期 mark on the hazard page and
 * on the 驾驶舱, the 重大隐患逾期 alert of the passed date, the audit record, the enterprise's notices and the upload.
 */
class SupervisionDeadlineChangeTest extends PlatformTest {

    @Autowired HazardDeadlines deadlines;
    @Autowired AlertEngine engine;

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
    }

    private long majorUnderSupervision(Api chem, Api city, String title, LocalDate supervisionDeadline) {
        var body = HazardApiTest.report("SELF_CHECK", title);
        body.put("level", "MAJOR");
        body.put("majorReason", "涉及重大危险源罐区，可能导致火灾爆炸");
        var created = chem.post("/api/v1/hazards", Api.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        ok(chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem", today().plusDays(40)))));
        ok(city.post("/api/v1/hazards/" + id + "/supervision",
                Api.json(Map.of("docNo", "靖应急督〔2026〕66号", "level", "市级", "deadline", supervisionDeadline.toString()))));
        return id;
    }

    private static String move(LocalDate deadline, String reason) {
        return Api.json(Map.of("deadline", deadline.toString(), "reason", reason));
    }

    @Test
    void the_listing_department_extends_a_passed_supervision_deadline_and_everything_derived_follows_at_once() {
        Api chem = loggedIn("ent_chem"), city = loggedIn("gov_city");
        long id = majorUnderSupervision(chem, city, "督办期限调整测试：罐区泡沫灭火系统失效", today().plusDays(3));
        long chemId = jdbc.sql("select enterprise_id from hazard where id = :id").param("id", id).query(Long.class).single();
        Instant start = clock.instant();
        try {
            clock.advance(Duration.ofDays(4));
            LocalDate movedToday = today();
            deadlines.sweep();
            engine.run("MAJOR_HAZARD_OVERDUE");
            String subject = "hazard:" + id + ":" + start.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().plusDays(3);
            assertThat(alertStatus(subject)).as("the passed 督办期限 raised the alert").isNotEqualTo("CLOSED");
            assertThat(ok(loggedIn("ent_chem").get("/api/v1/hazards/" + id)).get("overdue").asBoolean()).isTrue();
            assertThat(dashboardMajorOverdue(chemId)).as("the 驾驶舱 says what the register says").isEqualTo(majorOverdueInDb(chemId));

            LocalDate extended = movedToday.plusDays(10);
            JsonNode h = ok(loggedIn("gov_city").post("/api/v1/hazards/" + id + "/supervision/deadline", move(extended, "企业需停产检修，经现场核查同意延期")));
            assertThat(h.get("supervisionDeadline").asString()).isEqualTo(extended.toString());
            assertThat(h.get("deadline").asString()).as("the 整改期限 bound to it follows").isEqualTo(extended.toString());
            assertThat(h.get("overdue").asBoolean()).as("no longer 逾期 on the hazard page").isFalse();
            assertThat(h.get("timeline").toString()).contains("督办期限由 " + movedToday.minusDays(1) + " 延长至 " + extended)
                    .contains("整改期限由 " + movedToday.minusDays(1) + " 调整为 " + extended).contains("理由：企业需停产检修，经现场核查同意延期");

            // the alert of the passed date clears with the change, not at the rule's next run
            assertThat(awaitStatus(subject, "CLOSED")).isEqualTo("CLOSED");
            assertThat(jdbc.sql("select closing_note from alert where rule_code = 'MAJOR_HAZARD_OVERDUE' and subject_key = :s order by id desc limit 1").param("s", subject).query(String.class).single())
                    .contains("调整为 " + extended);
            assertThat(dashboardMajorOverdue(chemId)).isEqualTo(majorOverdueInDb(chemId));
            assertThat(jdbc.sql("select overdue from hazard where id = :id").param("id", id).query(Boolean.class).single()).isFalse();

            // audited: who, old → new, why
            assertThat(jdbc.sql("select actor || ' ' || summary from audit_record where entity_type = 'hazard' and entity_id = :id and action = '调整督办期限'")
                    .param("id", String.valueOf(id)).query(String.class).list()).isNotEmpty()
                    .allSatisfy(a -> assertThat(a).startsWith("gov_city ").contains(movedToday.minusDays(1) + " 延长至 " + extended).contains("企业需停产检修"));
            // the enterprise's responsible people are told, with the new date and the reason
            assertThat(jdbc.sql("select username || ' ' || message from notice where hazard_id = :id and message like '%督办期限由%'")
                    .param("id", id).query(String.class).list()).isNotEmpty()
                    .anySatisfy(n -> assertThat(n).startsWith("worker_chem ").contains("延长至 " + extended).contains("企业需停产检修"))
                    .anySatisfy(n -> assertThat(n).startsWith("ent_chem "));
            // and the upload to the higher platform carries the new 整改期限 (marked for the next round, or already built)
            assertThat(uploadFollows(id, chemId, extended)).isTrue();
        } finally {
            clock.set(start);
        }
    }

    @Test
    void only_the_listing_department_or_one_above_it_may_move_it_and_only_while_the_listing_is_open() {
        Api chem = loggedIn("ent_chem"), city = loggedIn("gov_city");
        long id = majorUnderSupervision(chem, city, "督办期限调整测试：装卸站静电接地失效", today().plusDays(20));

        var outOfScope = loggedIn("gov_town").post("/api/v1/hazards/" + id + "/supervision/deadline", move(today().plusDays(30), "核查"));
        assertThat(outOfScope.status()).as("新桥镇 does not see a hazard of 滨江新区").isEqualTo(404);
        assertThat(outOfScope.body()).contains("隐患");

        var otherDepartment = loggedIn("gov_market").post("/api/v1/hazards/" + id + "/supervision/deadline", move(today().plusDays(30), "核查"));
        assertThat(otherDepartment.status()).as("市场监管局 sees the enterprise but did not list it").isEqualTo(403);
        assertThat(otherDepartment.body()).contains("只有挂牌督办的部门").contains("靖江市应急管理局");

        var enterprise = chem.post("/api/v1/hazards/" + id + "/supervision/deadline", move(today().plusDays(30), "我们想多要点时间"));
        assertThat(enterprise.status()).as("an enterprise cannot move its regulator's deadline").isEqualTo(403);

        var past = city.post("/api/v1/hazards/" + id + "/supervision/deadline", move(today().minusDays(1), "核查"));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.body()).contains("督办期限须为今天或以后");
        var noReason = city.post("/api/v1/hazards/" + id + "/supervision/deadline", Api.json(Map.of("deadline", today().plusDays(30).toString())));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("请填写调整督办期限的理由");
        var same = city.post("/api/v1/hazards/" + id + "/supervision/deadline", move(today().plusDays(20), "核查"));
        assertThat(same.status()).isEqualTo(400);

        // a department above the listing one's: the lead of the same bureau may; an earlier date brings the 整改期限 forward
        JsonNode earlier = ok(loggedIn("gov_lead").post("/api/v1/hazards/" + id + "/supervision/deadline", move(today().plusDays(7), "险情加重，提前完成")));
        assertThat(earlier.get("deadline").asString()).isEqualTo(today().plusDays(7).toString());
        assertThat(earlier.get("timeline").toString()).contains("督办期限由 " + today().plusDays(20) + " 提前至 " + today().plusDays(7));

        var notListed = chem.post("/api/v1/hazards", Api.json(withLevel(HazardApiTest.report("SELF_CHECK", "督办期限调整测试：未挂牌的重大隐患"))));
        long plain = notListed.json().get("id").asLong();
        var conflict = city.post("/api/v1/hazards/" + plain + "/supervision/deadline", move(today().plusDays(30), "核查"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body()).contains("未挂牌督办");
    }

    @Test
    void a_closed_listing_cannot_be_moved() {
        Api chem = loggedIn("ent_chem"), city = loggedIn("gov_city");
        long id = majorUnderSupervision(chem, city, "督办期限调整测试：已销号的督办", today().plusDays(10));
        ok(loggedIn("worker_chem").post("/api/v1/hazards/" + id + "/complete", Api.json(Map.of("note", "已整改",
                "photo", java.util.Base64.getEncoder().encodeToString(Photos.png(new java.awt.Color((int) (id * 7907 % 0xFFFFFF))))))));
        ok(chem.post("/api/v1/hazards/" + id + "/accept", "{\"passed\":true}"));
        ok(city.post("/api/v1/hazards/" + id + "/closure/decision", "{\"approved\":true}"));
        var closed = city.post("/api/v1/hazards/" + id + "/supervision/deadline", move(today().plusDays(30), "核查"));
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.body()).contains("已销号");
    }

    private static Map<String, Object> withLevel(Map<String, Object> body) {
        body.put("level", "MAJOR");
        body.put("majorReason", "涉及重大危险源");
        return body;
    }

    private String alertStatus(String subject) {
        return jdbc.sql("select status from alert where rule_code = 'MAJOR_HAZARD_OVERDUE' and subject_key = :s order by id desc limit 1")
                .param("s", subject).query(String.class).optional().orElse("NONE");
    }

    private String awaitStatus(String subject, String wanted) {
        return await().alias("the 重大隐患逾期 alert " + wanted).atMost(Patience.CONDITION).until(() -> alertStatus(subject), wanted::equals);
    }

    /** The 驾驶舱's row of the enterprise (its list of enterprises, read as the 驾驶舱 reads it): overdue open 重大隐患. */
    private long dashboardMajorOverdue(long enterpriseId) {
        String town = jdbc.sql("select left(region_code, 9) from enterprise where id = :e").param("e", enterpriseId).query(String.class).single();
        Api city = loggedIn("gov_city");
        for (int page = 1; page <= 20; page++) {
            JsonNode rows = ok(city.get("/api/v1/dashboard/enterprises?size=100&region=" + town + "&page=" + page)).get("items");
            assertThat(rows.isEmpty()).as("the enterprise is on the 驾驶舱's list of its town").isFalse();
            for (JsonNode r : rows) {
                if (r.get("id").asLong() == enterpriseId) return r.get("majorHazardsOverdue").asLong();
            }
        }
        throw new AssertionError("enterprise " + enterpriseId + " not on the 驾驶舱");
    }

    private long majorOverdueInDb(long enterpriseId) {
        return jdbc.sql("select count(*) from hazard where enterprise_id = :e and level = 'MAJOR' and overdue and state not in ('CLOSED', 'REJECTED')")
                .param("e", enterpriseId).query(Long.class).single();
    }

    /**
     * The change left its marker for 数据上报 — or the upload round has already worked it off, which it does in the
     * transaction that builds the record: then the record carries the new 整改期限.
     */
    private boolean uploadFollows(long id, long enterpriseId, LocalDate deadline) {
        boolean marked = jdbc.sql("select exists (select 1 from exchange_outbox where enterprise_id = :e and entity_type = 'hazard' and entity_id = :id and action = '调整督办期限')")
                .param("e", enterpriseId).param("id", String.valueOf(id)).query(Boolean.class).single();
        if (marked) return true;
        return jdbc.sql("select payload->>'dangerManageDeadline' from exchange_record where entity = 'hazard' and platform_id = :id")
                .param("id", id).query(String.class).optional().map(d -> d.startsWith(deadline.toString())).orElse(false);
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
