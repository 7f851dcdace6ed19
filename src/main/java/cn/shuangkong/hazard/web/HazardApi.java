package cn.shuangkong.hazard.web;

import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.hazard.Hazard;
import cn.shuangkong.hazard.internal.HazardDetails;
import cn.shuangkong.hazard.internal.HazardLedger;
import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.HazardPhotos;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardRegister.GradingInput;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardState;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.hazard.MajorHazardCriteria;
import cn.shuangkong.hazard.internal.RemediationPlan;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.PageResult;
import jakarta.servlet.http.HttpServletResponse;
import org.springdoc.core.annotations.ParameterObject;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@Tag(name = "隐患排查治理", description = "隐患登记与闭环整改（确认、即查即改、限期整改、整改完成、验收、延期、挂牌督办、销号），按调用者的数据范围过滤")
@RestController
@RequestMapping("/api/v1")
class HazardApi {

    /** A hazard reported by a person or another system; {@code photo} is a base64 JPEG/PNG/WebP (required for 随手拍). */
    record CreateHazard(Long enterpriseId, HazardSource source, HazardType type, Long riskPointId, String title,
                        String description, String location, Instant foundAt, HazardLevel level, String criterionCode,
                        String majorReason, String clientKey, byte[] photo, Long measureId) { }

    record Grade(HazardLevel level, String criterionCode, String majorReason) { }

    record Reason(String reason) { }

    /** The rectifier's account of the work, with an after-photo (base64) unless one was uploaded before. */
    record Evidence(String note, byte[] photo) { }

    record Plan(String responsible, String measures, BigDecimal funds, LocalDate deadline, String contingencyPlan) { }

    record Acceptance(Boolean passed, String opinion) { }

    record Extension(LocalDate deadline, String reason) { }

    record Decision(Boolean approved, String opinion) { }

    record Supervision(String docNo, String level, LocalDate deadline) { }

    record SupervisionDeadline(LocalDate deadline, String reason) { }

    record Page(List<HazardJson> items, long total) { }

    private final Hazards hazards;
    private final HazardRegister register;
    private final HazardPhotos photos;
    private final MajorHazardCriteria criteria;
    private final HazardDetails details;
    private final HazardLedger ledger;

    HazardApi(Hazards hazards, HazardRegister register, HazardPhotos photos, MajorHazardCriteria criteria, HazardDetails details,
              HazardLedger ledger) {
        this.ledger = ledger;
        this.hazards = hazards;
        this.register = register;
        this.photos = photos;
        this.criteria = criteria;
        this.details = details;
    }

