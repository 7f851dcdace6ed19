package cn.shuangkong.demo;

import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The one hash of {@link DemoCity#PASSWORD} that every demo account carries. BCrypt is slow on purpose, and four
 * loaders each hashing the same password again cost the start-up a BCrypt round each (issue 12 item 9).
 */
@Component
@Profile("demo")
class DemoPassword {

    private final PasswordEncoder encoder;
    private String hash;

    DemoPassword(PasswordEncoder encoder) {
        this.encoder = encoder;
    }

    synchronized String hash() {
        if (hash == null) hash = encoder.encode(DemoCity.PASSWORD);
        return hash;
    }
}
