package cn.shuangkong.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.alerting.internal.AlertEngine;
import cn.shuangkong.support.PlatformTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** 走过场: each rule fires on a made-up-looking record with its evidence, stays quiet on an honest one, and never twice. */
class FormalityRulesTest extends PlatformTest {

    @Autowired
    AlertEngine engine;

    private Instant ago(int minutes) {
        return clock.instant().minus(Duration.ofMinutes(minutes));
    }

    @Test
    void five_items_answered_in_twenty_seconds_is_too_fast_but_five_minutes_is_not() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        long p = site.point("锅炉房", 3);
        long fast = site.record(p, "fast_" + site.enterpriseId, ago(60), ago(60).plusSeconds(20), 5, null, null, null);
        site.record(p, "careful_" + site.enterpriseId, ago(30), ago(25), 5, null, null, null);
        engine.runAll();
        engine.runAll();
        assertThat(site.open("FORMALITY_TOO_FAST")).isEqualTo(1);
        assertThat(site.evidence("FORMALITY_TOO_FAST")).contains("排查记录 #" + fast).contains("用时 20 秒").contains("平均每项 4.0 秒");
    }

    @Test
    void twelve_tasks_at_three_points_within_two_minutes_is_bulk_ticking_but_spread_over_hours_is_not() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        long a = site.point("A 区", 3), b = site.point("B 区", 3), c = site.point("C 区", 3);
        String quick = "bulk_" + site.enterpriseId, slow = "slow_" + site.enterpriseId;
        long first = site.record(a, quick, null, ago(100), 4, null, null, null);
        site.record(b, quick, null, ago(100).plusSeconds(40), 4, null, null, null);
        site.record(c, quick, null, ago(100).plusSeconds(90), 4, null, null, null);
        site.record(a, slow, null, ago(400), 4, null, null, null);
        site.record(b, slow, null, ago(250), 4, null, null, null);
        site.record(c, slow, null, ago(100), 4, null, null, null);
        engine.runAll();
        engine.runAll();
        assertThat(site.open("FORMALITY_BULK_TICK")).isEqualTo(1);
        String evidence = site.evidence("FORMALITY_BULK_TICK");
        assertThat(evidence).contains("90 秒内").contains("3 个风险点完成 12 项任务").contains("排查记录 #" + first).doesNotContain(slow);
    }

    @Test
    void a_record_a_kilometre_from_where_the_point_was_first_checked_in_is_flagged_with_the_distance() {
        Site site = Site.in(jdbc, Site.XINQIAO);
        long p = site.point("危化品仓库", 2);
        String who = "far_" + site.enterpriseId;
        long anchor = site.record(p, who, null, ago(600), 1, new BigDecimal("32.000000"), new BigDecimal("120.000000"), null);
        long near = site.record(p, who, null, ago(300), 1, new BigDecimal("32.000400"), new BigDecimal("120.000000"), null);
        long far = site.record(p, who, null, ago(60), 1, new BigDecimal("32.010000"), new BigDecimal("120.000000"), null);
        engine.runAll();
        engine.runAll();
        assertThat(site.open("FORMALITY_FAR_CHECKIN")).isEqualTo(1);
        assertThat(jdbc.sql("select subject_key from alert where enterprise_id = :e and rule_code = 'FORMALITY_FAR_CHECKIN'")
                .param("e", site.enterpriseId).query(String.class).single()).isEqualTo("record:" + far).isNotEqualTo("record:" + near);
        assertThat(site.evidence("FORMALITY_FAR_CHECKIN")).contains("相距 1112 米").contains("排查记录 #" + anchor);
    }

    @Test
    void the_same_photo_in_two_records_is_reuse_with_both_records_listed_and_goes_to_the_principal_and_regulators() {
        long chem = enterpriseIdOf("ent_chem");
        long point = jdbc.sql("select id from risk_point where enterprise_id = :e order by id limit 1").param("e", chem).query(Long.class).single();
        // written into the chemical works, whose principal chem_boss has an account
        Site chemSite = new Site(jdbc, chem);
        String sha = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        long r1 = chemSite.record(point, "worker_chem", null, ago(200), 1, null, null, chemSite.photo(sha));
        long r2 = chemSite.record(point, "worker_chem", null, ago(100), 1, null, null, chemSite.photo(sha));
        String other = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        chemSite.record(point, "worker_chem", null, ago(50), 1, null, null, chemSite.photo(other));
        engine.runAll();
        engine.runAll();
        var alerts = jdbc.sql("select id from alert where rule_code = 'FORMALITY_PHOTO_REUSED' and subject_key like :k")
                .param("k", "photo:" + sha.substring(0, 32) + "%").query(Long.class).list();
        assertThat(alerts).hasSize(1);
        assertThat(jdbc.sql("select count(*) from alert where rule_code = 'FORMALITY_PHOTO_REUSED' and subject_key like :k")
                .param("k", "photo:" + other.substring(0, 32) + "%").query(Long.class).single()).isZero();
        String evidence = jdbc.sql("select evidence from alert where id = :id").param("id", alerts.get(0)).query(String.class).single();
        assertThat(evidence).contains("排查记录 #" + r1).contains("排查记录 #" + r2).contains("SHA-256 " + sha.substring(0, 16));
        var told = jdbc.sql("select username from alert_notice where alert_id = :a").param("a", alerts.get(0)).query(String.class).list();
        assertThat(told).contains("chem_boss", "gov_city").doesNotContain("worker_chem", "gov_town");
    }
}
