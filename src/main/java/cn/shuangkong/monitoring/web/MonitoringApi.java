package cn.shuangkong.monitoring.web;

import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.monitoring.Alarms;
import cn.shuangkong.monitoring.internal.GuarantorChecks;
import cn.shuangkong.monitoring.internal.Ingestion;
import cn.shuangkong.monitoring.internal.MajorHazardCalculator;
import cn.shuangkong.monitoring.internal.MajorHazardSources;
import cn.shuangkong.monitoring.internal.MonitoringPoints;
import cn.shuangkong.monitoring.internal.ReadingBatches;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.MirrorQuery;
import jakarta.servlet.http.HttpServletResponse;
import org.springdoc.core.annotations.ParameterObject;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "重大危险源与在线监测", description = "申报与登记、监测点、监测数据批量上报、报警处置")
@RestController
class MonitoringApi {

    record DeclareRequest(Long enterpriseId, Long riskPointId, String unitType, Integer population,
                          List<MajorHazardCalculator.Input> substances) { }

    record Note(String note) { }

    private final MajorHazardSources sources;
    private final MonitoringPoints points;
    private final ReadingBatches batches;
    private final Alarms alarms;
    private final Ingestion ingestion;
    private final GuarantorChecks checks;
    private final cn.shuangkong.monitoring.internal.MonitoringDetails details;

    private final Mirrors mirrors;

    MonitoringApi(MajorHazardSources sources, MonitoringPoints points, ReadingBatches batches, Alarms alarms, Ingestion ingestion,
                  GuarantorChecks checks, cn.shuangkong.monitoring.internal.MonitoringDetails details, Mirrors mirrors) {
        this.mirrors = mirrors;
        this.checks = checks;
        this.details = details;
        this.sources = sources;
        this.points = points;
        this.batches = batches;
        this.alarms = alarms;
        this.ingestion = ingestion;
    }

    @Operation(summary = "申报重大危险源", description = "按 GB 18218-2018 辨识分级并登记；同一单元再次申报生成新版本。")
    @PostMapping("/api/v1/major-hazard-sources")
    @PreAuthorize("hasAuthority('monitoring:source:declare')")
    MajorHazardSources.Source declare(@AuthenticationPrincipal Actor me, @RequestBody DeclareRequest r) {
        long enterprise = enterpriseOf(me, r.enterpriseId());
        return sources.declare(me, enterprise, new MajorHazardSources.Declaration(r.riskPointId(), r.unitType(), r.population(), r.substances()));
    }

