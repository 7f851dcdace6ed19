package cn.shuangkong.occupational.web;

import cn.shuangkong.occupational.internal.Compliance;
import cn.shuangkong.occupational.internal.Declarations;
import cn.shuangkong.occupational.internal.Detections;
import cn.shuangkong.occupational.internal.HealthExams;
import cn.shuangkong.occupational.internal.NoticeCards;
import cn.shuangkong.occupational.internal.OccupationalFactors;
import cn.shuangkong.occupational.internal.Surveillance;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.springdoc.core.annotations.ParameterObject;
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

@Tag(name = "职业健康", description = "岗位职业病危害因素及警示说明、在岗期间检查周期、职业健康检查（GBZ 188）、接害人员与待办（缺上岗前检查、逾期、须调离、须诊断）、职业病危害项目申报与危害因素检测（未申报、须变更申报、检测超标、检测逾期）；按调用者的数据范围过滤")
@RestController
@RequestMapping("/api/v1/occupational")
@PreAuthorize("hasAuthority('occupational:read')")
class OccupationalApi {

    record Created(long id) { }

    record FactorBody(Long postId, OccupationalFactors.Category category, String name, String healthEffects, String protection,
                      String firstAid) { }

    record FactorChange(OccupationalFactors.Category category, String name, String healthEffects, String protection, String firstAid) { }

    record IntervalBody(String factorName, Integer months) { }

    record ExamBody(Long employeeId, HealthExams.Kind kind, LocalDate examinedOn, String institution, HealthExams.Conclusion conclusion,
                    String note) { }

    record DiagnosisBody(LocalDate diagnosedOn, String diagnosis) { }

    record MoveBody(Long employeeId, Long postId) { }

    record DeclarationBody(Declarations.Kind kind, String healthManager, String reason) { }

    record DetectionBody(Long factorId, LocalDate detectedOn, String organisation, String reportNo, Detections.LimitKind limitKind,
                         BigDecimal measured, BigDecimal limitValue, String unit) { }

    private final OccupationalFactors factors;
    private final HealthExams exams;
    private final Surveillance surveillance;
    private final Mirrors mirrors;
    private final NoticeCards cards;
    private final Declarations declarations;
    private final Detections detections;
    private final Compliance compliance;

    OccupationalApi(OccupationalFactors factors, HealthExams exams, Surveillance surveillance, Mirrors mirrors, NoticeCards cards,
                    Declarations declarations, Detections detections, Compliance compliance) {
        this.cards = cards;
        this.declarations = declarations;
        this.detections = detections;
        this.compliance = compliance;
        this.factors = factors;
        this.exams = exams;
        this.surveillance = surveillance;
        this.mirrors = mirrors;
    }

