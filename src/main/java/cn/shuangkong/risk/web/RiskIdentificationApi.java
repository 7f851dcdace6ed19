package cn.shuangkong.risk.web;

import org.springdoc.core.annotations.ParameterObject;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.risk.HazardDictionaries;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.internal.RiskImport;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.risk.internal.RiskSettings;
import cn.shuangkong.risk.RiskSheets;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.ApiProblems;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.ImportReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@Tag(name = "风险辨识", description = "风险分析单元、JHA/SCL 辨识记录、风险清单 Excel 导入、GB 6441 版本；按调用者的数据范围过滤")
@RestController
@RequestMapping("/api/v1")
class RiskIdentificationApi {

    record Created(long id) { }

    record UnitJson(long id, String name, long responsibleUnitId, String responsibleUnitName, Long responsibleEmployeeId,
                    String responsibleName, Integer grade, String levelName, int eventCount) {
        static UnitJson of(RiskPoints.Unit u) {
            return new UnitJson(u.id(), u.name(), u.responsibleUnitId(), u.responsibleUnitName(), u.responsibleEmployeeId(),
                    u.responsibleName(), u.level(), u.riskLevel() == null ? "未评价" : u.riskLevel().label, u.eventCount());
        }
    }

    record EventLine(long id, String name, String hazard, String accidentTypeNames, String accidentEdition, String consequence,
                     Long riskUnitId, Integer grade) { }

    record StepJson(long id, int seq, String name, String standard, List<EventLine> events) { }

    record WorksheetJson(long riskPointId, String method, String methodLabel, List<StepJson> steps, List<EventLine> eventsWithoutStep) { }

    record EditionJson(String code, String title, boolean codesVerified, String note, boolean current, Map<String, String> types) { }

    private final RiskSheets sheets;
    private final RiskRegistry registry;
    private final RiskImport importer;
    private final RiskSettings settings;
    private final HazardDictionaries dictionaries;

    private final Mirrors mirrors;

    RiskIdentificationApi(RiskSheets sheets, RiskRegistry registry, RiskImport importer, RiskSettings settings,
                          HazardDictionaries dictionaries, Mirrors mirrors) {
        this.mirrors = mirrors;
        this.sheets = sheets;
        this.registry = registry;
        this.importer = importer;
        this.settings = settings;
        this.dictionaries = dictionaries;
    }

