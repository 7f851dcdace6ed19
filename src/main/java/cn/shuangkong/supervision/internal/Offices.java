package cn.shuangkong.supervision.internal;

import cn.shuangkong.access.AccessFacts;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Departments.Department;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Which department (or grid) an acting account works for: plans, draws, inspections and numbers belong to it. */
@Component
public class Offices {

    private final JdbcClient jdbc;
    private final Departments departments;

    public Offices(JdbcClient jdbc, Departments departments) {
        this.jdbc = jdbc;
        this.departments = departments;
    }

    /** The actor's department; refused for accounts that are not a regulator's. */
    public Department departmentOf(Actor me) {
        Long id = departmentIdOrNull(me);
        if (id == null) {
            throw new DomainException(HttpStatus.FORBIDDEN, "只有监管部门的账号可以办理执法业务", null);
        }
        return departments.find(id).orElseThrow();
    }

    Long departmentIdOrNull(Actor me) {
        return jdbc.sql("select u.department_id from (" + AccessFacts.accounts() + ") u where u.username = :u")
                .param("u", me.username()).query(Long.class).optional().orElse(null);
    }

    /** The grid of a grid worker's account; refused for others. */
    long gridOf(Actor me) {
        Long id = jdbc.sql("select u.grid_id from (" + AccessFacts.accounts() + ") u where u.username = :u")
                .param("u", me.username()).query(Long.class).optional().orElse(null);
        if (id == null) {
            throw new DomainException(HttpStatus.FORBIDDEN, "只有网格员账号可以记录网格巡查", null);
        }
        return id;
    }

    /**
     * The short name in the department's document numbers (靖应急 for 靖江市应急管理局): configured in
     * {@code department_doc_prefix}, otherwise the first character of its region and its kind.
     */
    public String prefixOf(Department d) {
        return jdbc.sql("select prefix from department_doc_prefix where department_id = :d").param("d", d.id())
                .query(String.class).optional()
                .orElseGet(() -> {
                    String region = d.regionName().replaceAll("(市|县|区|镇|街道|乡)$", "");
                    String place = region.length() > 2 ? region.substring(0, 2) : region.substring(0, 1);
                    return place + ("应急管理".equals(d.kind()) ? "应急" : d.kind().substring(0, Math.min(2, d.kind().length())));
                });
    }

    /** SQL for the display name of the account whose username is the expression {@code username} (null if none). */
    static String nameOf(String username) {
        return "(select u.display_name from (" + AccessFacts.accounts() + ") u where u.username = " + username + ")";
    }
}
