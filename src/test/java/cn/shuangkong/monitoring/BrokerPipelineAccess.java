package cn.shuangkong.monitoring;

import io.moquette.broker.Server;

/** Benchmarks only: the platform's broker pipeline change (ADR 0058) for a broker the benchmark starts itself. */
public final class BrokerPipelineAccess {

    private BrokerPipelineAccess() {
    }

    public static boolean consolidateFlushes(Server broker) {
        return BrokerPipeline.consolidateFlushes(broker);
    }
}
