package cn.shuangkong.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The codes an authenticator app shows: RFC 6238's own test vectors (SHA-1, the last six of its eight digits). */
class TotpTest {

    private static final String RFC_SECRET = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @Test
    void the_secret_of_the_rfc_travels_in_base32_as_the_apps_read_it() {
        assertThat(RFC_SECRET).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(new String(Totp.unbase32("gezd gnbv-gy3t qojq gezd gnbv gy3t qojq"), StandardCharsets.US_ASCII))
                .isEqualTo("12345678901234567890");
    }

    @Test
    void the_codes_are_those_of_rfc_6238_appendix_b() {
        assertThat(Totp.code(RFC_SECRET, Totp.stepAt(59))).isEqualTo("287082");
        assertThat(Totp.code(RFC_SECRET, Totp.stepAt(1111111109))).isEqualTo("081804");
        assertThat(Totp.code(RFC_SECRET, Totp.stepAt(1234567890))).isEqualTo("005924");
        assertThat(Totp.code(RFC_SECRET, Totp.stepAt(2000000000))).isEqualTo("279037");
    }

    @Test
    void a_code_is_taken_from_the_step_before_or_after_and_only_once() {
        long now = Totp.stepAt(1234567890);
        assertThat(Totp.match(RFC_SECRET, "005924", now, 0)).hasValue(now);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, now - 1), now, 0)).hasValue(now - 1);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, now + 1), now, 0)).hasValue(now + 1);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, now - 2), now, 0)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, "005924", now, now)).as("spent").isEmpty();
        assertThat(Totp.match(RFC_SECRET, "005 924", now, 0)).as("typed with a space").hasValue(now);
        assertThat(Totp.match(RFC_SECRET, "5924", now, 0)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, null, now, 0)).isEmpty();
    }
}
