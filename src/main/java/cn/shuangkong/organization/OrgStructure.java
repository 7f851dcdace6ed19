package cn.shuangkong.organization;

import cn.shuangkong.organization.internal.EmployeeChecks;
import cn.shuangkong.organization.internal.StructureKeepers;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.TransactionLocks;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An enterprise's structure: the org-unit tree 公司 → 车间 → 班组 → 岗位 and the employees on its posts. The writes
 * taking an {@link Actor} resolve an enterprise id from a request in the actor's scope and let only the enterprise's own
 * people and the platform's administrator write (ADR 0082); the others are for callers that hold an enterprise already
 * resolved (the demo city, an import that resolved it, tests that set up a world).
 */
@Service
public class OrgStructure {

    /** The permission of an enterprise's people who keep its structure (主要负责人, 安全管理人员), and of the platform's administrator. */
    public static final String WRITE = "organization:structure:write";

    /** 公司 / 车间 / 班组 / 岗位: the four tiers where risks are controlled (管控层级). */
    public enum Tier {
        COMPANY("公司"), WORKSHOP("车间"), TEAM("班组"), POST("岗位");
        public final String label;
        Tier(String label) { this.label = label; }
    }

    public record OrgUnit(long id, long enterpriseId, Long parentId, String name, String tier, int depth, String path) {
        public String tierLabel() {
            return Tier.valueOf(tier).label;
        }
    }

    public record Employee(long id, long enterpriseId, Long postId, String postName, String name, String phone, String jobTitle) { }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final EmployeeChecks checks;
    private final StructureKeepers keepers;

    OrgStructure(JdbcClient jdbc, ApplicationEventPublisher events, EmployeeChecks checks, StructureKeepers keepers) {
        this.checks = checks;
        this.jdbc = jdbc;
        this.events = events;
        this.keepers = keepers;
    }

    /**
     * Whether the actor may write this enterprise's units, posts and people: one of its own people holding
     * {@code organization:structure:write}, or the platform's administrator. A regulator registers an enterprise and
     * corrects its registration, and reads its structure, but the chain of who answers for what inside it is the
     * enterprise's own to write (ADR 0082) — whatever permissions a role editor gave the regulator's account.
     */
    public static boolean writableBy(Actor actor, long enterpriseId) {
        if (!actor.can(WRITE)) return false;
        Jurisdiction scope = actor.jurisdiction();
        return scope.isPlatform() || scope.kind() == Jurisdiction.Kind.ENTERPRISE && Objects.equals(scope.enterpriseId(), enterpriseId);
    }

    /** {@link #addUnit(long, Long, String, Tier)} to an enterprise the actor may write ({@link StructureKeepers#writable}). */
    @Transactional
    public long addUnit(Actor actor, long enterpriseId, Long parentId, String name, Tier tier) {
        return addUnit(keepers.writable(actor, enterpriseId), parentId, name, tier);
    }

    /** {@link #addEmployee(long, Long, String, String, String)} to an enterprise the actor may write (ditto). */
    @Transactional
    public long addEmployee(Actor actor, long enterpriseId, Long postId, String name, String phone, String jobTitle) {
        return addEmployee(keepers.writable(actor, enterpriseId), postId, name, phone, jobTitle);
    }

    /** The whole tree in display order (depth-first), each unit with its depth and full path. */
    public List<OrgUnit> units(long enterpriseId) {
        return jdbc.sql("""
                with recursive t as (
                    select id, enterprise_id, parent_id, name, tier, 0 as depth, name::text as path,
                           array[sort_order, id] as ord
                      from org_unit where enterprise_id = :e and parent_id is null
                    union all
                    select u.id, u.enterprise_id, u.parent_id, u.name, u.tier, t.depth + 1, t.path || ' / ' || u.name,
                           t.ord || array[u.sort_order, u.id]
                      from org_unit u join t on u.parent_id = t.id)
                select id, enterprise_id, parent_id, name, tier, depth, path from t order by ord
                """).param("e", enterpriseId).query(OrgUnit.class).list();
    }

    public List<Employee> employees(long enterpriseId) {
        return jdbc.sql("""
                select m.id, m.enterprise_id, m.post_id, u.name as post_name, m.name, m.phone, m.job_title
                  from employee m left join org_unit u on u.id = m.post_id
                 where m.enterprise_id = :e order by m.id
                """).param("e", enterpriseId).query(Employee.class).list();
    }

    /**
     * Of the given enterprises, the employees still on the books (not 离职) who are on one of the posts or are one of
     * the people named, by enterprise and id: one statement for a caller that derives something from posts and people
     * across many enterprises at once (职业健康's overview of a province), however many there are. The enterprises
     * keep it to their rows (by {@code employee_enterprise_idx}) rather than the whole province's people.
     */
    public List<Employee> current(Collection<Long> enterpriseIds, Collection<Long> postIds, Collection<Long> employeeIds) {
        if (enterpriseIds.isEmpty() || postIds.isEmpty() && employeeIds.isEmpty()) return List.of();
        return jdbc.sql("""
                select m.id, m.enterprise_id, m.post_id, u.name as post_name, m.name, m.phone, m.job_title
                  from employee m left join org_unit u on u.id = m.post_id
                 where m.enterprise_id = any(:e) and m.left_on is null and (m.post_id = any(:p) or m.id = any(:m))
                 order by m.enterprise_id, m.id
                """).param("e", enterpriseIds.toArray(Long[]::new)).param("p", postIds.toArray(Long[]::new))
                .param("m", employeeIds.toArray(Long[]::new)).query(Employee.class).list();
    }

