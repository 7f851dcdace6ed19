package cn.shuangkong.monitoring;

import cn.shuangkong.monitoring.internal.BrokerPipeline;
import io.moquette.broker.Server;

/** Benchmarks only: the platform's change to the broker's pipeline (ADR 0058), for a broker a benchmark starts itself or to measure without it. */
public final class BrokerPipelineAccess {

    private BrokerPipelineAccess() {
    }

    public static boolean tune(Server broker) {
        return BrokerPipeline.tune(broker);
    }

    /** Whether connections opened from now on get the change (the benchmark's old-beside-new passes). */
    public static void tuning(boolean on) {
        BrokerPipeline.tuning = on;
    }

    public static boolean tuning() {
        return BrokerPipeline.tuning;
    }

    /** Whether readings take the short path of ADR 0065 (on the session loop, topics kept), from the next message on. */
    public static void shortPath(boolean on) {
        BrokerPipeline.shortPath = on;
    }

    public static boolean shortPath() {
        return BrokerPipeline.shortPath;
    }
}
