package cn.shuangkong.supervision.web;

import cn.shuangkong.shared.DomainException;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The public disclosure pages are open to anyone, so each client (IP address, as {@code ClientAddressFilter} resolved
 * it from trusted proxies only) gets {@code shuangkong.disclosure.requests-per-minute} reads a minute; reads cost
 * queries over the whole city, and a scraper should not take the database from the regulators. Counted per instance
 * in memory: reads change nothing, so a limit that is N times looser on N instances is still a limit.
 */
@Component
class DisclosureThrottle {

    private static final int MAX_CLIENTS = 10_000;

    private final int perMinute;
    private final Clock clock;
    private final ConcurrentHashMap<String, long[]> windows = new ConcurrentHashMap<>();

    DisclosureThrottle(@Value("${shuangkong.disclosure.requests-per-minute:60}") int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Counts one read by the client; refuses (429) past the limit of the current minute. */
    void admit(String client) {
        long minute = clock.millis() / 60_000;
        if (windows.size() > MAX_CLIENTS) windows.values().removeIf(w -> w[0] != minute);
        long[] w = windows.compute(client, (k, old) -> old == null || old[0] != minute ? new long[] {minute, 1} : new long[] {minute, old[1] + 1});
        if (w[1] > perMinute) {
            throw new DomainException(HttpStatus.TOO_MANY_REQUESTS,
                    "查询过于频繁：同一网络每分钟最多查询 " + perMinute + " 次，请稍后再试", null);
        }
    }
}
