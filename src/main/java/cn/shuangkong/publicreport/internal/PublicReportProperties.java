package cn.shuangkong.publicreport.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code shuangkong.public-report}.
 *
 * @param maxPerClient      reports one client (IP address) may file within {@code rateWindow}
 * @param rateWindow        the span the limit counts over
 * @param duplicateWindow   the same text at the same place within this span is the same report
 */
@ConfigurationProperties("shuangkong.public-report")
public record PublicReportProperties(int maxPerClient, Duration rateWindow, Duration duplicateWindow) {
}
