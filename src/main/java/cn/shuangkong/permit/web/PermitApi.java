package cn.shuangkong.permit.web;

import cn.shuangkong.permit.internal.PermitKind;
import cn.shuangkong.permit.internal.PermitStatus;
import cn.shuangkong.permit.internal.Permits;
import cn.shuangkong.permit.internal.SafetyMeasures;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.annotations.ParameterObject;
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

@Tag(name = "特殊作业票", description = "GB 30871-2022 八类特殊作业：申请、气体分析、安全措施确认、审批、作业、完工验收、关闭或取消；按调用者的数据范围过滤，企业账号办理本企业的作业票")
@RestController
@RequestMapping("/api/v1/permits")
@PreAuthorize("hasAuthority('permit:read')")
class PermitApi {

    record Created(long id) { }

    /** A permit as listed, with its status now (an open permit past its validity reads 已过期). */
    record PermitJson(Permits.Permit permit, PermitStatus status, String statusLabel) { }

    record KindJson(PermitKind kind, String label, List<String> levels, List<SafetyMeasures.Item> measures) { }

    record ApplicationBody(PermitKind kind, String level, String place, BigDecimal planX, BigDecimal planY, Long riskPointId,
                           Long riskUnitId, String job, List<Permits.HazardLine> hazards, Long guardianId,
                           List<Permits.WorkerLine> workers, Long contractorId, String contractorName, Instant plannedStart,
                           Instant plannedEnd, Boolean insideDike, Boolean hazardousMedium, BigDecimal heightMetres,
                           BigDecimal loadTonnes, String videoReference, List<Long> linkedPermitIds) { }

    record Confirmations(List<Permits.Confirmation> items) { }

    record Opinion(String opinion) { }

    record Reason(String reason) { }

    record Note(String note) { }

    record ExtensionBody(Instant until, String reason) { }

    record VideoBody(String reference) { }

    record LinkBody(Long permitId) { }

    private final Permits permits;
    private final SafetyMeasures measures;
    private final java.time.Clock clock;

    PermitApi(Permits permits, SafetyMeasures measures, java.time.Clock clock) {
        this.permits = permits;
        this.measures = measures;
        this.clock = clock;
    }

    @Operation(summary = "作业类别、级别及安全措施清单", description = "八类特殊作业，各自的级别（动火 特级/一级/二级，高处 I–IV 级，吊装 一/二/三级）和安全措施项")
    @GetMapping("/kinds")
    List<KindJson> kinds() {
        return Arrays.stream(PermitKind.values()).map(k -> new KindJson(k, k.label, k.levels, measures.of(k))).toList();
    }

