package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import jakarta.mail.internet.MimeMessage;
import java.awt.Color;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A hazard sent back to be rectified again — a failed 验收, a 销号 the regulator refused, a 即查即改 not confirmed — tells
 * whoever must act again, with the reason: in the inbox (退回整改) and by the e-mail every hazard notice brings.
 */
class SentBackNoticesTest extends MailboxTest {

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
    }

    private record Notice(String username, String kind, String message) { }

    private List<Notice> sentBack(long hazardId) {
        return jdbc.sql("select username, kind, message from notice where hazard_id = :h and kind = 'SENT_BACK' order by id")
                .param("h", hazardId).query(Notice.class).list();
    }

    private long rectified(Api chem, String title, boolean major) {
        var body = HazardApiTest.report("SELF_CHECK", title);
        if (major) {
            body.put("level", "MAJOR");
            body.put("majorReason", "涉及重大危险源罐区");
        }
        var created = chem.post("/api/v1/hazards", Api.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        if (major) {
            ok(loggedIn("gov_city").post("/api/v1/hazards/" + id + "/supervision",
                    Api.json(Map.of("docNo", "靖应急督〔2026〕88号", "level", "市级", "deadline", today().plusDays(20).toString()))));
        }
        ok(chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem", today().plusDays(6)))));
        ok(loggedIn("worker_chem").post("/api/v1/hazards/" + id + "/complete", Api.json(Map.of("note", "已整改",
                "photo", Base64.getEncoder().encodeToString(Photos.png(new Color((int) (id * 7919 % 0xFFFFFF))))))));
        return id;
    }

    @Test
    void a_failed_acceptance_tells_the_rectifier_why_in_the_inbox_and_by_email() throws Exception {
        Api chem = loggedIn("ent_chem");
        long id = rectified(chem, "退回通知测试：消防通道堆放杂物", false);
        ok(chem.post("/api/v1/hazards/" + id + "/accept", "{\"passed\":false,\"opinion\":\"通道仍有杂物\"}"));

        assertThat(sentBack(id)).isNotEmpty().containsExactly(new Notice("worker_chem", "SENT_BACK",
                "验收不通过，请重新整改：退回通知测试：消防通道堆放杂物。意见：通道仍有杂物；整改期限 " + today().plusDays(6)));
        MimeMessage mail = mailTo(addressOf("worker_chem"), "【双控】退回整改").orElseThrow();
        assertThat((String) mail.getContent()).contains("通道仍有杂物").contains("/hazards/" + id);
        assertThat(ok(loggedIn("worker_chem").get("/api/v1/hazards/" + id)).get("state").asString()).isEqualTo("RECTIFYING");
    }

    @Test
    void a_refused_closure_tells_the_rectifier_and_the_enterprises_acceptors() throws Exception {
        Api chem = loggedIn("ent_chem");
        long id = rectified(chem, "退回通知测试：罐区阻火器缺失", true);
        ok(chem.post("/api/v1/hazards/" + id + "/accept", "{\"passed\":true,\"opinion\":\"企业验收合格\"}"));
        ok(loggedIn("gov_city").post("/api/v1/hazards/" + id + "/closure/decision", "{\"approved\":false,\"opinion\":\"未见检验报告\"}"));

        List<Notice> told = sentBack(id);
        assertThat(told).isNotEmpty().allSatisfy(n -> assertThat(n.message())
                .isEqualTo("监管部门不同意销号，请重新整改：退回通知测试：罐区阻火器缺失。意见：未见检验报告；整改期限 " + today().plusDays(6)));
        assertThat(told).extracting(Notice::username).contains("worker_chem", "ent_chem").doesNotContain("gov_city");
        assertThat(mailTo(addressOf("ent_chem"), "监管部门不同意销号")).isPresent();
    }

    @Test
    void an_unconfirmed_fix_on_the_spot_tells_who_fixed_it() throws Exception {
        Api chem = loggedIn("ent_chem"), worker = loggedIn("worker_chem");
        var created = chem.post("/api/v1/hazards", Api.json(HazardApiTest.report("SELF_CHECK", "退回通知测试：配电箱门未关")));
        long id = created.json().get("id").asLong();
        ok(worker.post("/api/v1/hazards/" + id + "/fix-on-spot", Api.json(Map.of("note", "已关好",
                "photo", Base64.getEncoder().encodeToString(Photos.png(new Color((int) (id * 6007 % 0xFFFFFF))))))));
        ok(chem.post("/api/v1/hazards/" + id + "/refuse-fix", "{\"reason\":\"门锁损坏，关不住\"}"));

        assertThat(sentBack(id)).isNotEmpty().containsExactly(new Notice("worker_chem", "SENT_BACK",
                "即查即改未获确认，请重新整改：退回通知测试：配电箱门未关。理由：门锁损坏，关不住"));
        assertThat(mailTo(addressOf("worker_chem"), "即查即改未获确认")).isPresent();
    }


    private static tools.jackson.databind.JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
