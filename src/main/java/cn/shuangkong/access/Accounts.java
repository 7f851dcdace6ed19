package cn.shuangkong.access;

import cn.shuangkong.access.internal.CurrentUsers;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * 用户账号 as other modules need them: the regulator an account belongs to, a department's people to notify, and the
 * signed-in form of a named account for the demo city's loader. The account as stored and the making of its signed-in
 * form are the module's own ({@code internal.StoredAccounts}, {@code internal.CurrentUsers}).
 */
@Repository
public class Accounts {

    private final JdbcClient jdbc;
    private final CurrentUsers currentUsers;

    Accounts(JdbcClient jdbc, CurrentUsers currentUsers) {
        this.jdbc = jdbc;
        this.currentUsers = currentUsers;
    }

    /**
     * The signed-in form of the account of that name, which must exist: the demo city's loader acts as the demo's
     * people through it, so that the trail names who did what.
     */
    public CurrentUser signedInAs(String username) {
        return currentUsers.named(username);
    }

    /** The regulator (监管部门) an account belongs to; none for any other account or an unknown name. */
    public Optional<Long> departmentIdOf(String username) {
        return jdbc.sql("select department_id from user_account where username = :u and department_id is not null")
                .param("u", username).query(Long.class).optional();
    }

    /** The enabled accounts of these departments, for what is sent to a department's inbox. */
    public List<String> usernamesOfDepartments(java.util.Collection<Long> departmentIds) {
        if (departmentIds.isEmpty()) return List.of();
        return jdbc.sql("select username from user_account where enabled and department_id in (:d) order by id")
                .param("d", departmentIds).query(String.class).list();
    }
}
