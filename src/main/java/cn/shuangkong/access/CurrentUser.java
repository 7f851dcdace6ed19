package cn.shuangkong.access;

import cn.shuangkong.access.internal.Permission;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Actor;
import java.io.Serializable;
import java.util.Collection;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in account as the rest of the platform sees it: who, which unit, which permissions and which
 * {@link Jurisdiction}. Kept in the (database-backed) session, so it is serialisable and carries no password.
 */
public record CurrentUser(long id, String username, String displayName, Kind kind, String unitName,
                          Long enterpriseId, Long departmentId, Long serviceOrgId, Long employeeId,
                          Set<String> permissions, Set<String> roleNames, Jurisdiction jurisdiction)
        implements UserDetails, Actor, Serializable {

    /** What an account belongs to. */
    public enum Kind {
        PLATFORM("平台"), REGULATOR("监管部门"), ENTERPRISE("企业"), SERVICE_ORG("服务机构"), GRID("网格员");
        public final String label;
        Kind(String label) { this.label = label; }
    }

    @Override
    public boolean can(String permission) {
        return permissions.contains(permission);
    }

    public boolean can(Permission permission) {
        return can(permission.code);
    }

    /** The account of the running request, if one is signed in. */
    public static java.util.Optional<CurrentUser> get() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof CurrentUser u ? java.util.Optional.of(u) : java.util.Optional.empty();
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return permissions.stream().map(SimpleGrantedAuthority::new).toList();
    }

    @Override
    public String getPassword() {
        return null;
    }

    @Override
    public String getUsername() {
        return username;
    }
}
