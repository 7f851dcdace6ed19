package cn.shuangkong.exchange.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code shuangkong.exchange} (README, 互联互通).
 *
 * @param upload  where and how this platform reports upward
 * @param inbound what this platform accepts from the platforms and systems that report to it
 */
@ConfigurationProperties("shuangkong.exchange")
public record ExchangeProperties(Upload upload, Inbound inbound) {

    public ExchangeProperties {
        if (upload == null) upload = new Upload(null, null, null, Duration.ofSeconds(30), 200, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(20));
        if (inbound == null) inbound = new Inbound(null, 1000);
    }

    /**
     * @param endpoint      the receiver's base URL (…/api/v1/exchange/inbound); empty: records are prepared and
     *                      checked but not sent
     * @param key           this platform's sender key, issued by the receiver
     * @param encryptionKey base64 AES key (128/192/256 bit) for AES-GCM payload encryption; empty: sent in clear (TLS)
     * @param every         how often outbox markers are worked off and due records sent
     * @param batchSize     the most records in one batch
     * @param backoffBase   the wait after a first failed send; doubled after each further failure …
     * @param backoffMax    … up to this
     * @param timeout       the receiver's time to answer a batch
     */
    public record Upload(String endpoint, String key, String encryptionKey, Duration every, int batchSize, Duration backoffBase,
                  Duration backoffMax, Duration timeout) {
        boolean enabled() {
            return endpoint != null && !endpoint.isBlank();
        }
    }

    /**
     * @param encryptionKey base64 AES key to open encrypted batches (the same key the senders use)
     * @param maxRecords    the most records one batch may hold
     */
    record Inbound(String encryptionKey, int maxRecords) { }
}
