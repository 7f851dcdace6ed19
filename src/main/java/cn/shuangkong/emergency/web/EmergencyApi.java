package cn.shuangkong.emergency.web;

import org.springdoc.core.annotations.ParameterObject;
import jakarta.servlet.http.HttpServletResponse;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.emergency.internal.Drills;
import cn.shuangkong.emergency.internal.EmergencyPlans;
import cn.shuangkong.emergency.internal.EmergencyResources;
import cn.shuangkong.emergency.internal.NearbyResources;
import cn.shuangkong.emergency.internal.NeighbourNotices;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
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

@Tag(name = "应急管理", description = "应急预案（版本、关联风险点）、演练及整改、救援队伍、专家、装备物资、附近资源、相邻单位告知；按调用者的数据范围过滤")
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("hasAuthority('emergency:register:read')")
class EmergencyApi {

    /** The id of what was created. */
    record Created(long id) { }

    /** A plan with its version history, linked risk points and, per risk point, its 应急处置卡 PDF. */
    record PlanDetail(EmergencyPlans.Plan plan, List<EmergencyPlans.Version> versions, List<LinkedRiskJson> riskPoints) { }

    record LinkedRiskJson(long id, String code, String name, Integer level, String emergencyCard, String nearbyResources) {
        static LinkedRiskJson of(EmergencyPlans.LinkedRisk r) {
            return new LinkedRiskJson(r.id(), r.code(), r.name(), r.level(), "/api/v1/risk-points/" + r.id() + "/notice-card.pdf",
                    "/api/v1/emergency/near?riskPointId=" + r.id());
        }
    }

    record DrillDetail(Drills.Drill drill, List<Drills.Action> actions) { }

    record ActionDone(String note) { }

    record Acknowledgement(String note) { }

    record TeamDetail(EmergencyResources.Team team, List<EmergencyResources.Member> members) { }

    record NearJson(long riskPointId, String riskPointName, Integer level, String emergencyCard, Double x, Double y,
                    List<EmergencyPlans.Plan> plans, List<NearbyResources.Nearby> nearby, List<EmergencyResources.Expert> experts) { }

    record NeighbourJson(List<NeighbourNotices.Neighbour> neighbours, List<NeighbourNotices.NotifiableRisk> notifiableRisks, int radiusM) { }

    private final EmergencyPlans plans;
    private final Drills drills;
    private final EmergencyResources resources;
    private final NearbyResources nearby;
    private final NeighbourNotices neighbours;

    private final Mirrors mirrors;

    EmergencyApi(EmergencyPlans plans, Drills drills, EmergencyResources resources, NearbyResources nearby,
                 NeighbourNotices neighbours, Mirrors mirrors) {
        this.mirrors = mirrors;
        this.plans = plans;
        this.drills = drills;
        this.resources = resources;
        this.nearby = nearby;
        this.neighbours = neighbours;
    }

