package cn.shuangkong.access.internal;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** 角色: named sets of permission strings, edited by platform admins. */
@Service
public class Roles {

    public record Role(long id, String code, String name, String description, boolean builtin, long users) { }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    Roles(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    public List<Role> all() {
        return jdbc.sql("""
                select r.id, r.code, r.name, r.description, r.builtin, count(ur.user_id) as users
                  from role r left join user_role ur on ur.role_id = r.id group by r.id order by r.id
                """).query(Role.class).list();
    }

    public Role find(long id) {
        return all().stream().filter(r -> r.id() == id).findFirst().orElseThrow(() -> DomainException.notFound("角色"));
    }

    public Set<String> permissionsOf(long roleId) {
        return new TreeSet<>(jdbc.sql("select permission from role_permission where role_id = :r").param("r", roleId)
                .query(String.class).list());
    }

    @Transactional
    public long create(String code, String name, String description) {
        if (code == null || !code.matches("[A-Z][A-Z0-9_]{1,39}")) {
            throw DomainException.invalid("code", "角色编码须为大写字母、数字和下划线，以字母开头");
        }
        if (name == null || name.isBlank() || name.length() > 40) {
            throw DomainException.invalid("name", "角色名称不能为空，且不超过40字");
        }
        // One role per code, given in turns until the first commits (ADR 0084): a double click once found the code free
        // twice and the second broke the unique code (the database's generic conflict); it is now told so in words.
        TransactionLocks.waitFor(jdbc, "role:" + code);
        if (jdbc.sql("select count(*) from role where code = :c").param("c", code).query(Long.class).single() > 0) {
            throw DomainException.invalid("code", "角色编码已存在");
        }
        long id = jdbc.sql("insert into role (code, name, description) values (:c, :n, :d) returning id")
                .param("c", code).param("n", name.trim()).param("d", description).query(Long.class).single();
        events.publishEvent(new StateChanged("新建角色", "role", String.valueOf(id), code + " " + name, null, null));
        return id;
    }

    /** Replaces a role's permissions; only permissions the platform knows can be granted. */
    @Transactional
    public void grant(long roleId, Set<String> permissions) {
        Role role = find(roleId);
        for (String p : permissions) {
            if (!Permission.isKnown(p)) throw DomainException.invalid("permissions", "未知的权限：" + p);
        }
        if ("PLATFORM_ADMIN".equals(role.code()) && !permissions.contains(Permission.ROLE_MANAGE.code)) {
            throw DomainException.invalid("permissions", "平台管理员角色不能失去“管理角色和权限”，否则无人能再修改角色");
        }
        Set<String> before = permissionsOf(roleId);
        jdbc.sql("delete from role_permission where role_id = :r").param("r", roleId).update();
        for (String p : permissions) {
            jdbc.sql("insert into role_permission (role_id, permission) values (:r, :p)").param("r", roleId).param("p", p).update();
        }
        Set<String> added = new TreeSet<>(permissions);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(permissions);
        events.publishEvent(new StateChanged("修改角色权限", "role", String.valueOf(roleId),
                role.name() + "：增加 " + added + "，移除 " + removed, null, null));
    }
}
