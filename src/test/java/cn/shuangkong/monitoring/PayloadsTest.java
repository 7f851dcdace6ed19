package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.monitoring.internal.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Random;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The direct reading of a gateway's usual ts form agrees with {@link Instant#parse} on every input, good or bad; the
 * direct reading of the usual one-reading message agrees with the JSON tree on every message, good or hostile.
 */
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
    void every_day_of_two_centuries_and_the_edges_of_the_calendar_read_as_instant_parse_reads_them() {
        List<java.time.LocalDate> days = new java.util.ArrayList<>();
        for (var d = java.time.LocalDate.of(1970, 1, 1); d.getYear() < 2170; d = d.plusDays(1)) days.add(d);
        for (int year : new int[] {0, 1, 4, 100, 400, 1600, 1900, 1999, 2000, 2100, 2400, 9999}) {
            days.addAll(List.of(java.time.LocalDate.of(year, 1, 1), java.time.LocalDate.of(year, 2, 28), java.time.LocalDate.of(year, 3, 1),
                    java.time.LocalDate.of(year, 12, 31)));
        }
        assertThat(days).hasSizeGreaterThan(73_000);
        for (var d : days) {
            String s = String.format(java.util.Locale.ROOT, "%04d-%02d-%02dT13:07:59.5Z", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            assertThat(Payloads.instant(s)).as(s).isEqualTo(Instant.parse(s));
        }
        for (int year : new int[] {1900, 2023, 2100, 2024, 2000}) { // the 29th of February where there is none, refused as Instant.parse does
            String s = year + "-02-29T00:00:00Z";
            if (java.time.Year.isLeap(year)) assertThat(Payloads.instant(s)).isEqualTo(Instant.parse(s));
            else assertThatThrownBy(() -> Payloads.instant(s)).as(s).isInstanceOf(DateTimeException.class);
        }
    }

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void the_usual_message_read_directly_is_what_the_tree_reads() {
        List<String> values = new ArrayList<>(List.of("7.42", "7.420", "5.00", "0", "-0", "-0.0", "0.5", "-12.3456", "0.00005",
                "0.123456789012345", "123456789.123456", "999999999.99995", "9999999999", "10000000000", "-9999999999.99999",
                "123456789012345678", "1.0", "3.14159", "2.675", "0.1", "100", "8.5", "1e2", "1E-3", "01", "1.", ".5", "+1", "-",
                "1.2.3", "\"7.42\"", "null", "true", "[1]", "{}", "NaN", "1234567890123456789", "0.1234567890123456"));
        var random = new Random(12);
        for (int i = 0; i < 2000; i++) {
            String whole = String.valueOf(random.nextInt(3) == 0 ? random.nextInt(10) : random.nextLong(1_000_000_000_000L));
            int digits = random.nextInt(17);
            StringBuilder fraction = new StringBuilder();
            for (int d = 0; d < digits; d++) fraction.append((char) ('0' + random.nextInt(10)));
            values.add((random.nextBoolean() ? "-" : "") + whole + (digits == 0 ? "" : "." + fraction));
        }
        List<String> stamps = List.of("\"2026-11-23T08:00:00.120Z\"", "\"2026-11-23T08:00:00Z\"", "\"2026-12-06T00:04:59Z\"",
                "\"2026-12-06T00:05:01Z\"", "\"1999-12-31T23:59:59Z\"", "\"2026-02-29T00:00:00Z\"", "\"2026-11-23T08:00:00+08:00\"",
                "\"yesterday\"", "\"\"", "\"2026-11-23T08:00:00\\u005a\"", "\"２０２６-11-23T08:00:00Z\"", "1764979200000", "null", "true",
                "{}", "\"2026-11-23T08:00:00.1234567890Z\"");
        List<String> messages = new ArrayList<>();
        for (String v : values) {
            messages.add("{\"value\":" + v + ",\"ts\":\"2026-11-23T08:00:00.120Z\"}");
            messages.add("{\"value\":" + v + "}");
        }
        for (String t : stamps) {
            messages.add("{\"value\":7.42,\"ts\":" + t + "}");
            messages.add(" {\t\"ts\" : " + t + " ,\r\n \"value\" : 1.5 } ");
        }
        messages.addAll(List.of("{\"value\":1,\"value\":\"x\"}", "{\"value\":\"x\",\"value\":1}", "{\"ts\":\"2026-11-23T08:00:00Z\"}",
                "{\"value\":1,\"unit\":\"m\"}", "{\"value\":1}x", "{\"value\":1}{}", "{\"value\":1,}", "{\"value\" 1}", "{\"value\":1",
                "[{\"value\":1}]", "\ufeff{\"value\":1}", "{\"val\\u0075e\":1}", "{}", "", " ", "null", "7.42", "{\"VALUE\":1}",
                "{\"value\":1,\"ts\":\"2026-11-23T08:00:00Z\",\"ts\":\"2026-11-24T08:00:00Z\"}", "{\"value\":1} \n"));
        messages.add("{\"value\":1,\"ts\":\"" + "9".repeat(5000) + "\"}");
        int direct = 0;
        for (String m : messages) {
            byte[] bytes = m.getBytes(StandardCharsets.UTF_8);
            String tree = outcome(() -> Payloads.throughTree(bytes, CLOCK));
            assertThat(outcome(() -> Payloads.parse(bytes, CLOCK))).as(m).isEqualTo(tree);
            if (Payloads.readDirectly(bytes, CLOCK)) direct++;
        }
        assertThat(direct).as("most of these are read directly").isGreaterThan(messages.size() / 2);
    }

    /** What parsing gives, as text: the value with its scale and the ts, or the refusal's class and message. */
    private static String outcome(java.util.function.Supplier<Payloads.Parsed> parse) {
        try {
            var p = parse.get();
            return p.value().toPlainString() + " @ " + p.ts();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + (e instanceof IllegalArgumentException ? e.getMessage().replaceAll("：.*", "：…") : "");
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
