package cn.shuangkong.referral.web;

import org.springdoc.core.annotations.ParameterObject;
import jakarta.servlet.http.HttpServletResponse;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.referral.Referrals;
import cn.shuangkong.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.LocalDate;
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

@Tag(name = "部门抄告", description = "隐患抄告与治理反馈：监管部门把属于其他部门职责的隐患、执法发现问题或群众举报抄告该部门，接收部门签收、办结反馈或退回；只有发出和接收的两个部门可见")
@RestController
@RequestMapping("/api/v1/referrals")
class ReferralApi {

    record ReferralRequest(Referrals.ItemKind itemKind, Long itemId, Long toDepartmentId, LocalDate deadline, String note) { }

    record Answer(String answer) { }

    record Detail(Referrals.Referral referral, List<Referrals.Step> steps) { }

    private final Referrals referrals;

    private final Mirrors mirrors;

    ReferralApi(Referrals referrals, Mirrors mirrors) {
        this.mirrors = mirrors;
        this.referrals = referrals;
    }

    @GetMapping
    @Operation(summary = "本部门收到（IN）或发出（OUT）的抄告")
    @PreAuthorize("hasAuthority('referral:referral:read')")
    List<Referrals.Referral> list(@AuthenticationPrincipal Actor me, @RequestParam(defaultValue = "IN") Referrals.Box box,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "referral", Referrals.Referral::id, () -> referrals.list(me, box, mirror.asked()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "一条抄告及其办理过程")
    @PreAuthorize("hasAuthority('referral:referral:read')")
    Detail get(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        var detail = referrals.detail(me, id);
        return new Detail(detail.referral(), detail.steps());
    }

    @PostMapping
    @Operation(summary = "抄告：把本部门数据范围内的事项抄告属地覆盖该企业的其他部门，附反馈期限和说明")
    @PreAuthorize("hasAuthority('referral:referral:write')")
    ResponseEntity<Referrals.Referral> refer(@AuthenticationPrincipal Actor me, @RequestBody ReferralRequest body) {
        var r = referrals.refer(me, body.itemKind(), body.itemId(), body.toDepartmentId(), body.deadline(), body.note());
        return ResponseEntity.created(URI.create("/api/v1/referrals/" + r.id())).body(r);
    }

    @PostMapping("/{id}/accept")
    @Operation(summary = "签收（接收部门）")
    @PreAuthorize("hasAuthority('referral:referral:write')")
    Referrals.Referral accept(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return referrals.accept(me, id);
    }

    @PostMapping("/{id}/handle")
    @Operation(summary = "办结反馈（接收部门）：处理结果")
    @PreAuthorize("hasAuthority('referral:referral:write')")
    Referrals.Referral handle(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Answer body) {
        return referrals.handle(me, id, body.answer());
    }

    @PostMapping("/{id}/return")
    @Operation(summary = "退回（接收部门）：退回理由")
    @PreAuthorize("hasAuthority('referral:referral:write')")
    Referrals.Referral giveBack(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Answer body) {
        return referrals.giveBack(me, id, body.answer());
    }
}
