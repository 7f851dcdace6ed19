package cn.shuangkong.quality.internal;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.risk.RiskSheets;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The logic of each 数据质量 rule, keyed by the code of its {@code quality_rule} row. A rule returns what it finds in one
 * enterprise's data; a rule row without logic here finds nothing (and says so in the log at start-up).
 */
final class RuleBook {

    /** What a rule found: the record (type, id, name), where a person opens it, and what is wrong with it. */
    record Hit(String recordType, long recordId, String recordName, String link, String message) { }

    /** Texts that stand in for an inspection content without saying what to check. */
    private static final Set<String> PLACEHOLDERS = Set.of("无", "/", "-", "—", "同上", "见上", "略", "详见制度", "按规定",
            "按要求", "正常", "检查", "定期检查");

    static final Map<String, BiFunction<QualityRules.Rule, RegisterFacts, List<Hit>>> RULES = new LinkedHashMap<>();

    static {
        RULES.put("POINT_WITHOUT_CONTENT", RuleBook::pointWithoutContent);
        RULES.put("HIGH_RISK_LOW_TIER", RuleBook::highRiskLowTier);
        RULES.put("MEASURE_VAGUE", RuleBook::measureVague);
        RULES.put("RESIDUAL_ABOVE_INHERENT", RuleBook::residualAboveInherent);
        RULES.put("MAJOR_NOT_LISTED", RuleBook::majorNotListed);
        RULES.put("FAILED_MEASURE_NOT_REASSESSED", RuleBook::failedMeasureNotReassessed);
        RULES.put("ZERO_HAZARD_FULL_COMPLETION", RuleBook::zeroHazardFullCompletion);
        RULES.put("RESPONSIBLE_HAS_LEFT", RuleBook::responsibleHasLeft);
    }

    private RuleBook() { }

    static List<Hit> pointWithoutContent(QualityRules.Rule rule, RegisterFacts facts) {
        List<Hit> hits = new ArrayList<>();
        for (RiskSheets.Sheet s : facts.sheets()) {
            var p = s.point();
            if (p.level() == null || (!s.events().isEmpty() && !s.measures().isEmpty())) continue;
            String missing = s.events().isEmpty() && s.measures().isEmpty() ? "没有风险事件，也没有管控措施"
                    : s.events().isEmpty() ? "没有风险事件" : "没有管控措施";
            hits.add(point(p, "风险点定为" + p.riskLevel().label + "，但" + missing));
        }
        return hits;
    }

    static List<Hit> highRiskLowTier(QualityRules.Rule rule, RegisterFacts facts) {
        List<Hit> hits = new ArrayList<>();
        for (RiskSheets.Sheet s : facts.sheets()) {
            var p = s.point();
            if (p.level() == null || p.level() > 2 || s.measures().isEmpty()) continue;
            // 重大 needs the company itself to control it; 较大 at least the workshop.
            OrgStructure.Tier lowestAllowed = p.level() == 1 ? OrgStructure.Tier.COMPANY : OrgStructure.Tier.WORKSHOP;
            boolean controlled = s.measures().stream().anyMatch(m -> s.tierOf(m).ordinal() <= lowestAllowed.ordinal());
            if (!controlled) {
                hits.add(point(p, p.riskLevel().label + "的 " + s.measures().size() + " 项管控措施都在班组或岗位级，没有"
                        + (p.level() == 1 ? "公司级" : "公司级或车间级") + "管控"));
            }
        }
        return hits;
    }

