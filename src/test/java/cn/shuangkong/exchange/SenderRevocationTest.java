package cn.shuangkong.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.FormSession;
import cn.shuangkong.support.PlatformTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 停用上报方密钥 once: a key stopped already is refused in Chinese, by the API and on the page, and leaves no second
 * record — the page said "上报方密钥已停用" for a repeat that changed nothing and was not audited (RealIdFuzzTest, ADR 0077
 * session 16).
 */
class SenderRevocationTest extends PlatformTest {

    @Test
    void a_senders_key_is_stopped_once_and_a_repeat_is_refused_without_a_record() {
        var admin = loggedIn("admin");
        var issued = admin.post("/api/v1/exchange/senders", Api.json(Map.of("name", "停用两次的上报方", "regionCode", "321282100")));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        long id = issued.json().get("id").asLong();

        assertThat(admin.post("/api/v1/exchange/senders/" + id + "/revoke", "{}").status()).isEqualTo(200);
        assertThat(revocations(id)).isEqualTo(1);

        var again = admin.post("/api/v1/exchange/senders/" + id + "/revoke", "{}");
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).isEqualTo("上报方「停用两次的上报方」的密钥已停用");

        var page = new FormSession(port).login("admin", "Demo@2026");
        var posted = page.post("/exchange/senders/" + id + "/revoke", Map.of());
        assertThat(posted.statusCode()).isEqualTo(302);
        String shown = page.get(posted.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "")).body();
        assertThat(shown).contains("上报方「停用两次的上报方」的密钥已停用").doesNotContain("class=\"alert ok\"");
        assertThat(revocations(id)).as("a repeat, by the API or the page, leaves no record").isEqualTo(1);
    }

    private long revocations(long id) {
        return jdbc.sql("select count(*) from audit_record where action = '停用上报方' and entity_type = 'exchange_sender' and entity_id = :id")
                .param("id", String.valueOf(id)).query(Long.class).single();
    }
}
