package cn.shuangkong.monitoring;

import io.moquette.broker.Server;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.lang.reflect.Field;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each connection of the embedded broker flushes what its event loop has queued once, not once per packet (ADR 0058).
 * Moquette 0.17 writes every PUBACK from its session loop with {@code writeAndFlush}: a task for the connection's Netty
 * thread and one write system call per message — on loopback, one TCP delivery into the gateway's socket each. Netty's
 * {@link FlushConsolidationHandler} keeps the writes and turns the flushes of the PUBACKs already queued into one, run
 * right after them on the same thread: no timer, no PUBACK held back (Moquette's own {@code buffer_flush_millis} puts
 * a timer on every connection, ADR 0052), and a PUBACK still leaves only after its message was handed on.
 * <p>
 * Moquette 0.17 has no hook for a handler of one's own. It puts its optional metrics handler into every new
 * connection's pipeline, read from a field of its acceptor as each connection opens; that field is given a handler
 * that puts the consolidation in its own place. Should an upgrade rename the field, the broker runs as before (one
 * flush a message), a warning says so, and {@code BrokerPipelineTest} fails.
 */
final class BrokerPipeline {

    private static final Logger log = LoggerFactory.getLogger(BrokerPipeline.class);

    /** Connections whose pipeline got the consolidation (a test reads it). */
    static final AtomicLong consolidated = new AtomicLong();

    /** Off only in the benchmark, for the connections it opens to measure the old way beside the new at the same moment. */
    static volatile boolean consolidating = true;

    private BrokerPipeline() {
    }

    /** Called right after the broker started and before any client connects; false (and a warning) if it could not be. */
    static boolean consolidateFlushes(Server broker) {
        try {
            Field acceptorField = Server.class.getDeclaredField("acceptor");
            acceptorField.setAccessible(true);
            Object acceptor = acceptorField.get(broker);
            Field metrics = acceptor.getClass().getDeclaredField("metrics");
            metrics.setAccessible(true);
            if (metrics.getType() != Optional.class || ((Optional<?>) metrics.get(acceptor)).isPresent()) {
                throw new IllegalStateException("unexpected metrics handler " + metrics.get(acceptor));
            }
            metrics.set(acceptor, Optional.<ChannelInboundHandler>of(new Installer()));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("MQTT: flush consolidation not installed, the broker flushes once per message ({})", e.toString());
            return false;
        }
    }

    /** Stands in the pipeline only for a moment: puts a consolidation of the connection's own in its place. */
    @ChannelHandler.Sharable
    private static final class Installer extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            if (!consolidating) {
                ctx.pipeline().remove(this);
                return;
            }
            // at most 256 flushes held back, and also while no read is in progress (Moquette writes from its own threads)
            ctx.pipeline().replace(this, "flushConsolidation", new FlushConsolidationHandler(
                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
            consolidated.incrementAndGet();
        }
    }
}
