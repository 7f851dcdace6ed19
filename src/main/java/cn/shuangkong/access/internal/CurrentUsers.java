package cn.shuangkong.access.internal;

import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.access.internal.StoredAccounts.Account;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.organization.ServiceOrganizations;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The making of a {@link CurrentUser} (permissions, unit and jurisdiction) from a stored account: for a password or
 * token sign-in, and for the demo city's loader, which acts as the demo's people so that the trail names them.
 */
@Service
public class CurrentUsers {

    private final JdbcClient jdbc;
    private final StoredAccounts stored;
    private final Enterprises enterprises;
    private final Departments departments;
    private final ServiceOrganizations serviceOrgs;
    private final Regions regions;

    CurrentUsers(JdbcClient jdbc, StoredAccounts stored, Enterprises enterprises, Departments departments,
                 ServiceOrganizations serviceOrgs, Regions regions) {
        this.jdbc = jdbc;
        this.stored = stored;
        this.enterprises = enterprises;
        this.departments = departments;
        this.serviceOrgs = serviceOrgs;
        this.regions = regions;
    }

    /** The signed-in form of the account of that name, which must exist (the demo's people, a test's own accounts). */
    public CurrentUser named(String username) {
        return of(stored.byUsername(username).orElseThrow(() -> new IllegalArgumentException("no account " + username)));
    }

    private Set<String> permissionsOf(long userId) {
        return new LinkedHashSet<>(jdbc.sql("""
                select distinct rp.permission from user_role ur join role_permission rp on rp.role_id = ur.role_id
                 where ur.user_id = :u order by rp.permission
                """).param("u", userId).query(String.class).list());
    }

    private List<String> roleNamesOf(long userId) {
        return jdbc.sql("select r.name from user_role ur join role r on r.id = ur.role_id where ur.user_id = :u order by r.id")
                .param("u", userId).query(String.class).list();
    }

    /** The signed-in form of an account: its permissions, unit and data scope, read fresh from the database. */
    public CurrentUser of(Account a) {
        CurrentUser.Kind kind = CurrentUser.Kind.valueOf(a.kind());
        String unit;
        Jurisdiction scope;
        switch (kind) {
            case ENTERPRISE -> {
                var e = enterprises.findUnscoped(a.enterpriseId()).orElseThrow();
                unit = e.name();
                scope = Jurisdiction.enterprise(e.id(), e.name());
            }
            case REGULATOR -> {
                var d = departments.find(a.departmentId()).orElseThrow();
                unit = d.name();
                scope = Jurisdiction.regulator(d.regionCode(), d.industries(), d.regionName() + " · " + d.industriesLabel());
            }
            case SERVICE_ORG -> {
                var s = serviceOrgs.find(a.serviceOrgId()).orElseThrow();
                unit = s.name();
                scope = Jurisdiction.serviceOrg(s.id(), "签约服务企业");
            }
            case GRID -> {
                // The unit is the grid itself (新桥镇第一网格), as the 用户管理 list says: a town may have several grids, and
                // 网格巡查 counts "本网格" enterprises under this name. The data scope stays the town.
                var grid = jdbc.sql("select g.name, g.region_code from (" + OrganizationFacts.grids() + ") g where g.id = :g")
                        .param("g", a.gridId()).query(Rows.of(Grid.class)).single();
                String town = grid.regionCode();
                var region = regions.find(town).orElseThrow();
                unit = grid.name();
                scope = Jurisdiction.regulator(town, List.of(), region.name());
            }
            default -> {
                unit = "双控平台";
                scope = Jurisdiction.platform();
            }
        }
        return new CurrentUser(a.id(), a.username(), a.displayName(), kind, unit, a.enterpriseId(), a.departmentId(),
                a.serviceOrgId(), a.employeeId(), permissionsOf(a.id()), new LinkedHashSet<>(roleNamesOf(a.id())), scope);
    }

    /** A grid worker's grid: its name is the account's unit, its town the account's scope. */
    private record Grid(String name, String regionCode) { }
}