    static List<Hit> measureVague(QualityRules.Rule rule, RegisterFacts facts) {
        int minLength = rule.parameter() == null ? 4 : rule.parameter();
        List<Hit> hits = new ArrayList<>();
        for (RiskSheets.Sheet s : facts.sheets()) {
            for (RiskPoints.Measure m : s.measures()) {
                String content = m.checkContent() == null ? "" : m.checkContent().strip();
                List<String> wrong = new ArrayList<>();
                if (content.isEmpty()) wrong.add("没有排查内容");
                else if (content.codePointCount(0, content.length()) < minLength || PLACEHOLDERS.contains(content)) {
                    wrong.add("排查内容“" + content + "”没有说明查什么");
                }
                if (m.checkCycle() == null || m.checkCycleUnit() == null) wrong.add("没有排查频次");
                else if (daysOf(m.checkCycle(), m.checkCycleUnit()) > 366) wrong.add("排查周期“" + m.cycleLabel() + "”长于一年");
                if (!wrong.isEmpty()) {
                    hits.add(new Hit("MEASURE", m.id(), s.point().code() + " " + s.point().name() + " / " + shorten(m.description()),
                            "/risks/" + s.point().id(), "管控措施" + String.join("，", wrong)));
                }
            }
        }
        return hits;
    }

    static List<Hit> residualAboveInherent(QualityRules.Rule rule, RegisterFacts facts) {
        List<Hit> hits = new ArrayList<>();
        for (RiskSheets.Sheet s : facts.sheets()) {
            for (RiskPoints.Event e : s.events()) {
                // grades run 1 (重大) to 4 (低): a smaller residual grade is a higher risk
                if (e.inherentLevel() != null && e.residualLevel() != null && e.residualLevel() < e.inherentLevel()) {
                    hits.add(new Hit("RISK_EVENT", e.id(), s.point().code() + " " + s.point().name() + " / " + shorten(e.name()),
                            "/risks/" + s.point().id(), "残余风险为" + e.residual().label + "，高于固有风险" + e.inherent().label));
                }
            }
        }
        return hits;
    }

    static List<Hit> majorNotListed(QualityRules.Rule rule, RegisterFacts facts) {
        List<Hit> hits = new ArrayList<>();
        for (RiskSheets.Sheet s : facts.sheets()) {
            var p = s.point();
            boolean majorEvent = s.events().stream().anyMatch(e -> e.currentLevel() == RiskLevel.MAJOR);
            if (majorEvent && !Integer.valueOf(1).equals(p.level())) {
                hits.add(point(p, "风险事件评价为重大风险，风险点却是" + (p.level() == null ? "未定级" : p.riskLevel().label)
                        + "，不在重大风险清单上"));
            } else if (Integer.valueOf(1).equals(p.level()) && facts.filed().isPresent()
                    && facts.filed().get().stream().noneMatch(f -> f.code().equals(p.code()) && Integer.valueOf(1).equals(f.level()))) {
                hits.add(point(p, "重大风险点不在最近一次备案的风险清单（重大风险清单）上"));
            }
        }
        return hits;
    }

    static List<Hit> failedMeasureNotReassessed(QualityRules.Rule rule, RegisterFacts facts) {
        // most enterprises of a city have no register yet: nothing to look up for them
        if (facts.sheets().isEmpty()) return List.of();
        Map<Long, RiskSheets.Sheet> byPoint = new LinkedHashMap<>();
        facts.sheets().forEach(s -> byPoint.put(s.point().id(), s));
        Map<Long, List<String>> titles = new LinkedHashMap<>();
        for (var h : facts.failedMeasures()) {
            RiskSheets.Sheet s = byPoint.get(h.riskPointId());
            if (s == null) continue;
            boolean reassessed = s.assessments().stream()
                    .anyMatch(a -> a.approvedAt() != null && a.approvedAt().isAfter(h.foundAt()));
            if (!reassessed) titles.computeIfAbsent(h.riskPointId(), k -> new ArrayList<>()).add(h.title());
        }
        List<Hit> hits = new ArrayList<>();
        titles.forEach((pointId, t) -> hits.add(point(byPoint.get(pointId).point(), "管控措施失效形成隐患（"
                + shorten(String.join("；", t)) + (t.size() > 1 ? "，共 " + t.size() + " 项" : "") + "），此后风险点没有经审定的新评价")));
        return hits;
    }

