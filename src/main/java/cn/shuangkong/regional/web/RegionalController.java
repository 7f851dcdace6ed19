package cn.shuangkong.regional.web;

import cn.shuangkong.organization.Region;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.regional.RegionalRisks;
import cn.shuangkong.regional.internal.TownBook;
import cn.shuangkong.risk.AssessmentMethods;
import cn.shuangkong.risk.HazardDictionaries;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Spreadsheets;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 区域风险 pages: the list with the four-colour town map, registration and assessment, and 一镇一册 downloads. */
@Controller
class RegionalController {

    private final RegionalRisks risks;
    private final TownBook books;
    private final Regions regions;
    private final AssessmentMethods methods;
    private final HazardDictionaries dictionaries;

    RegionalController(RegionalRisks risks, TownBook books, Regions regions, AssessmentMethods methods,
                       HazardDictionaries dictionaries) {
        this.risks = risks;
        this.books = books;
        this.regions = regions;
        this.methods = methods;
        this.dictionaries = dictionaries;
    }

    @GetMapping("/regional")
    @PreAuthorize("hasAuthority('regional:risk:read')")
    String list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String town,
                @RequestParam(required = false) Integer level, Model model) {
        List<Region> towns = towns(me.jurisdiction());
        String region = town != null && !town.isBlank() && towns.stream().anyMatch(t -> t.code().equals(town)) ? town : null;
        model.addAttribute("towns", towns);
        model.addAttribute("town", region);
        model.addAttribute("level", level);
        model.addAttribute("levels", RiskLevel.values());
        var all = risks.search(me.jurisdiction(), region, null);
        model.addAttribute("counts", all.stream().collect(java.util.stream.Collectors.groupingBy(RegionalRisks.Risk::level,
                java.util.stream.Collectors.counting())));
        model.addAttribute("risks", level == null ? all : all.stream().filter(r -> r.level() == level).toList());
        return "regional/list";
    }

    @GetMapping("/regional/{id}")
    @PreAuthorize("hasAuthority('regional:risk:read')")
    String detail(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var risk = risks.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("区域风险"));
        model.addAttribute("r", risk);
        model.addAttribute("accidents", risks.accidentTypeNames(risk));
        model.addAttribute("method", methods.get(risk.method()));
        return "regional/detail";
    }

    @GetMapping("/regional/new")
    @PreAuthorize("hasAuthority('regional:risk:write')")
    String createForm(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String town, Model model) {
        return form(me, model, null, new RegionalRisks.Draft(town, null, null, null, null, List.of(), "LEC", Map.of(), null,
                null, null, null, null, null), null, Map.of());
    }

    @PostMapping("/regional")
    @PreAuthorize("hasAuthority('regional:risk:write')")
    String create(@AuthenticationPrincipal Actor me, @RequestParam MultiValueMap<String, String> form, Model model,
                  RedirectAttributes flash) {
        var draft = draft(form);
        try {
            long id = risks.register(me, draft);
            flash.addFlashAttribute("message", "已登记区域风险：" + draft.name().trim());
            return "redirect:/regional/" + id;
        } catch (DomainException ex) {
            return form(me, model, null, draft, ex.getMessage(), ex.fieldErrors());
        }
    }

    @GetMapping("/regional/{id}/edit")
    @PreAuthorize("hasAuthority('regional:risk:write')")
    String editForm(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var r = risks.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("区域风险"));
        Map<String, BigDecimal> inputs = new LinkedHashMap<>();
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(r.inputs()).properties()
                .forEach(e -> inputs.put(e.getKey(), e.getValue().decimalValue()));
        return form(me, model, id, new RegionalRisks.Draft(r.regionCode(), r.category(), r.name(), r.location(), r.hazard(),
                r.accidentTypes(), r.method(), inputs, r.measures(), r.department(), r.responsible(), r.phone(),
                r.longitude(), r.latitude()), null, Map.of());
    }

    @PostMapping("/regional/{id}")
    @PreAuthorize("hasAuthority('regional:risk:write')")
    String update(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam MultiValueMap<String, String> form,
                  Model model, RedirectAttributes flash) {
        var draft = draft(form);
        try {
            risks.change(me, id, draft);
            flash.addFlashAttribute("message", "区域风险已保存并重新评价");
            return "redirect:/regional/" + id;
        } catch (DomainException ex) {
            return form(me, model, id, draft, ex.getMessage(), ex.fieldErrors());
        }
    }

    @GetMapping("/regional/towns/{code}/book.pdf")
    @PreAuthorize("hasAuthority('regional:risk:read')")
    ResponseEntity<byte[]> bookPdf(@AuthenticationPrincipal Actor me, @PathVariable String code) {
        byte[] pdf = books.pdf(me.jurisdiction(), code);
        String name = regions.find(code).map(Region::name).orElse(code) + "一镇一册.pdf";
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename*=UTF-8''" + encode(name)).body(pdf);
    }

    @GetMapping("/regional/towns/{code}/book.xlsx")
    @PreAuthorize("hasAuthority('regional:risk:read')")
    void bookExcel(@AuthenticationPrincipal Actor me, @PathVariable String code, HttpServletResponse response) throws IOException {
        byte[] xlsx = books.excel(me.jurisdiction(), code);
        Spreadsheets.attachment(response, regions.find(code).map(Region::name).orElse(code) + "一镇一册.xlsx");
        response.getOutputStream().write(xlsx);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The towns a viewer may register in and see: those under their region (all of them for the platform). */
    private List<Region> towns(Jurisdiction scope) {
        return switch (scope.kind()) {
            case PLATFORM -> regions.roots().stream().flatMap(r -> regions.townsUnder(r.code()).stream()).toList();
            case REGULATOR -> regions.townsUnder(scope.regionPrefix());
            default -> List.of();
        };
    }

    /** Factor inputs come as {@code <METHOD>_<factor>}, so that switching the method in the form keeps each method's values. */
    private RegionalRisks.Draft draft(MultiValueMap<String, String> f) {
        String method = f.getFirst("method");
        Map<String, BigDecimal> inputs = new LinkedHashMap<>();
        if (method != null) {
            String prefix = method.trim().toUpperCase() + "_";
            f.forEach((k, v) -> {
                if (k.startsWith(prefix) && !v.isEmpty() && v.get(0) != null && !v.get(0).isBlank()) {
                    try {
                        inputs.put(k.substring(prefix.length()), new BigDecimal(v.get(0).trim()));
                    } catch (NumberFormatException ignored) {
                        // left out: the method then names the factor as missing
                    }
                }
            });
        }
        return new RegionalRisks.Draft(f.getFirst("regionCode"), f.getFirst("category"), f.getFirst("name"),
                f.getFirst("location"), f.getFirst("hazard"), f.getOrDefault("accidentTypes", List.of()), method, inputs,
                f.getFirst("measures"), f.getFirst("department"), f.getFirst("responsible"), f.getFirst("phone"),
                decimal(f.getFirst("longitude")), decimal(f.getFirst("latitude")));
    }

    private static BigDecimal decimal(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException ex) {
            return null; // the form's number inputs let no text through; the pair check then names the field
        }
    }

    private String form(Actor me, Model model, Long id, RegionalRisks.Draft draft, String error, Map<String, String> errors) {
        model.addAttribute("id", id);
        model.addAttribute("draft", draft);
        model.addAttribute("error", error);
        model.addAttribute("fieldErrors", errors);
        model.addAttribute("towns", towns(me.jurisdiction()));
        model.addAttribute("categories", RegionalRisks.CATEGORIES);
        model.addAttribute("methods", methods.all());
        model.addAttribute("accidentTypes", dictionaries.accidentTypes());
        model.addAttribute("selectedInputs", draft.inputs() == null ? Map.of() : draft.inputs());
        return "regional/form";
    }
}
