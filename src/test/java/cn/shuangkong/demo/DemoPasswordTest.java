package cn.shuangkong.demo;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The demo password's hash is shipped rather than made at every start (ADR 0067): it must be the platform's own. */
class DemoPasswordTest extends PlatformTest {

    @Autowired
    DemoPassword password;

    @Autowired
    PasswordEncoder encoder;

    @Test
    void the_shipped_hash_is_the_demo_password_s_made_by_the_platform_s_encoder_at_its_strength() {
        assertThat(encoder.matches(DemoCity.PASSWORD, DemoPassword.SHIPPED)).isTrue();
        assertThat(encoder.upgradeEncoding(DemoPassword.SHIPPED)).as("the encoder asks for no stronger hash").isFalse();
        assertThat(password.hash()).isEqualTo(DemoPassword.SHIPPED);
        assertThat(jdbc.sql("select count(*) from user_account where password_hash = ?").param(DemoPassword.SHIPPED)
                .query(Long.class).single()).as("demo accounts carry it").isPositive();
    }
}
