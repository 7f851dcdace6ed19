package cn.shuangkong.bench;

import cn.shuangkong.exchange.ExchangeFacts;
import cn.shuangkong.exchange.internal.Inbound;
import cn.shuangkong.supervision.internal.EnterpriseRatings;
import cn.shuangkong.support.PlatformTest;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * What reading received records costs the rating (ADR 0055), in one run: {@code ./mvnw -o -Pbench test
 * -Dtest=RatingRecomputeProfile}. Alternating blocks of a full recompute of the demo city (every enterprise, the
 * nightly job's call; its statements counted) and of the part ADR 0055 added to its statement — the exchange module's
 * per-enterprise relation and its senders for the same enterprises — run alone, with its plan.
 */
@Tag("benchmark")
@Import(StatementCounter.class)
class RatingRecomputeProfile extends PlatformTest {

    @Autowired private EnterpriseRatings ratings;
    @Autowired private Inbound inbound;

    /** Report-only enterprises added to the demo city, each with a red 风险分析对象, an open 重大隐患 and a closed 隐患. */
    private static final int REPORTED = Integer.getInteger("bench.reported", 50);

    @Test
    void a_full_recompute_beside_the_received_part_of_its_statement() {
        report();
        List<Long> ids = jdbc.sql("select id from enterprise order by id").query(Long.class).list();
        String added = """
                with ids as (select unnest(cast(:ids as bigint[])) as id)
                select count(*), count(xs.sources) from ids left join (%s) x on x.enterprise_id = ids.id
                  left join (%s) xs on xs.enterprise_id = ids.id""".formatted(ExchangeFacts.perEnterprise("ids"),
                ExchangeFacts.senders("ids"));
        var now = Timestamp.from(clock.instant());
        for (int i = 0; i < 5; i++) { // warm
            ratings.recomputeAll("测量");
            jdbc.sql(added).param("ids", ids.toArray(Long[]::new)).param("now", now).query().listOfRows();
        }
        long full = 0, part = 0;
        int rounds = 10, per = 5;
        long statements = StatementCounter.statements.get();
        for (int r = 0; r < rounds; r++) {
            long t = System.nanoTime();
            for (int i = 0; i < per; i++) ratings.recomputeAll("测量");
            full += System.nanoTime() - t;
            t = System.nanoTime();
            for (int i = 0; i < per; i++) jdbc.sql(added).param("ids", ids.toArray(Long[]::new)).param("now", now).query().listOfRows();
            part += System.nanoTime() - t;
        }
        statements = StatementCounter.statements.get() - statements - (long) rounds * per; // less the part's own
        int n = rounds * per;
        System.out.printf("%nRATING PROFILE: %d enterprises, %d received facts rows; load %s%n", ids.size(),
                jdbc.sql("select count(*) from exchange_received_facts").query(Long.class).single(), load());
        System.out.printf("  full recompute: %.2f ms a call, %.1f statements a call%n", full / 1e6 / n, (double) statements / n);
        System.out.printf("  received part alone: %.3f ms a call (%.1f %% of the full recompute)%n", part / 1e6 / n,
                100.0 * part / full);
        System.out.println(String.join("\n", jdbc.sql("explain (analyze, buffers, costs off, timing off) " + added)
                .param("ids", ids.toArray(Long[]::new)).param("now", now).query(String.class).list()));
    }

    /** Through the exchange module's inbound service, as a lower platform's batches arrive. */
    private void report() {
        String town = jdbc.sql("select region_code from enterprise order by id limit 1").query(String.class).single();
        var issued = loggedIn("admin").post("/api/v1/exchange/senders", cn.shuangkong.support.Api.json(Map.of("name", "测量下级平台",
                "regionCode", town.substring(0, 6))));
        String key = issued.json().get("key").asString();
        String at = "2026-12-01 08:00:00";
        for (int e = 0; e < REPORTED; e++) {
            String first17 = "91321282MD" + String.format("%07d", e);
            String credit = first17 + cn.shuangkong.organization.CreditCode.checkCharacter(first17);
            List<Inbound.Item> items = new ArrayList<>();
            Map<String, Object> object = common(credit, at);
            object.putAll(Map.of("hazardCode", "BM-" + e, "riskAnalysisObjectName", "测量对象", "riskClass", "1"));
            items.add(new Inbound.Item("object", object));
            for (String state : List.of("0", "9")) {
                Map<String, Object> h = common(credit, at);
                h.putAll(Map.of("dangerName", "测量隐患", "dangerLevel", state.equals("0") ? "1" : "0", "registTime", at,
                        "registrant", "张三", "dangerSrc", "1", "dangerManageType", "1", "hazardDangerType", "8",
                        "dangerDesc", "测量", "hazardCategory", "0"));
                h.putAll(Map.of("liablePerson", "李四", "dangerManageDeadline", "2026-12-31 23:59:59", "dangerState", state,
                        "checkAcceptPerson", "王五", "checkAcceptTime", at));
                items.add(new Inbound.Item("hazard", h));
            }
            var answer = inbound.receive(key, new Inbound.Batch("bm-" + e, null, null, items,
                    List.of(new Inbound.EnterpriseInfo(credit, "测量冷库" + e, town, "G5960", null, 40, false, false))));
            if (answer.accepted() != items.size()) throw new IllegalStateException(answer.toString());
        }
    }

    private static Map<String, Object> common(String credit, String at) {
        Map<String, Object> m = new HashMap<>();
        m.putAll(Map.of("id", UUID.randomUUID().toString(), "companyCode", credit.substring(8, 17), "tyshxydm", credit,
                "deleted", "0", "createBy", "测量", "createDate", at, "updateBy", "测量", "updateDate", at));
        return m;
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
