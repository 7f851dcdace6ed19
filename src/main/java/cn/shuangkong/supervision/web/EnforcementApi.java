package cn.shuangkong.supervision.web;

import org.springdoc.core.annotations.ParameterObject;
import jakarta.servlet.http.HttpServletResponse;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.supervision.internal.EnforcementDocuments;
import cn.shuangkong.supervision.EnforcementInspections;
import cn.shuangkong.supervision.EnforcementInspections.FindingInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** 执法检查 over the API: inspections, their findings, the 责令限期整改 order and its 复查, and both documents as PDF. */
@Tag(name = SupervisionApi.TAG, description = SupervisionApi.TAG_DESCRIPTION)
@RestController
@RequestMapping("/api/v1/supervision")
class EnforcementApi {

    private final EnforcementInspections inspections;
    private final EnforcementDocuments documents;
    private final Mirrors mirrors;

    EnforcementApi(EnforcementInspections inspections, EnforcementDocuments documents, Mirrors mirrors) {
        this.inspections = inspections;
        this.documents = documents;
        this.mirrors = mirrors;
    }

    @Operation(summary = "执法检查列表")
    @GetMapping("/inspections")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    List<EnforcementInspections.Inspection> inspections(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "enforcement_inspection", EnforcementInspections.Inspection::id, () -> inspections.list(me.jurisdiction(), enterpriseId));
    }

    @Operation(summary = "记录执法检查")
    @PostMapping("/inspections")
    @PreAuthorize("hasAuthority('supervision:enforcement:write')")
    ResponseEntity<EnforcementInspections.Inspection> create(@AuthenticationPrincipal Actor me, @RequestBody SupervisionApi.InspectionRequest body) {
        if (body.enterpriseId() == null) throw DomainException.invalid("enterpriseId", "请选择被检查企业");
        var x = inspections.create(me, body.enterpriseId(), body.inspectedOn(), body.inspectors(), body.summary(), body.drawId());
        return ResponseEntity.created(URI.create("/api/v1/supervision/inspections/" + x.id())).body(x);
    }

    @Operation(summary = "执法检查详情")
    @GetMapping("/inspections/{id}")
    @PreAuthorize("hasAuthority('supervision:enforcement:read') or hasAuthority('supervision:rating:read')")
    EnforcementInspections.Inspection inspection(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return inspections.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("执法检查"));
    }

    @Operation(summary = "登记发现的问题", description = "问题即登记为企业隐患（来源：执法检查）；指令书签发后不能再增加")
    @PostMapping("/inspections/{id}/findings")
    @PreAuthorize("hasAuthority('supervision:enforcement:write')")
    EnforcementInspections.Finding finding(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody SupervisionApi.FindingRequest b) {
        return inspections.addFinding(me, id, new FindingInput(b.title(), b.description(), b.location(), b.type(),
                Boolean.TRUE.equals(b.major()), b.majorReason(), b.basis(), b.deadline()));
    }

    @Operation(summary = "签发责令限期整改指令书", description = "按部门、年度连续编号，如 靖应急责改〔2026〕第0001号")
    @PostMapping("/inspections/{id}/order")
    @PreAuthorize("hasAuthority('supervision:enforcement:write')")
    EnforcementInspections.Inspection order(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return inspections.issueOrder(me, id);
    }

    @Operation(summary = "整改复查", description = "期限届满（或全部已整改）后复查：已整改的问题销案，未整改的升级并提请黑名单；出具整改复查意见书")
    @PostMapping("/inspections/{id}/review")
    @PreAuthorize("hasAuthority('supervision:enforcement:write')")
    EnforcementInspections.Inspection review(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody(required = false) SupervisionApi.Opinion body) {
        return inspections.review(me, id, body == null ? null : body.opinion());
    }

    @Operation(summary = "责令限期整改指令书 PDF")
    @GetMapping("/inspections/{id}/order.pdf")
    @PreAuthorize("hasAuthority('supervision:enforcement:read') or hasAuthority('supervision:rating:read')")
    ResponseEntity<byte[]> orderPdf(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return EnforcementController.pdf(documents.order(me.jurisdiction(), id), "order-" + id + ".pdf");
    }

    @Operation(summary = "整改复查意见书 PDF")
    @GetMapping("/inspections/{id}/review.pdf")
    @PreAuthorize("hasAuthority('supervision:enforcement:read') or hasAuthority('supervision:rating:read')")
    ResponseEntity<byte[]> reviewPdf(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return EnforcementController.pdf(documents.review(me.jurisdiction(), id), "review-" + id + ".pdf");
    }
}
