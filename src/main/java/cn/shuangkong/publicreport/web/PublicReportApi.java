package cn.shuangkong.publicreport.web;

import cn.shuangkong.publicreport.PublicReports;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.http.HttpStatus;
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

@Tag(name = "群众举报", description = "公众无需登录即可举报（/public/**，按客户端限流、相同内容去重）并凭跟踪码查询；监管部门受理、分派、核查、转隐患、奖励。举报人联系方式仅承办部门可见")
@RestController
@RequestMapping("/api/v1")
class PublicReportApi {

    /** A report from the public; {@code photos} are base64 JPEG/PNG/WebP, at most three. */
    record NewReport(String content, String location, String regionCode, String contactName, String contactPhone, List<byte[]> photos) { }

    record Assignment(Long departmentId, Long enterpriseId, String note) { }

    record Reason(String reason) { }

    record Verification(Boolean founded, Long enterpriseId, String note) { }

    record Conversion(String title) { }

    record Reward(BigDecimal amount, String note) { }

    private final PublicReports reports;

    PublicReportApi(PublicReports reports) {
        this.reports = reports;
    }

    @Operation(summary = "提交举报（无需登录）", description = "返回跟踪码；相同内容和位置在去重期间内再次提交并入原举报，另发提交人自己的跟踪码（duplicate=true），不泄露他人的跟踪码；同一客户端提交过于频繁返回 429")
    @PostMapping("/public/reports")
    ResponseEntity<PublicReports.Receipt> submit(@RequestBody NewReport body, HttpServletRequest request) {
        var photos = body.photos() == null ? List.<PublicReports.Photo>of()
                : body.photos().stream().map(b -> new PublicReports.Photo("photo", b)).toList();
        var receipt = reports.submit(new PublicReports.Submission(body.content(), body.location(), body.regionCode(),
                body.contactName(), body.contactPhone(), photos), request.getRemoteAddr());
        return ResponseEntity.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(receipt);
    }

    @Operation(summary = "按跟踪码查询办理进度（无需登录）")
    @GetMapping("/public/reports/{code}")
    PublicReports.PublicStatus status(@PathVariable String code) {
        return reports.status(code).orElseThrow(() -> DomainException.notFound("该跟踪码的举报"));
    }

    @Operation(summary = "辖区举报列表", description = "最新的 200 条。增量同步：给出 cursor / updatedSince / limit 时按 (更新时间, id) 升序分页，"
            + "下一页游标在响应头 X-Next-Cursor 和 Link 中，不受 200 条限制")
    @GetMapping("/reports")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    List<PublicReports.Report> list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) PublicReports.Status status,
                                    @org.springdoc.core.annotations.ParameterObject cn.shuangkong.shared.MirrorQuery mirror,
                                    jakarta.servlet.http.HttpServletResponse response) {
        return cn.shuangkong.shared.Mirrors.paged(mirror, response, window -> reports.changes(me, status, window),
                (items, window) -> items, () -> reports.list(me, status));
    }

    @Operation(summary = "举报详情（联系方式仅承办部门可见）")
    @GetMapping("/reports/{id}")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    PublicReports.Report get(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return reports.find(me, id).orElseThrow(() -> DomainException.notFound("举报"));
    }

    @Operation(summary = "受理并分派承办部门")
    @PostMapping("/reports/{id}/assign")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    PublicReports.Report assign(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Assignment body) {
        return reports.assign(me, id, body.departmentId(), body.enterpriseId(), body.note());
    }

    @Operation(summary = "不予受理（理由告知举报人）")
    @PostMapping("/reports/{id}/reject")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    PublicReports.Report reject(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Reason body) {
        return reports.reject(me, id, body.reason());
    }

    @Operation(summary = "记录现场核查结果（承办部门）")
    @PostMapping("/reports/{id}/verify")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    PublicReports.Report verify(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Verification body) {
        return reports.verify(me, id, body.founded() == null || body.founded(), body.enterpriseId(), body.note());
    }

    @Operation(summary = "转为企业隐患，来源 举报核查（承办部门）")
    @PostMapping("/reports/{id}/convert")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    PublicReports.Report convert(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody(required = false) Conversion body) {
        return reports.convert(me, id, body == null ? null : body.title());
    }

    @Operation(summary = "记录举报奖励（承办部门）")
    @PostMapping("/reports/{id}/reward")
    @PreAuthorize("hasAuthority('publicreport:report:handle')")
    PublicReports.Report reward(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Reward body) {
        return reports.reward(me, id, body.amount(), body.note());
    }
}
