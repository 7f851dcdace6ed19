package cn.shuangkong.access.internal;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.organization.ServiceOrganizations;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.StateChanged;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** 用户管理 for platform admins: opening accounts of every kind, enabling, disabling and unlocking them. */
@Service
public class UserAdministration {

    /** A row of the user list. */
    public record UserRow(long id, String username, String displayName, String kind, String unitName, String roles,
                          boolean enabled, Instant lockedUntil, boolean demo, boolean secondFactor) {
        public String kindLabel() {
            return CurrentUser.Kind.valueOf(kind).label;
        }
    }

    /** What an admin submits to open an account; the unit field that matters depends on the kind. */
    public record NewUser(String username, String displayName, String phone, String kind, Long enterpriseId,
                          Long departmentId, Long serviceOrgId, List<String> roleCodes, String password) { }

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;
    private final Enterprises enterprises;
    private final Departments departments;
    private final ServiceOrganizations serviceOrgs;
    private final AccountSessions sessions;
    private final LoginThrottle throttle;
    private final java.time.Clock clock;
    private final SecondFactors factors;
    private final Passwords passwords;

    UserAdministration(JdbcClient jdbc, PasswordEncoder encoder, ApplicationEventPublisher events, Enterprises enterprises,
                       Departments departments, ServiceOrganizations serviceOrgs, AccountSessions sessions,
                       LoginThrottle throttle, java.time.Clock clock, SecondFactors factors,
                       Passwords passwords) {
        this.sessions = sessions;
        this.throttle = throttle;
        this.clock = clock;
        this.factors = factors;
        this.passwords = passwords;
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.events = events;
        this.enterprises = enterprises;
        this.departments = departments;
        this.serviceOrgs = serviceOrgs;
    }

