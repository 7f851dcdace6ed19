package cn.shuangkong.access.internal;

import cn.shuangkong.access.Accounts.Account;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * An account as stored, its password hash and lockout included, read by the id that a session or an API token holds:
 * for the checks that need more than the signed-in form ({@code CurrentUser}) carries.
 */
@Repository
public class StoredAccounts {

    private final JdbcClient jdbc;

    StoredAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Account> byId(long id) {
        return jdbc.sql("select * from user_account where id = :id").param("id", id).query(Account.class).optional();
    }
}
