package cn.shuangkong.access.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * The web sessions' table (spring_session). Requests of one session run side by side, and each saves the attributes
 * it added at its end:
 * <ul>
 * <li>two that add the same one (the CSRF token, on the first pages after signing in) would both insert it and the
 * second would fail on the primary key: the insert is an upsert (ADR 0050);</li>
 * <li>the session may have been deleted meanwhile (signed out in another tab, revoked by a password change, swept
 * when expired): the insert would fail on the foreign key, which aborts the save's transaction, and the save's next
 * statement then fails too — a 500. The insert takes its session's row from the table instead, locked against a
 * delete until the save commits, so a session that is gone gets nothing and fails nothing (ADR 0054). A delete
 * that comes after the save's commit removes the attributes with the session (on delete cascade).</li>
 * </ul>
 * Spring Session binds the primary id, the name and the bytes in that order, hence the row of values first.
 */
@Configuration(proxyBeanMethods = false)
class SessionStore {

    static final String CREATE_ATTRIBUTE = """
            INSERT INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
            SELECT S.PRIMARY_ID, A.ATTRIBUTE_NAME, A.ATTRIBUTE_BYTES
            FROM (VALUES (CAST(? AS CHAR(36)), CAST(? AS VARCHAR(200)), CAST(? AS BYTEA)))
                AS A (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
            JOIN %TABLE_NAME% S ON S.PRIMARY_ID = A.SESSION_PRIMARY_ID
            FOR KEY SHARE OF S
            ON CONFLICT (SESSION_PRIMARY_ID, ATTRIBUTE_NAME) DO UPDATE SET ATTRIBUTE_BYTES = EXCLUDED.ATTRIBUTE_BYTES
            """;

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionAttributesOfLiveSessionsUpserted() {
        return repository -> repository.setCreateSessionAttributeQuery(CREATE_ATTRIBUTE);
    }
}
