package cn.shuangkong;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A test waits with a deadline on a condition (Awaitility, or a Selenium wait in {@code support.Browser}), never a
 * fixed pause: a sleep long enough for the 2-core CI machine under load is slow everywhere else, and a loop with its own
 * deadline arithmetic may end at the deadline without failing. So no test source calls {@code Thread.sleep}, a
 * {@code TimeUnit}'s sleep, {@code LockSupport.park*} or {@code Thread.onSpinWait} — the disguises hand-rolled polling
 * loops took — except on a line that says why it pauses on purpose ({@value #MARKER} followed by the reason), for a
 * test that shows something does not happen, or needs time to pass, with nothing to wait for. The benchmarks under
 * {@code bench/} measure time and are not checked.
 */
class TestsWaitOnConditionsTest {

    static final Path TESTS = Path.of("src/test/java/cn/shuangkong");
    static final String MARKER = "// sleeps on purpose:";
    static final Pattern PAUSE = Pattern.compile(
            "\\bThread\\s*\\.\\s*(sleep|onSpinWait)\\s*\\(|\\bTimeUnit\\s*\\.\\s*\\w+\\s*\\.\\s*sleep\\s*\\(|\\bLockSupport\\s*\\.\\s*park\\w*\\s*\\(");
    static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");

    @Test
    void no_test_source_outside_the_benchmarks_pauses_without_saying_why() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(TESTS)) {
            sources = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !TESTS.relativize(f).toString().replace('\\', '/').matches("(.*/)?bench/.*")).sorted().toList();
        }
        assertThat(sources).as("the test sources are read").contains(TESTS.resolve("support/Browser.java"));
        List<String> found = new ArrayList<>();
        for (Path f : sources) found.addAll(pauses(f.toString(), Files.readString(f)));
        assertThat(found).as("fixed pauses in tests: wait with Awaitility.await().alias(…).atMost(Patience.CONDITION).until(…)"
                + ", or say why on the line with \"" + MARKER + " …\"").isEmpty();
    }

    @Test
    void a_pause_is_found_unless_its_line_says_why_and_a_comment_or_a_string_is_no_pause() {
        // quoted lines, not a text block: this file is itself a test source the first test reads
        String source = String.join("\n",
                "class Waits {",
                "    void f() throws Exception {",
                "        Thread.sleep(50);",
                "        java.util.concurrent.TimeUnit.MILLISECONDS.sleep(5);",
                "        LockSupport.parkNanos(1_000);",
                "        Thread.onSpinWait();",
                "        Thread.sleep(200); // sleeps on purpose: a second later, the sweep must still have sent nothing",
                "        Thread.sleep(200); // sleeps on purpose:",
                "        // Thread.sleep(50);",
                "        String s = \"Thread.sleep(50)\";",
                "        String url = \"http://x\"; Thread.sleep(1);",
                "    }",
                "}");
        assertThat(pauses("Waits.java", source))
                .containsExactly("Waits.java:3", "Waits.java:4", "Waits.java:5", "Waits.java:6", "Waits.java:8", "Waits.java:11");
    }

    /** {@code file:line} of each pause in the source that its line does not explain. */
    static List<String> pauses(String file, String source) {
        List<String> found = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = STRING.matcher(lines[i].strip()).replaceAll("\"\""); // a string's text is no call
            if (line.startsWith("*") || line.startsWith("/*")) continue; // a Javadoc or block comment's line
            int comment = line.indexOf("//");
            String code = comment < 0 ? line : line.substring(0, comment);
            if (!PAUSE.matcher(code).find()) continue;
            String why = comment < 0 ? "" : line.substring(comment);
            if (why.startsWith(MARKER) && !why.substring(MARKER.length()).isBlank()) continue;
            found.add(file + ":" + (i + 1));
        }
        return found;
    }
}
