package cn.shuangkong.permit.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The permit rules with their settings and the holiday calendar, read once at start. */
@Configuration
@EnableConfigurationProperties(PermitSettings.class)
class PermitConfig {

    @Bean
    WorkCalendar workCalendar(PermitSettings settings) {
        return WorkCalendar.load(settings.calendar());
    }

    @Bean
    PermitRules permitRules(PermitSettings settings, WorkCalendar calendar) {
        return new PermitRules(settings, calendar);
    }
}
