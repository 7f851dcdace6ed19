package cn.shuangkong.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.shared.NotInScope;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.TestRegulator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** An id of another enterprise's record in a request body is refused in the service, and nothing is saved. */
class CrossTenantWriteTest extends PlatformTest {

    @Autowired
    HazardRegister register;

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
    void a_finding_at_one_enterprise_cannot_name_another_enterprises_point_even_when_both_are_in_scope() {
        long mech = enterpriseIdOf("ent_mech");
        String title = "执法检查跨企业风险点" + System.nanoTime();
        var report = new HazardReport(HazardSource.ENFORCEMENT, HazardType.UNSAFE_CONDITION, chemPoint(), title, title, "车间",
                null, null);
        assertThatThrownBy(() -> register.registerFinding(new TestRegulator("gov_city", "靖江市应急管理局", "321282", "靖江市"), mech, report, HazardRegister.GradingInput.general(), null))
                .isInstanceOfSatisfying(NotInScope.class, e -> assertThat(e.status().value()).isEqualTo(404));
        assertThat(hazardsTitled(title)).isZero();
    }
}
