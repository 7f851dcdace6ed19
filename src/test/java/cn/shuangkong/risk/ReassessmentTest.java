package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Hazards that keep coming back at one risk point mean its assessment no longer holds. */
class ReassessmentTest extends PlatformTest {

    @Autowired
    Reassessments reassessments;

    @Test
    void the_third_hazard_of_one_type_at_a_risk_point_within_90_days_flags_the_point_for_reassessment() {
        Api chem = loggedIn("ent_chem");
        long point = jdbc.sql("""
                select p.id from risk_point p join user_account u on u.enterprise_id = p.enterprise_id
                 where u.username = 'ent_chem' and p.reassessment_reason is null order by p.id desc limit 1
                """).query(Long.class).single();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", "SELF_CHECK");
        body.put("type", "MANAGEMENT");
        body.put("riskPointId", point);
        body.put("title", "配电箱未上锁");
        body.put("description", "现场配电箱柜门未上锁");
        body.put("location", "配电间");
        for (int i = 1; i <= 3; i++) {
            assertThat(reassessments.reasonOf(point)).as("before hazard %d", i).isEmpty();
            assertThat(chem.post("/api/v1/hazards", Api.json(body)).status()).isEqualTo(201);
        }
        assertThat(reassessments.reasonOf(point)).hasValueSatisfying(why -> assertThat(why).contains("已出现 3 次", "配电箱未上锁"));
    }
}