    @Operation(summary = "岗位职业病危害因素列表", description = "每项含健康危害、防护措施、应急救治措施（岗位警示说明）；category 为《职业病危害因素分类目录》的六类")
    @GetMapping("/factors")
    List<OccupationalFactors.Factor> factors(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                                             @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "occupational_factor", OccupationalFactors.Factor::id, () -> factors.list(me.jurisdiction(), enterpriseId));
    }

    @Operation(summary = "登记岗位职业病危害因素", description = "category: DUST 粉尘因素 / CHEMICAL 化学因素 / PHYSICAL 物理因素 / RADIOACTIVE 放射性因素 / BIOLOGICAL 生物因素 / OTHER 其他因素；postId 为本企业的岗位")
    @PostMapping("/factors")
    @PreAuthorize("hasAuthority('occupational:write')")
    ResponseEntity<Created> addFactor(@AuthenticationPrincipal Actor me, @RequestBody FactorBody b) {
        long id = factors.add(me, new OccupationalFactors.Draft(b.postId(), b.category(), b.name(), b.healthEffects(), b.protection(), b.firstAid()));
        return ResponseEntity.created(URI.create("/api/v1/occupational/factors")).body(new Created(id));
    }

    @Operation(summary = "修改岗位职业病危害因素", description = "类别、名称和警示说明；所在岗位不变")
    @PutMapping("/factors/{id}")
    @PreAuthorize("hasAuthority('occupational:write')")
    ResponseEntity<Void> changeFactor(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody FactorChange b) {
        factors.update(me, id, new OccupationalFactors.Draft(null, b.category(), b.name(), b.healthEffects(), b.protection(), b.firstAid()));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "删除岗位职业病危害因素", description = "此后该岗位人员不再视为接触该因素；已登记的检查保留")
    @DeleteMapping("/factors/{id}")
    @PreAuthorize("hasAuthority('occupational:write')")
    ResponseEntity<Void> removeFactor(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        factors.remove(me, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "设置在岗期间职业健康检查周期", description = "按危害因素设置，1–60 个月；未设置的因素按 12 个月")
    @PutMapping("/intervals")
    @PreAuthorize("hasAuthority('occupational:write')")
    ResponseEntity<Void> setInterval(@AuthenticationPrincipal Actor me, @RequestBody IntervalBody b) {
        factors.setInterval(me, b.factorName(), b.months());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "职业健康检查列表", description = "检查日期新者在前；factors 为登记时受检人所在岗位的危害因素")
    @GetMapping("/exams")
    List<HealthExams.Exam> exams(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                                 @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "health_exam", HealthExams.Exam::id, () -> exams.list(me.jurisdiction(), enterpriseId));
    }

    @Operation(summary = "登记职业健康检查", description = "kind: PRE_PLACEMENT 上岗前 / PERIODIC 在岗期间 / DEPARTURE 离岗时 / EMERGENCY 应急；conclusion: NORMAL 目前未见异常 / RECHECK 需复查 / SUSPECTED 疑似职业病 / CONTRAINDICATION 职业禁忌证 / OTHER 其他疾病或异常；职业健康检查日期不能晚于今天")
    @PostMapping("/exams")
    @PreAuthorize("hasAuthority('occupational:write')")
    ResponseEntity<Created> recordExam(@AuthenticationPrincipal Actor me, @RequestBody ExamBody b) {
        long id = exams.record(me, new HealthExams.Draft(b.employeeId(), b.kind(), b.examinedOn(), b.institution(), b.conclusion(), b.note()));
        return ResponseEntity.created(URI.create("/api/v1/occupational/exams")).body(new Created(id));
    }

    @Operation(summary = "登记职业病诊断结果", description = "只用于结论为疑似职业病的检查，每项一次；登记后不再列为须诊断")
    @PostMapping("/exams/{id}/diagnosis")
    @PreAuthorize("hasAuthority('occupational:write')")
    ResponseEntity<Void> diagnose(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody DiagnosisBody b) {
        exams.recordDiagnosis(me, id, b.diagnosedOn(), b.diagnosis());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "调岗", description = "把本企业的人员调到另一岗位（postId 为空表示不在任何岗位）；须调离随之按新岗位的危害因素判断。"
            + "调岗改写企业的组织架构，只有本企业持有 organization:structure:write 的人员可以调岗（监管部门只能查看）")
    @PostMapping("/moves")
    @PreAuthorize("hasAuthority('occupational:write')")
    ResponseEntity<Void> move(@AuthenticationPrincipal Actor me, @RequestBody MoveBody b) {
        surveillance.move(me, b.employeeId(), b.postId());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "企业职业健康监护现状", description = "接害人员（危害因素、周期、上次检查、下次应检日期）和待办：MUST_MOVE 须调离 / MUST_DIAGNOSE 须诊断 / MISSING_PRE_PLACEMENT 缺上岗前检查 / OVERDUE 逾期；企业账号可省略 enterpriseId")
    @GetMapping("/standing")
    Surveillance.Standing standing(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId) {
        Long id = enterpriseId != null ? enterpriseId : me.enterpriseId();
        if (id == null) throw DomainException.invalid("enterpriseId", "请指定企业 enterpriseId");
        return surveillance.standing(me.jurisdiction(), id);
    }

    @Operation(summary = "各企业职业健康监护概况", description = "数据范围内登记了危害因素或检查的企业：接害人数、缺上岗前检查、逾期、须调离、须诊断")
    @GetMapping("/enterprises")
    List<Surveillance.EnterpriseSummary> overview(@AuthenticationPrincipal Actor me) {
        return surveillance.overview(me.jurisdiction());
    }

    @Operation(summary = "职业病危害告知卡（PDF）", description = "岗位的各项职业病危害因素及其健康危害、防护措施、应急救治措施，警示标识和报告电话；只有登记了危害因素的岗位有告知卡")
    @GetMapping("/posts/{id}/notice-card.pdf")
    ResponseEntity<byte[]> noticeCard(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return OccupationalDocumentController.card(cards.render(me.jurisdiction(), id), id);
    }

    @Operation(summary = "职业病危害项目申报列表", description = "数据范围内的申报，新者在前；kind: FIRST 首次申报 / CHANGE 变更申报 / ANNUAL 年度更新；contentHash 为申报内容的 SHA-256")
    @GetMapping("/declarations")
    List<Declarations.Filing> declarations(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                                           @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "occupational_declaration", Declarations.Filing::id, () -> declarations.list(me.jurisdiction(), enterpriseId));
    }

    @Operation(summary = "职业病危害项目申报详情", description = "申报时冻结的内容（各岗位的危害因素和接害人数、各因素接害人数合计、主要负责人、职业卫生管理人员、承包商在场人数）；intact 表示保存的内容仍与登记的 SHA-256 相符")
    @GetMapping("/declarations/{id}")
    Declarations.Detail declaration(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return declarations.find(me.jurisdiction(), id);
    }

    @Operation(summary = "申报职业病危害项目", description = "按本企业当前登记的岗位危害因素和在岗人员生成申报内容并冻结，之后不能修改；第一次只能是 FIRST 首次申报，此后为 CHANGE 变更申报（须填写 reason）或 ANNUAL 年度更新；主要负责人取企业信息")
    @PostMapping("/declarations")
    @PreAuthorize("hasAuthority('occupational:write')")
    ResponseEntity<Created> declare(@AuthenticationPrincipal Actor me, @RequestBody DeclarationBody b) {
        long id = declarations.file(me, new Declarations.Draft(b.kind(), b.healthManager(), b.reason()));
        return ResponseEntity.created(URI.create("/api/v1/occupational/declarations/" + id)).body(new Created(id));
    }

    @Operation(summary = "职业病危害因素检测结果列表", description = "新者在前；exceeds 为检测值是否超过职业接触限值（measured > limitValue）")
    @GetMapping("/detections")
    List<Detections.Detection> detections(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                                          @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "occupational_detection", Detections.Detection::id, () -> detections.list(me.jurisdiction(), enterpriseId));
    }

    @Operation(summary = "登记职业病危害因素检测结果", description = "factorId 为本企业岗位上登记的危害因素；limitKind: TWA PC-TWA / STEL PC-STEL / MAC / PE 峰接触浓度 / LEX 8 h 等效声级（噪声）/ OTHER 其他限值；检测日期不能晚于今天")
    @PostMapping("/detections")
    @PreAuthorize("hasAuthority('occupational:write')")
    ResponseEntity<Created> recordDetection(@AuthenticationPrincipal Actor me, @RequestBody DetectionBody b) {
        long id = detections.record(me, new Detections.Draft(b.factorId(), b.detectedOn(), b.organisation(), b.reportNo(), b.limitKind(),
                b.measured(), b.limitValue(), b.unit()));
        return ResponseEntity.created(URI.create("/api/v1/occupational/detections")).body(new Created(id));
    }

    @Operation(summary = "企业申报与检测待办", description = "最近一次申报、与之相比的重大变化，以及待办：DETECTION_EXCEEDED 检测超标 / REDECLARE 须变更申报（变化之日起 30 日内）/ UNDECLARED 未申报 / DETECTION_OVERDUE 检测逾期（12 个月内无检测）；企业账号可省略 enterpriseId")
    @GetMapping("/compliance")
    Compliance.Standing compliance(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId) {
        Long id = enterpriseId != null ? enterpriseId : me.enterpriseId();
        if (id == null) throw DomainException.invalid("enterpriseId", "请指定企业 enterpriseId");
        return compliance.standing(me.jurisdiction(), id);
    }

    @Operation(summary = "各企业申报与检测概况", description = "数据范围内登记了危害因素、申报或检测结果的企业，各自的最近申报和待办（含登记了危害因素而未申报的企业）")
    @GetMapping("/compliance/enterprises")
    List<Compliance.Standing> complianceOverview(@AuthenticationPrincipal Actor me) {
        return compliance.standings(me.jurisdiction());
    }
}
