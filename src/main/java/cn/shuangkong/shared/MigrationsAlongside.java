package cn.shuangkong.shared;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The migrations run beside the rest of the application's start (issue 12 item 9, ADR 0022): Flyway works on its own
 * connection while the remaining beans are built, and this gate — the first thing to start once they all exist —
 * waits for it. Nothing that serves, listens, schedules or loads starts before: the web server, the MQTT connector,
 * the partitions and the scheduled jobs are lifecycle beans or run after them, and the demo loaders run later still.
 * A failed migration fails the start as before. No bean may read the database while it is being built.
 */
@Component
class MigrationsAlongside implements FlywayMigrationStrategy, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MigrationsAlongside.class);

    private volatile CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);
    private volatile boolean running;

    @Override
    public void migrate(org.flywaydb.core.Flyway flyway) {
        long started = System.nanoTime();
        pending = CompletableFuture.runAsync(() -> {
            flyway.migrate();
            log.info("Migrations done in {} ms, beside the start", (System.nanoTime() - started) / 1_000_000);
        }, task -> {
            Thread thread = new Thread(task, "migrations");
            thread.setDaemon(true); // a start that failed elsewhere must not be kept alive by it
            thread.start();
        });
    }

    @Override
    public void start() {
        try {
            pending.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before every other lifecycle bean, the web server included. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }
}
