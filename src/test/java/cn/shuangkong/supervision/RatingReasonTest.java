package cn.shuangkong.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import java.sql.Timestamp;
import org.junit.jupiter.api.Test;

/**
 * The rating's page says why it was last computed: only a change of what it is computed from counts as a reason. An API
 * sign-in (which issues a token) is none.
 */
class RatingReasonTest extends PlatformTest {

    private record Computed(Timestamp computedAt, String reason) { }

    private Computed rating(long enterpriseId) {
        OwedRatings.awaitRecomputed(jdbc, enterpriseId);
        return jdbc.sql("select computed_at, reason from enterprise_rating where enterprise_id = :e").param("e", enterpriseId)
                .query(Computed.class).single();
    }

    @Test
    void signing_in_through_the_api_recomputes_no_rating() {
        long mech = enterpriseIdOf("ent_mech");
        Computed before = rating(mech);
        loggedIn("ent_mech");
        assertThat(jdbc.sql("select count(*) from audit_record where action = '签发API令牌' and enterprise_id = :e").param("e", mech)
                .query(Long.class).single()).as("the token is audited all the same").isPositive();
        Computed after = rating(mech);
        assertThat(after.reason()).isNotEqualTo("签发API令牌");
        assertThat(after).isEqualTo(before);
    }
}
