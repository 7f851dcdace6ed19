package cn.shuangkong.access;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * The web sessions' table (spring_session). Requests of one session run side by side, and each saves the attributes
 * it added; two that add the same one (the CSRF token, on the first pages after signing in) would both insert it and
 * the second would fail on the primary key with a 500. Spring Session's PostgreSQL statements upsert instead (ADR 0050).
 */
@Configuration(proxyBeanMethods = false)
class SessionStore {

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> upsertSessionAttributes() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }
}
