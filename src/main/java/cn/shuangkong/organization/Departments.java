package cn.shuangkong.organization;

import cn.shuangkong.shared.Rows;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** 监管部门: each with its region subtree and the industries it supervises (管行业必须管安全). */
@Repository
public class Departments {

    /** A regulator department; {@code industries} empty means it supervises every industry in its region. */
    public record Department(long id, String name, String kind, String regionCode, String regionName,
                             List<String> industries, String phone) {
        public String industriesLabel() {
            return industries.isEmpty() ? "全行业（综合监管）" : String.join("、", industries);
        }
    }

    private final JdbcClient jdbc;

    Departments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String SELECT = """
            select d.id, d.name, d.kind, d.region_code, r.name as region_name, d.industries, d.phone
              from department d join region r on r.code = d.region_code
            """;

    public Optional<Department> find(long id) {
        return jdbc.sql(SELECT + " where d.id = :id").param("id", id).query(DEPARTMENTS).optional();
    }

    public List<Department> under(String regionPrefix) {
        return jdbc.sql(SELECT + " where d.region_code like :p order by length(d.region_code), d.id")
                .param("p", regionPrefix + "%").query(DEPARTMENTS).list();
    }

    /** The departments responsible for an enterprise. */
    public List<Department> ofEnterprise(long enterpriseId) {
        return jdbc.sql(SELECT + " join enterprise_department ed on ed.department_id = d.id where ed.enterprise_id = :e order by d.id")
                .param("e", enterpriseId).query(DEPARTMENTS).list();
    }

    private static final RowMapper<Department> DEPARTMENTS = Rows.of(Department.class);
}
