package cn.shuangkong.monitoring.web;

import cn.shuangkong.monitoring.Alarms;
import cn.shuangkong.monitoring.internal.GuarantorChecks;
import cn.shuangkong.monitoring.internal.Ingestion;
import cn.shuangkong.monitoring.internal.MajorHazardCalculator;
import cn.shuangkong.monitoring.internal.MajorHazardSign;
import cn.shuangkong.monitoring.internal.MajorHazardSources;
import cn.shuangkong.monitoring.internal.MonitoringDetails;
import cn.shuangkong.monitoring.internal.MonitoringPoints;
import cn.shuangkong.monitoring.internal.MqttConnector;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 重大危险源 (declare, grade, 公示牌, 包保 checks), 实时监测 and 报警 pages. */
@Controller
class MonitoringController {

    private final MajorHazardSources sources;
    private final GuarantorChecks checks;
    private final MonitoringPoints points;
    private final Alarms alarms;
    private final Ingestion ingestion;
    private final MqttConnector mqtt;
    private final MonitoringDetails details;
    private final Clock clock;

    MonitoringController(MajorHazardSources sources, GuarantorChecks checks, MonitoringPoints points, Alarms alarms, Ingestion ingestion,
                         MqttConnector mqtt, MonitoringDetails details, Clock clock) {
        this.sources = sources;
        this.checks = checks;
        this.points = points;
        this.alarms = alarms;
        this.ingestion = ingestion;
        this.mqtt = mqtt;
        this.details = details;
        this.clock = clock;
    }

    @GetMapping("/monitoring")
    @PreAuthorize("hasAuthority('monitoring:source:read')")
    String list(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("sources", sources.list(me.jurisdiction()));
        model.addAttribute("candidates", me.enterpriseId() == null ? List.of() : sources.candidates(me.enterpriseId()).stream()
                .filter(c -> c.get("source_id") == null && Boolean.TRUE.equals(c.get("marked"))).toList());
        return "monitoring/sources";
    }