    @Operation(summary = "隐患列表", description = "按状态、等级、来源、是否逾期、企业过滤；page 从 1 开始；size 最大 200。"
            + "增量同步：给出 cursor / updatedSince / limit 时按 (更新时间, id) 升序分页，下一页游标在响应头 X-Next-Cursor 和 Link 中，total 为本页条数")
    @GetMapping("/hazards")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    Page list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) HazardState state,
              @RequestParam(required = false) HazardLevel level, @RequestParam(required = false) HazardSource source,
              @RequestParam(required = false) Boolean overdue, @RequestParam(required = false) Long enterpriseId,
              @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "20") int size,
              @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        var query = new Hazards.Query(state, level, source, overdue, enterpriseId, null, null, null, null);
        return Mirrors.paged(mirror, response, window -> hazards.changes(me.jurisdiction(), query, window),
                (items, window) -> new Page(items.stream().map(HazardJson::of).toList(), items.size()), () -> {
                    var result = hazards.search(me.jurisdiction(), query, new PageResult.Request(page, size));
                    return new Page(result.items().stream().map(HazardJson::of).toList(), result.total());
                });
    }

    @Operation(summary = "隐患详情", description = "含照片、状态时间线和当前允许的操作（allowedActions）")
    @GetMapping("/hazards/{id}")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    HazardJson get(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return detail(me, id);
    }

    @Operation(summary = "登记隐患（幂等）",
            description = "同一企业下相同的 Idempotency-Key 请求头（或 clientKey 字段）只登记一次：首次返回 201，重复返回 200 和首次登记的隐患。"
                    + "source=SNAPSHOT（随手拍）须附 photo，登记后待安全管理人员确认；重大隐患须给出 criterionCode（判定标准条款）或 majorReason。")
    @PostMapping("/hazards")
    @PreAuthorize("hasAuthority('hazard:report') or hasAuthority('hazard:register:write')")
    ResponseEntity<HazardJson> create(@AuthenticationPrincipal Actor me,
                                      @Parameter(description = "客户端幂等键") @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                                      @RequestBody CreateHazard body) {
        String key = idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey : body.clientKey();
        var report = new HazardReport(body.source(), body.type(), body.riskPointId(), body.title(), body.description(),
                body.location(), body.foundAt(), key, body.measureId());
        var result = register.register(me, body.enterpriseId(), report,
                new GradingInput(body.level(), body.criterionCode(), body.majorReason()), HazardPhotos.Upload.of(body.photo()));
        HazardJson json = result.created() ? show(result.saved()) : detail(me, result.hazard().id());
        return result.created()
                ? ResponseEntity.created(URI.create("/api/v1/hazards/" + json.id())).body(json)
                : ResponseEntity.ok(json);
    }

    @Operation(summary = "确认随手拍", description = "安全管理人员确认上报的隐患并定级，隐患进入闭环")
    @PostMapping("/hazards/{id}/confirm")
    @PreAuthorize("hasAuthority('hazard:register:write')")
    HazardJson confirm(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody(required = false) Grade body) {
        Grade g = body == null ? new Grade(null, null, null) : body;
        return show(register.confirm(me, id, new GradingInput(g.level(), g.criterionCode(), g.majorReason())));
    }

    @Operation(summary = "驳回随手拍")
    @PostMapping("/hazards/{id}/reject")
    @PreAuthorize("hasAuthority('hazard:register:write')")
    HazardJson reject(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Reason body) {
        return show(register.reject(me, id, body.reason()));
    }

    @Operation(summary = "即查即改", description = "现场整改完毕，须有整改后照片（photo 或事先上传的 AFTER 照片），仍须另一人确认")
    @PostMapping("/hazards/{id}/fix-on-spot")
    @PreAuthorize("hasAuthority('hazard:rectify')")
    HazardJson fixOnSpot(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Evidence body) {
        return show(register.fixOnSpot(me, id, body.note(), HazardPhotos.Upload.of(body.photo())));
    }

    @Operation(summary = "确认即查即改", description = "须由整改人以外的人员确认，确认后销号")
    @PostMapping("/hazards/{id}/confirm-fix")
    @PreAuthorize("hasAuthority('hazard:accept')")
    HazardJson confirmFix(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return show(register.confirmFix(me, id));
    }

    @Operation(summary = "退回即查即改")
    @PostMapping("/hazards/{id}/refuse-fix")
    @PreAuthorize("hasAuthority('hazard:accept')")
    HazardJson refuseFix(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Reason body) {
        return show(register.refuseFix(me, id, body.reason()));
    }

    @Operation(summary = "下达限期整改", description = "重大隐患须落实五落实（责任、措施、资金、时限、预案），缺项在 errors 中逐一列出")
    @PostMapping("/hazards/{id}/assign")
    @PreAuthorize("hasAuthority('hazard:register:write')")
    HazardJson assign(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Plan body) {
        return show(register.assign(me, id, new RemediationPlan(body.responsible(), body.measures(), body.funds(),
                body.deadline(), body.contingencyPlan())));
    }

    @Operation(summary = "整改完成", description = "须有整改说明和整改后照片")
    @PostMapping("/hazards/{id}/complete")
    @PreAuthorize("hasAuthority('hazard:rectify')")
    HazardJson complete(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Evidence body) {
        return show(register.complete(me, id, body.note(), HazardPhotos.Upload.of(body.photo())));
    }

    @Operation(summary = "验收", description = "须由整改人以外的人员验收；通过则销号（挂牌督办的待监管部门审批），不通过退回整改")
    @PostMapping("/hazards/{id}/accept")
    @PreAuthorize("hasAuthority('hazard:accept')")
    HazardJson accept(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Acceptance body) {
        return show(register.accept(me, id, required(body.passed(), "passed", "请选择验收是否通过"), body.opinion()));
    }

    @Operation(summary = "申请延期")
    @PostMapping("/hazards/{id}/extension")
    @PreAuthorize("hasAuthority('hazard:rectify')")
    HazardJson requestExtension(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Extension body) {
        return show(register.requestExtension(me, id, body.deadline(), body.reason()));
    }

    @Operation(summary = "审批延期", description = "由申请人以外的上级审批")
    @PostMapping("/hazards/{id}/extension/decision")
    @PreAuthorize("hasAuthority('hazard:accept')")
    HazardJson decideExtension(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Decision body) {
        return show(register.decideExtension(me, id, required(body.approved(), "approved", "请选择是否同意")));
    }

    @Operation(summary = "挂牌督办", description = "监管部门对辖区内的重大隐患挂牌督办；此后销号须经其审批")
    @PostMapping("/hazards/{id}/supervision")
    @PreAuthorize("hasAuthority('hazard:supervise')")
    HazardJson supervise(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Supervision body) {
        return show(register.supervise(me, id, body.docNo(), body.level(), body.deadline()));
    }

    @Operation(summary = "调整督办期限", description = "挂牌督办的部门或其上级部门在督办期间延长或提前督办期限，须写明理由；"
            + "整改期限随之调整（晚于新督办期限的提前至该日，原与督办期限相同的随之调整），逾期标记和预警随之解除。"
            + "不在数据范围内 404；非督办部门或其上级 403；未挂牌督办或已销号 409；期限早于今天或与原期限相同 400")
    @PostMapping("/hazards/{id}/supervision/deadline")
    @PreAuthorize("hasAuthority('hazard:supervise')")
    HazardJson adjustSupervision(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody SupervisionDeadline body) {
        return show(register.adjustSupervision(me, id, body.deadline(), body.reason()));
    }

    @Operation(summary = "审批销号", description = "挂牌督办的重大隐患验收通过后，由监管部门同意销号或退回整改")
    @PostMapping("/hazards/{id}/closure/decision")
    @PreAuthorize("hasAuthority('hazard:supervise')")
    HazardJson decideClosure(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Decision body) {
        return show(register.decideClosure(me, id, required(body.approved(), "approved", "请选择是否同意销号"), body.opinion()));
    }

    @Operation(summary = "上传隐患照片", description = "stage=BEFORE（整改前）或 AFTER（整改后）；只接受 JPEG、PNG、WebP，不超过 10 MB；同一张照片不能既作整改前又作整改后")
    @PostMapping(value = "/hazards/{id}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasAuthority('hazard:report') or hasAuthority('hazard:register:write') or hasAuthority('hazard:rectify')")
    HazardJson upload(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam HazardPhotos.Stage stage,
                      @RequestParam("file") MultipartFile file) throws IOException {
        register.addPhoto(me, id, stage, HazardPhotos.Upload.of(file.getBytes()));
        return detail(me, id);
    }

    @Operation(summary = "隐患照片")
    @GetMapping("/hazards/{id}/photos/{photoId}")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    ResponseEntity<byte[]> photo(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long photoId) {
        return HazardController.photoResponse(photos, me, id, photoId);
    }

    @Operation(summary = "重大事故隐患判定标准条款", description = "化工和危险化学品（2017）与工贸（2023）；code 用作 criterionCode")
    @GetMapping("/hazard-criteria")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    List<MajorHazardCriteria.Criterion> criteria() {
        return criteria.all();
    }

    @Operation(summary = "隐患排查治理台账（Excel）", description = "一家企业的隐患台账，可按状态、等级、是否逾期和发现日期（from、to，含当天）过滤")
    @GetMapping("/enterprises/{id}/hazard-ledger.xlsx")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    void ledger(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) HazardState state,
                @RequestParam(required = false) HazardLevel level, @RequestParam(required = false) Boolean overdue,
                @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                jakarta.servlet.http.HttpServletResponse response) throws IOException {
        HazardLedgerController.writeLedger(ledger, me, id, Hazards.Query.of(state, level, null, overdue).foundBetween(from, to), response);
    }

    /** One enterprise's hazard figures for one level. */
    record FiguresJson(long found, long closed, long open, long overdue, BigDecimal rectificationRate) {
        static FiguresJson of(HazardLedger.Figures f) {
            return new FiguresJson(f.found(), f.closed(), f.open(), f.overdue(), f.rate());
        }
    }

    record EnterpriseFiguresJson(long enterpriseId, String enterpriseName, FiguresJson general, FiguresJson major, FiguresJson total) { }

    @Operation(summary = "隐患统计", description = "数据范围内各企业在期间内（按发现日期）发现、已销号、未销号、逾期的隐患数和整改率（%），分一般和重大；"
            + "发现指进入整改闭环的隐患（不含驳回和待确认的随手拍），与驾驶舱、大屏和风险研判通报的口径一致")
    @GetMapping("/hazard-statistics")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    List<EnterpriseFiguresJson> statistics(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                                           @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to) {
        return ledger.figures(me.jurisdiction(), enterpriseId, from, to).stream()
                .map(f -> new EnterpriseFiguresJson(f.enterpriseId(), f.enterpriseName(), FiguresJson.of(f.general()),
                        FiguresJson.of(f.major()), FiguresJson.of(f.total()))).toList();
    }

    /** The answer of a step: the hazard as the step saved it, with its photos and timeline (ADR 0038). */
    private HazardJson show(Hazards.Row saved) {
        return json(details.answer(saved));
    }

    private HazardJson detail(Actor me, long id) {
        return json(details.answer(me.jurisdiction(), id));
    }

    private static HazardJson json(HazardDetails.Answer a) {
        var r = a.row();
        return HazardJson.of(r.hazard(), r.enterpriseName(), r.finderName(), r.responsibleName(), a.photos(), a.history());
    }

    static <T> T required(T value, String field, String message) {
        if (value == null) throw DomainException.invalid(field, message);
        return value;
    }
}
