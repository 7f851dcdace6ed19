package cn.shuangkong.risk.web;

import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.risk.RiskFilings;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.MirrorQuery;
import jakarta.servlet.http.HttpServletResponse;
import org.springdoc.core.annotations.ParameterObject;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/** 风险清单备案 over the API: an enterprise signs and files its register, a regulator may return a filing. */
@Tag(name = RiskApi.TAG, description = RiskApi.TAG_DESCRIPTION)
@RestController
@RequestMapping("/api/v1")
class RiskFilingApi {

    private final RiskFilings filings;
    private final Mirrors mirrors;

    RiskFilingApi(RiskFilings filings, Mirrors mirrors) {
        this.filings = filings;
        this.mirrors = mirrors;
    }

    @Operation(summary = "签署并提交风险清单备案", description = "仅本企业主要负责人；冻结当前清单并记录 SHA-256")
    @PostMapping("/enterprises/{id}/risk-filings")
    @PreAuthorize("hasAuthority('risk:filing:submit')")
    ResponseEntity<RiskFilings.Filing> file(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return ResponseEntity.status(201).body(filings.submit(me, id));
    }

    @Operation(summary = "备案状态", description = "changedSinceFiling 为 true 表示变更未备案")
    @GetMapping("/enterprises/{id}/risk-filing-status")
    @PreAuthorize("hasAuthority('risk:register:read')")
    Map<String, Object> filingStatus(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        var standing = filings.standing(me.jurisdiction(), id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("filed", standing.filed());
        out.put("changedSinceFiling", standing.changedSinceFiling());
        out.put("currentHash", standing.currentHash());
        out.put("latest", standing.latest().orElse(null));
        return out;
    }

    @Operation(summary = "备案列表", description = "调用者数据范围内的备案")
    @GetMapping("/risk-filings")
    @PreAuthorize("hasAuthority('risk:register:read')")
    List<RiskFilings.Filing> filings(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "risk_filing", RiskFilings.Filing::id, () -> filings.list(me.jurisdiction(), enterpriseId));
    }

    @Operation(summary = "退回备案（监管部门）")
    @PostMapping("/risk-filings/{id}/return")
    @PreAuthorize("hasAuthority('risk:filing:review')")
    ResponseEntity<Void> giveBack(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Map<String, String> body) {
        filings.giveBack(me, id, body.get("comment"));
        return ResponseEntity.noContent().build();
    }
}
