package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each call of the loop answers the hazard exactly as a later read shows it — registration included, which answers
 * from the inserted row since ADR 0047 — and an assignment to someone who is not the enterprise's is refused with
 * nothing saved.
 */
class HazardAnswersTest extends cn.shuangkong.support.PlatformTest {

    @Test
    void every_answer_of_the_loop_is_what_a_read_afterwards_shows() {
        Api chem = loggedIn("ent_chem"), worker = loggedIn("worker_chem");
        var created = chem.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                "title", "应答核对隐患", "description", "应答与读取一致", "location", "罐区", "clientKey", "answers-" + System.nanoTime())));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        sameAsRead(chem, id, created.json());
        assertThat(created.json().get("finderName").asString()).isNotBlank();

        var wrong = chem.post("/api/v1/hazards/" + id + "/assign", Api.json(Map.of("responsible", "ent_mech", "measures", "更换",
                "deadline", java.time.LocalDate.now(clock).plusDays(7).toString())));
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(400);
        assertThat(wrong.body()).contains("整改责任人须是本企业的在岗账号");
        assertThat(chem.get("/api/v1/hazards/" + id).json().get("state").asString()).isEqualTo("REGISTERED");

        var assigned = chem.post("/api/v1/hazards/" + id + "/assign", Api.json(Map.of("responsible", "worker_chem", "measures", "更换",
                "deadline", java.time.LocalDate.now(clock).plusDays(7).toString())));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        sameAsRead(chem, id, assigned.json());
        JsonNode assignment = assigned.json().get("timeline").get(assigned.json().get("timeline").size() - 1);
        assertThat(assignment.get("summary").asString()).contains("责任人：" + assigned.json().get("responsibleName").asString());

        byte[] photo = Photos.tiny(id);
        var completed = worker.post("/api/v1/hazards/" + id + "/complete", Api.json(Map.of("note", "已整改",
                "photo", Base64.getEncoder().encodeToString(photo))));
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        sameAsRead(chem, id, completed.json());
        assertThat(completed.json().get("photos")).hasSize(1);

        var accepted = chem.post("/api/v1/hazards/" + id + "/accept", Api.json(Map.of("passed", true, "opinion", "合格")));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        sameAsRead(chem, id, accepted.json());
        assertThat(accepted.json().get("state").asString()).isEqualTo("CLOSED");
    }

    private static void sameAsRead(Api as, long id, JsonNode answer) {
        var read = as.get("/api/v1/hazards/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(answer).isEqualTo(read.json());
    }
}
