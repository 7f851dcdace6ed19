package cn.shuangkong.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 申报回避关系: the relation is told in at most 100 characters, and a longer one is refused naming the field — it reached
 * the database's column limit before (RealIdFuzzTest, ADR 0077 session 16).
 */
class EnforcerRelationsTest extends PlatformTest {

    @Test
    void a_relation_over_a_hundred_characters_is_refused_naming_the_field_and_one_within_is_declared() {
        Api town = loggedIn("gov_town");
        long mech = enterpriseIdOf("ent_mech");
        var enforcer = town.post("/api/v1/supervision/enforcers", Api.json(Map.of("name", "回避测试", "badgeNo", "回避测试-" + mech + "-" + clock.millis())));
        assertThat(enforcer.status()).as(enforcer.body()).isEqualTo(200);
        long id = enforcer.json().get("id").asLong();

        var tooLong = town.post("/api/v1/supervision/enforcers/" + id + "/relations", Api.json(Map.of("enterpriseId", mech, "relation", "亲".repeat(101))));
        assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get("relation").asString()).isEqualTo("关系说明不能超过 100 字");

        var declared = town.post("/api/v1/supervision/enforcers/" + id + "/relations", Api.json(Map.of("enterpriseId", mech, "relation", "亲".repeat(100))));
        assertThat(declared.status()).as(declared.body()).isEqualTo(204);
        assertThat(jdbc.sql("select relation from enforcer_relation where enforcer_id = :f").param("f", id).query(String.class).single())
                .isEqualTo("亲".repeat(100));
    }
}
