package cn.shuangkong.training.web;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.FormRefusals;
import cn.shuangkong.shared.FormValues;
import cn.shuangkong.training.Certificates;
import cn.shuangkong.training.TrainingRecords;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 培训与持证: one page with the people's certificates (status today), the training log and each person's hours this year. */
@Controller
@PreAuthorize("hasAuthority('training:read')")
class TrainingController {

    private final Certificates certificates;
    private final TrainingRecords trainings;
    private final OrgStructure org;
    private final Clock clock;

    TrainingController(Certificates certificates, TrainingRecords trainings, OrgStructure org, Clock clock) {
        this.certificates = certificates;
        this.trainings = trainings;
        this.org = org;
        this.clock = clock;
    }

    @GetMapping("/training")
    String page(@AuthenticationPrincipal Actor me, Model model) {
        LocalDate today = LocalDate.now(clock);
        model.addAttribute("certificates", certificates.list(me.jurisdiction(), null));
        model.addAttribute("soonDays", certificates.soonDays());
        model.addAttribute("trainings", trainings.list(me.jurisdiction(), null));
        model.addAttribute("certificateKinds", Certificates.Kind.values());
        model.addAttribute("specialCategories", Certificates.SPECIAL_OPERATION_CATEGORIES);
        model.addAttribute("trainingKinds", TrainingRecords.Kind.values());
        model.addAttribute("year", today.getYear());
        if (me.enterpriseId() != null) {
            var left = org.leavers(me.enterpriseId()).keySet();
            model.addAttribute("employees", org.employees(me.enterpriseId()).stream().filter(e -> !left.contains(e.id())).toList());
            model.addAttribute("people", trainings.byPerson(me.enterpriseId(), today.getYear()));
        }
        model.addAttribute("canWrite", me.can("training:write") && me.enterpriseId() != null);
        if (!model.containsAttribute("form")) model.addAttribute("form", Map.of());
        if (!model.containsAttribute("errors")) model.addAttribute("errors", Map.of());
        return "training/index";
    }

    @PostMapping("/training/certificates")
    @PreAuthorize("hasAuthority('training:write')")
    String record(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        try {
            certificates.record(me, new Certificates.Draft(id(form.get("employeeId")),
                    FormValues.choice(Certificates.Kind.class, form.get("kind"), "kind", "证书类别"), form.get("category"), form.get("number"),
                    form.get("issuedBy"), FormValues.date(form.get("issuedOn"), "issuedOn", "发证日期"), FormValues.date(form.get("expiresOn"), "expiresOn", "有效期至")));
        } catch (DomainException e) {
            return again(me, model, form, "certificate", e);
        }
        flash.addFlashAttribute("message", "已登记证书");
        return "redirect:/training";
    }

    @PostMapping("/training/certificates/{id}/revoke")
    @PreAuthorize("hasAuthority('training:write')")
    String revoke(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String reason,
                  Model model, RedirectAttributes flash) {
        try {
            certificates.revoke(me, id, reason);
        } catch (DomainException e) {
            return again(me, model, Map.of("reason", reason == null ? "" : reason), "revoke-" + id, e);
        }
        flash.addFlashAttribute("message", "证书已吊销或注销，自此不再有效");
        return "redirect:/training";
    }

    @PostMapping("/training/records")
    @PreAuthorize("hasAuthority('training:write')")
    String train(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        try {
            Boolean passed = form.get("passed") == null || form.get("passed").isBlank() ? null : Boolean.valueOf(form.get("passed"));
            trainings.record(me, new TrainingRecords.Draft(id(form.get("employeeId")),
                    FormValues.choice(TrainingRecords.Kind.class, form.get("kind"), "kind", "培训类别"), form.get("title"),
                    hours(form.get("hours")), FormValues.date(form.get("trainedOn"), "trainedOn", "培训日期"), form.get("trainer"), passed));
        } catch (DomainException e) {
            return again(me, model, form, "training", e);
        }
        flash.addFlashAttribute("message", "已登记培训记录");
        return "redirect:/training";
    }

    /** The page again with what was typed and the refusal beside its field: nothing typed is lost. */
    private String again(Actor me, Model model, Map<String, String> form, String which, DomainException e) {
        FormRefusals.keep(model, form, which, e);
        page(me, model);
        return "training/index";
    }

    private static Long id(String raw) {
        return FormValues.id(raw, "employeeId", "请从列表中选择人员");
    }

    private static BigDecimal hours(String raw) {
        return FormValues.decimal(raw, "hours", "学时须为数字，如 8 或 1.5");
    }
}
