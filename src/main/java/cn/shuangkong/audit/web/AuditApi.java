package cn.shuangkong.audit.web;

import org.springdoc.core.annotations.ParameterObject;
import jakarta.servlet.http.HttpServletResponse;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.audit.internal.AuditAnchors;
import cn.shuangkong.audit.AuditRecord;
import cn.shuangkong.audit.AuditTrail;
import cn.shuangkong.audit.Verification;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "审计", description = "审计日志查询与哈希链校验")
@RestController
class AuditApi {

    record Page(List<AuditRecord> items, long total) { }

    private final AuditTrail trail;
    private final AuditAnchors anchors;

    AuditApi(AuditTrail trail, AuditAnchors anchors) {
        this.trail = trail;
        this.anchors = anchors;
    }

    @Operation(summary = "校验审计哈希链", description = "逐条重算哈希，并与数据库之外的签名锚点比对；intact=false 时 firstBrokenId "
            + "为第一条被篡改或断链的记录，findings 逐条列出发现（记录被改、尾部被删、锚点签名无效、防篡改触发器被停用）。"
            + "from/to 只校验该编号区间（尾部删除只在不给 to 时能发现）")
    @GetMapping("/api/v1/audit/verify")
    @PreAuthorize("hasAuthority('audit:chain:verify')")
    Verification verify(@RequestParam(required = false) Long from, @RequestParam(required = false) Long to) {
        return trail.verify(from, to);
    }

    @Operation(summary = "立即写入审计锚点", description = "先校验上一锚点之后的新记录，再把链尾签名写入锚点文件（并发送到配置的地址）；"
            + "链已被改动时拒绝锚定并说明原因")
    @PostMapping("/api/v1/audit/checkpoint")
    @PreAuthorize("hasAuthority('audit:chain:verify')")
    AuditAnchors.Checkpoint checkpoint() {
        var result = anchors.checkpoint();
        if (result.refusal() != null) {
            throw DomainException.conflict("未写入锚点：" + result.refusal());
        }
        return result;
    }

    @Operation(summary = "审计日志", description = "按调用者的数据范围过滤，最新的在前")
    @GetMapping("/api/v1/audit")
    @PreAuthorize("hasAuthority('audit:log:read')")
    Page list(Authentication auth, @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
              @RequestParam(required = false) String entityType, @RequestParam(required = false) Instant from,
              @RequestParam(required = false) Instant to, @RequestParam(defaultValue = "1") int page,
              @RequestParam(defaultValue = "50") int size, @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        var query = new AuditTrail.Query(actor, action, entityType, from, to);
        return Mirrors.paged(mirror, response, window -> trail.changes(Actor.scopeOf(auth), query, window),
                (items, window) -> new Page(items, items.size()), () -> {
                    var result = trail.search(Actor.scopeOf(auth), query, new PageResult.Request(page, size));
                    return new Page(result.items(), result.total());
                });
    }
}
