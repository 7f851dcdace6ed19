package cn.shuangkong.shared;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A module's background thread as its {@code SmartLifecycle} starts and stops it: a daemon, so that it never keeps
 * the process up, and stopped by waking it and waiting a bounded time for its loop to end (a loop cut short by the
 * shutdown leaves its work owed for the next start). How the thread is woken stays the module's choice: an interrupt
 * ends a blocking take from a queue; an unpark ends a park without interrupting a database call.
 */
public final class Workers {

    private Workers() {
    }

    /** Starts {@code loop} on a daemon thread named {@code name}. */
    public static Thread start(String name, Runnable loop) {
        Thread worker = new Thread(loop, name);
        worker.setDaemon(true);
        worker.start();
        return worker;
    }

    /** Wakes {@code worker} with {@code wake} and waits up to {@code patience} for it to end; null, never started, is done. */
    public static void stop(Thread worker, Consumer<Thread> wake, Duration patience) {
        if (worker == null) return;
        wake.accept(worker);
        try {
            worker.join(patience.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the stopping thread's own interrupt is kept for its caller
        }
    }
}
