package cn.shuangkong.monitoring.internal;

import io.moquette.broker.ISubscriptionsRepository;
import io.moquette.broker.Server;
import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import io.moquette.broker.subscriptions.Subscription;
import io.moquette.broker.subscriptions.Topic;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two changes to each connection of the embedded broker, where the profile of one reading per message showed Moquette
 * 0.17's Netty threads spending their time (ADR 0058):
 * <ul>
 * <li>What the connection's event loop has queued is flushed once, not once per packet. Moquette writes every PUBACK
 * from its session loop with {@code writeAndFlush}: one write system call per message — on loopback one TCP delivery
 * into the gateway's socket each. Netty's {@link FlushConsolidationHandler} keeps the writes and turns the flushes of the
 * PUBACKs already queued into one, run right after them on the same thread: no timer (Moquette's own
 * {@code buffer_flush_millis} puts one on every connection, ADR 0052), no PUBACK held back for a next one, and a PUBACK
 * still leaves only after its message was handed on.</li>
 * <li>Moquette's packet logger leaves the pipeline unless its logger is at INFO: it logs nothing at the platform's
 * levels, yet for every packet in and out it filled the MDC (which no log pattern of the platform prints) and looked up
 * the client id — a fifth of the Netty threads' samples.</li>
 * </ul>
 * Moquette 0.17 has no hook for a handler of one's own. It puts its optional metrics handler into every new
 * connection's pipeline, read from a field of its acceptor as each connection opens; that field is given a handler
 * that makes the two changes and leaves. Should an upgrade rename the field, the broker runs as before, a warning says
 * so, and {@code BrokerPipelineTest} fails.
 *
 * <p>And two changes to the broker as a whole (ADR 0065): an accepted reading is handed to {@link BrokerReadings} by the
 * session loop that accepted it, not through Moquette's intercept thread ({@link #handOnTheCaller}); and while no
 * client has subscribed to anything, a publish is not matched against the empty subscription tree
 * ({@link #matchOnlySubscribed}).
 */
public final class BrokerPipeline {

    private static final Logger log = LoggerFactory.getLogger(BrokerPipeline.class);
    /** Moquette's packet logger: it logs each packet at INFO (a debugging aid: set it to INFO, then reconnect). */
    private static final Logger packetLog = LoggerFactory.getLogger("io.moquette.broker.metrics.MQTTMessageLogger");

    /** Connections whose pipeline was changed (a test reads it). */
    public static final AtomicLong tuned = new AtomicLong();
    /** Whether the broker's readings are handed on by its session loops ({@link #handOnTheCaller}; a test reads it). */
    public static volatile boolean handedOnTheCaller;
    /** Whether the broker's subscription directory is wrapped ({@link #matchOnlySubscribed}; a test reads it). */
    public static volatile boolean matchingOnlySubscribed;

    /** Off only in the benchmark, for the connections it opens to measure the old pipeline beside the new at the same moment. */
    public static volatile boolean tuning = true;

    /**
     * Off only in the benchmark, to measure the broker as before ADR 0065 beside it at the same moment: readings handed
     * on through Moquette's intercept thread, each message's topic split anew, every publish matched against the tree.
     */
    public static volatile boolean shortPath = true;

    private BrokerPipeline() {
    }

    /**
     * Moquette notifies its intercept handlers through a pool of its own (here one thread, for the order of a gateway's
     * readings): per message a task, a queue node, a lock and a hand-over to another core, and the intercept thread
     * then waits on that queue — for work that is a parse and an offer to a queue that never blocks. Its executor is
     * replaced by one that runs the notification on the calling thread: the session loop that has just sent the
     * PUBACK. A gateway's connection is always served by the same session loop, so its readings still reach
     * {@link Ingestion#offer} in the order it published them; the two session loops may call it at the same time, which
     * it allows. Only for the in-process queue: with Kafka (ADR 0021) the offer may look points up in the database and
     * wait for the producer, which must not hold a session loop (ADR 0045), so the pool stays. False (and a warning)
     * if Moquette's interceptor could not be changed: then it runs as before.
     */
    static boolean handOnTheCaller(Server broker) {
        try {
            Object interceptor = field(Server.class, "interceptor").get(broker);
            Field executor = field(interceptor.getClass(), "executor");
            executor.set(interceptor, new OnTheCaller((ExecutorService) executor.get(interceptor)));
            handedOnTheCaller = true;
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("MQTT: readings keep Moquette's intercept thread ({})", e.toString());
            return false;
        }
    }

    /**
     * Moquette matches every accepted publish against its subscription tree, and its tree allocates as it walks even
     * when it is empty — which it always is on the embedded broker: the platform takes readings where the broker
     * accepts them (ADR 0034) and a gateway may subscribe to nothing (ADR 0015). The directory is wrapped so that a
     * match answers "no one" while no subscription was ever added, and asks the tree as before from the first one on.
     * Subscriptions are added only through the broker's post office (its session registry only removes them), so
     * both are given the wrapper. False (and a warning) if Moquette could not be changed: then it matches as before.
     */
    public static boolean matchOnlySubscribed(Server broker) {
        try {
            Object postOffice = field(Server.class, "dispatcher").get(broker);
            Object sessions = field(Server.class, "sessions").get(broker);
            Field inPostOffice = field(postOffice.getClass(), "subscriptions");
            Field inSessions = field(sessions.getClass(), "subscriptionsDirectory");
            var all = (ISubscriptionsDirectory) inPostOffice.get(postOffice);
            if (inSessions.get(sessions) != all) throw new IllegalStateException("two subscription directories");
            var wrapped = new WhileNoneSubscribed(all);
            inPostOffice.set(postOffice, wrapped);
            inSessions.set(sessions, wrapped);
            matchingOnlySubscribed = true;
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("MQTT: every publish is matched against the subscription tree ({})", e.toString());
            return false;
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /** The broker's subscription directory, not asked to match while nothing was ever subscribed. */
    private static final class WhileNoneSubscribed implements ISubscriptionsDirectory {
        private final ISubscriptionsDirectory all;
        private volatile boolean any;

        WhileNoneSubscribed(ISubscriptionsDirectory all) {
            this.all = all;
            this.any = all.size() > 0; // once, at start: the tree is walked to count
        }

        private boolean ask() {
            return any || !shortPath;
        }

        @Override
        public void init(ISubscriptionsRepository repository) {
            all.init(repository);
            any = any || all.size() > 0;
        }

        @Override
        public Set<String> listAllSessionIds() {
            return all.listAllSessionIds();
        }

        @Override
        public List<Subscription> matchWithoutQosSharpening(Topic topic) {
            return ask() ? all.matchWithoutQosSharpening(topic) : List.of();
        }

        @Override
        public List<Subscription> matchQosSharpening(Topic topic) {
            return ask() ? all.matchQosSharpening(topic) : List.of();
        }

        @Override
        public void add(Subscription subscription) {
            any = true; // first, so that no publish after the subscription can miss it
            all.add(subscription);
        }

        @Override
        public void removeSubscription(Topic topic, String clientId) {
            all.removeSubscription(topic, clientId);
        }

        @Override
        public int size() {
            return all.size();
        }

        @Override
        public String dumpTree() {
            return all.dumpTree();
        }
    }

    /**
     * Runs each notification on the caller; shutting down and waiting are Moquette's pool's, which starts no thread
     * unless {@link #shortPath} is off (its threads start with its first task).
     */
    private static final class OnTheCaller extends AbstractExecutorService {
        private final ExecutorService pool;

        OnTheCaller(ExecutorService pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable task) {
            if (!shortPath) {
                pool.execute(task);
                return;
            }
            if (pool.isShutdown()) throw new RejectedExecutionException("MQTT broker stopped"); // as the pool would
            task.run();
        }

        @Override
        public void shutdown() {
            pool.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return pool.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return pool.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }
    }

    /** Called right after the broker started and before any client connects; false (and a warning) if it could not be. */
    public static boolean tune(Server broker) {
        try {
            Field acceptorField = Server.class.getDeclaredField("acceptor");
            acceptorField.setAccessible(true);
            Object acceptor = acceptorField.get(broker);
            Field metrics = acceptor.getClass().getDeclaredField("metrics");
            metrics.setAccessible(true);
            if (metrics.getType() != Optional.class || ((Optional<?>) metrics.get(acceptor)).isPresent()) {
                throw new IllegalStateException("unexpected metrics handler " + metrics.get(acceptor));
            }
            metrics.set(acceptor, Optional.<ChannelInboundHandler>of(new Tuner()));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("MQTT: the broker's connections keep Moquette's pipeline, a flush per packet ({})", e.toString());
            return false;
        }
    }

    /** Stands in a new connection's pipeline only for a moment. */
    @ChannelHandler.Sharable
    private static final class Tuner extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            var pipeline = ctx.pipeline();
            if (!tuning) {
                pipeline.remove(this);
                return;
            }
            // at most 256 flushes held back, and also while no read is in progress (Moquette writes from its own threads)
            pipeline.replace(this, "flushConsolidation", new FlushConsolidationHandler(
                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
            if (!packetLog.isInfoEnabled() && pipeline.get("messageLogger") != null) pipeline.remove("messageLogger");
            tuned.incrementAndGet();
        }
    }
}
