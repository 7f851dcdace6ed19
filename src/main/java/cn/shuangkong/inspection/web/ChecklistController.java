package cn.shuangkong.inspection.web;

import cn.shuangkong.hazard.MajorHazardCriteria;
import cn.shuangkong.inspection.internal.Checklists;
import cn.shuangkong.inspection.Inspections;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.FormValues;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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

/** 专项检查: checklists, launching an inspection from one, and doing it on a phone. */
@Controller
class ChecklistController {

    static final int FORM_ROWS = 12;

    private final Checklists checklists;
    private final MajorHazardCriteria criteria;
    private final Clock clock;
    private final cn.shuangkong.hazard.EvidencePhotos evidence;

    ChecklistController(Checklists checklists, MajorHazardCriteria criteria, Clock clock, cn.shuangkong.hazard.EvidencePhotos evidence) {
        this.evidence = evidence;
        this.checklists = checklists;
        this.criteria = criteria;
        this.clock = clock;
    }

    @GetMapping("/inspection/checklists")
    @PreAuthorize("hasAuthority('inspection:task:read') or hasAuthority('inspection:task:do')")
    String list(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("mine", me.can("inspection:task:do") ? checklists.assignedTo(me) : List.of());
        model.addAttribute("runs", me.can("inspection:task:read") ? checklists.runs(me.jurisdiction(), 100) : List.of());
        model.addAttribute("checklists", me.enterpriseId() == null ? List.of() : checklists.available(me));
        model.addAttribute("today", LocalDate.now(clock));
        return "inspection/checklists";
    }

    @GetMapping("/inspection/checklists/{id:[0-9]+}")
    @PreAuthorize("hasAuthority('inspection:task:read')")
    String checklist(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        model.addAttribute("checklist", checklists.checklist(me, id));
        model.addAttribute("items", checklists.items(id, me.enterpriseId()));
        model.addAttribute("inspectors", me.enterpriseId() == null ? List.of() : checklists.inspectors(me.enterpriseId()));
        model.addAttribute("today", LocalDate.now(clock));
        return "inspection/checklist";
    }

    @GetMapping("/inspection/checklists/new")
    @PreAuthorize("hasAuthority('inspection:checklist:write')")
    String newChecklist(Model model) {
        model.addAttribute("kinds", Checklists.Kind.values());
        model.addAttribute("criteria", criteria.all());
        model.addAttribute("rows", FORM_ROWS);
        return "inspection/checklist-form";
    }

    @PostMapping("/inspection/checklists")
    @PreAuthorize("hasAuthority('inspection:checklist:write')")
    String create(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Checklists.Kind kind,
                  @RequestParam(required = false) String name, @RequestParam(required = false) String description,
                  HttpServletRequest request, Model model, RedirectAttributes flash) {
        List<Checklists.ItemInput> items = new ArrayList<>();
        for (int i = 0; i < FORM_ROWS; i++) {
            items.add(new Checklists.ItemInput(request.getParameter("content-" + i), request.getParameter("criterion-" + i)));
        }
        try {
            long id = checklists.create(me, kind, name, description, items);
            flash.addFlashAttribute("message", "排查清单已保存，可以下达检查了");
            return "redirect:/inspection/checklists/" + id;
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errors", e.fieldErrors());
            return newChecklist(model);
        }
    }

    @PostMapping("/inspection/checklists/{id:[0-9]+}/runs")
    @PreAuthorize("hasAuthority('inspection:checklist:write')")
    String launch(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String title,
                  @RequestParam(required = false) String area,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueOn,
                  @RequestParam(required = false) List<String> assignees, RedirectAttributes flash) {
        try {
            long run = checklists.launch(me, id, title, area, dueOn, assignees);
            flash.addFlashAttribute("message", "检查已下达，检查人员已收到通知");
            return "redirect:/inspection/checklists/runs/" + run;
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/inspection/checklists/" + id;
        }
    }

    /** The record of an inspection; for one of its people while it is open, the form to do it. */
    @GetMapping("/inspection/checklists/runs/{id}")
    @PreAuthorize("hasAuthority('inspection:task:read') or hasAuthority('inspection:task:do')")
    String run(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var run = checklists.run(me.jurisdiction(), id);
        model.addAttribute("run", run);
        model.addAttribute("items", checklists.items(run.checklistId(), run.enterpriseId()));
        var record = checklists.record(id).orElse(null);
        model.addAttribute("record", record);
        model.addAttribute("photoReuse", record == null ? List.of() : evidence.flagsOf(me.jurisdiction(), "checklist_record", record.id()));
        model.addAttribute("canDo", run.open() && me.can("inspection:task:do") && checklists.isAssignee(me, id));
        model.addAttribute("results", Inspections.Result.values());
        model.addAttribute("today", LocalDate.now(clock));
        if (!model.containsAttribute("clientKey")) model.addAttribute("clientKey", java.util.UUID.randomUUID().toString());
        return "inspection/checklist-run";
    }

    /** A checklist record by its own id (as photo-reuse flags link to it). */
    @GetMapping("/inspection/checklists/records/{id}")
    @PreAuthorize("hasAuthority('inspection:task:read') or hasAuthority('inspection:task:do')")
    String record(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        long run = checklists.runOfRecord(me.jurisdiction(), id);
        return "redirect:/inspection/checklists/runs/" + run;
    }

    @PostMapping("/inspection/checklists/runs/{id}")
    @PreAuthorize("hasAuthority('inspection:task:do')")
    String submit(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String clientKey,
                  HttpServletRequest request, Model model, RedirectAttributes flash) throws IOException {
        var run = checklists.run(me.jurisdiction(), id);
        List<Checklists.Answer> answers = new ArrayList<>();
        for (var item : checklists.items(run.checklistId(), run.enterpriseId())) {
            String result = request.getParameter("result-" + item.id());
            MultipartFile photo = request instanceof MultipartHttpServletRequest m ? m.getFile("photo-" + item.id()) : null;
            // a result the form does not offer is the request's fault (400 naming the item's field), not a 500
            answers.add(new Checklists.Answer(item.id(), FormValues.choice(Inspections.Result.class, result, "result-" + item.id(), "检查结果"),
                    request.getParameter("note-" + item.id()), request.getParameter("location-" + item.id()),
                    photo == null ? null : photo.getOriginalFilename(), photo == null || photo.isEmpty() ? null : photo.getBytes()));
        }
        try {
            var outcome = checklists.submit(me, id, answers, clientKey);
            flash.addFlashAttribute("message", "检查记录已提交" + (outcome.hazardIds().isEmpty() ? "" :
                    "，已登记 " + outcome.hazardIds().size() + " 条隐患，等待安全管理人员处理"));
            return "redirect:/inspection/checklists/runs/" + id;
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("clientKey", clientKey);
            return run(me, id, model);
        }
    }
}
