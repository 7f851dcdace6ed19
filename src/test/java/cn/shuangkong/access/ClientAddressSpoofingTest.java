package cn.shuangkong.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A client that is not the trusted proxy (127.0.0.2; the tests' proxy is 127.0.0.1) names itself in X-Forwarded-For:
 * the platform keeps seeing its real address, for the public report's rate limit and in the audit trail.
 */
class ClientAddressSpoofingTest extends PlatformTest {

    private static final String OUTSIDER = "127.0.0.2";

    private RawHttp.Response report(String text, String forgedClient) {
        String body = Api.json(Map.of("content", text, "location", "新桥镇工业园区纬三路", "regionCode", "321282100"));
        return RawHttp.send(OUTSIDER, port, "POST", "/api/v1/public/reports", body,
                "Content-Type: application/json", "X-Forwarded-For: " + forgedClient);
    }

    @Test
    void a_forged_forwarded_address_neither_escapes_the_rate_limit_nor_reaches_the_audit_trail() {
        List<Integer> statuses = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            var r = report("夜间违规动火作业 " + UUID.randomUUID(), "198.51.100." + (i + 1));
            statuses.add(r.status());
            if (r.status() == 201) codes.add(r.text().replaceAll(".*\"code\":\"([A-Z0-9]+)\".*", "$1"));
        }
        assertThat(statuses).containsExactly(201, 201, 201, 201, 201, 429, 429, 429);

        assertThat(codes).isNotEmpty();
        for (String code : codes) {
            String recordedClient = jdbc.sql("""
                    select a.client_address from audit_record a join public_report p on a.entity_id = p.id::text
                     where a.entity_type = 'public_report' and a.action = '收到群众举报' and p.code = :c
                    """).param("c", code).query(String.class).single();
            assertThat(recordedClient).isEqualTo(OUTSIDER);
        }
        assertThat(jdbc.sql("select count(*) from audit_record where client_address like '198.51.100.%'").query(Long.class).single()).isZero();
    }

    @Test
    void behind_the_trusted_proxy_the_forwarded_client_is_the_one_recorded() {
        String text = "仓库消防通道堆放杂物 " + UUID.randomUUID();
        var sent = RawHttp.send("127.0.0.1", port, "POST", "/api/v1/public/reports",
                Api.json(Map.of("content", text, "location", "新桥镇", "regionCode", "321282100")),
                "Content-Type: application/json", "X-Forwarded-For: 6.6.6.6, 203.0.113.77");
        assertThat(sent.status()).isEqualTo(201);
        assertThat(jdbc.sql("""
                select a.client_address from audit_record a join public_report p on a.entity_id = p.id::text
                 where a.action = '收到群众举报' and p.content = :t""").param("t", text).query(String.class).single())
                .isEqualTo("203.0.113.77");
    }
}
