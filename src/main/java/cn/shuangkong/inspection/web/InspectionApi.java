package cn.shuangkong.inspection.web;

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

    private final InspectionTasks tasks;
    private final Inspections inspections;

    InspectionApi(InspectionTasks tasks, Inspections inspections) {
        this.tasks = tasks;
        this.inspections = inspections;
    }

    @Operation(summary = "我的待排查任务")
    @GetMapping("/api/v1/inspection/tasks/mine")
    @PreAuthorize("hasAuthority('inspection:task:do')")
    List<InspectionTasks.Task> mine(@AuthenticationPrincipal Actor me) {
        return tasks.mine(me);
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
}