    @GetMapping("/api/v1/major-hazard-sources")
    @PreAuthorize("hasAuthority('monitoring:source:read')")
    List<MajorHazardSources.Source> sources(@AuthenticationPrincipal Actor me,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "major_hazard_source", MajorHazardSources.Source::id, () -> sources.list(me.jurisdiction()));
    }

    @Operation(summary = "重大危险源公示牌 PDF")
    @GetMapping("/api/v1/major-hazard-sources/{id}/sign.pdf")
    @PreAuthorize("hasAuthority('monitoring:source:read')")
    org.springframework.http.ResponseEntity<byte[]> sign(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return org.springframework.http.ResponseEntity.ok().contentType(org.springframework.http.MediaType.APPLICATION_PDF)
                .header("Content-Disposition", "inline; filename=major-hazard-sign-" + id + ".pdf").body(details.sign(me.jurisdiction(), id));
    }

    @PostMapping("/api/v1/monitoring/points")
    @PreAuthorize("hasAuthority('monitoring:point:write')")
    MonitoringPoints.Point createPoint(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                                       @RequestBody MonitoringPoints.Draft d) {
        return points.create(me, enterpriseOf(me, enterpriseId), d);
    }

    @GetMapping("/api/v1/monitoring/points")
    @PreAuthorize("hasAuthority('monitoring:alarm:read')")
    List<MonitoringPoints.Point> points(@AuthenticationPrincipal Actor me,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "monitoring_point", MonitoringPoints.Point::id, () -> points.list(me.jurisdiction(), null));
    }

    @Operation(summary = "批量上报监测数据", description = "{\"readings\":[{\"point\":\"LT-101\",\"value\":7.42,\"ts\":\"2026-11-23T08:00:00Z\"}]}；"
            + "point 为本企业监测点位号（或 pointId）。任一条有误则整批拒绝，errors 按 readings[i].字段 指明。")
    @PostMapping("/api/v1/monitoring/readings")
    @PreAuthorize("hasAuthority('monitoring:reading:write')")
    Map<String, Object> readings(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                                 @RequestBody ReadingBatches.Batch batch) {
        return Map.of("accepted", batches.accept(me, enterpriseOf(me, enterpriseId), batch));
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "监测报警列表", description = "state 为 ACTIVE / ACKNOWLEDGED / CLEARED；page 从 1 开始，每页 50 条。"
            + "增量同步：给出 cursor / updatedSince / limit 时按 (更新时间, id) 升序分页，下一页游标在响应头 X-Next-Cursor 和 Link 中，total 为本页条数")
    @GetMapping("/api/v1/monitoring/alarms")
    @PreAuthorize("hasAuthority('monitoring:alarm:read')")
    PageResult<Alarms.Alarm> alarms(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String state,
                                    @RequestParam(defaultValue = "1") int page,
                                    @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        var query = new Alarms.Query(state, null);
        return Mirrors.paged(mirror, response, window -> alarms.changes(me.jurisdiction(), query, window),
                (items, window) -> new PageResult<>(items, items.size(), 1, window.limit()),
                () -> alarms.search(me.jurisdiction(), query, new PageResult.Request(page, 50)));
    }

    @PostMapping("/api/v1/monitoring/alarms/{id}/acknowledge")
    @PreAuthorize("hasAuthority('monitoring:alarm:handle')")
    Alarms.Alarm acknowledge(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody(required = false) Note note) {
        return alarms.acknowledge(me, id, note == null ? null : note.note());
    }

    @PostMapping("/api/v1/monitoring/alarms/{id}/clear")
    @PreAuthorize("hasAuthority('monitoring:alarm:handle')")
    Alarms.Alarm clear(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody(required = false) Note note) {
        return alarms.clear(me, id, note == null ? null : note.note());
    }

    @PostMapping("/api/v1/monitoring/alarms/{id}/hazard")
    @PreAuthorize("hasAuthority('monitoring:alarm:handle')")
    Map<String, Long> hazard(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return Map.of("hazardId", alarms.openHazard(me, id));
    }

    record CheckRequest(String result, String note) { }

    @GetMapping("/api/v1/guarantor-checks/mine")
    @PreAuthorize("hasAuthority('monitoring:check:do')")
    List<GuarantorChecks.Check> myChecks(@AuthenticationPrincipal Actor me,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "guarantor_check", GuarantorChecks.Check::id, () -> checks.mine(me));
    }

    @Operation(summary = "记录包保检查", description = "result 为 NORMAL 或 ABNORMAL（须写 note）；只能记录本人的检查。")
    @PostMapping("/api/v1/guarantor-checks/{id}")
    @PreAuthorize("hasAuthority('monitoring:check:do')")
    GuarantorChecks.Check recordCheck(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody CheckRequest r) {
        return checks.record(me, id, r.result(), r.note());
    }

    @Operation(summary = "数据接入统计", description = "自启动以来接收、拒绝（按原因）的 MQTT 报文数和排队数。")
    @GetMapping("/api/v1/monitoring/ingestion")
    @PreAuthorize("hasAuthority('monitoring:alarm:read')")
    Ingestion.Stats ingestion() {
        return ingestion.stats();
    }

    static long enterpriseOf(Actor me, Long requested) {
        if (me.enterpriseId() != null) {
            if (requested != null && !requested.equals(me.enterpriseId())) throw DomainException.notFound("企业");
            return me.enterpriseId();
        }
        if (requested == null) throw DomainException.invalid("enterpriseId", "请指定企业 enterpriseId");
        return requested;
    }
}
