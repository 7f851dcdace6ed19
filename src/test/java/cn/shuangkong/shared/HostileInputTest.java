package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test that sends hostile requests through {@link HostileInput} and holds that none of them left a stack trace in the
 * log (the fuzz tests print what they saw first, so they keep their own set-up).
 */
abstract class HostileInputTest extends PlatformTest {

    HostileInput web;

    @BeforeEach
    void attach() {
        web = new HostileInput("http://localhost:" + port, jdbc);
        web.stackTraces.attach();
    }

    @AfterEach
    void detach() {
        web.stackTraces.detach();
        assertThat(web.stackTraces.seen).as("stack traces in the log").isEmpty();
    }
}