    public PageResult<UserRow> search(String text, PageResult.Request page) {
        Map<String, Object> params = new HashMap<>();
        String where = "";
        if (text != null && !text.isBlank()) {
            where = " where u.username like :q or u.display_name like :q";
            params.put("q", "%" + text.trim().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        long total = jdbc.sql("select count(*) from user_account u" + where).params(params).query(Long.class).single();
        params.put("limit", page.size());
        params.put("offset", page.offset());
        params.put("now", java.sql.Timestamp.from(clock.instant()));
        var rows = jdbc.sql("""
                select u.id, u.username, u.display_name, u.kind,
                       coalesce(e.name, d.name, s.name, g.name, '双控平台') as unit_name,
                       coalesce((select string_agg(r.name, '、' order by r.id) from user_role ur join role r on r.id = ur.role_id
                                  where ur.user_id = u.id), '') as roles,
                       u.enabled, (select max(f.locked_until) from login_failure f
                                    where f.username = u.username and f.locked_until > :now) as locked_until, u.demo,
                       exists (select 1 from account_second_factor t where t.user_id = u.id and t.confirmed_at is not null) as second_factor
                  from user_account u
                  left join (%s) e on e.id = u.enterprise_id left join (%s) d on d.id = u.department_id
                  left join (%s) s on s.id = u.service_org_id left join (%s) g on g.id = u.grid_id
                """.formatted(OrganizationFacts.enterprises(), OrganizationFacts.departments(), OrganizationFacts.serviceOrgs(),
                        OrganizationFacts.grids()) + where + " order by u.id limit :limit offset :offset").params(params).query(UserRow.class).list();
        return new PageResult<>(rows, total, page.page(), page.size());
    }

    @Transactional
    public long open(NewUser u) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (u.username() == null || !u.username().matches("[a-z][a-z0-9_]{2,39}")) {
            errors.put("username", "用户名须为3-40位小写字母、数字或下划线，以字母开头");
        } else {
            // One account per name, given in turns until the first commits (ADR 0084): two accounts opened at once under
            // one name both found it free, and the second broke the unique name (the database's generic conflict).
            TransactionLocks.waitFor(jdbc, "user-account:" + u.username());
            if (jdbc.sql("select count(*) from user_account where username = :u").param("u", u.username()).query(Long.class).single() > 0) {
                errors.put("username", "用户名已存在");
            }
        }
        if (u.displayName() == null || u.displayName().isBlank()) errors.put("displayName", "姓名不能为空");
        CurrentUser.Kind kind;
        try {
            kind = CurrentUser.Kind.valueOf(u.kind());
        } catch (RuntimeException e) {
            errors.put("kind", "请选择账号类别");
            throw invalid(errors);
        }
        switch (kind) {
            case ENTERPRISE -> {
                if (u.enterpriseId() == null || enterprises.findUnscoped(u.enterpriseId()).isEmpty()) errors.put("enterpriseId", "请选择所属企业");
            }
            case REGULATOR -> {
                if (u.departmentId() == null || departments.find(u.departmentId()).isEmpty()) errors.put("departmentId", "请选择所属监管部门");
            }
            case SERVICE_ORG -> {
                if (u.serviceOrgId() == null || serviceOrgs.find(u.serviceOrgId()).isEmpty()) errors.put("serviceOrgId", "请选择所属服务机构");
            }
            case GRID -> errors.put("kind", "网格员账号请在网格管理中开通");
            default -> { }
        }
        if (u.roleCodes() == null || u.roleCodes().isEmpty()) errors.put("roleCodes", "至少选择一个角色");
        PasswordPolicy.problemWith(u.username(), u.password()).ifPresent(p -> errors.put("password", p));
        if (!errors.isEmpty()) throw invalid(errors);
        long id = jdbc.sql("""
                insert into user_account (username, password_hash, display_name, phone, kind, enterprise_id, department_id, service_org_id,
                                          password_must_change, password_changed_at)
                values (:u, :h, :n, :p, :k, :e, :d, :s, true, :now) returning id
                """).param("u", u.username()).param("h", encoder.encode(u.password())).param("n", u.displayName().trim())
                .param("p", u.phone()).param("k", kind.name())
                .param("e", kind == CurrentUser.Kind.ENTERPRISE ? u.enterpriseId() : null)
                .param("d", kind == CurrentUser.Kind.REGULATOR ? u.departmentId() : null)
                .param("s", kind == CurrentUser.Kind.SERVICE_ORG ? u.serviceOrgId() : null)
                .param("now", java.sql.Timestamp.from(clock.instant()))
                .query(Long.class).single();
        for (String role : u.roleCodes()) {
            int n = jdbc.sql("insert into user_role (user_id, role_id) select :u, id from role where code = :r").param("u", id).param("r", role).update();
            if (n == 0) throw DomainException.invalid("roleCodes", "未知的角色：" + role);
        }
        events.publishEvent(new StateChanged("开通账号", "user_account", String.valueOf(id),
                u.username() + "（" + kind.label + "，角色 " + u.roleCodes() + "）", kind == CurrentUser.Kind.ENTERPRISE ? u.enterpriseId() : null, null));
        return id;
    }

    @Transactional
    public void setEnabled(long id, boolean enabled) {
        String username = usernameOf(id);
        jdbc.sql("update user_account set enabled = :e where id = :id").param("e", enabled).param("id", id).update();
        String summary = username;
        if (!enabled) {
            // A stopped account must stop everywhere at once: its signed-in sessions and the tokens that act as it.
            int[] revoked = sessions.revoke(id, username, null);
            summary += "（结束会话 " + revoked[0] + " 个，吊销API令牌 " + revoked[1] + " 个）";
        }
        events.publishEvent(new StateChanged(enabled ? "启用账号" : "停用账号", "user_account", String.valueOf(id), summary, null, null));
    }

    @Transactional
    public void unlock(long id) {
        String username = usernameOf(id);
        releaseLocks(id, username);
        events.publishEvent(new StateChanged("解锁账号", "user_account", String.valueOf(id), username, null, null));
    }

    /**
     * 重置密码 for an account whose owner forgot it: a new random password, shown to the admin this once, that the owner
     * must change at the next sign-in; the account's sessions and tokens end and its login locks are lifted.
     */
    /** A temporary password and the account it opens, so that the page can say whose it is. */
    public record TemporaryPassword(String username, String password) { }

    @Transactional
    public TemporaryPassword resetPassword(long id) {
        String username = usernameOf(id);
        String temporary = passwords.resetToTemporary(id, username);
        releaseLocks(id, username);
        int[] revoked = sessions.revoke(id, username, null);
        events.publishEvent(new StateChanged("重置密码", "user_account", String.valueOf(id),
                username + "（临时密码须在下次登录时修改；结束会话 " + revoked[0] + " 个，吊销API令牌 " + revoked[1] + " 个）", null, null));
        return new TemporaryPassword(username, temporary);
    }

    /**
     * 重置双因素认证 for an account whose phone is lost: it signs in with its password alone until it enrols again.
     * Returns the account's username, for the page to name it.
     */
    @Transactional
    public String resetSecondFactor(long id) {
        String username = usernameOf(id);
        factors.reset(id, username);
        return username;
    }

    /** Lifts the account's login locks for every client and the change-password form's lock. */
    private void releaseLocks(long id, String username) {
        throttle.release(username);
        jdbc.sql("update user_account set password_change_failures = 0, password_change_locked_until = null where id = :id")
                .param("id", id).update();
    }

    private String usernameOf(long id) {
        return jdbc.sql("select username from user_account where id = :id").param("id", id).query(String.class).optional()
                .orElseThrow(() -> DomainException.notFound("账号"));
    }

    private static DomainException invalid(Map<String, String> errors) {
        return new DomainException(HttpStatus.BAD_REQUEST, String.join("；", errors.values()), errors);
    }
}
