package cn.shuangkong.risk.web;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.HazardDictionaries;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.internal.RiskImport;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.risk.internal.RiskSettings;
import cn.shuangkong.risk.RiskSheets;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.ImportReport;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Spreadsheets;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Identification pages: the JHA / SCL worksheet of a risk point, its 风险分析单元, the Excel import of a whole register
 * and the GB 6441 edition setting.
 */
@Controller
class RiskIdentificationController {

    private final RiskSheets sheets;
    private final RiskRegistry registry;
    private final RiskImport importer;
    private final RiskSettings settings;
    private final HazardDictionaries dictionaries;
    private final OrgStructure structure;

    RiskIdentificationController(RiskSheets sheets, RiskRegistry registry, RiskImport importer, RiskSettings settings,
                                 HazardDictionaries dictionaries, OrgStructure structure) {
        this.sheets = sheets;
        this.registry = registry;
        this.importer = importer;
        this.settings = settings;
        this.dictionaries = dictionaries;
        this.structure = structure;
    }

    // -------------------------------------------------------------------------------------- JHA / SCL worksheet

    @GetMapping("/risks/{id}/worksheet")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String worksheet(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        RiskSheets.Sheet sheet = sheets.of(me.jurisdiction(), id);
        model.addAttribute("s", sheet);
        model.addAttribute("p", sheet.point());
        model.addAttribute("canWrite", canWrite(me));
        return "risks/worksheet";
    }

    @PostMapping("/risks/{id}/steps")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String addStep(@AuthenticationPrincipal Actor me, @PathVariable long id, @ModelAttribute RiskDrafts.StepDraft draft,
                   RedirectAttributes flash) {
        return attempt(flash, "/risks/" + id + "/worksheet", "已添加：" + draft.name(),
                () -> registry.addStep(me.jurisdiction(), id, draft));
    }

    @PostMapping("/risks/{id}/steps/{stepId}")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String changeStep(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long stepId,
                      @ModelAttribute RiskDrafts.StepDraft draft, RedirectAttributes flash) {
        return attempt(flash, "/risks/" + id + "/worksheet", "已保存：" + draft.name(),
                () -> registry.changeStep(me.jurisdiction(), stepId, draft));
    }

    @PostMapping("/risks/{id}/steps/{stepId}/delete")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String removeStep(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long stepId, RedirectAttributes flash) {
        return attempt(flash, "/risks/" + id + "/worksheet", "已删除；其下的风险事件保留在清单中，可重新归入其他步骤",
                () -> registry.removeStep(me.jurisdiction(), stepId));
    }

    @PostMapping("/risks/{id}/events/{eventId}/placement")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String place(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long eventId,
                 @RequestParam(required = false) Long riskUnitId, @RequestParam(required = false) Long stepId,
                 @RequestParam(defaultValue = "worksheet") String back, RedirectAttributes flash) {
        String target = back.equals("detail") ? "/risks/" + id : "/risks/" + id + "/worksheet";
        return attempt(flash, target, "已调整风险事件的归属",
                () -> registry.placeEvent(me.jurisdiction(), eventId, new RiskDrafts.Placement(riskUnitId, stepId)));
    }

    // -------------------------------------------------------------------------------------- 风险分析单元

    @PostMapping("/risks/{id}/units")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String addUnit(@AuthenticationPrincipal Actor me, @PathVariable long id, @ModelAttribute RiskDrafts.UnitDraft draft,
                   RedirectAttributes flash) {
        return attempt(flash, "/risks/" + id, "已新增风险分析单元：" + draft.name(),
                () -> registry.addUnit(me.jurisdiction(), id, draft));
    }

    @PostMapping("/risks/{id}/units/{unitId}")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String changeUnit(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long unitId,
                      @ModelAttribute RiskDrafts.UnitDraft draft, RedirectAttributes flash) {
        return attempt(flash, "/risks/" + id, "风险分析单元已保存",
                () -> registry.changeUnit(me.jurisdiction(), unitId, draft));
    }

    // -------------------------------------------------------------------------------------- Excel import

    @GetMapping("/risks/import")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String importPage(@AuthenticationPrincipal Actor me, Model model) {
        ownEnterprise(me);
        model.addAttribute("edition", settings.accidentEdition());
        return "risks/import";
    }

    @GetMapping("/risks/import/template.xlsx")
    @PreAuthorize("hasAuthority('risk:register:write')")
    void template(@AuthenticationPrincipal Actor me, HttpServletResponse response) throws IOException {
        writeTemplate(importer, me, ownEnterprise(me), response);
    }

    @PostMapping("/risks/import")
    @PreAuthorize("hasAuthority('risk:register:write')")
    String importFile(@AuthenticationPrincipal Actor me, @RequestParam(value = "file", required = false) MultipartFile file,
                      Model model) throws IOException {
        long enterprise = ownEnterprise(me);
        model.addAttribute("edition", settings.accidentEdition());
        if (file == null || file.isEmpty()) {
            model.addAttribute("error", "请选择要上传的 Excel 文件");
            return "risks/import";
        }
        ImportReport result = importer.importFrom(me, enterprise, file.getInputStream());
        model.addAttribute("result", result);
        model.addAttribute("fileName", file.getOriginalFilename());
        return "risks/import";
    }

    /** The template of an enterprise the caller may write to, buffered so that a refusal is a proper error. */
    static void writeTemplate(RiskImport importer, Actor me, long enterpriseId, HttpServletResponse response)
            throws IOException {
        var buffer = new ByteArrayOutputStream();
        importer.template(me.jurisdiction(), enterpriseId, buffer);
        Spreadsheets.attachment(response, "风险清单导入模板.xlsx");
        response.setContentLength(buffer.size());
        buffer.writeTo(response.getOutputStream());
    }

    // -------------------------------------------------------------------------------------- GB 6441 editions

    @GetMapping("/risks/dictionaries")
    @PreAuthorize("hasAuthority('risk:register:read')")
    String dictionaries(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("editions", dictionaries.editions());
        model.addAttribute("choice", settings.choice());
        model.addAttribute("canManage", me.can("risk:dictionary:manage"));
        return "risks/dictionaries";
    }

    @PostMapping("/risks/dictionaries")
    @PreAuthorize("hasAuthority('risk:dictionary:manage')")
    String choose(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String edition, RedirectAttributes flash) {
        return attempt(flash, "/risks/dictionaries", "新登记的风险事件将使用 " + edition + "；已有事件保留原版本",
                () -> settings.chooseAccidentEdition(me, edition));
    }

    // --------------------------------------------------------------------------------------

    private boolean canWrite(Actor me) {
        return me.can("risk:register:write") && me.jurisdiction().kind() != Jurisdiction.Kind.REGULATOR;
    }

    private static String attempt(RedirectAttributes flash, String target, String success, Runnable action) {
        try {
            action.run();
            flash.addFlashAttribute("message", success);
        } catch (DomainException ex) {
            flash.addFlashAttribute("error", ex.getMessage());
        }
        return "redirect:" + target;
    }

    private static long ownEnterprise(Actor me) {
        if (me.enterpriseId() == null) {
            throw new DomainException(HttpStatus.FORBIDDEN, "只有企业用户可以在此导入本企业的风险清单", null);
        }
        return me.enterpriseId();
    }
}
