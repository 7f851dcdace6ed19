package cn.shuangkong.permit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A permit that names a contractor asks the contractor module first: only an admissible one of one's own gets new work. */
class PermitContractorTest extends PermitTestBase {

    private long permitRows() {
        return jdbc.sql("select count(*) from permit").query(Long.class).single();
    }

    private Map<String, Object> earthwork(Long contractorId, String contractorName) {
        Instant start = nextWorkday(LocalTime.of(9, 0));
        var body = application("EARTHWORK", null, plainPoint(), start, start.plusSeconds(3600), List.of(plainWorker("周一鸣")));
        if (contractorId != null) body.put("contractorId", contractorId);
        if (contractorName != null) body.put("contractorName", contractorName);
        return body;
    }

    @Test
    void an_admissible_contractor_gets_the_permit_under_its_registered_name() {
        Api chem = loggedIn("ent_chem");
        long ok = contractor(chem, "靖江市许可测试土建有限公司", LocalDate.now(clock.withZone(ZONE)).plusYears(1));
        long permit = applied(chem, earthwork(ok, "随便写的名称"));
        assertThat(jdbc.sql("select contractor_id, contractor_name from permit where id = :id").param("id", permit)
                .query((rs, n) -> rs.getLong(1) + " " + rs.getString(2)).single()).isEqualTo(ok + " 靖江市许可测试土建有限公司");
        // without an id the name stays the applicant's free text, as before
        long free = applied(chem, earthwork(null, "未登记的小型施工队"));
        assertThat(jdbc.sql("select contractor_name from permit where id = :id").param("id", free).query(String.class).single())
                .isEqualTo("未登记的小型施工队");
    }

    @Test
    void a_blacklisted_or_lapsed_contractor_gets_no_new_permit_and_another_enterprises_is_unknown() {
        Api chem = loggedIn("ent_chem");
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        long listed = contractor(chem, "靖江市黑名单测试防腐有限公司", today.plusYears(1));
        var blacklisted = chem.post("/api/v1/contractors/" + listed + "/blacklist", Api.json(Map.of("reason", "高处作业未系安全带，拒不整改")));
        assertThat(blacklisted.status()).as(blacklisted.body()).isEqualTo(201);
        long lapsed = contractor(chem, "靖江市资质过期测试安装有限公司", today.minusDays(1));
        long before = permitRows();

        var refused = chem.post("/api/v1/permits", Api.json(earthwork(listed, null)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("靖江市黑名单测试防腐有限公司", "列入承包商黑名单", "不得承揽新的作业");

        var expired = chem.post("/api/v1/permits", Api.json(earthwork(lapsed, null)));
        assertThat(expired.status()).as(expired.body()).isEqualTo(409);
        assertThat(expired.json().get("detail").asString()).contains("靖江市资质过期测试安装有限公司", "安全生产许可证", "过期");

        // the demo's blacklisted labour contractor is the machinery works': to the chemical works it does not exist
        long mechs = jdbc.sql("select contractor_id from contractor_blacklist where enterprise_id = :e order by id limit 1")
                .param("e", enterpriseIdOf("ent_mech")).query(Long.class).single();
        var foreign = chem.post("/api/v1/permits", Api.json(earthwork(mechs, "泰兴市宏远建筑劳务有限公司")));
        assertThat(foreign.status()).as(foreign.body()).isEqualTo(404);
        assertThat(foreign.json().get("detail").asString()).contains("承包商");

        assertThat(permitRows()).as("nothing saved on a refusal").isEqualTo(before);
    }
}
