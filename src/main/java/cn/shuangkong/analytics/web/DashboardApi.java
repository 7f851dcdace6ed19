package cn.shuangkong.analytics.web;

import cn.shuangkong.analytics.internal.Dashboard;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "监管驾驶舱", description = "辖区统计（企业整体风险等级、重大风险、重大隐患、完成率、整改率、零报告、月度趋势），按调用者的数据范围逐级下钻")
@RestController
class DashboardApi {

    private final Dashboard dashboard;

    DashboardApi(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @Operation(summary = "辖区驾驶舱快照", description = "region 为空时取本辖区；辖区外的区划返回 404")
    @GetMapping("/api/v1/dashboard")
    @PreAuthorize("hasAuthority('analytics:dashboard:read')")
    Dashboard.Snapshot snapshot(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String region) {
        return dashboard.snapshot(me.jurisdiction(), region);
    }

    @Operation(summary = "辖区企业（下钻）", description = "按企业整体风险等级（level 1–4）、未评级（unrated）、零报告（zeroReport）过滤，风险高者在前")
    @GetMapping("/api/v1/dashboard/enterprises")
    @PreAuthorize("hasAuthority('analytics:dashboard:read')")
    PageResult<Dashboard.EnterpriseRow> enterprises(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String region,
                                                    @RequestParam(required = false) Integer level,
                                                    @RequestParam(defaultValue = "false") boolean unrated,
                                                    @RequestParam(defaultValue = "false") boolean zeroReport,
                                                    @RequestParam(defaultValue = "1") int page,
                                                    @RequestParam(defaultValue = "20") int size) {
        var area = dashboard.area(me.jurisdiction(), region);
        return dashboard.enterprises(dashboard.within(me.jurisdiction(), area),
                new Dashboard.EnterpriseFilter(level, unrated, zeroReport, false), new PageResult.Request(page, size));
    }
}
