package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The direct reading of a gateway's usual ts form agrees with {@link Instant#parse} on every input, good or bad. */
class PayloadsTest {

    @Test
    void the_usual_form_is_read_exactly_as_instant_parse_reads_it() {
        List<String> good = List.of("2026-11-23T08:00:00Z", "2026-11-23T08:00:00.1Z", "2026-11-23T08:00:00.120Z",
                "2026-11-23T23:59:59.999999999Z", "2024-02-29T00:00:00Z", "2000-01-01T00:00:00.000001Z", "1970-01-01T00:00:00Z",
                "2026-12-31T12:34:56.78Z",
                // not the usual form: handed to Instant.parse, which takes them
                "2026-11-23T08:00:00+08:00", "2026-11-23T08:00:60Z", "+12026-11-23T08:00:00Z");
        for (String s : good) {
            Instant expected;
            try {
                expected = Instant.parse(s);
            } catch (DateTimeException e) {
                continue; // checked below with the bad ones
            }
            assertThat(Payloads.instant(s)).as(s).isEqualTo(expected);
        }
    }

    @Test
    void what_instant_parse_refuses_is_refused() {
        List<String> bad = List.of("2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-31T00:00:00Z",
                "2026-11-23T24:00:00Z", "2026-11-23T08:60:00Z", "2026-11-23T08:00:00.Z", "2026-11-23T08:00:00.1234567890Z",
                "2026-11-23 08:00:00Z", "2026-11-23T08:00:00", "2026-1a-23T08:00:00Z", "yesterday", "", "２０２６-11-23T08:00:00Z");
        for (String s : bad) {
            boolean parses;
            try {
                Instant.parse(s);
                parses = true;
            } catch (DateTimeException e) {
                parses = false;
            }
            if (parses) {
                assertThat(Payloads.instant(s)).as(s).isEqualTo(Instant.parse(s));
            } else {
                assertThatThrownBy(() -> Payloads.instant(s)).as(s).isInstanceOf(DateTimeException.class);
            }
        }
    }
}
