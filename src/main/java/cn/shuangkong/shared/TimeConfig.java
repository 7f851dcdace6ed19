package cn.shuangkong.shared;

import java.time.Clock;
import java.time.ZoneId;
import java.util.TimeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock of the application and its zone, {@code shuangkong.time-zone} (Asia/Shanghai unless configured):
 * deadlines, windows, "today" and every time a page shows come from it, so that they can be driven by tests.
 */
@Configuration(proxyBeanMethods = false)
class TimeConfig {

    private static final Logger log = LoggerFactory.getLogger(TimeConfig.class);

    /** Safety work in China runs on Beijing time whatever the server's zone; another zone is a setting, not the OS's. */
    static final String DEFAULT_ZONE = "Asia/Shanghai";

    @Bean
    @ConditionalOnMissingBean
    Clock clock(@Value("${shuangkong.time-zone:" + DEFAULT_ZONE + "}") ZoneId zone) {
        return Clock.system(zone);
    }

    /**
     * Installs whichever clock the application runs on (a test's own, too) for {@link PlatformTime}, and makes the
     * JVM's default zone the clock's: templates format times in the default zone, so pages and the clock agree
     * whatever zone the server (or {@code -Duser.timezone}, or {@code TZ}) says.
     */
    @Bean
    InitializingBean platformTime(Clock clock) {
        return () -> {
            PlatformTime.install(clock);
            ZoneId zone = clock.getZone();
            if (!TimeZone.getDefault().toZoneId().equals(zone)) {
                log.info("Platform time zone {} (shuangkong.time-zone); the JVM's default {} is set to it", zone, TimeZone.getDefault().getID());
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
            }
        };
    }
}
