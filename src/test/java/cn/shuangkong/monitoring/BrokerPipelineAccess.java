package cn.shuangkong.monitoring;

import io.moquette.broker.Server;

/** Benchmarks only: the platform's broker pipeline change (ADR 0058), for a broker a benchmark starts itself or to measure without it. */
public final class BrokerPipelineAccess {

    private BrokerPipelineAccess() {
    }

    public static boolean consolidateFlushes(Server broker) {
        return BrokerPipeline.consolidateFlushes(broker);
    }

    /** Whether connections opened from now on get the consolidation (the benchmark's old-beside-new passes). */
    public static void consolidating(boolean on) {
        BrokerPipeline.consolidating = on;
    }

    public static boolean consolidating() {
        return BrokerPipeline.consolidating;
    }
}