    @Operation(summary = "应急预案列表", description = "kind: COMPREHENSIVE 综合应急预案 / SPECIAL 专项应急预案 / ONSITE 现场处置方案")
    @GetMapping("/emergency-plans")
    List<EmergencyPlans.Plan> plans(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "emergency_plan", EmergencyPlans.Plan::id, () -> plans.list(me.jurisdiction(), enterpriseId));
    }

    @Operation(summary = "应急预案详情", description = "含全部版本（当前版本 supersededAt 为空）和关联风险点及其应急处置卡")
    @GetMapping("/emergency-plans/{id}")
    PlanDetail plan(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        var detail = plans.detail(me.jurisdiction(), id);
        return new PlanDetail(detail.plan(), detail.versions(), detail.risks().stream().map(LinkedRiskJson::of).toList());
    }

    @Operation(summary = "新建应急预案", description = "只建预案本身；用 POST /emergency-plans/{id}/versions 上传第 1 版")
    @PostMapping("/emergency-plans")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Created> createPlan(@AuthenticationPrincipal Actor me, @RequestBody EmergencyPlans.PlanDraft draft) {
        long id = plans.create(me, draft);
        return ResponseEntity.created(URI.create("/api/v1/emergency-plans/" + id)).body(new Created(id));
    }

    @Operation(summary = "发布预案新版本", description = "multipart：file（PDF 或 DOCX）、summary、compiledOn、reviewedOn、publishedOn、filedOn、filedWith；"
            + "新版本替代当前版本，旧版本保留")
    @PostMapping(value = "/emergency-plans/{id}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<EmergencyPlans.Version> addVersion(@AuthenticationPrincipal Actor me, @PathVariable long id,
                                                      @RequestParam Map<String, String> form,
                                                      @RequestParam(required = false) MultipartFile file) throws IOException {
        var draft = EmergencyForms.read(f -> EmergencyForms.version(form, f));
        var v = plans.addVersion(me, id, draft, file == null ? null : file.getOriginalFilename(),
                file == null || file.isEmpty() ? null : file.getBytes());
        return ResponseEntity.created(URI.create("/api/v1/emergency-plans/" + id)).body(v);
    }

    @Operation(summary = "设置预案关联的风险点", description = "请求体为本企业风险点 id 的数组，替换原有关联")
    @PutMapping("/emergency-plans/{id}/risk-points")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> linkRisks(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody List<Long> riskPointIds) {
        plans.linkRisks(me, id, riskPointIds);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "应急演练列表", description = "overdue=true 只列计划日期已过仍未演练的")
    @GetMapping("/emergency-drills")
    List<Drills.Drill> drills(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                              @RequestParam(defaultValue = "false") boolean overdue,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "emergency_drill", Drills.Drill::id, () -> drills.list(me.jurisdiction(), enterpriseId, overdue));
    }

    @Operation(summary = "应急演练详情", description = "含整改措施")
    @GetMapping("/emergency-drills/{id}")
    DrillDetail drill(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        var detail = drills.detail(me.jurisdiction(), id);
        return new DrillDetail(detail.drill(), detail.actions());
    }

    @Operation(summary = "登记演练计划", description = "kind: TABLETOP 桌面演练 / FIELD 实战演练")
    @PostMapping("/emergency-drills")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Created> planDrill(@AuthenticationPrincipal Actor me, @RequestBody Drills.DrillDraft draft) {
        long id = drills.plan(me, draft);
        return ResponseEntity.created(URI.create("/api/v1/emergency-drills/" + id)).body(new Created(id));
    }

    @Operation(summary = "记录演练情况", description = "演练经过、评估、发现的问题；每次演练只记录一次")
    @PostMapping("/emergency-drills/{id}/record")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> record(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Drills.DrillRecord record) {
        drills.record(me, id, record);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "登记演练整改措施")
    @PostMapping("/emergency-drills/{id}/actions")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Created> addAction(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Drills.ActionDraft draft) {
        long actionId = drills.addAction(me, id, draft);
        return ResponseEntity.created(URI.create("/api/v1/emergency-drills/" + id)).body(new Created(actionId));
    }

    @Operation(summary = "完成演练整改措施")
    @PostMapping("/emergency-drill-actions/{id}/done")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> completeAction(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody ActionDone body) {
        drills.completeAction(me, id, body.note());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "救援队伍列表（含队员）")
    @GetMapping("/emergency-teams")
    List<TeamDetail> teams(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "emergency_team", detail -> detail.team().id(), () -> resources.teams(me.jurisdiction(), enterpriseId, mirror.asked()).stream().map(t -> new TeamDetail(t, resources.members(t.id()))).toList());
    }

    @Operation(summary = "登记救援队伍", description = "位置：planX/planY 为厂区平面图坐标（0-1000 × 0-600），或 longitude/latitude")
    @PostMapping("/emergency-teams")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Created> addTeam(@AuthenticationPrincipal Actor me, @RequestBody EmergencyResources.TeamDraft draft) {
        long id = resources.addTeam(me, draft);
        return ResponseEntity.created(URI.create("/api/v1/emergency-teams")).body(new Created(id));
    }

    @Operation(summary = "修改救援队伍", description = "与登记相同的校验；members 不在此修改，用 /emergency-teams/{id}/members 增删队员")
    @PutMapping("/emergency-teams/{id}")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> editTeam(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody EmergencyResources.TeamDraft draft) {
        resources.editTeam(me, id, draft);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "停用救援队伍", description = "保留记录和历史；停用后不再列出，也不计入附近资源")
    @DeleteMapping("/emergency-teams/{id}")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> retireTeam(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        resources.retire(me, "emergency_team", id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "增加救援队员")
    @PostMapping("/emergency-teams/{id}/members")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Created> addMember(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody EmergencyResources.MemberDraft draft) {
        long memberId = resources.addMember(me, id, draft);
        return ResponseEntity.created(URI.create("/api/v1/emergency-teams")).body(new Created(memberId));
    }

    @Operation(summary = "移除救援队员")
    @DeleteMapping("/emergency-teams/{id}/members/{memberId}")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> removeMember(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long memberId) {
        resources.removeMember(me, id, memberId);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "应急专家库")
    @GetMapping("/emergency-experts")
    List<EmergencyResources.Expert> experts(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "emergency_expert", EmergencyResources.Expert::id, () -> resources.experts(me.jurisdiction(), enterpriseId, mirror.asked()));
    }

    @Operation(summary = "登记应急专家")
    @PostMapping("/emergency-experts")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Created> addExpert(@AuthenticationPrincipal Actor me, @RequestBody EmergencyResources.ExpertDraft draft) {
        long id = resources.addExpert(me, draft);
        return ResponseEntity.created(URI.create("/api/v1/emergency-experts")).body(new Created(id));
    }

    @Operation(summary = "修改应急专家", description = "与登记相同的校验")
    @PutMapping("/emergency-experts/{id}")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> editExpert(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody EmergencyResources.ExpertDraft draft) {
        resources.editExpert(me, id, draft);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "停用应急专家", description = "保留记录和历史；停用后不再列出")
    @DeleteMapping("/emergency-experts/{id}")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> retireExpert(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        resources.retire(me, "emergency_expert", id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "应急装备和物资", description = "category: EQUIPMENT 应急装备 / MATERIAL 应急物资")
    @GetMapping("/emergency-resources")
    List<EmergencyResources.Resource> items(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "emergency_resource", EmergencyResources.Resource::id, () -> resources.resources(me.jurisdiction(), enterpriseId, mirror.asked()));
    }

    @Operation(summary = "登记应急装备或物资", description = "数量非负；位置为平面图坐标或经纬度；expiresOn 到期前按配置天数提醒")
    @PostMapping("/emergency-resources")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Created> addItem(@AuthenticationPrincipal Actor me, @RequestBody EmergencyResources.ResourceDraft draft) {
        long id = resources.addResource(me, draft);
        return ResponseEntity.created(URI.create("/api/v1/emergency-resources")).body(new Created(id));
    }

    @Operation(summary = "更新装备物资的数量和有效期", description = "补充或更换后登记；新的有效期到期前会再次提醒")
    @PutMapping("/emergency-resources/{id}/stock")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> updateStock(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody EmergencyResources.StockUpdate body) {
        resources.updateStock(me, id, body);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "修改应急装备或物资", description = "与登记相同的校验；改了有效期的，新日期临近时会再次提醒")
    @PutMapping("/emergency-resources/{id}")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> editItem(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody EmergencyResources.ResourceDraft draft) {
        resources.editResource(me, id, draft);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "停用应急装备或物资", description = "保留记录和历史；停用后不再列出、不计入附近资源、不再到期提醒")
    @DeleteMapping("/emergency-resources/{id}")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> retireItem(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        resources.retire(me, "emergency_resource", id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "风险点附近的应急资源", description = "覆盖该风险点的预案、应急处置卡、按距离（米）排序的队伍和装备物资、专家")
    @GetMapping("/emergency/near")
    NearJson near(@AuthenticationPrincipal Actor me, @RequestParam long riskPointId) {
        var n = nearby.near(me.jurisdiction(), riskPointId);
        return new NearJson(n.point().id(), n.point().name(), n.point().level(), "/api/v1/risk-points/" + n.point().id() + "/notice-card.pdf",
                n.x(), n.y(), n.plans(), n.nearby(), n.experts());
    }

    @Operation(summary = "相邻单位告知记录", description = "调用者范围内企业发出或收到的告知，含确认情况")
    @GetMapping("/neighbour-notices")
    List<NeighbourNotices.Notice> notices(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "neighbour_notice", NeighbourNotices.Notice::id, () -> neighbours.list(me.jurisdiction(), enterpriseId));
    }

    @Operation(summary = "本企业的相邻单位和需告知的风险点", description = "配置距离内或已声明的相邻单位；等级为重大、较大的风险点")
    @GetMapping("/neighbour-notices/candidates")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    NeighbourJson candidates(@AuthenticationPrincipal Actor me) {
        if (me.enterpriseId() == null) throw DomainException.invalid("enterprise", "只有企业账号有相邻单位");
        return new NeighbourJson(neighbours.neighbours(me.enterpriseId()), neighbours.notifiable(me.enterpriseId()), neighbours.radiusM());
    }

    /** A neighbour by platform id or by 统一社会信用代码. */
    record DeclareNeighbour(Long neighbourId, String creditCode) { }

    @Operation(summary = "声明相邻单位", description = "neighbourId（企业 id）或 creditCode（统一社会信用代码）")
    @PostMapping("/enterprise-neighbours")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> declare(@AuthenticationPrincipal Actor me, @RequestBody DeclareNeighbour body) {
        if (body.neighbourId() != null) neighbours.declare(me, body.neighbourId());
        else neighbours.declareByCreditCode(me, body.creditCode());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "告知相邻单位", description = "把一个重大/较大风险点告知所选相邻单位，每家一条记录")
    @PostMapping("/neighbour-notices")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<List<Long>> notifyNeighbours(@AuthenticationPrincipal Actor me, @RequestBody NeighbourNotices.NoticeDraft draft) {
        return ResponseEntity.created(URI.create("/api/v1/neighbour-notices")).body(neighbours.notifyNeighbours(me, draft));
    }

    @Operation(summary = "相邻单位确认收到告知")
    @PostMapping("/neighbour-notices/{id}/acknowledge")
    @PreAuthorize("hasAuthority('emergency:register:write')")
    ResponseEntity<Void> acknowledge(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody(required = false) Acknowledgement body) {
        neighbours.acknowledge(me, id, body == null ? null : body.note());
        return ResponseEntity.noContent().build();
    }
}
