package cn.shuangkong.inspection.web;

import org.springdoc.core.annotations.ParameterObject;
import jakarta.servlet.http.HttpServletResponse;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.inspection.InspectionTasks;
import cn.shuangkong.inspection.Inspections;
import cn.shuangkong.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "排查", description = "排查任务与排查记录：企业自有系统可据此上报巡检结果")
@RestController
class InspectionApi {

    record AnswerJson(long taskId, Inspections.Result result, String note) { }

    record RecordJson(long riskPointId, Long checkinId, List<AnswerJson> answers, BigDecimal latitude, BigDecimal longitude,
                      String clientKey) { }

    record LaunchJson(String title, String area, java.time.LocalDate dueOn, List<String> assignees) { }

    record ChecklistAnswerJson(long itemId, Inspections.Result result, String note, String location) { }

    record ChecklistRecordJson(List<ChecklistAnswerJson> answers, String clientKey) { }

    record Launched(long id) { }

    private final InspectionTasks tasks;
    private final Inspections inspections;
    private final cn.shuangkong.inspection.internal.Checklists checklists;

    private final Mirrors mirrors;

    InspectionApi(InspectionTasks tasks, Inspections inspections, cn.shuangkong.inspection.internal.Checklists checklists, Mirrors mirrors) {
        this.mirrors = mirrors;
        this.checklists = checklists;
        this.tasks = tasks;
        this.inspections = inspections;
    }

    @Operation(summary = "我的待排查任务")
    @GetMapping("/api/v1/inspection/tasks/mine")
    @PreAuthorize("hasAuthority('inspection:task:do')")
    List<InspectionTasks.Task> mine(@AuthenticationPrincipal Actor me,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "inspection_task", InspectionTasks.Task::id, () -> tasks.mine(me));
    }

    @Operation(summary = "提交排查记录", description = "answers 中每项为 NORMAL / ABNORMAL / NOT_APPLICABLE；ABNORMAL 须有 note，并自动登记隐患。"
            + "带 clientKey 时重复提交只记录一次（返回 200 与首次的记录）。")
    @PostMapping("/api/v1/inspection/records")
    @PreAuthorize("hasAuthority('inspection:task:do')")
    ResponseEntity<Inspections.Outcome> submit(@AuthenticationPrincipal Actor me, @RequestBody RecordJson body) {
        var answers = body.answers() == null ? List.<Inspections.Answer>of() : body.answers().stream()
                .map(a -> new Inspections.Answer(a.taskId(), a.result(), a.note(), null, null)).toList();
        var outcome = inspections.submit(me, new Inspections.Submission(body.riskPointId(), body.checkinId(), answers,
                body.latitude(), body.longitude(), body.clientKey()));
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome);
    }

    @Operation(summary = "排查清单", description = "平台内置和本企业的清单（综合、专业、季节性、节假日、事故类比）")
    @GetMapping("/api/v1/inspection/checklists")
    @PreAuthorize("hasAuthority('inspection:task:read')")
    List<cn.shuangkong.inspection.internal.Checklists.Checklist> checklists(@AuthenticationPrincipal Actor me,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "checklist", cn.shuangkong.inspection.internal.Checklists.Checklist::id, () -> checklists.available(me));
    }

    @Operation(summary = "清单的检查项", description = "criterionCode 不为空的项，异常即判定为重大隐患并引用该条款")
    @GetMapping("/api/v1/inspection/checklists/{id}/items")
    @PreAuthorize("hasAuthority('inspection:task:read')")
    List<cn.shuangkong.inspection.internal.Checklists.Item> items(@AuthenticationPrincipal Actor me, @org.springframework.web.bind.annotation.PathVariable long id,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "checklist_item", cn.shuangkong.inspection.internal.Checklists.Item::id, () -> checklists.items(checklists.checklist(me, id).id(), me.enterpriseId()));
    }

    @Operation(summary = "按清单下达检查", description = "指定检查范围、完成期限和检查人员（本企业可执行排查的账号），检查人员收到站内信和邮件")
    @PostMapping("/api/v1/inspection/checklists/{id}/runs")
    @PreAuthorize("hasAuthority('inspection:checklist:write')")
    ResponseEntity<Launched> launch(@AuthenticationPrincipal Actor me, @org.springframework.web.bind.annotation.PathVariable long id,
                                    @RequestBody LaunchJson body) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Launched(checklists.launch(me, id, body.title(), body.area(), body.dueOn(), body.assignees())));
    }

    @Operation(summary = "我要做的专项检查")
    @GetMapping("/api/v1/inspection/checklist-runs/mine")
    @PreAuthorize("hasAuthority('inspection:task:do')")
    List<cn.shuangkong.inspection.internal.Checklists.Run> myRuns(@AuthenticationPrincipal Actor me,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "checklist_inspection", cn.shuangkong.inspection.internal.Checklists.Run::id, () -> checklists.assignedTo(me));
    }

    @Operation(summary = "提交专项检查记录", description = "每项 NORMAL / ABNORMAL / NOT_APPLICABLE 都须回答；ABNORMAL 须有 note 并自动登记隐患"
            + "（引用判定标准条款的项为重大隐患）。提交后不能修改；带 clientKey 的重复提交只记录一次。")
    @PostMapping("/api/v1/inspection/checklist-runs/{id}/record")
    @PreAuthorize("hasAuthority('inspection:task:do')")
    ResponseEntity<cn.shuangkong.inspection.internal.Checklists.Outcome> submitRun(@AuthenticationPrincipal Actor me,
            @org.springframework.web.bind.annotation.PathVariable long id, @RequestBody ChecklistRecordJson body) {
        var answers = body.answers() == null ? List.<cn.shuangkong.inspection.internal.Checklists.Answer>of() : body.answers().stream()
                .map(a -> new cn.shuangkong.inspection.internal.Checklists.Answer(a.itemId(), a.result(), a.note(), a.location(), null, null)).toList();
        var outcome = checklists.submit(me, id, answers, body.clientKey());
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome);
    }
}
