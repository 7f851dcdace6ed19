package cn.shuangkong.contractor.web;

import cn.shuangkong.contractor.internal.ContractorConduct;
import cn.shuangkong.contractor.internal.ContractorRegister;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.FormRefusals;
import cn.shuangkong.shared.FormValues;
import cn.shuangkong.training.Certificates;
import cn.shuangkong.training.TrainingRecords;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 承包商管理: the list of contractors with the contractor blacklist (all a regulator sees, read-only), and one page per
 * contractor with its 资质, people, violations, evaluations and blacklist history, each with its form. A refusal comes
 * back beside its field with everything typed kept.
 */
@Controller
@PreAuthorize("hasAuthority('contractor:read')")
class ContractorsController {

    private final ContractorRegister register;
    private final ContractorConduct conduct;
    private final Clock clock;

    ContractorsController(ContractorRegister register, ContractorConduct conduct, Clock clock) {
        this.register = register;
        this.conduct = conduct;
        this.clock = clock;
    }

    @GetMapping("/contractors")
    String list(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("contractors", register.list(me.jurisdiction()));
        model.addAttribute("blacklist", conduct.blacklist(me.jurisdiction()));
        common(me, model);
        return "contractor/list";
    }

    @GetMapping("/contractors/{id}")
    String detail(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var d = register.detail(me, id);
        model.addAttribute("d", d);
        var c = d.contractor();
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("name", c.name());
        current.put("creditCode", c.creditCode());
        current.put("contactName", c.contactName());
        current.put("contactPhone", c.contactPhone());
        current.put("workScope", c.workScope());
        current.put("onSiteFrom", c.onSiteFrom());
        current.put("onSiteUntil", c.onSiteUntil());
        model.addAttribute("current", current);
        model.addAttribute("certificateKinds", Certificates.Kind.values());
        model.addAttribute("specialCategories", Certificates.SPECIAL_OPERATION_CATEGORIES);
        model.addAttribute("trainingKinds", TrainingRecords.Kind.values());
        model.addAttribute("checkItems", ContractorConduct.CheckItem.values());
        common(me, model);
        return "contractor/detail";
    }

    private void common(Actor me, Model model) {
        model.addAttribute("today", LocalDate.now(clock));
        model.addAttribute("soonDays", register.soonDays());
        model.addAttribute("canWrite", me.can("contractor:write") && me.enterpriseId() != null);
        if (!model.containsAttribute("form")) model.addAttribute("form", Map.of());
        if (!model.containsAttribute("errors")) model.addAttribute("errors", Map.of());
    }

    @PostMapping("/contractors")
    @PreAuthorize("hasAuthority('contractor:write')")
    String register(@AuthenticationPrincipal Actor me, @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        long id;
        try {
            id = register.register(me, draft(form));
        } catch (DomainException e) {
            return again(model, form, "contractor", e, () -> list(me, model));
        }
        flash.addFlashAttribute("message", "已登记承包商");
        return "redirect:/contractors/" + id;
    }

    @PostMapping("/contractors/{id}")
    @PreAuthorize("hasAuthority('contractor:write')")
    String update(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
                  RedirectAttributes flash) {
        return act(me, id, form, model, flash, "edit", "已保存", f -> register.update(me, id, draft(f)));
    }

    @PostMapping("/contractors/{id}/state")
    @PreAuthorize("hasAuthority('contractor:write')")
    String state(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String active, Model model,
                 RedirectAttributes flash) {
        boolean on = "true".equals(active);
        return act(me, id, Map.of(), model, flash, "state", on ? "已恢复合作" : "已终止合作", f -> {
            if (!on && !"false".equals(active)) throw DomainException.invalid("active", "请选择终止合作或恢复合作");
            register.setActive(me, id, on);
        });
    }

    @PostMapping("/contractors/{id}/qualifications")
    @PreAuthorize("hasAuthority('contractor:write')")
    String qualification(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
                         RedirectAttributes flash) {
        return act(me, id, form, model, flash, "qualification", "已登记资质", f -> register.addQualification(me, id,
                new ContractorRegister.QualificationDraft(f.get("kind"), f.get("number"), f.get("issuedBy"),
                        FormValues.date(f.get("validUntil"), "validUntil", "有效期至"))));
    }

    @PostMapping("/contractors/{id}/people")
    @PreAuthorize("hasAuthority('contractor:write')")
    String person(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
                  RedirectAttributes flash) {
        return act(me, id, form, model, flash, "person", "已登记人员", f -> register.addPerson(me, id,
                new ContractorRegister.PersonDraft(f.get("name"), f.get("idNumber"), f.get("job"))));
    }

    @PostMapping("/contractors/{id}/people/{personId}/briefings")
    @PreAuthorize("hasAuthority('contractor:write')")
    String brief(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long personId,
                 @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return act(me, id, form, model, flash, "briefing-" + personId, "已记录入厂安全交底", f -> register.brief(me, id, personId,
                new ContractorRegister.BriefingDraft(FormValues.date(f.get("briefedOn"), "briefedOn", "交底日期"), f.get("briefedBy"),
                        f.get("content"))));
    }

