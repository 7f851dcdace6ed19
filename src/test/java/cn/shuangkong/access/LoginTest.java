package cn.shuangkong.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.internal.ApiTokens;
import cn.shuangkong.access.internal.ProductionGuard;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

class LoginTest extends PlatformTest {

    @Autowired
    PasswordEncoder encoder;


    private void account(String username, String password) {
        jdbc.sql("insert into user_account (username, password_hash, display_name, kind) values (:u, :h, '测试', 'PLATFORM')")
                .param("u", username).param("h", encoder.encode(password)).update();
    }

    private int tokenStatus(String username, String password) {
        return api().post("/api/v1/auth/token", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}").status();
    }

    @Test
    void five_wrong_passwords_lock_the_account_from_that_client_for_fifteen_minutes_even_against_the_right_one() {
        account("lock_me", "Right#2026");
        for (int i = 0; i < 5; i++) {
            assertThat(tokenStatus("lock_me", "wrong")).isEqualTo(401);
        }
        var locked = api().post("/api/v1/auth/token", "{\"username\":\"lock_me\",\"password\":\"Right#2026\"}");
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.json().get("detail").asString()).contains("已锁定");
        assertThat(jdbc.sql("select count(*) from audit_record where action = '登录锁定' and summary like 'lock_me%'")
                .query(Long.class).single()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(16));
        assertThat(tokenStatus("lock_me", "Right#2026")).isEqualTo(200);
    }

    @Test
    void a_revoked_token_stops_working_at_once() {
        Api api = loggedIn("gov_city");
        assertThat(api.get("/api/v1/me").status()).isEqualTo(200);
        long tokenId = jdbc.sql("select id from api_token where token_hash = :h").param("h", ApiTokens.hash(api.token()))
                .query(Long.class).single();
        assertThat(api.delete("/api/v1/auth/tokens/" + tokenId).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void a_token_acts_with_the_jurisdiction_of_its_account() {
        var me = loggedIn("gov_town").get("/api/v1/me").json();
        assertThat(me.get("unit").asString()).isEqualTo("新桥镇安全生产监督管理办公室");
        assertThat(me.get("jurisdiction").asString()).startsWith("新桥镇");
    }

    @Test
    void the_production_profile_refuses_to_start_while_demo_accounts_exist() {
        var guard = new ProductionGuard(jdbc);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> guard.run(null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("演示账号");
    }
}
