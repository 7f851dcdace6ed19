package cn.shuangkong.scope;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An id of another enterprise's record in a request body is refused in the service, and nothing is saved. */
class CrossTenantWriteTest extends PlatformTest {

    private long chemPoint() {
        return jdbc.sql("""
                select p.id from risk_point p join enterprise e on e.id = p.enterprise_id join user_account u on u.enterprise_id = e.id
                 where u.username = 'ent_chem' and p.reassessment_reason is null order by p.id limit 1
                """).query(Long.class).single();
    }

    private static Map<String, Object> hazardAt(Long riskPointId, Long measureId, String title) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", "SELF_CHECK");
        m.put("type", "UNSAFE_CONDITION");
        m.put("title", title);
        m.put("description", title + "，现场核实");
        m.put("location", "车间");
        if (riskPointId != null) m.put("riskPointId", riskPointId);
        if (measureId != null) m.put("measureId", measureId);
        return m;
    }

    private long hazardsTitled(String title) {
        return jdbc.sql("select count(*) from hazard where title = :t").param("t", title).query(Long.class).single();
    }

    @Test
    void ent_mech_cannot_register_a_hazard_against_a_risk_point_of_ent_chem() {
        long point = chemPoint();
        Api mech = loggedIn("ent_mech");
        String title = "跨企业风险点隐患" + System.nanoTime();
        for (int i = 0; i < 3; i++) { // three of one type at one point would flag it 待重新评价
            var r = mech.post("/api/v1/hazards", Api.json(hazardAt(point, null, title)));
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.contentType()).contains("problem+json");
            assertThat(r.json().get("detail").asString()).contains("风险点").contains("不在您的数据范围内");
        }
        assertThat(hazardsTitled(title)).as("no hazard row").isZero();
        assertThat(jdbc.sql("select count(*) from hazard where risk_point_id = :p and enterprise_id <> (select enterprise_id from risk_point where id = :p)")
                .param("p", point).query(Long.class).single()).as("no hazard of another enterprise at the point").isZero();
        assertThat(jdbc.sql("select reassessment_reason from risk_point where id = :p").param("p", point).query(String.class).optional())
                .as("ent_chem's point is not flagged 待重新评价").isEmpty();
    }

    @Test
    void a_failed_measure_of_another_enterprise_is_refused_too() {
        long measure = jdbc.sql("select m.id from control_measure m where m.risk_point_id = :p order by m.id limit 1")
                .param("p", chemPoint()).query(Long.class).single();
        String title = "跨企业管控措施失效" + System.nanoTime();
        var r = loggedIn("ent_mech").post("/api/v1/hazards", Api.json(hazardAt(null, measure, title)));
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.json().get("detail").asString()).contains("管控措施");
        assertThat(hazardsTitled(title)).isZero();
    }

    @Test
    void a_regulator_registers_at_an_enterprise_of_its_town_only_against_that_enterprises_points() {
        long mech = enterpriseIdOf("ent_mech");
        String title = "镇监管跨企业风险点" + System.nanoTime();
        var body = hazardAt(chemPoint(), null, title);
        body.put("enterpriseId", mech);
        var r = loggedIn("gov_city").post("/api/v1/hazards", Api.json(body));
        assertThat(r.status()).as("both enterprises are in the city's scope, but the point is not ent_mech's: " + r.body()).isEqualTo(404);
        assertThat(hazardsTitled(title)).isZero();
    }
}