    @GetMapping("/monitoring/sources/new")
    @PreAuthorize("hasAuthority('monitoring:source:declare')")
    String declareForm(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long riskPointId, Model model) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("riskPointId", riskPointId == null ? "" : riskPointId.toString());
        form.put("unitType", "STORAGE");
        return declareView(me, form, Map.of(), null, model);
    }

    private String declareView(Actor me, Map<String, String> form, Map<String, String> errors, String error, Model model) {
        if (me.enterpriseId() == null) throw DomainException.notFound("企业");
        model.addAttribute("candidates", sources.candidates(me.enterpriseId()));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("error", error);
        model.addAttribute("rows", 6);
        return "monitoring/declare";
    }

    @PostMapping("/monitoring/sources")
    @PreAuthorize("hasAuthority('monitoring:source:declare')")
    String declare(@AuthenticationPrincipal Actor me, HttpServletRequest request, Model model, RedirectAttributes flash) {
        Map<String, String> form = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> form.put(k, v.length == 0 ? "" : v[0]));
        Map<String, String> errors = new LinkedHashMap<>();
        List<MajorHazardCalculator.Input> inputs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = trim(form.get("name" + i)), category = trim(form.get("category" + i)), qty = trim(form.get("quantity" + i));
            if (name == null && category == null && qty == null) continue;
            BigDecimal q = null;
            try {
                q = qty == null ? null : new BigDecimal(qty);
            } catch (NumberFormatException e) {
                errors.put("substances[" + inputs.size() + "].quantity", "数量应为吨数，如 3200.5");
            }
            boolean cas = name != null && name.matches("\\d{2,7}-\\d{2}-\\d");
            inputs.add(new MajorHazardCalculator.Input(cas ? null : name, cas ? name : null, null, category, q));
        }
        Integer population = null;
        try {
            population = trim(form.get("population")) == null ? null : Integer.valueOf(form.get("population").trim());
        } catch (NumberFormatException e) {
            errors.put("population", "人数应为整数");
        }
        Long riskPointId = trim(form.get("riskPointId")) == null ? null : Long.valueOf(form.get("riskPointId"));
        try {
            if (!errors.isEmpty()) throw new DomainException(org.springframework.http.HttpStatus.BAD_REQUEST, "请更正标红的项目", errors);
            var s = sources.declare(me, me.enterpriseId(), new MajorHazardSources.Declaration(riskPointId, form.get("unitType"), population, inputs));
            flash.addFlashAttribute("message", s.major() ? "已辨识为" + s.levelLabel() + "并登记，包保责任人的检查任务已生成" : "辨识结果：不构成重大危险源（S < 1），已存档");
            return "redirect:/monitoring/sources/" + s.id();
        } catch (DomainException e) {
            return declareView(me, form, e.fieldErrors(), e.getMessage(), model);
        }
    }

    @GetMapping("/monitoring/sources/{id}")
    @PreAuthorize("hasAuthority('monitoring:source:read')")
    String source(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var detail = details.source(me.jurisdiction(), id);
        model.addAttribute("s", detail.source());
        var history = detail.history();
        model.addAttribute("history", history);
        model.addAttribute("lines", history.isEmpty() ? List.of() : MajorHazardSign.lines(history.get(0).result()));
        model.addAttribute("checks", detail.checks());
        model.addAttribute("cycles", checks.cycles());
        model.addAttribute("now", clock.instant());
        model.addAttribute("points", detail.points());
        model.addAttribute("outOfControl", detail.outOfControl());
        return "monitoring/source";
    }

    @GetMapping("/monitoring/sources/{id}/sign.pdf")
    @PreAuthorize("hasAuthority('monitoring:source:read')")
    ResponseEntity<byte[]> signPdf(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=major-hazard-sign-" + id + ".pdf").body(details.sign(me.jurisdiction(), id));
    }

    @GetMapping("/monitoring/checks")
    @PreAuthorize("hasAuthority('monitoring:check:do')")
    String myChecks(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("checks", checks.mine(me));
        model.addAttribute("now", clock.instant());
        return "monitoring/checks";
    }

    @PostMapping("/monitoring/checks/{id}")
    @PreAuthorize("hasAuthority('monitoring:check:do')")
    String recordCheck(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String result,
                       @RequestParam(required = false) String note, RedirectAttributes flash) {
        try {
            var c = checks.record(me, id, result, note);
            flash.addFlashAttribute("message", "已记录 " + c.sourceName() + " 的" + c.roleLabel() + "检查");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/monitoring/checks";
    }

    @GetMapping("/monitoring/live")
    @PreAuthorize("hasAuthority('monitoring:alarm:read')")
    String live(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("points", points.list(me.jurisdiction(), null));
        model.addAttribute("canWrite", me.can("monitoring:point:write") && me.enterpriseId() != null);
        var stats = ingestion.stats();
        model.addAttribute("stats", stats);
        model.addAttribute("rejectedTotal", stats.rejected().values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("broker", mqtt.brokerUrl());
        model.addAttribute("embedded", mqtt.embedded());
        model.addAttribute("open", alarms.search(me.jurisdiction(), new Alarms.Query(null, null), new PageResult.Request(1, 10)).items()
                .stream().filter(Alarms.Alarm::open).toList());
        return "monitoring/live";
    }

    @GetMapping("/monitoring/points/new")
    @PreAuthorize("hasAuthority('monitoring:point:write')")
    String newPoint(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long sourceId, Model model) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("kind", "GAS");
        form.put("sourceId", sourceId == null ? "" : sourceId.toString());
        form.put("intervalSeconds", "10");
        return pointView(me, null, form, Map.of(), null, model);
    }

    @GetMapping("/monitoring/points/{id}/edit")
    @PreAuthorize("hasAuthority('monitoring:point:write')")
    String editPoint(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var p = points.own(me, id);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("code", p.code());
        form.put("name", p.name());
        form.put("kind", p.kind());
        form.put("unit", p.unit());
        form.put("sourceId", p.sourceId() == null ? "" : p.sourceId().toString());
        form.put("riskPointId", p.sourceId() != null || p.riskPointId() == null ? "" : p.riskPointId().toString());
        form.put("lowLow", str(p.lowLow()));
        form.put("low", str(p.low()));
        form.put("high", str(p.high()));
        form.put("highHigh", str(p.highHigh()));
        form.put("deadband", str(p.deadband()));
        form.put("debounceSeconds", String.valueOf(p.debounceSeconds()));
        form.put("intervalSeconds", String.valueOf(p.intervalSeconds()));
        model.addAttribute("p", p);
        return pointView(me, id, form, Map.of(), null, model);
    }

    private String pointView(Actor me, Long id, Map<String, String> form, Map<String, String> errors, String error, Model model) {
        if (me.enterpriseId() == null) throw DomainException.notFound("企业");
        model.addAttribute("id", id);
        model.addAttribute("bindings", points.bindings(me.enterpriseId()));
        model.addAttribute("kinds", MonitoringPoints.Kind.values());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("error", error);
        return "monitoring/point";
    }

    @PostMapping({"/monitoring/points", "/monitoring/points/{id}"})
    @PreAuthorize("hasAuthority('monitoring:point:write')")
    String savePoint(@AuthenticationPrincipal Actor me, @PathVariable(required = false) Long id, HttpServletRequest request, Model model,
                     RedirectAttributes flash) {
        Map<String, String> form = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> form.put(k, v.length == 0 ? "" : v[0]));
        if (id != null) model.addAttribute("p", points.own(me, id));
        Map<String, String> errors = new LinkedHashMap<>();
        var d = new MonitoringPoints.Draft(form.get("code"), form.get("name"), form.get("kind"), form.get("unit"),
                number(form, "sourceId", errors, "重大危险源", Long::valueOf), number(form, "riskPointId", errors, "风险点", Long::valueOf),
                number(form, "lowLow", errors, "低低报阈值", BigDecimal::new), number(form, "low", errors, "低报阈值", BigDecimal::new),
                number(form, "high", errors, "高报阈值", BigDecimal::new), number(form, "highHigh", errors, "高高报阈值", BigDecimal::new),
                number(form, "deadband", errors, "回差", BigDecimal::new), number(form, "debounceSeconds", errors, "报警延时", Integer::valueOf),
                number(form, "intervalSeconds", errors, "上报周期", Integer::valueOf));
        try {
            if (!errors.isEmpty()) throw new DomainException(org.springframework.http.HttpStatus.BAD_REQUEST, "请更正标红的项目", errors);
            var p = id == null ? points.create(me, me.enterpriseId(), d) : points.update(me, id, d);
            flash.addFlashAttribute("message", (id == null ? "已新增监测点 " : "已保存监测点 ") + p.code() + " " + p.name());
            return "redirect:/monitoring/live";
        } catch (DomainException e) {
            return pointView(me, id, form, e.fieldErrors(), e.fieldErrors().isEmpty() ? e.getMessage() : "请更正标红的项目", model);
        }
    }

    @PostMapping("/monitoring/points/{id}/{action:disable|enable}")
    @PreAuthorize("hasAuthority('monitoring:point:write')")
    String disablePoint(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable String action, RedirectAttributes flash) {
        var p = points.setDisabled(me, id, action.equals("disable"));
        flash.addFlashAttribute("message", (p.disabled() ? "已停用监测点 " : "已启用监测点 ") + p.code() + " " + p.name());
        return "redirect:/monitoring/live";
    }

    private static <T> T number(Map<String, String> form, String field, Map<String, String> errors, String label,
                                java.util.function.Function<String, T> parse) {
        String v = trim(form.get(field));
        if (v == null) return null;
        try {
            return parse.apply(v);
        } catch (NumberFormatException e) {
            errors.put(field, label + "应为数字");
            return null;
        }
    }

    /** The last ten minutes of every point in scope, for the live chart (polled every few seconds). */
    @GetMapping("/monitoring/live/data")
    @PreAuthorize("hasAuthority('monitoring:alarm:read')")
    @ResponseBody
    Map<String, Object> liveData(@AuthenticationPrincipal Actor me, @RequestParam(defaultValue = "10") int minutes) {
        var list = points.list(me.jurisdiction(), null);
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofMinutes(Math.min(Math.max(minutes, 1), 120)));
        List<Map<String, Object>> series = new ArrayList<>();
        for (var p : list) series.add(series(p, points.readings(me.jurisdiction(), p.id(), from, to)));
        return Map.of("points", series, "stats", ingestion.stats(), "now", to.toEpochMilli());
    }

    @GetMapping("/monitoring/alarms")
    @PreAuthorize("hasAuthority('monitoring:alarm:read')")
    String alarmList(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String state,
                     @RequestParam(defaultValue = "1") int page, Model model) {
        model.addAttribute("result", alarms.search(me.jurisdiction(), new Alarms.Query(state, null), new PageResult.Request(page, 30)));
        model.addAttribute("state", state);
        return "monitoring/alarms";
    }

    @GetMapping("/monitoring/alarms/{id}")
    @PreAuthorize("hasAuthority('monitoring:alarm:read')")
    String alarm(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var detail = details.alarm(me.jurisdiction(), id);
        model.addAttribute("a", detail.alarm());
        model.addAttribute("p", detail.point());
        model.addAttribute("canHandle", me.can("monitoring:alarm:handle") && me.enterpriseId() != null);
        model.addAttribute("outOfControl", detail.outOfControl());
        return "monitoring/alarm";
    }

    /** Readings from 15 minutes before the alarm to 15 minutes after it ended (or now). */
    @GetMapping("/monitoring/alarms/{id}/readings")
    @PreAuthorize("hasAuthority('monitoring:alarm:read')")
    @ResponseBody
    Map<String, Object> alarmReadings(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        var w = details.alarmWindow(me.jurisdiction(), id, clock.instant());
        var a = w.alarm();
        var s = series(w.point(), w.readings());
        s.put("raisedAt", a.raisedAt().toEpochMilli());
        s.put("returnedAt", a.returnedAt() == null ? null : a.returnedAt().toEpochMilli());
        s.put("from", w.from().toEpochMilli());
        s.put("to", w.to().toEpochMilli());
        // Every excursion in view is shaded on its own, so that the normal readings between two alarms show as normal.
        s.put("episodes", w.episodes().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("raisedAt", e.raisedAt().toEpochMilli());
            m.put("returnedAt", e.returnedAt() == null ? null : e.returnedAt().toEpochMilli());
            m.put("current", e.id() == a.id());
            return m;
        }).toList());
        return s;
    }

    @PostMapping("/monitoring/alarms/{id}/{action}")
    @PreAuthorize("hasAuthority('monitoring:alarm:handle')")
    String handle(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable String action,
                  @RequestParam(required = false) String note, RedirectAttributes flash) {
        try {
            switch (action) {
                case "acknowledge" -> {
                    alarms.acknowledge(me, id, note);
                    flash.addFlashAttribute("message", "已确认报警");
                }
                case "clear" -> {
                    alarms.clear(me, id, note);
                    flash.addFlashAttribute("message", "报警已消除");
                }
                case "hazard" -> {
                    long hazard = alarms.openHazard(me, id);
                    return "redirect:/hazards/" + hazard;
                }
                default -> throw DomainException.notFound("操作");
            }
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/monitoring/alarms/" + id;
    }

    private static Map<String, Object> series(MonitoringPoints.Point p, List<MonitoringPoints.Sample> readings) {
        var data = readings.stream().map(r -> List.of(r.t(), r.v())).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("code", p.code());
        m.put("name", p.name());
        m.put("unit", p.unit());
        m.put("online", p.online());
        m.put("last", p.lastValue());
        m.put("limits", Map.of("lowLow", str(p.lowLow()), "low", str(p.low()), "high", str(p.high()), "highHigh", str(p.highHigh())));
        m.put("data", data);
        return m;
    }

    private static String str(BigDecimal v) {
        return v == null ? "" : v.stripTrailingZeros().toPlainString();
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
