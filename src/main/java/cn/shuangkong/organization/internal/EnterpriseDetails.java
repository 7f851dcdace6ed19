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
    private final ServiceOrganizations serviceOrgs;
    private final AuditTrail audit;

    EnterpriseDetails(Enterprises enterprises, Departments departments, OrgStructure structure, ServiceOrganizations serviceOrgs,
                      AuditTrail audit) {
        this.enterprises = enterprises;
        this.departments = departments;
        this.structure = structure;
        this.serviceOrgs = serviceOrgs;
        this.audit = audit;
    }

    /** The details of an enterprise in the caller's scope, else a 404. */
    public Details of(Jurisdiction scope, long enterpriseId) {
        var e = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        return new Details(e, departments.ofEnterprise(enterpriseId), structure.units(enterpriseId), structure.employees(enterpriseId),
                serviceOrgs.contractsOfEnterprise(enterpriseId), audit.historyOf("enterprise", String.valueOf(enterpriseId)));
    }
}