    @Operation(summary = "作业票列表", description = "新者在前（最多 500 张）；status 为当前状态（超过有效期的为 EXPIRED 已过期）；open=true 只列已审批、未完工且在有效期内的。"
            + "增量同步：给出 cursor / updatedSince / limit 时按 (更新时间, id) 升序分页且不限张数，下一页游标在响应头 X-Next-Cursor 和 Link 中")
    @GetMapping
    List<PermitJson> list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                          @RequestParam(required = false) PermitKind kind, @RequestParam(required = false) PermitStatus status,
                          @RequestParam(required = false) Boolean open, @ParameterObject MirrorQuery mirror,
                          HttpServletResponse response) {
        Instant now = clock.instant();
        var query = new Permits.Query(enterpriseId, kind, status, open);
        return Mirrors.paged(mirror, response, window -> permits.changes(me.jurisdiction(), query, window),
                (items, window) -> json(items, now), () -> json(permits.list(me.jurisdiction(), query), now));
    }

    private static List<PermitJson> json(List<Permits.Permit> items, Instant now) {
        return items.stream().map(p -> new PermitJson(p, p.statusAt(now), p.statusAt(now).label)).toList();
    }

    @Operation(summary = "作业票详情", description = "危害识别、作业人员、气体分析及各项结果、安全措施确认、延期、签字时间线、关联作业票；blockers 为当前不能开始（或恢复）作业的原因")
    @GetMapping("/{id}")
    Permits.Sheet sheet(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return permits.sheet(me.jurisdiction(), id);
    }

    @Operation(summary = "申请作业票", description = "申请人为当前登录人。动火须选 level（特级/一级/二级），遇节假日、公休日、夜间升级一级，重大危险源罐区防火堤内（insideDike）为特级；"
            + "高处按 heightMetres、吊装按 loadTonnes 定级；需持证的作业角色（WELDER、ELECTRICIAN、HEIGHT_WORKER、CRANE_OPERATOR）须为持有效证书的本企业员工；"
            + "contractorId 为本企业登记的承包商（列入黑名单、终止合作或资质过期的不能申请，名称取自承包商登记），未登记的承包商只填 contractorName")
    @PostMapping
    @PreAuthorize("hasAuthority('permit:write')")
    ResponseEntity<Created> apply(@AuthenticationPrincipal Actor me, @RequestBody ApplicationBody b) {
        long id = permits.apply(me, new Permits.Application(b.kind(), b.level(), b.place(), b.planX(), b.planY(), b.riskPointId(),
                b.riskUnitId(), b.job(), b.hazards(), b.guardianId(), b.workers(), b.contractorId(), b.contractorName(),
                b.plannedStart(), b.plannedEnd(), b.insideDike(), b.hazardousMedium(), b.heightMetres(), b.loadTonnes(),
                b.videoReference(), b.linkedPermitIds()));
        return ResponseEntity.created(URI.create("/api/v1/permits/" + id)).body(new Created(id));
    }

    @Operation(summary = "记录气体分析", description = "每项结果由规则判定：可燃气体爆炸下限≥4% 时≤0.5%，<4% 时≤0.2%（体积分数）；氧气 19.5%～21%（富氧环境≤23.5%）；有毒气体不超过所填容许浓度")
    @PostMapping("/{id}/analyses")
    @PreAuthorize("hasAuthority('permit:write')")
    ResponseEntity<Created> analyse(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Permits.AnalysisDraft b) {
        long analysis = permits.recordAnalysis(me, id, b);
        return ResponseEntity.created(URI.create("/api/v1/permits/" + id)).body(new Created(analysis));
    }

    @Operation(summary = "确认安全措施", description = "逐项确认（applicable=false 为不涉及），确认人为当前登录人；item 为清单中的编号，如 DH01")
    @PostMapping("/{id}/measures")
    @PreAuthorize("hasAuthority('permit:write')")
    ResponseEntity<Void> confirm(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Confirmations b) {
        permits.confirmMeasures(me, id, b.items());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "审批", description = "审批人须符合作业类别和级别（特级动火由主要负责人或其授权人），申请人不能审批；安全措施须全部确认，需分析的作业须有合格分析")
    @PostMapping("/{id}/approve")
    @PreAuthorize("hasAuthority('permit:approve')")
    ResponseEntity<Void> approve(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Opinion b) {
        permits.approve(me, id, b.opinion());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "开始作业", description = "须在有效期内；动火、受限空间（及介质易燃有毒的盲板抽堵）须有 30 分钟内的合格气体分析；特级动火须已登记视频录像")
    @PostMapping("/{id}/start")
    @PreAuthorize("hasAuthority('permit:write')")
    ResponseEntity<Void> start(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        permits.start(me, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "中断作业")
    @PostMapping("/{id}/suspend")
    @PreAuthorize("hasAuthority('permit:write')")
    ResponseEntity<Void> suspend(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Reason b) {
        permits.suspend(me, id, b.reason());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "恢复作业", description = "中断超过规定时间（默认 60 分钟）须在中断后重新分析合格")
    @PostMapping("/{id}/resume")
    @PreAuthorize("hasAuthority('permit:write')")
    ResponseEntity<Void> resume(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        permits.resume(me, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "完工验收")
    @PostMapping("/{id}/complete")
    @PreAuthorize("hasAuthority('permit:write')")
    ResponseEntity<Void> complete(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Note b) {
        permits.complete(me, id, b.note());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "关闭作业票", description = "完工验收后关闭")
    @PostMapping("/{id}/close")
    @PreAuthorize("hasAuthority('permit:write')")
    ResponseEntity<Void> close(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        permits.close(me, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "取消作业票", description = "关闭前任何状态均可取消，须写明原因")
    @PostMapping("/{id}/cancel")
    @PreAuthorize("hasAuthority('permit:write')")
    ResponseEntity<Void> cancel(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Reason b) {
        permits.cancel(me, id, b.reason());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "延期", description = "自作业开始时间起不超过标准规定的有效期（特级、一级动火 8 小时，二级 72 小时），超出须重新办理")
    @PostMapping("/{id}/extend")
    @PreAuthorize("hasAuthority('permit:write')")
    ResponseEntity<Void> extend(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody ExtensionBody b) {
        permits.extend(me, id, b.until(), b.reason());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "登记视频录像", description = "特级动火全程录像的编号或存放位置")
    @PostMapping("/{id}/video")
    @PreAuthorize("hasAuthority('permit:write')")
    ResponseEntity<Void> video(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody VideoBody b) {
        permits.attachVideo(me, id, b.reference());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "关联作业票", description = "同一作业需办理多张作业票时（如受限空间内动火）相互关联；各自的规则照常执行")
    @PostMapping("/{id}/links")
    @PreAuthorize("hasAuthority('permit:write')")
    ResponseEntity<Void> link(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody LinkBody b) {
        permits.link(me, id, b.permitId());
        return ResponseEntity.noContent().build();
    }
}
