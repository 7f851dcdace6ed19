package cn.shuangkong.supervision.web;

import org.springdoc.core.annotations.ParameterObject;
import jakarta.servlet.http.HttpServletResponse;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.supervision.internal.Credit;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.supervision.internal.EnforcementPlans;
import cn.shuangkong.supervision.internal.EnterpriseRatings;
import cn.shuangkong.supervision.internal.GridPatrols;
import cn.shuangkong.supervision.internal.LawEnforcers;
import cn.shuangkong.supervision.internal.RandomDraws;
import cn.shuangkong.supervision.internal.RatingLevel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.LocalDate;
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

/** 政府监管 over the API: enterprise ratings, the yearly plan and 双随机 draws, law enforcers, and grid patrols. */
@Tag(name = SupervisionApi.TAG, description = SupervisionApi.TAG_DESCRIPTION)
@RestController
@RequestMapping("/api/v1/supervision")
class SupervisionApi {

    /** The API's one tag for 政府监管, shared by the classes that serve it. */
    static final String TAG = "政府监管",
            TAG_DESCRIPTION = "企业整体风险等级、年度执法计划、双随机抽取、执法检查与文书、网格巡查、黑名单、约谈通报；按调用者的数据范围过滤";

    // The bodies of EnforcementApi and CreditApi stay here: the OpenAPI document names a schema after its enclosing
    // class (SupervisionApi.Decision), and clients generated from it know them by those names.
    record InspectionRequest(Long enterpriseId, LocalDate inspectedOn, String inspectors, String summary, Long drawId) { }

    record FindingRequest(String title, String description, String location, HazardType type, Boolean major,
                          String majorReason, String basis, LocalDate deadline) { }

    record Opinion(String opinion) { }

    record Proposal(Long enterpriseId, String reason) { }

    record Decision(Boolean approve, String note) { }

    record RemovalProposal(String reason) { }

    record RecordRequest(Long enterpriseId, Credit.RecordKind kind, LocalDate heldOn, String subject, String content) { }

    record DrawRequest(Integer count, Long seed, List<RatingLevel> levels, String note) { }

    record EnforcerRequest(String name, String badgeNo) { }

    record RelationRequest(Long enterpriseId, String relation) { }

    record PatrolRequest(Long enterpriseId, Boolean followUp, String note, String hazardTitle, String hazardLocation, HazardType hazardType) { }

    private final EnterpriseRatings ratings;
    private final EnforcementPlans plans;
    private final RandomDraws draws;
    private final LawEnforcers enforcers;
    private final GridPatrols patrols;
    private final Mirrors mirrors;

    SupervisionApi(EnterpriseRatings ratings, EnforcementPlans plans, RandomDraws draws, LawEnforcers enforcers,
                   GridPatrols patrols, Mirrors mirrors) {
        this.ratings = ratings;
        this.plans = plans;
        this.draws = draws;
        this.enforcers = enforcers;
        this.patrols = patrols;
        this.mirrors = mirrors;
    }

