package cn.shuangkong.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.internal.ApiTokens;
import cn.shuangkong.access.internal.Roles;
import cn.shuangkong.access.internal.UserAdministration;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A Bearer token is resolved once and remembered (ADR 0023), yet a stopped account or a withdrawn permission takes
 * effect on the next call, and a busy token writes its last use at most once a minute instead of on every call.
 */
class TokenCacheTest extends PlatformTest {

    @Autowired
    UserAdministration users;

    @Autowired
    Roles roles;

    @Test
    void a_busy_token_writes_its_last_use_once_a_minute() {
        Api api = loggedIn("gov_town");
        for (int i = 0; i < 5; i++) assertThat(api.get("/api/v1/me").status()).isEqualTo(200);
        Timestamp first = lastUsed(api);
        assertThat(first).isNotNull();
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) assertThat(api.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(lastUsed(api)).as("within the minute: not written again").isEqualTo(first);
        clock.advance(Duration.ofSeconds(31));
        assertThat(api.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(lastUsed(api).toInstant()).as("a minute later: written").isAfter(first.toInstant().plusSeconds(60));
    }

    @Test
    void a_stopped_account_is_refused_on_its_next_call_though_its_token_was_remembered() {
        String username = account("CITY_REGULATOR");
        Api api = api().login(username, "Demo@2026");
        assertThat(api.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/me").status()).isEqualTo(200); // remembered now
        users.setEnabled(idOf(username), false);
        assertThat(api.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void a_permission_withdrawn_from_a_role_is_refused_on_the_next_call() {
        String code = "T" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        long role = roles.create(code, "缓存测试角色" + code, "令牌缓存测试");
        roles.grant(role, Set.of("hazard:register:read"));
        String username = account(null);
        jdbc.sql("insert into user_role (user_id, role_id) values (:u, :r)").param("u", idOf(username)).param("r", role).update();
        Api api = api().login(username, "Demo@2026");
        assertThat(api.get("/api/v1/hazards").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/hazards").status()).isEqualTo(200); // remembered now
        roles.grant(role, Set.of());
        assertThat(api.get("/api/v1/hazards").status()).isEqualTo(403);
    }

    /** A fresh account of the city bureau's department (with that role code, if given), password Demo@2026. */
    private String account(String roleCode) {
        String username = "cache_" + UUID.randomUUID().toString().substring(0, 8);
        long id = jdbc.sql("""
                insert into user_account (username, password_hash, display_name, kind, department_id)
                select :u, password_hash, '缓存测试', kind, department_id from user_account where username = 'gov_city' returning id""")
                .param("u", username).query(Long.class).single();
        if (roleCode != null) {
            jdbc.sql("insert into user_role (user_id, role_id) select :u, role_id from user_role where user_id = "
                    + "(select id from user_account where username = 'gov_city')").param("u", id).update();
        }
        return username;
    }

    private long idOf(String username) {
        return jdbc.sql("select id from user_account where username = :u").param("u", username).query(Long.class).single();
    }

    private Timestamp lastUsed(Api api) {
        return jdbc.sql("select last_used_at from api_token where token_hash = :h").param("h", ApiTokens.hash(api.token()))
                .query(Timestamp.class).single();
    }
}
