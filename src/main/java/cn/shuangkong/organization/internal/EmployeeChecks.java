package cn.shuangkong.organization.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What an employee row must satisfy before it is stored, for the form ({@code OrgStructure.addEmployee}) and the Excel
 * import alike, and how the import reads the post a person typed by name.
 */
@Repository
public class EmployeeChecks {

    private final JdbcClient jdbc;

    EmployeeChecks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every problem with an employee row, by field; empty if it can be stored. */
    public Map<String, String> problemsOf(long enterpriseId, Long postId, String name, String phone) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (name == null || name.isBlank()) errors.put("name", "姓名不能为空");
        else if (name.trim().length() > 40) errors.put("name", "姓名不能超过40字");
        if (phone != null && !phone.isBlank()) {
            if (!phone.trim().matches("1\\d{10}")) errors.put("phone", "手机号应为11位数字");
            else if (jdbc.sql("select count(*) from employee where enterprise_id = :e and phone = :p")
                    .param("e", enterpriseId).param("p", phone.trim()).query(Long.class).single() > 0) {
                errors.put("phone", "手机号 " + phone.trim() + " 已登记");
            }
        }
        if (postId != null && jdbc.sql("select count(*) from org_unit where id = :p and enterprise_id = :e and tier = 'POST'")
                .param("p", postId).param("e", enterpriseId).query(Long.class).single() == 0) {
            errors.put("postId", "岗位不存在");
        }
        return errors;
    }

    /** A post of the enterprise by its name, if exactly one has it (an import names posts as people type them). */
    public Optional<Long> postNamed(long enterpriseId, String name) {
        List<Long> ids = jdbc.sql("select id from org_unit where enterprise_id = :e and tier = 'POST' and name = :n")
                .param("e", enterpriseId).param("n", name.trim()).query(Long.class).list();
        return ids.size() == 1 ? Optional.of(ids.get(0)) : Optional.empty();
    }
}
