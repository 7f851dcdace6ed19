package cn.shuangkong.monitoring.internal;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code shuangkong.monitoring}.
 *
 * @param mqtt                  the broker: embedded (default) or an external one by URL
 * @param simulator             the demo simulator publishing readings for the demo chemical works
 * @param offlineAfterIntervals a point silent for this many of its reporting intervals is marked offline
 * @param escalateAfter         an alarm not acknowledged within this time is escalated
 * @param partitionDaysAhead    daily reading partitions created ahead of today
 * @param guarantorChecks       包保 check frequency per role (PRINCIPAL / TECHNICAL / OPERATOR), e.g. "1 QUARTER"
 */
@ConfigurationProperties("shuangkong.monitoring")
public record MonitoringProperties(@DefaultValue Mqtt mqtt, @DefaultValue Simulator simulator,
                                   @DefaultValue("3") int offlineAfterIntervals, @DefaultValue("10m") Duration escalateAfter,
                                   @DefaultValue("3") int partitionDaysAhead, Map<String, String> guarantorChecks) {

    /**
     * @param url          an external broker (tcp://mosquitto:1883); blank starts the embedded broker
     * @param embeddedPort the embedded broker's port; 0 picks a free one (tests)
     * @param topicFilter  which topics are readings: the embedded broker hands those to ingestion as it accepts them
     *                     (ADR 0034); an external broker is subscribed to with it — use
     *                     {@code $share/shuangkong/shuangkong/v1/+/+} there when several instances run
     */
    public record Mqtt(@DefaultValue("") String url, @DefaultValue("1883") int embeddedPort, @DefaultValue("") String username,
                       @DefaultValue("") String password, @DefaultValue("shuangkong/v1/+/+") String topicFilter,
                       @DefaultValue("true") boolean enabled) { }

    /**
     * @param enabled         publish simulated readings
     * @param enterprise      the enterprise whose points are simulated (by name)
     * @param every           how often every point reports
     * @param excursionEvery  how often the liquid level of the first tank rises past its high limit
     */
    public record Simulator(@DefaultValue("false") boolean enabled, @DefaultValue("江苏华泰化工有限公司") String enterprise,
                            @DefaultValue("5s") Duration every, @DefaultValue("10m") Duration excursionEvery) { }

    public Map<String, String> guarantorChecks() {
        return guarantorChecks == null || guarantorChecks.isEmpty()
                ? Map.of("PRINCIPAL", "1 QUARTER", "TECHNICAL", "1 MONTH", "OPERATOR", "1 WEEK") : guarantorChecks;
    }
}
