package cn.shuangkong.support;

import java.time.Duration;

/**
 * How long a test waits for something it expects to happen off its own thread (a page to load, a worker to run, a
 * mail to arrive). The deadline bounds a failure, never a success: a condition that holds ends the wait at once, so
 * the wait can be long enough for the 2-core CI machine under the whole suite and other sessions' load (seen: 22 s
 * for a wait that takes 0.3 s idle) without costing a passing test anything.
 */
public final class Patience {

    /** The deadline for a condition that is expected to come true. */
    public static final Duration CONDITION = Duration.ofSeconds(60);

    private Patience() {
    }
}
