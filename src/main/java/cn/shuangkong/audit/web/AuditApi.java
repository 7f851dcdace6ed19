package cn.shuangkong.audit.web;

import cn.shuangkong.audit.AuditRecord;
import cn.shuangkong.audit.AuditTrail;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "审计", description = "审计日志查询与哈希链校验")
@RestController
class AuditApi {

    record Page(List<AuditRecord> items, long total) { }

    private final AuditTrail trail;

    AuditApi(AuditTrail trail) {
        this.trail = trail;
    }

    @Operation(summary = "校验审计哈希链", description = "逐条重算哈希；intact=false 时 firstBrokenId 为第一条被篡改或断链的记录")
    @GetMapping("/api/v1/audit/verify")
    @PreAuthorize("hasAuthority('audit:chain:verify')")
    AuditTrail.Verification verify() {
        return trail.verify();
    }

    @Operation(summary = "审计日志", description = "按调用者的数据范围过滤，最新的在前")
    @GetMapping("/api/v1/audit")
    @PreAuthorize("hasAuthority('audit:log:read')")
    Page list(Authentication auth, @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
              @RequestParam(required = false) String entityType, @RequestParam(required = false) Instant from,
              @RequestParam(required = false) Instant to, @RequestParam(defaultValue = "1") int page,
              @RequestParam(defaultValue = "50") int size) {
        var result = trail.search(Actor.scopeOf(auth), new AuditTrail.Query(actor, action, entityType, from, to),
                new PageResult.Request(page, size));
        return new Page(result.items(), result.total());
    }
}