    /** Adds a unit to an enterprise resolved already (by {@link #addUnit(Actor, long, Long, String, Tier)}). */
    private long addUnit(long enterpriseId, Long parentId, String name, Tier tier) {
        if (name == null || name.isBlank()) throw DomainException.invalid("name", "组织名称不能为空");
        if (parentId == null && tier != Tier.COMPANY) throw DomainException.invalid("parentId", "只有“公司”可以作为顶层");
        if (parentId != null) {
            var parent = jdbc.sql("select tier from org_unit where id = :p and enterprise_id = :e")
                    .param("p", parentId).param("e", enterpriseId).query(String.class).optional()
                    .orElseThrow(() -> DomainException.invalid("parentId", "上级组织不存在"));
            if (Tier.valueOf(parent).ordinal() >= tier.ordinal()) {
                throw DomainException.invalid("tier", tier.label + "不能设在" + Tier.valueOf(parent).label + "之下");
            }
        }
        long id = jdbc.sql("insert into org_unit (enterprise_id, parent_id, name, tier) values (:e, :p, :n, :t) returning id")
                .param("e", enterpriseId).param("p", parentId).param("n", name.trim()).param("t", tier.name())
                .query(Long.class).single();
        events.publishEvent(new StateChanged("新增组织单元", "org_unit", String.valueOf(id),
                tier.label + "：" + name.trim(), enterpriseId, null));
        return id;
    }

    @Transactional
    public long addEmployee(long enterpriseId, Long postId, String name, String phone, String jobTitle) {
        if (phone != null && !phone.isBlank()) {
            // A phone is registered once per enterprise: two additions under one number (a double click, an import beside
            // the form) take turns, so the second finds the first and is told 已登记 rather than breaking the unique index
            // (ADR 0084)
            TransactionLocks.waitFor(jdbc, "employee-phone:" + enterpriseId + ":" + phone.trim());
        }
        Map<String, String> errors = checks.problemsOf(enterpriseId, postId, name, phone);
        if (!errors.isEmpty()) {
            var first = errors.entrySet().iterator().next();
            throw new DomainException(org.springframework.http.HttpStatus.BAD_REQUEST, first.getValue(), errors);
        }
        long id = jdbc.sql("insert into employee (enterprise_id, post_id, name, phone, job_title) values (:e, :p, :n, :ph, :j) returning id")
                .param("e", enterpriseId).param("p", postId).param("n", name.trim())
                .param("ph", phone == null || phone.isBlank() ? null : phone.trim()).param("j", jobTitle)
                .query(Long.class).single();
        events.publishEvent(new StateChanged("新增员工", "employee", String.valueOf(id), name.trim(), enterpriseId, null));
        return id;
    }

    /**
     * 调岗: puts an employee on another post of the same enterprise (or on none), for an actor who may write the
     * enterprise's structure ({@link StructureKeepers#writable}). What other modules derive from the post (the
     * occupational hazards a person is exposed to, 须调离) follows from this one fact.
     */
    @Transactional
    public void moveEmployee(Actor actor, long enterpriseId, long employeeId, Long postId) {
        long enterprise = keepers.writable(actor, enterpriseId);
        if (postId != null && checks.problemsOf(enterprise, postId, "-", null).containsKey("postId")) {
            throw DomainException.invalid("postId", "岗位不存在");
        }
        var moved = jdbc.sql("""
                with before as (select m.id, u.name as post from employee m left join org_unit u on u.id = m.post_id
                                 where m.id = :id and m.enterprise_id = :e for update of m)
                update employee m set post_id = :p from before where m.id = before.id returning m.name, before.post
                """).param("p", postId).param("id", employeeId).param("e", enterprise)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional()
                .orElseThrow(() -> DomainException.notFound("员工"));
        String to = postId == null ? null : jdbc.sql("select name from org_unit where id = :p").param("p", postId).query(String.class).single();
        events.publishEvent(new StateChanged("员工调岗", "employee", String.valueOf(employeeId),
                moved[0] + "：" + (moved[1] == null ? "无岗位" : moved[1]) + " → " + (to == null ? "无岗位" : to), enterprise, null));
    }

    /**
     * Records that an employee has left (离职) on a day. The row stays: measures, checks and the audit trail still name
     * them, and 数据质量 finds the responsibilities they still hold.
     */
    @Transactional
    public void recordLeaving(long enterpriseId, long employeeId, java.time.LocalDate leftOn) {
        if (leftOn == null) throw DomainException.invalid("leftOn", "请填写离职日期");
        String name = jdbc.sql("update employee set left_on = :d where id = :id and enterprise_id = :e returning name")
                .param("d", leftOn).param("id", employeeId).param("e", enterpriseId).query(String.class).optional()
                .orElseThrow(() -> DomainException.notFound("员工"));
        events.publishEvent(new StateChanged("员工离职", "employee", String.valueOf(employeeId), name + " 于 " + leftOn + " 离职",
                enterpriseId, null));
    }

    /** The employees of an enterprise who have left, with the day each left. */
    public Map<Long, java.time.LocalDate> leavers(long enterpriseId) {
        return jdbc.sql("select id, left_on from employee where enterprise_id = :e and left_on is not null order by id")
                .param("e", enterpriseId).query(Rows.pairs(Long.class, java.time.LocalDate.class));
    }
}
