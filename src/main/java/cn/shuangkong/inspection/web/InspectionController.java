package cn.shuangkong.inspection.web;

import cn.shuangkong.inspection.InspectionTasks;
import cn.shuangkong.inspection.Inspections;
import cn.shuangkong.inspection.internal.InspectionScheduler;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 我的任务 and the inspection form on a phone; the enterprise's task list with its completion rate. */
@Controller
class InspectionController {

    private final InspectionTasks tasks;
    private final Inspections inspections;
    private final InspectionScheduler scheduler;
    private final Clock clock;
    private final cn.shuangkong.inspection.internal.Checklists checklists;
    private final cn.shuangkong.hazard.EvidencePhotos evidence;

    private final cn.shuangkong.inspection.DutyTasks duties;
    private final cn.shuangkong.inspection.MyWork myWork;

    InspectionController(InspectionTasks tasks, Inspections inspections, InspectionScheduler scheduler, Clock clock,
                         cn.shuangkong.inspection.internal.Checklists checklists, cn.shuangkong.hazard.EvidencePhotos evidence,
                         cn.shuangkong.inspection.DutyTasks duties, cn.shuangkong.inspection.MyWork myWork) {
        this.myWork = myWork;
        this.duties = duties;
        this.evidence = evidence;
        this.checklists = checklists;
        this.tasks = tasks;
        this.inspections = inspections;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @GetMapping("/inspection/mine")
    @PreAuthorize("hasAuthority('inspection:task:do')")
    String mine(@AuthenticationPrincipal Actor me, Model model) {
        var mine = tasks.mine(me);
        Map<Long, List<InspectionTasks.Task>> byPoint = new LinkedHashMap<>();
        mine.forEach(t -> byPoint.computeIfAbsent(t.riskPointId(), k -> new ArrayList<>()).add(t));
        model.addAttribute("byPoint", byPoint);
        model.addAttribute("count", myWork.of(me).total());
        model.addAttribute("checklistRuns", checklists.assignedTo(me));
        model.addAttribute("dutyTasks", duties.mine(me));
        model.addAttribute("today", LocalDate.now(clock));
        return "inspection/mine";
    }

    /** Opening this page is the check-in: the QR code on the risk point links here with via=qr. */
    @GetMapping("/inspection/points/{id}")
    @PreAuthorize("hasAuthority('inspection:task:do')")
    String form(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(defaultValue = "list") String via, Model model) {
        var open = tasks.openAt(me, id);
        long checkin = inspections.checkIn(me, id, "qr".equals(via));
        model.addAttribute("tasks", open);
        model.addAttribute("checkinId", checkin);
        model.addAttribute("pointId", id);
        model.addAttribute("pointName", open.isEmpty() ? inspections.pointName(me, id) : open.get(0).riskPointName());
        model.addAttribute("results", Inspections.Result.values());
        model.addAttribute("clientKey", java.util.UUID.randomUUID().toString());
        return "inspection/form";
    }

    @PostMapping("/inspection/points/{id}")
    @PreAuthorize("hasAuthority('inspection:task:do')")
    String submit(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) Long checkinId,
                  @RequestParam(required = false) BigDecimal latitude, @RequestParam(required = false) BigDecimal longitude,
                  @RequestParam(required = false) String clientKey, HttpServletRequest request, Model model,
                  RedirectAttributes flash) throws IOException {
        List<Inspections.Answer> answers = new ArrayList<>();
        for (var task : tasks.openAt(me, id)) {
            String result = request.getParameter("result-" + task.id());
            if (result == null || result.isBlank()) continue;
            MultipartFile photo = request instanceof MultipartHttpServletRequest m ? m.getFile("photo-" + task.id()) : null;
            answers.add(new Inspections.Answer(task.id(), Inspections.Result.valueOf(result), request.getParameter("note-" + task.id()),
                    photo == null ? null : photo.getOriginalFilename(), photo == null || photo.isEmpty() ? null : photo.getBytes()));
        }
        try {
            var outcome = inspections.submit(me, new Inspections.Submission(id, checkinId, answers, latitude, longitude, clientKey));
            flash.addFlashAttribute("message", "排查记录已提交" + (outcome.hazardIds().isEmpty() ? "" :
                    "，已登记 " + outcome.hazardIds().size() + " 条隐患，等待安全管理人员处理")
                    + (outcome.reusedPhotoTaskIds().isEmpty() ? "" : "。注意：有照片与以前上传的照片完全相同，已标记"));
            return "redirect:/inspection/mine";
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("tasks", tasks.openAt(me, id));
            model.addAttribute("checkinId", checkinId);
            model.addAttribute("pointId", id);
            model.addAttribute("pointName", inspections.pointName(me, id));
            model.addAttribute("results", Inspections.Result.values());
            model.addAttribute("clientKey", clientKey);
            return "inspection/form";
        }
    }

    @GetMapping("/inspection/records/{id}")
    @PreAuthorize("hasAuthority('inspection:task:read') or hasAuthority('inspection:task:do')")
    String record(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        model.addAttribute("record", inspections.view(me.jurisdiction(), id));
        model.addAttribute("photoReuse", evidence.flagsOf(me.jurisdiction(), "inspection_record", id));
        return "inspection/record";
    }

    @GetMapping("/inspection/tasks")
    @PreAuthorize("hasAuthority('inspection:task:read')")
    String list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String status,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(defaultValue = "1") int page, Model model) {
        LocalDate today = LocalDate.now(clock);
        LocalDate start = from != null ? from : today.withDayOfMonth(1);
        LocalDate end = to != null ? to : today;
        model.addAttribute("result", tasks.search(me.jurisdiction(), new InspectionTasks.Query(status, start, end), new PageResult.Request(page, 30)));
        model.addAttribute("completion", tasks.completion(me.jurisdiction(), start, end));
        model.addAttribute("status", status);
        model.addAttribute("from", start);
        model.addAttribute("to", end);
        model.addAttribute("points", inspections.points(me));
        return "inspection/tasks";
    }

    @PostMapping("/inspection/outages")
    @PreAuthorize("hasAuthority('inspection:outage:write')")
    String outage(@AuthenticationPrincipal Actor me, @RequestParam long riskPointId,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate startsOn,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate endsOn,
                  @RequestParam(required = false) String reason, RedirectAttributes flash) {
        try {
            scheduler.recordOutage(me, riskPointId, startsOn, endsOn, reason);
            flash.addFlashAttribute("message", "已登记停用检维修，期间的排查任务暂停");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/inspection/tasks";
    }
}
