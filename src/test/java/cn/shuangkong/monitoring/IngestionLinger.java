package cn.shuangkong.monitoring;

import cn.shuangkong.monitoring.internal.Ingestion;
import java.time.Duration;

/** Benchmarks only: the same burst with and without the small batches' wait (ADR 0059), compared at the same moment. */
public final class IngestionLinger {

    /** The platform's setting. */
    public static final Duration DEFAULT = Ingestion.LINGER;

    private IngestionLinger() {
    }

    public static void set(Ingestion ingestion, Duration linger) {
        ingestion.linger(linger);
    }
}
