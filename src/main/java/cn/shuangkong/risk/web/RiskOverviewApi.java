package cn.shuangkong.risk.web;

import cn.shuangkong.risk.internal.RiskWorkbook;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.PageResult;
import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The register as a whole over the API: the 重大风险清单, the register as Excel and the 风险四色图 as GeoJSON. */
@Tag(name = RiskApi.TAG, description = RiskApi.TAG_DESCRIPTION)
@RestController
@RequestMapping("/api/v1")
class RiskOverviewApi {

    private final cn.shuangkong.risk.internal.MajorRisks majorRisks;
    private final RiskWorkbook workbook;
    private final cn.shuangkong.risk.RiskSiteMap siteMap;

    RiskOverviewApi(cn.shuangkong.risk.internal.MajorRisks majorRisks, RiskWorkbook workbook,
                    cn.shuangkong.risk.RiskSiteMap siteMap) {
        this.majorRisks = majorRisks;
        this.workbook = workbook;
        this.siteMap = siteMap;
    }

    @Operation(summary = "重大风险清单", description = "调用者辖区内等级为重大风险的风险点：先本平台的，再下级平台上报的（source 为上报平台名称）")
    @GetMapping("/major-risks")
    @PreAuthorize("hasAuthority('risk:major:read')")
    RiskApi.MajorPage majorRisks(@AuthenticationPrincipal Actor me, @RequestParam(defaultValue = "1") int page,
                         @RequestParam(defaultValue = "50") int size) {
        var result = majorRisks.list(me.jurisdiction(), new PageResult.Request(page, size));
        return new RiskApi.MajorPage(result.items().stream().map(RiskApi.MajorJson::of).toList(), result.total());
    }

    @Operation(summary = "风险分级管控清单（Excel）")
    @GetMapping("/enterprises/{id}/risk-register.xlsx")
    @PreAuthorize("hasAuthority('risk:register:read')")
    void register(@AuthenticationPrincipal Actor me, @PathVariable long id, HttpServletResponse response) throws IOException {
        RiskOverviewController.xlsxDownload(workbook, me, id, response);
    }

    @Operation(summary = "风险四色图（GeoJSON）", description = "坐标为企业平面图坐标（横 0-1000，纵 0-600）")
    @GetMapping(value = "/enterprises/{id}/risk-map", produces = "application/geo+json")
    @PreAuthorize("hasAuthority('risk:register:read')")
    Map<String, Object> riskMap(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return siteMap.geoJson(me.jurisdiction(), id);
    }
}
