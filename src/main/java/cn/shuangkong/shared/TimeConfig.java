package cn.shuangkong.shared;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one clock of the application, so that deadlines and schedules can be driven by tests. */
@Configuration(proxyBeanMethods = false)
class TimeConfig {

    /** Safety work in China runs on Beijing time whatever the server's zone. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.system(ZONE);
    }
}
