package cn.shuangkong.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.internal.UserAdministration;
import cn.shuangkong.quality.internal.QualityChecks;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The rating's page says why it was last computed: only a change of what it is computed from counts as a reason. An API
 * sign-in (which issues a token) is none.
 */
class RatingReasonTest extends PlatformTest {

    @Autowired
    UserAdministration users;

    @Autowired
    QualityChecks quality;

    private record Computed(Timestamp computedAt, String reason) { }

    private Computed rating(long enterpriseId) {
        OwedRatings.awaitRecomputed(jdbc, enterpriseId);
        return jdbc.sql("select computed_at, reason from enterprise_rating where enterprise_id = :e").param("e", enterpriseId)
                .query(Computed.class).single();
    }

    @Test
    void signing_in_through_the_api_recomputes_no_rating() {
        // An enterprise and account of the test's own, with nothing an alert rule could find: a demo enterprise's rating
        // may be recomputed meanwhile for a reason of its own (an alert of the scheduled evaluation), and "as before"
        // would then fail for what the sign-in did not do.
        long quiet = FreshEnterprise.create(jdbc, "令牌评级").id();
        String username = "rr" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        openAccount(new UserAdministration.NewUser(username, "评级测试安全员", null, "ENTERPRISE", quiet, null, null,
                List.of("ENTERPRISE_SAFETY"), "Rating#2026x"));
        // The data-quality check follows each change of the enterprise some seconds later (debounced) and owes the
        // rating a recompute when the score changes, as the first check of a new enterprise always does: run it now,
        // so that the debounced one finds nothing new and cannot land between "before" and "after".
        quality.check(quiet, "测试前");
        jdbc.sql("insert into rating_owed (enterprise_id, reason, owed_since) values (:e, '测试前', :t) on conflict do nothing")
                .param("e", quiet).param("t", Timestamp.from(clock.instant())).update(); // rated once before the sign-in
        Computed before = rating(quiet);
        api().login(username, "Rating#2026x");
        assertThat(jdbc.sql("select count(*) from audit_record where action = '签发API令牌' and enterprise_id = :e").param("e", quiet)
                .query(Long.class).single()).as("the token is audited all the same").isEqualTo(1);
        Computed after = rating(quiet);
        assertThat(after.reason()).isNotEqualTo("签发API令牌");
        assertThat(after).isEqualTo(before);
    }
}
