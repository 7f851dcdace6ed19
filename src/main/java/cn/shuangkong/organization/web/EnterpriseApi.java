package cn.shuangkong.organization.web;

import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.EnterpriseDraft;
import cn.shuangkong.organization.EnterpriseRegistry;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.MirrorQuery;
import jakarta.servlet.http.HttpServletResponse;
import org.springdoc.core.annotations.ParameterObject;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "企业", description = "企业主数据，按调用者的数据范围过滤")
@RestController
@RequestMapping("/api/v1/enterprises")
class EnterpriseApi {

    /** An enterprise as the API shows it. */
    record EnterpriseJson(long id, String name, String creditCode, String regionCode, String regionName, String industryCode,
                          String scale, int headcount, String address, BigDecimal longitude, BigDecimal latitude,
                          Long gridId, String principalName, String principalPhone, String safetyManagerName,
                          String safetyManagerPhone, String status, List<String> flags, Instant updatedAt) {
        static EnterpriseJson of(Enterprise e) {
            return new EnterpriseJson(e.id(), e.name(), e.creditCode(), e.regionCode(), e.regionName(), e.industryCode(),
                    e.scale(), e.headcount(), e.address(), e.longitude(), e.latitude(), e.gridId(), e.principalName(),
                    e.principalPhone(), e.safetyManagerName(), e.safetyManagerPhone(), e.status(), e.flagLabels(), e.updatedAt());
        }
    }

    record Page(List<EnterpriseJson> items, long total) { }

    private final Enterprises enterprises;
    private final EnterpriseRegistry registry;

    EnterpriseApi(Enterprises enterprises, EnterpriseRegistry registry) {
        this.enterprises = enterprises;
        this.registry = registry;
    }

    @Operation(summary = "企业列表", description = "q 按名称或信用代码模糊查询；page 从 1 开始；size 最大 200。"
            + "增量同步：给出 cursor / updatedSince / limit 时按 (更新时间, id) 升序分页，下一页游标在响应头 X-Next-Cursor 和 Link 中，total 为本页条数")
    @GetMapping
    @PreAuthorize("hasAuthority('organization:enterprise:read')")
    Page list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String q,
              @RequestParam(required = false) String regionCode, @RequestParam(required = false) String industryCode,
              @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "20") int size,
              @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        var query = new Enterprises.Query(q, regionCode, industryCode, null, null);
        return Mirrors.paged(mirror, response, window -> enterprises.changes(me.jurisdiction(), query, window),
                (items, window) -> new Page(items.stream().map(EnterpriseJson::of).toList(), items.size()), () -> {
                    var result = enterprises.search(me.jurisdiction(), query, new PageResult.Request(page, size));
                    return new Page(result.items().stream().map(EnterpriseJson::of).toList(), result.total());
                });
    }

    @Operation(summary = "企业详情")
    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('organization:enterprise:read')")
    EnterpriseJson get(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return enterprises.find(me.jurisdiction(), id).map(EnterpriseJson::of).orElseThrow(() -> DomainException.notFound("企业"));
    }

    @Operation(summary = "登记企业", description = "监管部门只能登记其辖区和监管行业内的企业")
    @PostMapping
    @PreAuthorize("hasAuthority('organization:enterprise:write')")
    ResponseEntity<EnterpriseJson> create(@AuthenticationPrincipal Actor me, @Valid @RequestBody EnterpriseDraft draft) {
        Enterprise e = registry.register(me.jurisdiction(), draft);
        return ResponseEntity.created(URI.create("/api/v1/enterprises/" + e.id())).body(EnterpriseJson.of(e));
    }

    @Operation(summary = "修改企业")
    @PutMapping("/{id}")
    @PreAuthorize("hasAuthority('organization:enterprise:write')")
    EnterpriseJson update(@AuthenticationPrincipal Actor me, @PathVariable long id, @Valid @RequestBody EnterpriseDraft draft) {
        return EnterpriseJson.of(registry.change(me.jurisdiction(), id, draft));
    }
}
