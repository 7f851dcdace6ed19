package cn.shuangkong.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Writers that meet (ADR 0084): {@code n} calls on threads of their own, released together by a latch, every outcome
 * kept — the value or what was thrown — so that a test sees each loser, not only the first failure. A call that does
 * not end within {@link Patience#CONDITION} fails the test (two writers waiting on each other for ever).
 */
public final class AtOnce {

    private AtOnce() {
    }

    /** What one call came to: its value, or what it threw. */
    public record Outcome<T>(T value, Throwable failure) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    /** Runs {@code call(i)} for i = 0 … n - 1 at the same moment; the outcomes in the order of i. */
    public static <T> List<Outcome<T>> run(int n, IntFunction<T> call) throws InterruptedException {
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                runs.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> run : runs) {
                try {
                    outcomes.add(new Outcome<>(run.get(Patience.CONDITION.toSeconds(), TimeUnit.SECONDS), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                } catch (TimeoutException e) {
                    throw new AssertionError("a call did not end within " + Patience.CONDITION.toSeconds() + " s", e);
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
