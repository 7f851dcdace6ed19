package cn.shuangkong.supervision.web;

import org.springdoc.core.annotations.ParameterObject;
import jakarta.servlet.http.HttpServletResponse;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.supervision.internal.Credit;
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

/** 失信黑名单 and 约谈通报 records over the API: proposals, second-person decisions and removals. */
@Tag(name = SupervisionApi.TAG, description = SupervisionApi.TAG_DESCRIPTION)
@RestController
@RequestMapping("/api/v1/supervision")
class CreditApi {

    private final Credit credit;
    private final Mirrors mirrors;

    CreditApi(Credit credit, Mirrors mirrors) {
        this.credit = credit;
        this.mirrors = mirrors;
    }

    @Operation(summary = "黑名单（含待审批提请）")
    @GetMapping("/blacklist")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    List<Credit.Entry> blacklist(@AuthenticationPrincipal Actor me,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "blacklist_entry", Credit.Entry::id, () -> credit.entries(me.jurisdiction()));
    }

    @Operation(summary = "提请列入黑名单", description = "须由提请人以外的人员审批")
    @PostMapping("/blacklist")
    @PreAuthorize("hasAuthority('supervision:credit:write')")
    ResponseEntity<Credit.Entry> propose(@AuthenticationPrincipal Actor me, @RequestBody SupervisionApi.Proposal body) {
        if (body.enterpriseId() == null) throw DomainException.invalid("enterpriseId", "请选择企业");
        var e = credit.propose(me, body.enterpriseId(), body.reason());
        return ResponseEntity.created(URI.create("/api/v1/supervision/blacklist/" + e.id())).body(e);
    }

    @Operation(summary = "审批黑名单提请", description = "提请人本人审批返回 403")
    @PostMapping("/blacklist/{id}/decision")
    @PreAuthorize("hasAuthority('supervision:credit:approve')")
    Credit.Entry decide(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody SupervisionApi.Decision body) {
        if (body.approve() == null) throw DomainException.invalid("approve", "请选择是否同意");
        return credit.decide(me, id, body.approve(), body.note());
    }

    @Operation(summary = "提请移出黑名单", description = "须由提请人以外的人员审批后才移出")
    @PostMapping("/blacklist/{id}/removal")
    @PreAuthorize("hasAuthority('supervision:credit:write')")
    Credit.Entry proposeRemoval(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody SupervisionApi.RemovalProposal body) {
        return credit.proposeRemoval(me, id, body.reason());
    }

    @Operation(summary = "审批移出黑名单提请", description = "提请人本人审批返回 403")
    @PostMapping("/blacklist/{id}/removal/decision")
    @PreAuthorize("hasAuthority('supervision:credit:approve')")
    Credit.Entry decideRemoval(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody SupervisionApi.Decision body) {
        if (body.approve() == null) throw DomainException.invalid("approve", "请选择是否同意");
        return credit.decideRemoval(me, id, body.approve(), body.note());
    }

    @Operation(summary = "约谈和通报记录")
    @GetMapping("/records")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    List<Credit.SupervisionRecord> records(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "supervision_record", Credit.SupervisionRecord::id, () -> credit.records(me.jurisdiction(), enterpriseId));
    }

    @Operation(summary = "记录约谈或通报")
    @PostMapping("/records")
    @PreAuthorize("hasAuthority('supervision:credit:write')")
    Credit.SupervisionRecord record(@AuthenticationPrincipal Actor me, @RequestBody SupervisionApi.RecordRequest b) {
        if (b.enterpriseId() == null) throw DomainException.invalid("enterpriseId", "请选择企业");
        return credit.record(me, b.enterpriseId(), b.kind(), b.heldOn(), b.subject(), b.content());
    }
}
