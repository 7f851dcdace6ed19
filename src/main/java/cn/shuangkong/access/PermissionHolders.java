package cn.shuangkong.access;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Jurisdiction;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who holds permission P for enterprise E (ADR 0041): the accounts a module tells about something of an enterprise,
 * found by the permission their roles grant rather than by the module reading the account and role tables. Enabled
 * accounts only, each name once, in username order.
 */
@Component
public class PermissionHolders {

    private final JdbcClient jdbc;

    PermissionHolders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An account as a form offers it: its name and the name people know it by. */
    public record Holder(String username, String displayName) { }

    /** The enterprise's own accounts whose roles grant the permission. */
    public List<String> ofEnterprise(long enterpriseId, String permission) {
        return ofEnterpriseNamed(enterpriseId, permission).stream().map(Holder::username).toList();
    }

    /** {@link #ofEnterprise} with each account's display name, for a form that lets a person pick among them. */
    public List<Holder> ofEnterpriseNamed(long enterpriseId, String permission) {
        return jdbc.sql("""
                select distinct a.username, a.display_name from user_account a join user_role ur on ur.user_id = a.id
                  join role_permission rp on rp.role_id = ur.role_id and rp.permission = :p
                 where a.enterprise_id = :e and a.enabled order by a.username
                """).param("e", enterpriseId).param("p", permission).query(Holder.class).list();
    }

    /** The enterprise's own accounts holding the role (by its code, e.g. {@code ENTERPRISE_PRINCIPAL}). */
    public List<String> ofEnterpriseInRole(long enterpriseId, String roleCode) {
        return jdbc.sql("""
                select distinct a.username from user_account a join user_role ur on ur.user_id = a.id
                  join role r on r.id = ur.role_id and r.code = :r
                 where a.enterprise_id = :e and a.enabled order by a.username
                """).param("e", enterpriseId).param("r", roleCode).query(String.class).list();
    }

    /**
     * The regulator accounts whose roles grant the permission and whose department's jurisdiction covers the
     * enterprise: its region lies in the department's area and its industry among the department's (any, when the
     * department supervises every industry), as {@link Jurisdiction#covers} decides for a signed-in regulator.
     */
    public List<String> regulatorsOf(long enterpriseId, String permission) {
        return regulators(enterpriseId, permission, true);
    }

    /**
     * {@link #regulatorsOf} by area alone, whatever industries the department supervises: the 属地 regulators, whom the
     * hazard loop tells about a 重大隐患 (its list pages then filter by the full jurisdiction).
     */
    public List<String> regulatorsOfArea(long enterpriseId, String permission) {
        return regulators(enterpriseId, permission, false);
    }

    /** The department supervises every industry (none listed) or one the enterprise's code starts with. */
    private static final String INDUSTRY_COVERED =
            " and (cardinality(d.industries) = 0 or exists (select 1 from unnest(d.industries) i where e.industry_code like i || '%'))";

    private List<String> regulators(long enterpriseId, String permission, boolean byIndustry) {
        var f = Jurisdiction.enterprise(enterpriseId, "").enterpriseFilter("e");
        return jdbc.sql("""
                with e as (%s)
                select distinct a.username from user_account a
                  join (%s) d on d.id = a.department_id
                  join e on e.region_code like d.region_prefix || '%%'
                  join user_role ur on ur.user_id = a.id
                  join role_permission rp on rp.role_id = ur.role_id and rp.permission = :p
                 where a.enabled%s
                 order by a.username
                """.formatted(OrganizationFacts.enterprises(f), OrganizationFacts.departments(), byIndustry ? INDUSTRY_COVERED : ""))
                .params(f.params()).param("p", permission).query(String.class).list();
    }
}
