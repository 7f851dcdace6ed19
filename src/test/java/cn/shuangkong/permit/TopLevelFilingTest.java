package cn.shuangkong.permit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.permit.internal.PermitKind;
import cn.shuangkong.permit.internal.Permits;
import cn.shuangkong.support.Api;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 报备: the regulators' live list holds every open job graded 特级 or 一级 — a 一级 吊装 (above 100 t) as well as 动火 —
 * and not a 二级 one; a cancelled job leaves it.
 */
class TopLevelFilingTest extends PermitTestBase {

    @Autowired
    Permits permits;

    private long approvedLifting(String tonnes) {
        var start = nextWorkday(LocalTime.of(9, 0));
        var body = application("LIFTING", null, plainPoint(), start, start.plusSeconds(4 * 3600),
                List.of(plainWorker("胡司远")));
        body.put("loadTonnes", tonnes);
        Api chem = loggedIn("ent_chem");
        var applied = chem.post("/api/v1/permits", Api.json(body));
        assertThat(applied.status()).as(applied.body()).isEqualTo(201);
        long id = applied.json().get("id").asLong();
        confirmAll(loggedIn("worker_chem"), id, PermitKind.LIFTING);
        var approved = loggedIn("chem_boss").post("/api/v1/permits/" + id + "/approve", Api.json(Map.of("opinion", "同意")));
        assertThat(approved.status()).as(approved.body()).isEqualTo(204);
        return id;
    }

    private List<Long> filed() {
        var scope = cn.shuangkong.shared.Jurisdiction.platform();
        return permits.openTopLevelWork(scope).stream().map(Permits.Permit::id).toList();
    }

    @Test
    void a_first_level_lifting_job_is_filed_with_the_regulators_and_a_second_level_one_is_not() {
        long heavy = approvedLifting("120");
        long light = approvedLifting("60");
        assertThat(permits.find(cn.shuangkong.shared.Jurisdiction.platform(), heavy).level()).isEqualTo("一级");
        assertThat(filed()).contains(heavy).doesNotContain(light);

        var cancelled = loggedIn("ent_chem").post("/api/v1/permits/" + heavy + "/cancel", Api.json(Map.of("reason", "吊车故障，改期")));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(204);
        assertThat(filed()).doesNotContain(heavy);
        loggedIn("ent_chem").post("/api/v1/permits/" + light + "/cancel", Api.json(Map.of("reason", "测试结束")));
    }
}
