package cn.shuangkong.permit.web;

import cn.shuangkong.permit.internal.PermitKind;
import cn.shuangkong.permit.internal.PermitRules.GasKind;
import cn.shuangkong.permit.internal.PermitRules.LelClass;
import cn.shuangkong.permit.internal.Permits;
import cn.shuangkong.permit.internal.WorkerRole;
import cn.shuangkong.shared.DomainException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the permit pages post, as typed (every field a string, so that nothing typed is lost when a refusal shows the
 * form again), and its turning into the service's drafts: a value that does not parse is refused beside its field.
 * Repeated lines (危害识别, 作业人员, 检测项) come as parallel lists, one entry per row; a row left blank is skipped.
 */
final class PermitForms {

    /** The datetime-local inputs' format, read and written in the platform's zone. */
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private PermitForms() {
    }

    record ApplyForm(String kind, String level, String place, String planX, String planY, String riskPointId,
                     String riskUnitId, String job, String guardianId, String plannedStart, String plannedEnd,
                     String insideDike, String hazardousMedium, String heightMetres, String loadTonnes,
                     String contractorName, String videoReference, List<String> hazard, List<String> measure,
                     List<String> workerId, List<String> workerName, List<String> workerRole) {

        ApplyForm {
            hazard = orEmpty(hazard);
            measure = orEmpty(measure);
            workerId = orEmpty(workerId);
            workerName = orEmpty(workerName);
            workerRole = orEmpty(workerRole);
        }

        Permits.Application toApplication(PermitKind kind, ZoneId zone) {
            List<Permits.HazardLine> hazards = new ArrayList<>();
            for (int i = 0; i < size(hazard, measure); i++) {
                String h = at(hazard, i), m = at(measure, i);
                if (!blank(h) || !blank(m)) hazards.add(new Permits.HazardLine(h, m));
            }
            List<Permits.WorkerLine> workers = new ArrayList<>();
            for (int i = 0; i < size(workerId, workerName, workerRole); i++) {
                String id = at(workerId, i), name = at(workerName, i), role = at(workerRole, i);
                if (blank(id) && blank(name)) continue;
                workers.add(new Permits.WorkerLine(id(id, "workers", "请从列表中选择作业人员"), name,
                        choice(WorkerRole.class, role, "workers", "作业角色")));
            }
            return new Permits.Application(kind, blankToNull(level), place, number(planX, "planX", "平面图位置"),
                    number(planY, "planX", "平面图位置"), id(riskPointId, "riskPointId", "请从列表中选择风险点"),
                    id(riskUnitId, "riskUnitId", "请从列表中选择风险分析单元"), job, hazards,
                    id(guardianId, "guardianId", "请从列表中选择监护人"), workers, null, blankToNull(contractorName),
                    time(plannedStart, zone, "plannedStart", "作业开始时间"), time(plannedEnd, zone, "plannedEnd", "作业结束时间"),
                    yesNo(insideDike, "insideDike"), yesNo(hazardousMedium, "hazardousMedium"),
                    number(heightMetres, "heightMetres", "作业高度"), number(loadTonnes, "loadTonnes", "吊物质量"),
                    blankToNull(videoReference), List.of());
        }
    }

    record AnalysisForm(String sampledAt, String place, String analyser, String enriched, List<String> gas,
                        List<String> gasKind, List<String> lel, List<String> value, List<String> limit) {

        AnalysisForm {
            gas = orEmpty(gas);
            gasKind = orEmpty(gasKind);
            lel = orEmpty(lel);
            value = orEmpty(value);
            limit = orEmpty(limit);
        }

        Permits.AnalysisDraft toDraft(ZoneId zone) {
            List<Permits.SampleDraft> samples = new ArrayList<>();
            for (int i = 0; i < size(gas, gasKind, value); i++) {
                String g = at(gas, i), v = at(value, i);
                if (blank(g) && blank(v)) continue;
                samples.add(new Permits.SampleDraft(g, choice(GasKind.class, at(gasKind, i), "samples", "检测类别"),
                        choice(LelClass.class, at(lel, i), "samples", "爆炸下限"), number(v, "samples", "检测值"),
                        number(at(limit, i), "samples", "容许浓度"), "true".equals(enriched)));
            }
            return new Permits.AnalysisDraft(time(sampledAt, zone, "sampledAt", "采样时间"), place, analyser, samples);
        }
    }

    record ReasonForm(String reason) { }

    record OpinionForm(String opinion) { }

    record NoteForm(String note) { }

    record VideoForm(String reference) { }

    record ExtendForm(String until, String reason) { }

    /** The permit to link, as the page's list names it. */
    record LinkForm(String permitId) {
        Long target() {
            return id(permitId, "permitId", "请选择要关联的作业票");
        }
    }

    static Instant time(String raw, ZoneId zone, String field, String label) {
        if (blank(raw)) return null;
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(raw.strip(), LOCAL);
        } catch (DateTimeParseException e) {
            throw DomainException.invalid(field, label + "不是有效的时间（格式如 2026-12-12 09:00）");
        }
        if (!cn.shuangkong.shared.PlausibleDates.plausible(time.toLocalDate())) throw DomainException.invalid(field, label + cn.shuangkong.shared.PlausibleDates.REFUSED);
        return time.atZone(zone).toInstant();
    }

    static String local(Instant t, ZoneId zone) {
        return t == null ? "" : LOCAL.format(t.atZone(zone));
    }

    private static Long id(String raw, String field, String message) {
        if (blank(raw)) return null;
        try {
            return Long.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            throw DomainException.invalid(field, message);
        }
    }

    private static BigDecimal number(String raw, String field, String label) {
        if (blank(raw)) return null;
        try {
            BigDecimal v = new BigDecimal(raw.strip());
            if (v.abs().compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0) throw DomainException.invalid(field, label + "的数值过大");
            return v;
        } catch (NumberFormatException e) {
            throw DomainException.invalid(field, label + "须为数字，如 0.3");
        }
    }

    private static Boolean yesNo(String raw, String field) {
        if (blank(raw)) return null;
        return switch (raw.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw DomainException.invalid(field, "请选择“是”或“否”");
        };
    }

    static <E extends Enum<E>> E choice(Class<E> type, String raw, String field, String label) {
        if (blank(raw)) return null;
        try {
            return Enum.valueOf(type, raw.strip());
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(field, "请从列表中选择" + label);
        }
    }

    private static int size(List<?>... lists) {
        int n = 0;
        for (List<?> l : lists) if (l != null) n = Math.max(n, l.size());
        return Math.min(n, 60); // more rows than any form shows is hostile: the service refuses beyond its own limit
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static String at(List<String> list, int i) {
        return list == null || i >= list.size() ? null : list.get(i);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s.strip();
    }
}