    @Operation(summary = "企业整体风险等级列表", description = "按分数从高到低；level 可选 RED/ORANGE/YELLOW/BLUE")
    @GetMapping("/ratings")
    @PreAuthorize("hasAuthority('supervision:rating:read')")
    List<EnterpriseRatings.Rating> ratings(@AuthenticationPrincipal Actor me, @RequestParam(required = false) RatingLevel level,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "enterprise_rating", "enterprise_id", EnterpriseRatings.Rating::enterpriseId, () -> ratings.list(me.jurisdiction(), level));
    }

    @Operation(summary = "一家企业的风险等级", description = "含各因素（因素、取值、得分）和历次变化")
    @GetMapping("/ratings/{enterpriseId}")
    @PreAuthorize("hasAuthority('supervision:rating:read')")
    Map<String, Object> rating(@AuthenticationPrincipal Actor me, @PathVariable long enterpriseId) {
        var r = ratings.withHistory(me.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业风险等级"));
        return Map.of("rating", r.rating(), "history", r.history());
    }

    @Operation(summary = "年度执法计划", description = "本部门某年度的计划；未生成时 404")
    @GetMapping("/plans/{year}")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    EnforcementPlans.Plan plan(@AuthenticationPrincipal Actor me, @PathVariable int year) {
        return plans.of(me, year).orElseThrow(() -> DomainException.notFound(year + " 年度执法计划"));
    }

    @Operation(summary = "生成（或按当前等级重新生成）年度执法计划")
    @PostMapping("/plans/{year}")
    @PreAuthorize("hasAuthority('supervision:plan:manage')")
    EnforcementPlans.Plan generate(@AuthenticationPrincipal Actor me, @PathVariable int year) {
        return plans.generate(me, year);
    }

    @Operation(summary = "双随机抽取", description = "seed 留空则自动生成并记录；同一种子和同一候选名单得到同一结果。没有足够可抽取的执法人员时返回 400 并说明原因")
    @PostMapping("/draws")
    @PreAuthorize("hasAuthority('supervision:plan:manage')")
    ResponseEntity<RandomDraws.Draw> draw(@AuthenticationPrincipal Actor me, @RequestBody DrawRequest body) {
        var d = draws.draw(me, body.count() == null ? 0 : body.count(), body.seed(), body.levels(), body.note());
        return ResponseEntity.created(URI.create("/api/v1/supervision/draws/" + d.id())).body(d);
    }

    @Operation(summary = "抽取记录", description = "replayMatches：按记录的种子和名单重做一次抽取，结果是否一致")
    @GetMapping("/draws/{id}")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    Map<String, Object> drawDetail(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        var d = draws.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("抽取记录"));
        return Map.of("draw", d, "replayMatches", draws.replayMatches(d));
    }

    @Operation(summary = "本部门执法人员")
    @GetMapping("/enforcers")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    List<LawEnforcers.Enforcer> enforcers(@AuthenticationPrincipal Actor me,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "law_enforcer", LawEnforcers.Enforcer::id, () -> enforcers.mine(me));
    }

    @Operation(summary = "登记执法人员")
    @PostMapping("/enforcers")
    @PreAuthorize("hasAuthority('supervision:plan:manage')")
    LawEnforcers.Enforcer addEnforcer(@AuthenticationPrincipal Actor me, @RequestBody EnforcerRequest body) {
        return enforcers.add(me, body.name(), body.badgeNo());
    }

    @Operation(summary = "申报回避关系", description = "之后的抽取不会再派该执法人员检查该企业")
    @PostMapping("/enforcers/{id}/relations")
    @PreAuthorize("hasAuthority('supervision:plan:manage')")
    ResponseEntity<Void> declare(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody RelationRequest body) {
        if (body.enterpriseId() == null) throw DomainException.invalid("enterpriseId", "请选择企业");
        enforcers.declareRelation(me, id, body.enterpriseId(), body.relation());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "记录网格巡查", description = "网格员账号；填写 hazardTitle 即发现隐患，登记入企业隐患台账（来源：网格巡查）")
    @PostMapping("/patrols")
    @PreAuthorize("hasAuthority('supervision:patrol:record')")
    GridPatrols.Patrol patrol(@AuthenticationPrincipal Actor me, @RequestBody PatrolRequest b) {
        if (b.enterpriseId() == null) throw DomainException.invalid("enterpriseId", "请选择巡查的企业");
        boolean found = b.hazardTitle() != null && !b.hazardTitle().isBlank();
        return patrols.record(me, b.enterpriseId(), Boolean.TRUE.equals(b.followUp()), b.note(),
                found ? new GridPatrols.Found(b.hazardTitle(), b.hazardLocation(), b.hazardType() == null ? HazardType.UNSAFE_CONDITION : b.hazardType()) : null);
    }

    @Operation(summary = "各网格巡查指标", description = "本年度巡查次数、覆盖企业、发现隐患、已销号、回访复查")
    @GetMapping("/grids")
    @PreAuthorize("hasAuthority('supervision:enforcement:read')")
    List<GridPatrols.GridKpi> grids(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Integer year) {
        return patrols.kpis(me.jurisdiction(), year == null ? patrols.thisYear() : year);
    }
}
