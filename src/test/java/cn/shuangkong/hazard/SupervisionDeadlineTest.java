package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.alerting.internal.AlertEngine;
import cn.shuangkong.hazard.internal.HazardDeadlines;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The 督办期限 of a 挂牌督办 binds the enterprise's 整改期限: the day after it the hazard is 逾期 everywhere — marked,
 * escalated, alerted — and the alert ends with the 销号, instead of the hazard reading 未逾期 past the regulator's deadline.
 */
class SupervisionDeadlineTest extends PlatformTest {

    @Autowired HazardDeadlines deadlines;
    @Autowired AlertEngine engine;

    @Test
    void a_hazard_past_its_supervision_deadline_is_overdue_and_alerted_whatever_the_enterprise_planned() {
        Api chem = loggedIn("ent_chem"), worker = loggedIn("worker_chem"), city = loggedIn("gov_city");
        LocalDate today = LocalDate.now(clock);
        var body = HazardApiTest.report("SELF_CHECK", "督办期限测试：罐区防火堤破损");
        body.put("level", "MAJOR");
        body.put("majorReason", "涉及重大危险源罐区防火堤失效");
        var created = chem.post("/api/v1/hazards", Api.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        ok(chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem", today.plusDays(40)))));

        JsonNode supervised = ok(city.post("/api/v1/hazards/" + id + "/supervision",
                Api.json(Map.of("docNo", "靖应急督〔2026〕55号", "level", "市级", "deadline", today.plusDays(15).toString()))));
        assertThat(supervised.get("deadline").asString()).as("the regulator's deadline binds").isEqualTo(today.plusDays(15).toString());
        assertThat(supervised.get("timeline").toString()).contains("整改期限由 " + today.plusDays(40) + " 提前至督办期限 " + today.plusDays(15));

        var extension = worker.post("/api/v1/hazards/" + id + "/extension",
                Api.json(Map.of("deadline", today.plusDays(30).toString(), "reason", "施工队排期")));
        assertThat(extension.status()).as("at the 督办期限 already: no extension to ask for").isEqualTo(409);
        assertThat(supervised.get("allowedActions").toString()).doesNotContain("REQUEST_EXTENSION");

        Instant start = clock.instant();
        try {
            clock.advance(Duration.ofDays(16));
            deadlines.sweep();
            assertThat(loggedIn("ent_chem").get("/api/v1/hazards/" + id).json().get("overdue").asBoolean()).isTrue(); // a token of the moved clock
            engine.run("MAJOR_HAZARD_OVERDUE");
            long open = jdbc.sql("select count(*) from alert where rule_code = 'MAJOR_HAZARD_OVERDUE' and subject_key = :s and status <> 'CLOSED'")
                    .param("s", "hazard:" + id + ":" + today.plusDays(15)).query(Long.class).single();
            assertThat(open).isEqualTo(1);
            assertThat(jdbc.sql("select evidence from alert where rule_code = 'MAJOR_HAZARD_OVERDUE' and subject_key = :s")
                    .param("s", "hazard:" + id + ":" + today.plusDays(15)).query(String.class).single()).contains("挂牌督办：靖应急督〔2026〕55号");
        } finally {
            clock.set(start);
        }
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
