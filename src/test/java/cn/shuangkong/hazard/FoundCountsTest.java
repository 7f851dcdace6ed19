package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.shared.Jurisdiction;
import java.awt.Color;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * "发现" this month is one number (ADR 0066, V300): the 驾驶舱's (and the 大屏's, which draws the same snapshot) monthly
 * trend, 隐患统计 and the bulletin's count of hazards registered all count what the register counts as a hazard found —
 * one that entered the loop. A 随手拍 awaiting confirmation is not one yet; once confirmed it counts in the month it
 * was found.
 */
class FoundCountsTest extends PlatformTest {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    @Autowired HazardStatistics statistics;

    /** What each view says about this month in 新桥镇 (gov_town's scope), and what the register holds. */
    private record Counts(long dashboard, long statistics, long bulletin, long register) { }

    private Counts counts() {
        LocalDate first = LocalDate.now(clock.withZone(BEIJING)).withDayOfMonth(1);
        Api town = loggedIn("gov_town");
        JsonNode trend = ok(town.get("/api/v1/dashboard")).get("trend");
        assertThat(trend.isEmpty()).isFalse();
        JsonNode month = trend.get(trend.size() - 1);
        assertThat(month.get("month").asString()).isEqualTo(first.toString().substring(0, 7));

        long stats = 0;
        // this month only: other tests leave hazards found in months ahead of the clock, which they moved and put back
        JsonNode rows = ok(town.get("/api/v1/hazard-statistics?from=" + first + "&to=" + first.plusMonths(1).minusDays(1)));
        for (JsonNode r : rows) stats += r.get("total").get("found").asLong();

        var department = jdbc.sql("select d.region_code from department d join user_account u on u.department_id = d.id where u.username = 'gov_town'")
                .query(String.class).single();
        Jurisdiction scope = Jurisdiction.regulator(department, List.of(), "新桥镇");
        Instant from = first.atStartOfDay(BEIJING).toInstant(), to = clock.instant().plus(Duration.ofMinutes(1));
        long bulletin = statistics.between(scope, from, to).stream().mapToLong(HazardStatistics.Row::registered).sum();

        long register = jdbc.sql("""
                select count(*) from hazard h join enterprise e on e.id = h.enterprise_id
                 where e.region_code like :p and h.found_at >= :from and h.found_at < :next
                   and h.state not in ('REJECTED', 'PENDING_CONFIRMATION')""")
                .param("p", Jurisdiction.regionPrefix(department) + "%").param("from", Timestamp.from(from))
                .param("next", Timestamp.from(first.plusMonths(1).atStartOfDay(BEIJING).toInstant())).query(Long.class).single();
        return new Counts(month.get("found").asLong(), stats, bulletin, register);
    }

    @Test
    void a_snapshot_counts_as_found_once_confirmed_and_every_view_says_the_same() {
        // the bulletin counts up to now, the others the month whole: now after the month's latest hazard
        LocalDate first = LocalDate.now(clock.withZone(BEIJING)).withDayOfMonth(1);
        Instant was = clockAfterHazardsIn(first.atStartOfDay(BEIJING).toInstant(), first.plusMonths(1).atStartOfDay(BEIJING).toInstant());
        try {
            sameInEveryView();
        } finally {
            clock.set(was);
        }
    }

    private void sameInEveryView() {
        Counts before = counts();
        assertThat(before.statistics()).as("隐患统计 = the register").isEqualTo(before.register());
        assertThat(before.bulletin()).as("the bulletin = the register").isEqualTo(before.register());
        // the 驾驶舱 adds what lower platforms reported (数据上报 received); the rest is the register's own
        long received = before.dashboard() - before.register();
        assertThat(received).isNotNegative();

        Api mech = loggedIn("ent_mech");
        var snap = HazardApiTest.report("SNAPSHOT", "发现口径测试：车间消火栓被遮挡");
        snap.put("photo", HazardApiTest.b64(Photos.png(new Color(0x5C2E91))));
        var filed = mech.post("/api/v1/hazards", Api.json(snap));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        assertThat(filed.json().get("state").asString()).isEqualTo("PENDING_CONFIRMATION");
        long id = filed.json().get("id").asLong();

        Counts pending = counts();
        assertThat(pending).as("a report awaiting confirmation is no hazard found yet, in any view").isEqualTo(before);

        ok(mech.post("/api/v1/hazards/" + id + "/confirm", "{}"));
        Counts confirmed = counts();
        assertThat(confirmed.register()).isEqualTo(before.register() + 1);
        assertThat(confirmed).as("every view counts it, the same").isEqualTo(new Counts(confirmed.register() + received,
                confirmed.register(), confirmed.register(), confirmed.register()));
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