    @Operation(summary = "风险点的风险分析单元")
    @GetMapping("/risk-points/{id}/units")
    @PreAuthorize("hasAuthority('risk:register:read')")
    List<UnitJson> units(@AuthenticationPrincipal Actor me, @PathVariable long id,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "risk_unit", UnitJson::id, () -> sheets.of(me.jurisdiction(), id).units().stream().map(UnitJson::of).toList());
    }

    @Operation(summary = "新增风险分析单元", description = "name、responsibleUnitId（责任部门）、responsibleEmployeeId（责任人）必填")
    @PostMapping("/risk-points/{id}/units")
    @PreAuthorize("hasAuthority('risk:register:write')")
    ResponseEntity<Created> addUnit(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody RiskDrafts.UnitDraft draft) {
        long unitId = registry.addUnit(me.jurisdiction(), id, draft);
        return ResponseEntity.created(URI.create("/api/v1/risk-points/" + id + "/units")).body(new Created(unitId));
    }

    @Operation(summary = "修改风险分析单元")
    @PutMapping("/risk-units/{id}")
    @PreAuthorize("hasAuthority('risk:register:write')")
    ResponseEntity<Void> changeUnit(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody RiskDrafts.UnitDraft draft) {
        registry.changeUnit(me.jurisdiction(), id, draft);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "JHA / SCL 辨识记录", description = "作业活动用 JHA（作业步骤），其他类型用 SCL（检查项目）；每步下列出辨识出的风险事件")
    @GetMapping("/risk-points/{id}/worksheet")
    @PreAuthorize("hasAuthority('risk:register:read')")
    WorksheetJson worksheet(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        RiskSheets.Sheet s = sheets.of(me.jurisdiction(), id);
        return new WorksheetJson(id, s.method(), s.methodLabel(),
                s.steps().stream().map(st -> new StepJson(st.id(), st.seq(), st.name(), st.standard(),
                        s.eventsOf(st).stream().map(e -> line(s, e)).toList())).toList(),
                s.eventsWithoutStep().stream().map(e -> line(s, e)).toList());
    }

    @Operation(summary = "新增作业步骤或检查项目", description = "seq 为插入位置（从 1 开始），留空则加在最后")
    @PostMapping("/risk-points/{id}/steps")
    @PreAuthorize("hasAuthority('risk:register:write')")
    ResponseEntity<Created> addStep(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody RiskDrafts.StepDraft draft) {
        long stepId = registry.addStep(me.jurisdiction(), id, draft);
        return ResponseEntity.created(URI.create("/api/v1/risk-points/" + id + "/worksheet")).body(new Created(stepId));
    }

    @Operation(summary = "修改作业步骤或检查项目", description = "可改名称、内容/标准和位置")
    @PutMapping("/risk-steps/{id}")
    @PreAuthorize("hasAuthority('risk:register:write')")
    ResponseEntity<Void> changeStep(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody RiskDrafts.StepDraft draft) {
        registry.changeStep(me.jurisdiction(), id, draft);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "删除作业步骤或检查项目", description = "其下的风险事件保留，不再归属任何步骤")
    @DeleteMapping("/risk-steps/{id}")
    @PreAuthorize("hasAuthority('risk:register:write')")
    ResponseEntity<Void> removeStep(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        registry.removeStep(me.jurisdiction(), id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "调整风险事件的分析单元和步骤", description = "{\"riskUnitId\":1,\"stepId\":2}；stepId 为空表示不归入步骤")
    @PutMapping("/risk-events/{id}/placement")
    @PreAuthorize("hasAuthority('risk:register:write')")
    ResponseEntity<Void> place(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody RiskDrafts.Placement where) {
        registry.placeEvent(me.jurisdiction(), id, where);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "风险清单导入模板（Excel）")
    @GetMapping("/enterprises/{id}/risk-register/import-template.xlsx")
    @PreAuthorize("hasAuthority('risk:register:write')")
    void template(@AuthenticationPrincipal Actor me, @PathVariable long id, HttpServletResponse response) throws IOException {
        RiskIdentificationController.writeTemplate(importer, me, id, response);
    }

    @Operation(summary = "导入风险清单（Excel）", description = "全部行无误才导入，否则什么也不保存，问题详情的 errors 按“工作表 第N行 列”列出每处错误，rows 为明细")
    @PostMapping(value = "/enterprises/{id}/risk-register/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasAuthority('risk:register:write')")
    ResponseEntity<?> importFile(@AuthenticationPrincipal Actor me, @PathVariable long id,
                                 @RequestParam(value = "file", required = false) MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) throw DomainException.invalid("file", "请选择要上传的 Excel 文件");
        ImportReport report = importer.importFrom(me, id, file.getInputStream());
        if (report.ok()) return ResponseEntity.ok(Map.of("imported", report.imported()));
        Map<String, String> errors = new LinkedHashMap<>();
        report.errors().forEach(e -> errors.merge(e.column() + " 第" + e.row() + "行", e.message(), (a, b) -> a + "；" + b));
        ProblemDetail problem = ApiProblems.problem(HttpStatus.BAD_REQUEST,
                "文件有 " + report.errors().size() + " 处错误，未导入任何数据", errors);
        problem.setProperty("rows", report.errors());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Operation(summary = "GB 6441 事故类别的各版本", description = "current 为新登记风险事件使用的版本；2025 版代码未核实，暂按所列顺序编为 L01–L27")
    @GetMapping("/accident-types")
    @PreAuthorize("hasAuthority('risk:register:read')")
    List<EditionJson> editions() {
        String current = settings.accidentEdition();
        return dictionaries.editions().stream().map(e -> new EditionJson(e.code(), e.title(), e.codesVerified(), e.note(),
                e.code().equals(current), e.types())).toList();
    }

    @Operation(summary = "选择新登记风险事件使用的 GB 6441 版本", description = "{\"edition\":\"GB 6441-2025\"}；已有事件保留原版本")
    @PutMapping("/risk-settings/accident-edition")
    @PreAuthorize("hasAuthority('risk:dictionary:manage')")
    ResponseEntity<Void> chooseEdition(@AuthenticationPrincipal Actor me, @RequestBody Map<String, String> body) {
        settings.chooseAccidentEdition(me, body.get("edition"));
        return ResponseEntity.noContent().build();
    }

    private static EventLine line(RiskSheets.Sheet s, RiskPoints.Event e) {
        return new EventLine(e.id(), e.name(), e.hazard(), s.accidentTypeNames(e), s.editionOf(e), e.consequence(),
                e.riskUnitId(), e.currentLevel() == null ? null : e.currentLevel().grade);
    }
}
