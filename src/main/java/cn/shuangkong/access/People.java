package cn.shuangkong.access;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The name a person reads for whoever did something: records keep the account name (stable evidence), screens and
 * documents show the person's name, and work the platform did on its own (schedules, rules, sensors) reads 系统.
 * Templates call it as {@code @people.name(username)}.
 */
@Component("people")
public class People {

    /** The account name under which scheduled and rule-driven work is recorded. */
    public static final String SYSTEM_ACCOUNT = "system";

    private final JdbcClient jdbc;

    People(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account's display name; 系统 for the platform itself; an account since deleted keeps its recorded name. */
    public String name(String username) {
        if (username == null || username.isBlank()) return "—";
        if (SYSTEM_ACCOUNT.equals(username) || "anonymousUser".equals(username)) return "系统";
        return jdbc.sql("select display_name from user_account where username = :u").param("u", username)
                .query(String.class).optional().orElse(username);
    }

    /** The enabled accounts of an employee (a front-line worker's phone login), to tell them what concerns them. */
    public java.util.List<String> accountsOfEmployee(long employeeId) {
        return jdbc.sql("select username from user_account where employee_id = :e and enabled order by username")
                .param("e", employeeId).query(String.class).list();
    }
}
