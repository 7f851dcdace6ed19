package cn.shuangkong.inspection.web;

import cn.shuangkong.inspection.DutyTasks;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A 包保责任人 completes an item of their own 任务清单 from 我的任务. */
@Controller
class DutyTaskController {

    private final DutyTasks duties;

    DutyTaskController(DutyTasks duties) {
        this.duties = duties;
    }

    @PostMapping("/inspection/duty-tasks/{id}")
    @PreAuthorize("hasAuthority('inspection:task:do')")
    String record(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String result,
                  @RequestParam(required = false) String note, RedirectAttributes flash) {
        try {
            var t = duties.record(me, id, result, note);
            flash.addFlashAttribute("message", "已完成包保任务：" + t.taskType().label + " 第" + t.itemNo() + "项");
        } catch (DomainException e) {
            if (e.status().value() == 404 || e.status().value() == 403) throw e;
            flash.addFlashAttribute("error", e.getMessage());
            flash.addFlashAttribute("dutyTaskId", id);
            flash.addFlashAttribute("dutyNote", note);
        }
        return "redirect:/inspection/mine#duty-" + id;
    }
}
