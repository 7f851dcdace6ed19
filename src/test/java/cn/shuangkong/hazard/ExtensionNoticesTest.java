package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An extension request reaches the managers as a 延期申请 (not as a 整改任务), and its answer reaches whoever asked, with
 * the deadline that holds.
 */
class ExtensionNoticesTest extends PlatformTest {

    private record Notice(String username, String kind, String message) { }

    private List<Notice> notices(long hazardId) {
        return jdbc.sql("select username, kind, message from notice where hazard_id = :h order by id").param("h", hazardId)
                .query(Notice.class).list();
    }

    @Test
    void the_requester_hears_whether_the_extension_was_granted() {
        Api chem = loggedIn("ent_chem"), worker = loggedIn("worker_chem");
        LocalDate today = LocalDate.now(clock);
        var created = chem.post("/api/v1/hazards", Api.json(HazardApiTest.report("SELF_CHECK", "延期通知测试：泵房地沟积油")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem", today.plusDays(5)))).status()).isEqualTo(200);

        var asked = worker.post("/api/v1/hazards/" + id + "/extension", Api.json(Map.of("deadline", today.plusDays(12).toString(), "reason", "需停泵清理")));
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        assertThat(notices(id)).isNotEmpty().anySatisfy(n -> {
            assertThat(n.username()).isEqualTo("ent_chem");
            assertThat(n.kind()).isEqualTo("EXTENSION");
            assertThat(n.message()).startsWith("延期申请待审批：");
        });

        assertThat(chem.post("/api/v1/hazards/" + id + "/extension/decision", "{\"approved\":true}").status()).isEqualTo(200);
        assertThat(notices(id)).anySatisfy(n -> assertThat(n).isEqualTo(new Notice("worker_chem", "EXTENSION",
                "延期申请已同意，整改期限改为 " + today.plusDays(12) + "：延期通知测试：泵房地沟积油")));
    }
}
