package cn.shuangkong.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.internal.ApiTokens;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A token is never more than its account and may be less: read-only cannot write, a module-held token cannot reach
 * another module, only an exchange token reaches the exchange, and an expired or revoked one is told so in Chinese.
 */
class TokenScopeTest extends PlatformTest {

    private Api token(String username, List<String> scopes, List<String> modules) {
        var r = api().post("/api/v1/auth/token", Api.json(Map.of("username", username, "password", "Demo@2026",
                "scopes", scopes, "modules", modules)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return api().withToken(r.json().get("token").asString());
    }

    private static String hazard(String title) {
        return Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION", "title", title, "description", title, "location", "罐区"));
    }

    private long hazardsTitled(String title) {
        return jdbc.sql("select count(*) from hazard where title = :t").param("t", title).query(Long.class).single();
    }

    @Test
    void a_read_only_token_reads_but_cannot_write() {
        Api reader = token("ent_chem", List.of("READ"), List.of());
        assertThat(reader.get("/api/v1/hazards").status()).isEqualTo(200);
        var refused = reader.post("/api/v1/hazards", hazard("只读令牌的写入"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("只读");
        assertThat(hazardsTitled("只读令牌的写入")).isZero();
        assertThat(reader.delete("/api/v1/webhooks/1").status()).isEqualTo(403);

        Api writer = token("ent_chem", List.of("READ", "WRITE"), List.of());
        assertThat(writer.post("/api/v1/hazards", hazard("读写令牌的写入")).status()).isEqualTo(201);
    }

    @Test
    void a_module_held_token_reaches_its_module_and_no_other() {
        Api hazards = token("ent_chem", List.of("READ", "WRITE"), List.of("hazard"));
        assertThat(hazards.get("/api/v1/hazards").status()).isEqualTo(200);
        assertThat(hazards.get("/api/v1/me").status()).as("who am I is every token's").isEqualTo(200);
        var risk = hazards.get("/api/v1/risk-points");
        assertThat(risk.status()).isEqualTo(403);
        assertThat(risk.json().get("detail").asString()).contains("只能调用以下模块", "隐患排查治理");
        assertThat(hazards.post("/api/v1/webhooks", Api.json(Map.of("name", "越模块", "url", "http://127.0.0.1:9/",
                "events", List.of("hazard.registered")))).status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from webhook_subscription where name = '越模块'").query(Long.class).single()).isZero();

        var unknown = api().post("/api/v1/auth/token", Api.json(Map.of("username", "ent_chem", "password", "Demo@2026",
                "modules", List.of("everything"))));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).contains("未知的模块");
    }

    @Test
    void only_an_exchange_token_reaches_the_exchange_and_it_reaches_nothing_else() {
        Api exchange = token("ent_chem", List.of("EXCHANGE"), List.of());
        assertThat(exchange.get("/api/v1/exchange/ping").status()).as("past the scope check, whatever the route answers")
                .isNotIn(401, 403);
        var other = exchange.get("/api/v1/hazards");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().get("detail").asString()).contains("数据交换");

        var plain = token("ent_chem", List.of("READ", "WRITE"), List.of()).post("/api/v1/exchange/batches", "{}");
        assertThat(plain.status()).isEqualTo(403);
        assertThat(plain.json().get("detail").asString()).contains("没有“数据交换”权限");
        assertThat(loggedIn("ent_chem").get("/api/v1/exchange/ping").status()).as("a password login's token may do all its account may")
                .isNotIn(401, 403);
    }

    @Test
    void an_expired_or_revoked_token_is_refused_in_chinese() {
        Instant start = clock.instant();
        Api api = loggedIn("ent_chem");
        assertThat(api.get("/api/v1/me").status()).isEqualTo(200);
        try {
            clock.set(start.plusSeconds(13 * 3600)); // a password login's token lives 12 hours
            var expired = api.get("/api/v1/me");
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.contentType()).startsWith("application/problem+json");
            assertThat(expired.json().get("detail").asString()).contains("已于", "过期");
        } finally {
            clock.set(start);
        }
        assertThat(api.get("/api/v1/me").status()).isEqualTo(200);
        jdbc.sql("update api_token set revoked_at = :now where token_hash = :h")
                .param("now", java.sql.Timestamp.from(start)).param("h", ApiTokens.hash(api.token())).update();
        var revoked = api.get("/api/v1/me");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().get("detail").asString()).contains("吊销");
        assertThat(api().withToken("sk_unknown").get("/api/v1/me").status()).isEqualTo(401);
    }
}
