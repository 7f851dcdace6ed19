package cn.shuangkong.organization;

import cn.shuangkong.shared.Actor;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** 第三方安全服务机构 and their contracts with enterprises or regulators. */
@Repository
public class ServiceOrganizations {

    public record ServiceOrg(long id, String name, String creditCode, String qualification, String contactName, String contactPhone) { }

    public record Contract(long id, long serviceOrgId, String serviceOrgName, Long enterpriseId, String clientName,
                           LocalDate startDate, LocalDate endDate, String scope) {
        public boolean activeOn(LocalDate day) {
            return !day.isBefore(startDate) && !day.isAfter(endDate);
        }
    }

    /** A service organisation with the contracts the viewer may see. */
    public record Listing(ServiceOrg org, List<Contract> contracts) { }

    private final JdbcClient jdbc;
    private final Enterprises enterprises;

    ServiceOrganizations(JdbcClient jdbc, Enterprises enterprises) {
        this.jdbc = jdbc;
        this.enterprises = enterprises;
    }

    /**
     * The directory as {@code me} reads it (ADR 0076): a service organisation sees itself and all its contracts; anyone
     * else every organisation, each with only the contracts whose client enterprise is in their scope (the platform all).
     */
    public List<Listing> directory(Actor me) {
        var orgs = me.serviceOrgId() != null ? find(me.serviceOrgId()).stream().toList() : all();
        return orgs.stream().map(o -> new Listing(o, contracts(o.id()).stream()
                .filter(c -> me.jurisdiction().isPlatform() || me.serviceOrgId() != null
                        || (c.enterpriseId() != null && enterprises.find(me.jurisdiction(), c.enterpriseId()).isPresent()))
                .toList())).toList();
    }

    public Optional<ServiceOrg> find(long id) {
        return jdbc.sql("select * from service_org where id = :id").param("id", id).query(ServiceOrg.class).optional();
    }

    public List<ServiceOrg> all() {
        return jdbc.sql("select * from service_org order by id").query(ServiceOrg.class).list();
    }

    List<Contract> contracts(long serviceOrgId) {
        return jdbc.sql("""
                select c.id, c.service_org_id, s.name as service_org_name, c.enterprise_id,
                       coalesce(e.name, d.name) as client_name, c.start_date, c.end_date, c.scope
                  from service_contract c join service_org s on s.id = c.service_org_id
                  left join enterprise e on e.id = c.enterprise_id left join department d on d.id = c.department_id
                 where c.service_org_id = :s order by c.start_date desc
                """).param("s", serviceOrgId).query(Contract.class).list();
    }
}
