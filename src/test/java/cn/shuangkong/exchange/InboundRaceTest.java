package cn.shuangkong.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.exchange.internal.Inbound;
import cn.shuangkong.organization.CreditCode;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.AtOnce;
import cn.shuangkong.support.PlatformTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Batches of two lower platforms (a town's and the city's, both covering the enterprise) about one enterprise received
 * at the same moment (ADR 0084): each once found the enterprise unknown and registered it, or recounted its received-
 * records facts from a view without the other's, and the second broke the credit code's or the facts' unique key — its
 * whole batch refused with a conflict. (One sender's batches take turns already: each holds the sender's row.) Batches
 * about one enterprise now take turns: every one is accepted, the enterprise registered once.
 */
class InboundRaceTest extends PlatformTest {

    @Autowired Inbound inbound;

    @Test
    void batches_about_one_new_enterprise_at_the_same_moment_are_all_accepted_and_register_it_once() throws Exception {
        var admin = loggedIn("admin");
        List<String> keys = new java.util.ArrayList<>();
        for (String region : List.of("321282100", "321282")) {
            var issued = admin.post("/api/v1/exchange/senders", Api.json(Map.of("name", "并发上报方" + region, "regionCode", region)));
            assertThat(issued.status()).as(issued.body()).isEqualTo(201);
            keys.add(issued.json().get("key").asString());
        }
        String first17 = "91321282MA" + String.format("%07d", (System.nanoTime() / 1000) % 10_000_000);
        String credit = first17 + CreditCode.checkCharacter(first17);
        var enterprise = new Inbound.EnterpriseInfo(credit, "并发上报测试化工有限公司", "321282100", "C2614", null, 30, false, true);
        var answers = AtOnce.run(4, i -> {
            Map<String, Object> object = FederationTest.common(UUID.randomUUID().toString(), credit);
            object.put("hazardCode", "RACE-" + i);
            object.put("riskAnalysisObjectName", "储罐" + i);
            return inbound.receive(keys.get(i % 2), new Inbound.Batch("race-" + UUID.randomUUID(), null, null,
                    List.of(new Inbound.Item("object", object)), List.of(enterprise)));
        });
        assertThat(answers).hasSize(4).allSatisfy(a -> {
            assertThat(a.failure()).as("every batch answered").isNull();
            assertThat(a.value().accepted()).isEqualTo(1);
        });
        assertThat(jdbc.sql("select count(*) from enterprise where credit_code = :c").param("c", credit).query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select points from exchange_received_facts f join enterprise e on e.id = f.enterprise_id where e.credit_code = :c")
                .param("c", credit).query(Long.class).single()).as("the facts count every batch's record").isEqualTo(4);
    }
}
