package cn.shuangkong.risk.web;

import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.risk.internal.AssessmentMethod;
import cn.shuangkong.risk.AssessmentMethods;
import cn.shuangkong.risk.Evaluation;
import cn.shuangkong.risk.internal.RiskAssessments;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.risk.RiskSheets;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.MirrorQuery;
import jakarta.servlet.http.HttpServletResponse;
import org.springdoc.core.annotations.ParameterObject;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/** 风险分级管控 over the API: risk points with their events, measures and assessments, and the calculator. */
@Tag(name = RiskApi.TAG, description = RiskApi.TAG_DESCRIPTION)
@RestController
@RequestMapping("/api/v1")
class RiskApi {

    /** The API's one tag for 风险分级管控, shared by the classes that serve it. */
    static final String TAG = "风险分级管控", TAG_DESCRIPTION = "风险点、风险事件、管控措施、风险评价，按调用者的数据范围过滤";

    /** The calculator's answer. */
    record EvaluationJson(String method, BigDecimal score, int grade, String color, String levelName) {
        static EvaluationJson of(Evaluation e) {
            return new EvaluationJson(e.method(), e.score(), e.grade(), e.level().color, e.level().label);
        }
    }

    /** A risk point in lists. */
    record PointJson(long id, long enterpriseId, String enterpriseName, String regionName, String code, String name,
                     String kind, String kindLabel, long orgUnitId, String orgUnitName, String location, String sitePosition,
                     boolean majorHazardSource, java.time.LocalDate reviewDue, Integer grade, String color,
                     String levelName, int eventCount, int measureCount) {
        static PointJson of(RiskPoints.Point p) {
            RiskLevel l = p.riskLevel();
            return new PointJson(p.id(), p.enterpriseId(), p.enterpriseName(), p.regionName(), p.code(), p.name(), p.kind(),
                    p.kindLabel(), p.orgUnitId(), p.orgUnitName(), p.location(), p.sitePosition(), p.majorHazardSource(),
                    p.reviewDue(), p.level(), l == null ? null : l.color, l == null ? "未评价" : l.label, p.eventCount(),
                    p.measureCount());
        }
    }

    record MeasureJson(long id, String type, String typeLabel, String description, String controlTier, boolean tierByRule,
                       long responsibleUnitId, String responsibleUnitName, long responsibleEmployeeId, String responsibleName,
                       String checkContent, BigDecimal checkCycle, String checkCycleUnit, List<Long> eventIds) { }

    record EventJson(long id, String name, String hazard, String factorCode, String factorName, List<String> accidentTypes,
                     String accidentTypeNames, String consequence, Integer inherentGrade, Integer residualGrade,
                     String accidentEdition, Long riskUnitId, Long stepId) { }

    record DetailJson(PointJson point, List<EventJson> events, List<MeasureJson> measures, List<RiskPoints.Assessment> assessments) {
        static DetailJson of(RiskSheets.Sheet s) {
            return new DetailJson(PointJson.of(s.point()),
                    s.events().stream().map(e -> new EventJson(e.id(), e.name(), e.hazard(), e.factorCode(), s.factorName(e),
                            e.accidentTypes(), s.accidentTypeNames(e), e.consequence(), e.inherentLevel(), e.residualLevel(),
                            s.editionOf(e), e.riskUnitId(), e.stepId())).toList(),
                    s.measures().stream().map(m -> new MeasureJson(m.id(), m.type(), m.typeLabel(), m.description(),
                            s.tierOf(m).name(), s.tierFollowsRule(m), m.responsibleUnitId(), m.responsibleUnitName(),
                            m.responsibleEmployeeId(), m.responsibleName(), m.checkContent(), m.checkCycle(),
                            m.checkCycleUnit(), m.eventIds())).toList(),
                    s.assessments());
        }
    }

    // RiskOverviewApi's answers stay here: the OpenAPI document names a schema after its enclosing class
    // (RiskApi.MajorPage), and clients generated from it know them by those names.

    /**
     * An entry of the 重大风险清单: a point of this platform ({@code id}, {@code source} null) or one reported by a lower
     * platform ({@code recordId}, {@code source} its name).
     */
    record MajorJson(Long id, String recordId, long enterpriseId, String enterpriseName, String regionName, String code,
                     String name, String kindLabel, String orgUnitName, boolean majorHazardSource, java.time.LocalDate reviewDue,
                     int grade, String color, String levelName, int eventCount, int measureCount, String source) {
        static MajorJson of(cn.shuangkong.risk.internal.MajorRisks.Entry e) {
            RiskLevel l = e.riskLevel();
            return new MajorJson(e.id(), e.recordId(), e.enterpriseId(), e.enterpriseName(), e.regionName(), e.code(), e.name(),
                    e.kindLabel(), e.orgUnitName(), e.majorHazardSource(), e.reviewDue(), l.grade, l.color, l.label,
                    e.eventCount(), e.measureCount(), e.source());
        }
    }

    record MajorPage(List<MajorJson> items, long total) { }

    record Page(List<PointJson> items, long total) { }

