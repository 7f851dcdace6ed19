package cn.shuangkong.supervision.internal;

import cn.shuangkong.organization.Departments.Department;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** 执法人员: a department's law-enforcement staff, who the 双随机 draw picks from, and their declared relations (回避). */
@Service
public class LawEnforcers {

    public record Enforcer(long id, long departmentId, String name, String badgeNo, String username, String relations) { }

    private final JdbcClient jdbc;
    private final Offices offices;
    private final Enterprises enterprises;
    private final ApplicationEventPublisher events;

    LawEnforcers(JdbcClient jdbc, Offices offices, Enterprises enterprises, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.offices = offices;
        this.enterprises = enterprises;
        this.events = events;
    }

    public List<Enforcer> ofDepartment(long departmentId) {
        return jdbc.sql("""
                select f.id, f.department_id, f.name, f.badge_no, f.username,
                       (select string_agg(e.name || '（' || r.relation || '）', '；' order by e.id)
                          from enforcer_relation r join (%s) e on e.id = r.enterprise_id where r.enforcer_id = f.id) as relations
                  from law_enforcer f where f.department_id = :d and f.active order by f.id
                """.formatted(OrganizationFacts.enterprises())).param("d", departmentId).query(Enforcer.class).list();
    }

    /** The acting regulator's own department's enforcers; empty for accounts without a department. */
    public List<Enforcer> mine(Actor me) {
        Long d = offices.departmentIdOrNull(me);
        return d == null ? List.of() : ofDepartment(d);
    }

    @Transactional
    public Enforcer add(Actor me, String name, String badgeNo) {
        Department d = offices.departmentOf(me);
        if (name == null || name.isBlank()) throw DomainException.invalid("name", "请填写执法人员姓名");
        if (badgeNo == null || badgeNo.isBlank()) throw DomainException.invalid("badgeNo", "请填写执法证号");
        if (name.strip().length() > 40) throw DomainException.invalid("name", "姓名不能超过 40 字");
        if (badgeNo.strip().length() > 30) throw DomainException.invalid("badgeNo", "执法证号不能超过 30 字");
        long id;
        try {
            id = jdbc.sql("insert into law_enforcer (department_id, name, badge_no) values (:d, :n, :b) returning id")
                    .param("d", d.id()).param("n", name.strip()).param("b", badgeNo.strip()).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw DomainException.invalid("badgeNo", "执法证号 " + badgeNo.strip() + " 已登记");
        }
        events.publishEvent(new StateChanged("登记执法人员", "law-enforcer", String.valueOf(id),
                d.name() + "：" + name.strip() + "（执法证号 " + badgeNo.strip() + "）", null, d.regionCode()));
        return ofDepartment(d.id()).stream().filter(f -> f.id() == id).findFirst().orElseThrow();
    }

    /** Records a relation that makes the enforcer avoid the enterprise in every later draw. */
    @Transactional
    public void declareRelation(Actor me, long enforcerId, long enterpriseId, String relation) {
        Department d = offices.departmentOf(me);
        var f = ofDepartment(d.id()).stream().filter(x -> x.id() == enforcerId).findFirst()
                .orElseThrow(() -> DomainException.notFound("执法人员"));
        var e = enterprises.find(me.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        if (relation == null || relation.isBlank()) throw DomainException.invalid("relation", "请说明关系，如：亲属在该企业任职");
        if (relation.strip().length() > 100) throw DomainException.invalid("relation", "关系说明不能超过 100 字");
        jdbc.sql("""
                insert into enforcer_relation (enforcer_id, enterprise_id, relation) values (:f, :e, :r)
                on conflict (enforcer_id, enterprise_id) do update set relation = excluded.relation
                """).param("f", enforcerId).param("e", enterpriseId).param("r", relation.strip()).update();
        events.publishEvent(new StateChanged("申报回避关系", "law-enforcer", String.valueOf(enforcerId),
                f.name() + " 与 " + e.name() + "：" + relation.strip(), e.id(), e.regionCode()));
    }
}
