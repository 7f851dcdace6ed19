package cn.shuangkong.hazard.web;

import cn.shuangkong.hazard.internal.HazardLedger;
import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.HazardState;
import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** 隐患排查治理台账 as Excel and the hazard statistics per enterprise. */
@Controller
class HazardLedgerController {

    private final HazardLedger ledger;

    HazardLedgerController(HazardLedger ledger) {
        this.ledger = ledger;
    }

    /** The enterprise's own 台账, or for a regulator the one chosen by id; filters as on the register. */
    @GetMapping("/hazards/ledger.xlsx")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    void ledger(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                @RequestParam(required = false) HazardState state, @RequestParam(required = false) HazardLevel level,
                @RequestParam(required = false) Boolean overdue, HttpServletResponse response) throws IOException {
        Long id = me.enterpriseId() != null ? me.enterpriseId() : enterpriseId;
        if (id == null) throw DomainException.invalid("enterpriseId", "请选择要导出台账的企业");
        writeLedger(ledger, me, id, Hazards.Query.of(state, level, null, overdue), response);
    }

    @GetMapping("/hazards/statistics")
    @PreAuthorize("hasAuthority('hazard:register:read')")
    String statistics(@AuthenticationPrincipal Actor me, @RequestParam(required = false) LocalDate from,
                      @RequestParam(required = false) LocalDate to, Model model) {
        var rows = ledger.figures(me.jurisdiction(), null, from, to);
        model.addAttribute("rows", rows);
        model.addAttribute("general", rows.stream().map(HazardLedger.EnterpriseFigures::general).reduce(HazardLedger.Figures.NONE, HazardLedger.Figures::plus));
        model.addAttribute("major", rows.stream().map(HazardLedger.EnterpriseFigures::major).reduce(HazardLedger.Figures.NONE, HazardLedger.Figures::plus));
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        return "hazards/statistics";
    }

    static void writeLedger(HazardLedger ledger, Actor me, long enterpriseId, Hazards.Query query,
                            HttpServletResponse response) throws IOException {
        ledger.export(me.jurisdiction(), enterpriseId, query, filename -> {
            response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            response.setHeader("Content-Disposition", "attachment; filename*=UTF-8''" + java.net.URLEncoder.encode(filename, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
            return response.getOutputStream();
        });
    }
}