    record Created(long id) { }

    private final AssessmentMethods methods;
    private final RiskPoints points;
    private final RiskRegistry registry;
    private final RiskAssessments assessments;
    private final RiskSheets sheets;

    RiskApi(AssessmentMethods methods, RiskPoints points, RiskRegistry registry, RiskAssessments assessments,
            RiskSheets sheets) {
        this.methods = methods;
        this.points = points;
        this.registry = registry;
        this.assessments = assessments;
        this.sheets = sheets;
    }

    @Operation(summary = "风险评价计算器", description = "如 {\"method\":\"LEC\",\"l\":3,\"e\":6,\"c\":15}；不需要登录")
    @PostMapping("/risk-assessments/evaluate")
    EvaluationJson evaluate(@RequestBody Map<String, Object> body) {
        Object method = body.get("method");
        return EvaluationJson.of(methods.evaluate(method == null ? null : method.toString(), factors(body)));
    }

    @Operation(summary = "评价方法及其分值表")
    @GetMapping("/risk-assessments/methods")
    @PreAuthorize("hasAuthority('risk:register:read')")
    List<AssessmentMethod> methods() {
        return List.copyOf(methods.all());
    }

    @Operation(summary = "风险点列表", description = "level 为 1-4；kind 为 EQUIPMENT/ACTIVITY/AREA/PROCESS。"
            + "增量同步：给出 cursor / updatedSince / limit 时按 (更新时间, id) 升序分页，下一页游标在响应头 X-Next-Cursor 和 Link 中，total 为本页条数；风险点的更新时间只随风险点本身的记录变化")
    @GetMapping("/risk-points")
    @PreAuthorize("hasAuthority('risk:register:read')")
    Page list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
              @RequestParam(required = false) Integer level, @RequestParam(required = false) String kind,
              @RequestParam(required = false) Long orgUnitId, @RequestParam(required = false) String q,
              @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "20") int size,
              @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return page(me, new RiskPoints.Query(enterpriseId, level, kind, orgUnitId, q), page, size, mirror, response);
    }

    /** The point list as a person pages it, or as a mirror reads it (ADR 0027). */
    private Page page(Actor me, RiskPoints.Query query, int page, int size, MirrorQuery mirror, HttpServletResponse response) {
        return Mirrors.paged(mirror, response, window -> points.changes(me.jurisdiction(), query, window),
                (items, window) -> new Page(items.stream().map(PointJson::of).toList(), items.size()), () -> {
                    var result = points.search(me.jurisdiction(), query, new PageResult.Request(page, size));
                    return new Page(result.items().stream().map(PointJson::of).toList(), result.total());
                });
    }

    @Operation(summary = "风险点详情", description = "含风险事件、管控措施和全部评价版本")
    @GetMapping("/risk-points/{id}")
    @PreAuthorize("hasAuthority('risk:register:read')")
    DetailJson get(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return DetailJson.of(sheets.of(me.jurisdiction(), id));
    }

    @Operation(summary = "新增风险点")
    @PostMapping("/enterprises/{enterpriseId}/risk-points")
    @PreAuthorize("hasAuthority('risk:register:write')")
    ResponseEntity<PointJson> create(@AuthenticationPrincipal Actor me, @PathVariable long enterpriseId,
                                     @RequestBody RiskDrafts.PointDraft draft) {
        var p = registry.createPoint(me.jurisdiction(), enterpriseId, draft);
        return ResponseEntity.created(URI.create("/api/v1/risk-points/" + p.id())).body(PointJson.of(p));
    }

    @Operation(summary = "从行业模板复制风险点", description = "template 如 HAZCHEM_TANK_FARM、DUST_EXPLOSION、CONFINED_SPACE")
    @PostMapping("/enterprises/{enterpriseId}/risk-points/from-template")
    @PreAuthorize("hasAuthority('risk:register:write')")
    ResponseEntity<PointJson> copy(@AuthenticationPrincipal Actor me, @PathVariable long enterpriseId,
                                   @RequestBody RiskDrafts.TemplateCopy copy) {
        var p = registry.copyTemplate(me.jurisdiction(), enterpriseId, copy);
        return ResponseEntity.created(URI.create("/api/v1/risk-points/" + p.id())).body(PointJson.of(p));
    }

    @Operation(summary = "修改风险点")
    @PutMapping("/risk-points/{id}")
    @PreAuthorize("hasAuthority('risk:register:write')")
    PointJson update(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody RiskDrafts.PointDraft draft) {
        return PointJson.of(registry.changePoint(me.jurisdiction(), id, draft));
    }

    @Operation(summary = "新增风险事件")
    @PostMapping("/risk-points/{id}/events")
    @PreAuthorize("hasAuthority('risk:register:write')")
    ResponseEntity<Created> addEvent(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody RiskDrafts.EventDraft draft) {
        long eventId = registry.addEvent(me.jurisdiction(), id, draft);
        return ResponseEntity.created(URI.create("/api/v1/risk-points/" + id)).body(new Created(eventId));
    }

    @Operation(summary = "新增管控措施", description = "责任单位和责任人必填；controlTier 留空则按风险等级取默认管控层级")
    @PostMapping("/risk-points/{id}/measures")
    @PreAuthorize("hasAuthority('risk:register:write')")
    ResponseEntity<Created> addMeasure(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody RiskDrafts.MeasureDraft draft) {
        long measureId = registry.addMeasure(me.jurisdiction(), id, draft);
        return ResponseEntity.created(URI.create("/api/v1/risk-points/" + id)).body(new Created(measureId));
    }

    /**
     * 提交风险评价: the method, its basis and reason, and the method's factor values beside them, as the calculator takes
     * them ({@code {"method":"LS","l":3,"s":5,"reason":"首次评价"}}). The factors of the built-in methods are named so that
     * the document shows them; a factor of a method configured otherwise is taken too (any other property, a number).
     */
    @Schema(description = "一次风险评价：评价方法、评价对象、依据，以及该方法各因子的取值（与 method 同级；各方法的因子及分值表见 GET /api/v1/risk-assessments/methods）")
    record AssessmentRequest(
            @Schema(description = "评价方法：LEC、LS、MES 或另行配置的方法", example = "LEC", requiredMode = Schema.RequiredMode.REQUIRED)
            @NotBlank(message = "请选择评价方法") String method,
            @Schema(description = "评价对象：INHERENT 固有风险，RESIDUAL 残余风险（缺省）", allowableValues = {"RESIDUAL", "INHERENT"})
            String basis,
            @Schema(description = "评价依据或变更原因", example = "首次评价", maxLength = 500, requiredMode = Schema.RequiredMode.REQUIRED)
            @NotBlank(message = "请填写评价依据或变更原因") @Size(max = 500, message = "评价依据不能超过500字") String reason,
            @Schema(description = "L 事故发生的可能性（LEC、LS）", example = "3") BigDecimal l,
            @Schema(description = "E 暴露于危险环境的频繁程度（LEC、MES）", example = "6") BigDecimal e,
            @Schema(description = "C 发生事故可能造成的后果（LEC）", example = "15") BigDecimal c,
            @Schema(description = "S 后果严重性（LS、MES）", example = "3") BigDecimal s,
            @Schema(description = "M 控制措施的状态（MES）", example = "3") BigDecimal m,
            @JsonAnySetter @Schema(hidden = true) Map<String, BigDecimal> otherFactors) {

        /** The factor values given, keyed by lower-case factor, as the service reads them. */
        Map<String, BigDecimal> factors() {
            Map<String, BigDecimal> out = new LinkedHashMap<>();
            if (otherFactors != null) otherFactors.forEach((k, v) -> {
                if (v != null) out.put(k.toLowerCase(), v);
            });
            Map<String, BigDecimal> named = new LinkedHashMap<>();
            named.put("l", l);
            named.put("e", e);
            named.put("c", c);
            named.put("s", s);
            named.put("m", m);
            named.forEach((k, v) -> {
                if (v != null) out.put(k, v);
            });
            return out;
        }
    }

    @Operation(summary = "提交风险评价（分析人）", description = "生成新版本，审核、审定后生效；method 为 LEC、LS 或 MES，"
            + "各因子与 method 同级，如 {\"method\":\"LEC\",\"l\":3,\"e\":6,\"c\":15,\"reason\":\"首次评价\"}")
    @PostMapping("/risk-events/{id}/assessments")
    @PreAuthorize("hasAuthority('risk:register:write')")
    ResponseEntity<Created> assess(@AuthenticationPrincipal Actor me, @PathVariable long id, @Valid @RequestBody AssessmentRequest body) {
        var draft = new RiskDrafts.AssessmentDraft(body.basis(), body.method(), body.factors(), body.reason());
        return ResponseEntity.status(201).body(new Created(assessments.submit(me, id, draft)));
    }

    @Operation(summary = "审核风险评价（审核人）")
    @PostMapping("/risk-assessments/{id}/review")
    @PreAuthorize("hasAuthority('risk:assessment:approve')")
    ResponseEntity<Void> review(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        assessments.review(me, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "审定风险评价（审定人）", description = "审定后该版本生效，更新风险事件、风险点和企业的风险等级")
    @PostMapping("/risk-assessments/{id}/approve")
    @PreAuthorize("hasAuthority('risk:assessment:approve')")
    ResponseEntity<Void> approve(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        assessments.approve(me, id);
        return ResponseEntity.noContent().build();
    }

    /** Factor values from a JSON body: every key except the known non-factor ones, as numbers. */
    static Map<String, BigDecimal> factors(Map<String, Object> body) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        body.forEach((k, v) -> {
            if (List.of("method", "basis", "reason").contains(k) || v == null) return;
            String key = k.toLowerCase();
            try {
                out.put(key, new BigDecimal(v.toString().trim()));
            } catch (NumberFormatException e) {
                throw DomainException.invalid(key, "因子 " + k.toUpperCase() + " 应为数字");
            }
        });
        return out;
    }
}
