package cn.shuangkong.access.internal;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * An account as stored, its password hash and lockout included, read by the name a person signs in with or by the id
 * that a session or an API token holds: for the checks that need more than the signed-in form ({@code CurrentUser}) carries.
 */
@Repository
public class StoredAccounts {

    /** An account row. */
    public record Account(long id, String username, String passwordHash, String displayName, String phone, String email,
                          String kind, Long enterpriseId, Long departmentId, Long serviceOrgId, Long employeeId,
                          Long gridId, boolean enabled, boolean demo, Instant passwordChangeLockedUntil) { }

    private final JdbcClient jdbc;

    StoredAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** By the name a person signs in with. */
    public Optional<Account> byUsername(String username) {
        return jdbc.sql("select * from user_account where username = :u").param("u", username).query(Account.class).optional();
    }

    public Optional<Account> byId(long id) {
        return jdbc.sql("select * from user_account where id = :id").param("id", id).query(Account.class).optional();
    }
}
