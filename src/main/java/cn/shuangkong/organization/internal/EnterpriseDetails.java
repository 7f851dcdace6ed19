package cn.shuangkong.organization.internal;

import cn.shuangkong.audit.AuditRecord;
import cn.shuangkong.audit.AuditTrail;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.organization.ServiceOrganizations;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * An enterprise's detail page read as one, so that the enterprise is resolved in the caller's scope once, here
 * (ADR 0076), before the reads that take its bare id: its regulators, 组织架构, service contracts and change history.
 */
@Service
public class EnterpriseDetails {

    /** What the detail page shows. */
    public record Details(Enterprise enterprise, List<Departments.Department> departments, List<OrgStructure.OrgUnit> units,
                          List<OrgStructure.Employee> employees, List<ServiceOrganizations.Contract> contracts,
                          List<AuditRecord> history) { }

    private final Enterprises enterprises;
    private final Departments departments;
    private final OrgStructure structure;
    private final AuditTrail audit;
    private final JdbcClient jdbc;

    EnterpriseDetails(Enterprises enterprises, Departments departments, OrgStructure structure, AuditTrail audit, JdbcClient jdbc) {
        this.enterprises = enterprises;
        this.departments = departments;
        this.structure = structure;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** The details of an enterprise in the caller's scope, else a 404. */
    public Details of(Jurisdiction scope, long enterpriseId) {
        var e = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        return new Details(e, departments.ofEnterprise(enterpriseId), structure.units(enterpriseId), structure.employees(enterpriseId),
                contractsOf(enterpriseId), audit.historyOf("enterprise", String.valueOf(enterpriseId)));
    }

    /** The enterprise's service contracts, newest first; private, so only an enterprise read in scope lists them. */
    private List<ServiceOrganizations.Contract> contractsOf(long enterpriseId) {
        return jdbc.sql("""
                select c.id, c.service_org_id, s.name as service_org_name, c.enterprise_id, e.name as client_name,
                       c.start_date, c.end_date, c.scope
                  from service_contract c join service_org s on s.id = c.service_org_id join enterprise e on e.id = c.enterprise_id
                 where c.enterprise_id = :e order by c.start_date desc
                """).param("e", enterpriseId).query(ServiceOrganizations.Contract.class).list();
    }
}