    static List<Hit> zeroHazardFullCompletion(QualityRules.Rule rule, RegisterFacts facts) {
        int days = rule.parameter() == null ? 90 : rule.parameter();
        LocalDate from = facts.today.minusDays(days);
        var whole = facts.completion(from, facts.today.minusDays(1));
        if (whole.done() < 10 || whole.overdue() > 0) return List.of();
        // "for months": tasks fell due from the window's first month on, all were done, and nothing was ever found
        var firstMonth = facts.completion(from, from.plusDays(Math.min(30, days) - 1));
        if (firstMonth.done() == 0 || facts.hazardsFoundSince(from) > 0) return List.of();
        return List.of(new Hit("ENTERPRISE", facts.enterpriseId, "本企业隐患排查", "/inspection/tasks",
                "近 " + days + " 天 " + whole.done() + " 项排查任务全部按时完成，却没有发现一项隐患"));
    }

    static List<Hit> responsibleHasLeft(QualityRules.Rule rule, RegisterFacts facts) {
        if (facts.sheets().isEmpty()) return List.of();
        Map<Long, LocalDate> left = facts.leavers();
        if (left.isEmpty()) return List.of();
        List<Hit> hits = new ArrayList<>();
        for (RiskSheets.Sheet s : facts.sheets()) {
            var p = s.point();
            String where = p.code() + " " + p.name();
            for (RiskPoints.Measure m : s.measures()) {
                if (left.containsKey(m.responsibleEmployeeId())) {
                    hits.add(new Hit("MEASURE", m.id(), where + " / " + shorten(m.description()), "/risks/" + p.id(),
                            "管控措施责任人" + m.responsibleName() + "已于 " + left.get(m.responsibleEmployeeId()) + " 离职"));
                }
            }
            for (RiskPoints.Unit u : s.units()) {
                if (u.responsibleEmployeeId() != null && left.containsKey(u.responsibleEmployeeId())) {
                    hits.add(new Hit("RISK_UNIT", u.id(), where + " / " + u.name(), "/risks/" + p.id(),
                            "风险分析单元责任人" + u.responsibleName() + "已于 " + left.get(u.responsibleEmployeeId()) + " 离职"));
                }
            }
            List<String> guarantors = new ArrayList<>();
            guarantor(guarantors, left, p.guarantorPrincipalId(), p.guarantorPrincipal(), "主要负责人");
            guarantor(guarantors, left, p.guarantorTechnicalId(), p.guarantorTechnical(), "技术负责人");
            guarantor(guarantors, left, p.guarantorOperatorId(), p.guarantorOperator(), "操作负责人");
            if (!guarantors.isEmpty()) hits.add(point(p, "包保责任人已离职：" + String.join("；", guarantors)));
        }
        return hits;
    }

    private static void guarantor(List<String> out, Map<Long, LocalDate> left, Long id, String name, String role) {
        if (id != null && left.containsKey(id)) out.add(role + name + "（" + left.get(id) + " 离职）");
    }

    private static Hit point(RiskPoints.Point p, String message) {
        return new Hit("RISK_POINT", p.id(), p.code() + " " + p.name(), "/risks/" + p.id(), message);
    }

    private static long daysOf(BigDecimal cycle, String unit) {
        double perUnit = switch (unit) {
            case "HOUR", "SHIFT" -> 1.0 / 3;
            case "DAY" -> 1;
            case "WEEK" -> 7;
            case "MONTH" -> 30.5;
            case "QUARTER" -> 91.5;
            case "YEAR" -> 366;
            default -> 0;
        };
        return Math.round(cycle.doubleValue() * perUnit);
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() > 60 ? text.substring(0, 59) + "…" : text;
    }

    static boolean same(Hit a, Hit b) {
        return Objects.equals(a.recordType(), b.recordType()) && a.recordId() == b.recordId();
    }
}