    @PostMapping("/contractors/{id}/people/{personId}/certificates")
    @PreAuthorize("hasAuthority('contractor:write')")
    String certificate(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long personId,
                       @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return act(me, id, form, model, flash, "certificate-" + personId, "已登记证书", f -> register.recordCertificate(me, id, personId,
                new Certificates.Draft(null, FormValues.choice(Certificates.Kind.class, f.get("kind"), "kind", "证书类别"),
                        f.get("category"), f.get("number"), f.get("issuedBy"), FormValues.date(f.get("issuedOn"), "issuedOn", "发证日期"),
                        FormValues.date(f.get("expiresOn"), "expiresOn", "有效期至"))));
    }

    @PostMapping("/contractors/{id}/people/{personId}/trainings")
    @PreAuthorize("hasAuthority('contractor:write')")
    String training(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long personId,
                    @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        return act(me, id, form, model, flash, "training-" + personId, "已登记培训", f -> {
            String passed = f.get("passed");
            register.recordTraining(me, id, personId, new TrainingRecords.Draft(null,
                    FormValues.choice(TrainingRecords.Kind.class, f.get("kind"), "kind", "培训类别"), f.get("title"),
                    FormValues.decimal(f.get("hours"), "hours", "学时须为数字，如 8 或 1.5"),
                    FormValues.date(f.get("trainedOn"), "trainedOn", "培训日期"), f.get("trainer"),
                    passed == null || passed.isBlank() ? null : Boolean.valueOf(passed)));
        });
    }

    @PostMapping("/contractors/{id}/violations")
    @PreAuthorize("hasAuthority('contractor:write')")
    String violation(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
                     RedirectAttributes flash) {
        return act(me, id, form, model, flash, "violation", "已记录违章", f -> conduct.recordViolation(me, id,
                new ContractorConduct.ViolationDraft(FormValues.date(f.get("occurredOn"), "occurredOn", "违章日期"), f.get("description"),
                        f.get("jobReference"), f.get("foundBy"), FormValues.integer(f.get("points"), "points", "扣分"))));
    }

    @PostMapping("/contractors/{id}/evaluations")
    @PreAuthorize("hasAuthority('contractor:write')")
    String evaluate(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
                    RedirectAttributes flash) {
        return act(me, id, form, model, flash, "evaluation", "已完成年度评价", f -> {
            Map<String, Integer> marks = new LinkedHashMap<>();
            for (var item : ContractorConduct.CheckItem.values()) {
                marks.put(item.name(), FormValues.integer(f.get("mark_" + item.name()), "mark_" + item.name(), "「" + item.label + "」的得分"));
            }
            conduct.evaluate(me, id, FormValues.integer(f.get("year"), "year", "评价年度"), marks);
        });
    }

    @PostMapping("/contractors/{id}/blacklist")
    @PreAuthorize("hasAuthority('contractor:write')")
    String blacklist(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
                     RedirectAttributes flash) {
        return act(me, id, form, model, flash, "blacklist", "已列入承包商黑名单，不能承揽新的作业", f -> conduct.blacklist(me, id, f.get("reason")));
    }

    @PostMapping("/contractors/{id}/blacklist/lift")
    @PreAuthorize("hasAuthority('contractor:write')")
    String lift(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
                RedirectAttributes flash) {
        return act(me, id, form, model, flash, "lift", "已移出承包商黑名单", f -> conduct.lift(me, id, f.get("reason")));
    }

    /** Runs one change of the contractor's page: on success back to it with the message, on a refusal the page again. */
    private String act(Actor me, long id, Map<String, String> form, Model model, RedirectAttributes flash, String which, String message,
                       Consumer<Map<String, String>> change) {
        try {
            change.accept(form);
        } catch (DomainException e) {
            return again(model, form, which, e, () -> detail(me, id, model));
        }
        flash.addFlashAttribute("message", message);
        return "redirect:/contractors/" + id;
    }

    /** The page again with what was typed and the refusal beside its field: nothing typed is lost. */
    private static String again(Model model, Map<String, String> form, String which, DomainException e,
                                java.util.function.Supplier<String> page) {
        FormRefusals.keep(model, form, which, e);
        return page.get();
    }

    private static ContractorRegister.ContractorDraft draft(Map<String, String> f) {
        return new ContractorRegister.ContractorDraft(f.get("name"), f.get("creditCode"), f.get("contactName"), f.get("contactPhone"),
                f.get("workScope"), FormValues.date(f.get("onSiteFrom"), "onSiteFrom", "进场日期"),
                FormValues.date(f.get("onSiteUntil"), "onSiteUntil", "离场日期"));
    }
}
