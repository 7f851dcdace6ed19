package cn.shuangkong.hazard.internal;

import cn.shuangkong.access.AccessFacts;
import cn.shuangkong.shared.Rows;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The names hazard's texts give people (the audit summary of an assignment, the 台账's columns), and whom a hazard can be given to. */
@Repository
public class PersonNames {

    // Built once: composing the relation per call would allocate and hash a new statement text every time.
    private static final String NAME = "select display_name from (" + AccessFacts.accounts() + ") a where username = :u",
            PEOPLE = "select username, display_name from (" + AccessFacts.accounts() + ") a where enterprise_id = :e and enabled order by display_name";

    /** A person who can be made responsible for a hazard. */
    public record Person(String username, String displayName) { }

    private static final RowMapper<Person> PEOPLE_ROWS = Rows.of(Person.class);

    private final JdbcClient jdbc;

    PersonNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The person's name for texts a person reads (the audit summary, the timeline); the account name stays in the record. */
    public String nameOf(String username) {
        if (username == null) return null;
        if ("system".equals(username)) return "系统";
        return jdbc.sql(NAME).param("u", username)
                .query(String.class).optional().orElse(username);
    }

    /** The enterprise's accounts, for choosing a responsible person; the enterprise is a hazard's, read in scope first. */
    public List<Person> peopleOf(long enterpriseId) {
        return jdbc.sql(PEOPLE)
                .param("e", enterpriseId).query(PEOPLE_ROWS).list();
    }
}
