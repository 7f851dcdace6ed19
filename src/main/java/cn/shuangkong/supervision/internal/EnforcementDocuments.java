package cn.shuangkong.supervision.internal;

import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.risk.RiskDocuments;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.supervision.EnforcementInspections.Inspection;
import cn.shuangkong.supervision.EnforcementInspections;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The numbered enforcement documents as PDF: 责令限期整改指令书 and 整改复查意见书 of one inspection, rendered from
 * templates/pdf through risk's {@link RiskDocuments#render}, the platform's one PDF renderer with the embedded font. Both are printed from the stored record, so a reprint is identical.
 */
@Component
public class EnforcementDocuments {


    private final EnforcementInspections inspections;
    private final Enterprises enterprises;
    private final Departments departments;
    private final RiskDocuments documents;

    EnforcementDocuments(EnforcementInspections inspections, Enterprises enterprises, Departments departments,
                         RiskDocuments documents) {
        this.inspections = inspections;
        this.enterprises = enterprises;
        this.departments = departments;
        this.documents = documents;
    }

    public byte[] order(Jurisdiction scope, long inspectionId) {
        Inspection x = inspections.find(scope, inspectionId).orElseThrow(() -> DomainException.notFound("执法检查"));
        if (x.orderNo() == null) throw DomainException.notFound("责令限期整改指令书");
        return render("pdf/enforcement-order", x, x.orderIssuedAt().atZone(PlatformTime.zone()).toLocalDate());
    }

    public byte[] review(Jurisdiction scope, long inspectionId) {
        Inspection x = inspections.find(scope, inspectionId).orElseThrow(() -> DomainException.notFound("执法检查"));
        if (x.reviewNo() == null) throw DomainException.notFound("整改复查意见书");
        return render("pdf/enforcement-review", x, x.reviewedAt().atZone(PlatformTime.zone()).toLocalDate());
    }

    private byte[] render(String template, Inspection x, java.time.LocalDate issued) {
        return documents.render(template, Map.of("x", x,
                "e", enterprises.findUnscoped(x.enterpriseId()).orElseThrow(),
                "d", departments.find(x.departmentId()).orElseThrow(),
                "issued", issued));
    }
}
