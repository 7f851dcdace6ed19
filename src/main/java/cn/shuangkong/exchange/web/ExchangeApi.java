package cn.shuangkong.exchange.web;

import org.springdoc.core.annotations.ParameterObject;
import jakarta.servlet.http.HttpServletResponse;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.exchange.internal.ExchangeStatus;
import cn.shuangkong.exchange.internal.Inbound;
import cn.shuangkong.exchange.internal.Senders;
import cn.shuangkong.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "互联互通·数据上报", description = """
        国家双重预防机制数据模型（风险分析对象 → 风险分析单元 → 风险事件 → 管控措施 → 隐患排查任务 → 排查记录 → 隐患）的上报与接收。
        上报方：本平台按 exchange/model.tsv 映射、校验，增量分批上报（上级先于下级），保存接收方逐条答复。
        接收方：/api/v1/exchange/inbound/** 不用登录令牌，而用接收方发放的上报方密钥（请求头 X-Exchange-Key）；未知密钥 401，已停用 403。
        每条记录以 id（UUID）为准：再次上报同一 id 为更新，deleted=1 为删除；同一批次号重放返回原答复、不做任何更改。
        日期格式 yyyy-MM-dd HH:mm:ss；照片为 base64 PNG/JPEG，不超过 5 MB。""")
@RestController
@RequestMapping("/api/v1/exchange")
class ExchangeApi {

    record NewSender(String name, String regionCode) { }

    record Resend(String uuid) { }

    record Counts(String tyshxydm, Map<String, Long> counts) { }

    private final ExchangeStatus status;
    private final Senders senders;
    private final Inbound inbound;

    private final Mirrors mirrors;

    ExchangeApi(ExchangeStatus status, Senders senders, Inbound inbound, Mirrors mirrors) {
        this.mirrors = mirrors;
        this.status = status;
        this.senders = senders;
        this.inbound = inbound;
    }

    @Operation(summary = "数据上报概况（数据范围内各企业：待上报、校验未通过、等待上级、已接收、被拒收）")
    @GetMapping("/enterprises")
    @PreAuthorize("hasAuthority('risk:register:read')")
    List<ExchangeStatus.Summary> summaries(@AuthenticationPrincipal Actor me) {
        return status.summaries(me);
    }

    @Operation(summary = "一个企业的上报记录及原因", description = "status 可选：PENDING、HELD、WAITING、ACCEPTED、REJECTED")
    @GetMapping("/enterprises/{id}/records")
    @PreAuthorize("hasAuthority('risk:register:read')")
    List<ExchangeStatus.Row> records(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String status) {
        return this.status.records(me, id, status);
    }

    @Operation(summary = "立即核对企业的上报数据（按当前数据重新生成，变化的记录待上报）")
    @PostMapping("/enterprises/{id}/check")
    @PreAuthorize("hasAnyAuthority('risk:register:write', 'risk:major:read')")
    Map<String, Integer> check(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return Map.of("pending", status.check(me, id));
    }

    @Operation(summary = "重新上报被拒收、校验未通过或等待中的记录", description = "uuid 为空时重新上报该企业所有这类记录")
    @PostMapping("/enterprises/{id}/resend")
    @PreAuthorize("hasAnyAuthority('risk:register:write', 'risk:major:read')")
    Map<String, Integer> resend(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody(required = false) Resend body) {
        return Map.of("queued", status.resend(me, id, body == null ? null : body.uuid()));
    }

    @Operation(summary = "与接收方对账：按实体比较本平台记录数、已被接收数和接收方记录数")
    @GetMapping("/enterprises/{id}/reconciliation")
    @PreAuthorize("hasAuthority('risk:register:read')")
    List<ExchangeStatus.Reconciliation> reconcile(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return status.reconcile(me, id);
    }

    @Operation(summary = "（接收方）下级平台和企业系统上报到本平台的数据，按企业汇总")
    @GetMapping("/received")
    @PreAuthorize("hasAuthority('risk:major:read')")
    List<ExchangeStatus.Received> received(@AuthenticationPrincipal Actor me) {
        return status.received(me);
    }

    @Operation(summary = "（接收方）上报方列表")
    @GetMapping("/senders")
    @PreAuthorize("hasAuthority('access:user:manage')")
    List<Senders.Sender> senders(@AuthenticationPrincipal Actor me,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "exchange_sender", Senders.Sender::id, () -> senders.list(me));
    }

    @Operation(summary = "（接收方）登记上报方并发放密钥", description = "密钥只在此时显示一次；上报方只能上报其所辖区划内的企业")
    @PostMapping("/senders")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('access:user:manage')")
    Senders.Issued register(@AuthenticationPrincipal Actor me, @RequestBody NewSender body) {
        return senders.register(me, body == null ? null : body.name(), body == null ? null : body.regionCode());
    }

    @Operation(summary = "（接收方）停用上报方密钥", description = "已停用的密钥不能再次停用（409）")
    @PostMapping("/senders/{id}/revoke")
    @PreAuthorize("hasAuthority('access:user:manage')")
    Map<String, Boolean> revoke(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        senders.revoke(me, id);
        return Map.of("revoked", true);
    }

    @Operation(summary = "（接收方）接收一个上报批次", description = """
            以 X-Exchange-Key 认证。记录按顺序处理：不符合数据规范的记录拒收（errors 按字段给出中文原因），上级记录尚未接收的记录答复 WAITING，
            其余按 id 新增、更新或删除（deleted=1）；本平台尚无的企业按 enterprises 中的基本信息登记到其所在乡镇（须在上报方所辖区划内）。
            整个批次与答复在同一事务中保存；同一批次号再次提交返回原答复，不做任何更改。""")
    @PostMapping("/inbound/batches")
    @ApiResponse(responseCode = "200", description = "逐条答复（部分拒收或等待时仍为 200）",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ExchangeExamples.ANSWER)))
    @ApiResponse(responseCode = "400", description = "批次不合格（批次号、记录数、密文），什么也没有保存",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(value = ExchangeExamples.MALFORMED)))
    @ApiResponse(responseCode = "401", description = "未知的上报方：密钥无效", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "403", description = "该上报方已停用", content = @Content(mediaType = "application/problem+json"))
    Inbound.Answer receive(@Parameter(description = "接收方发放的上报方密钥") @RequestHeader(name = "X-Exchange-Key", required = false) String key,
                           @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
                                   examples = @ExampleObject(name = "一个风险分析对象和一条隐患", value = ExchangeExamples.BATCH)))
                           @RequestBody Inbound.Batch batch) {
        return inbound.receive(key, batch);
    }

    @Operation(summary = "（接收方）对账：该上报方上报的某企业各实体记录数（不含已删除）")
    @GetMapping("/inbound/counts")
    Counts counts(@RequestHeader(name = "X-Exchange-Key", required = false) String key, @RequestParam(required = false) String tyshxydm) {
        return new Counts(tyshxydm, inbound.counts(key, tyshxydm));
    }
}
