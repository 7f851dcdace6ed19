package cn.shuangkong.demo;

import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The one hash of {@link DemoCity#PASSWORD} that every demo account carries. BCrypt is slow on purpose, and four
 * loaders each hashing the same password again cost the start-up a BCrypt round each (issue 12 item 9). The password
 * is public (README), so its hash is shipped, made once by the platform's encoder: hashing it at every start cost the
 * main thread a BCrypt round before the JIT had compiled it, an eighth of DemoCity's time (ADR 0067). An encoder that
 * asks for a stronger hash than the shipped one gets a fresh one, as before.
 */
@Component
@Profile("demo")
class DemoPassword {

    /** {@code {bcrypt}}, strength 10, of {@link DemoCity#PASSWORD}; DemoPasswordTest checks it against the encoder. */
    static final String SHIPPED = "{bcrypt}$2a$10$1jZinI7IrSL3YxNz4RDWzOvQskKR.gs82Uuf.S0deF5t5npaGfGYO";

    private final PasswordEncoder encoder;
    private String hash;

    DemoPassword(PasswordEncoder encoder) {
        this.encoder = encoder;
    }

    synchronized String hash() {
        if (hash == null) hash = encoder.upgradeEncoding(SHIPPED) ? encoder.encode(DemoCity.PASSWORD) : SHIPPED;
        return hash;
    }
}
