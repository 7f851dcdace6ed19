package cn.shuangkong.risk;

import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.internal.RiskTerms;
import cn.shuangkong.risk.internal.RiskWorksheets;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A risk point with everything under it, assembled once for the detail page, the API and the Excel register, so that
 * derived values (管控层级 by rule, dictionary names) are computed in one place.
 */
@Component
public class RiskSheets {

    /** One risk point's sheet. */
    public record Sheet(RiskPoints.Point point, List<RiskPoints.Event> events, List<RiskPoints.Measure> measures,
                        List<RiskPoints.Assessment> assessments, AssessmentMethods methods, HazardDictionaries dictionaries,
                        List<RiskPoints.Unit> units, List<RiskPoints.Step> steps) {

        /** JHA for 作业活动, SCL for everything else (设备设施, 场所区域, 工艺). */
        public String method() {
            return RiskWorksheets.methodFor(point.kind());
        }

        public String methodLabel() {
            return RiskWorksheets.methodLabel(method());
        }

        /** The worksheet's caption for a step: 作业步骤 (JHA) or 检查项目 (SCL). */
        public String stepLabel() {
            return method().equals("JHA") ? "作业步骤" : "检查项目";
        }

        public List<RiskPoints.Event> eventsOf(RiskPoints.Step step) {
            return events.stream().filter(e -> java.util.Objects.equals(e.stepId(), step.id())).toList();
        }

        /** Events identified outside the worksheet (no step yet). */
        public List<RiskPoints.Event> eventsWithoutStep() {
            return events.stream().filter(e -> e.stepId() == null).toList();
        }

        public List<RiskPoints.Event> eventsOf(RiskPoints.Unit unit) {
            return events.stream().filter(e -> java.util.Objects.equals(e.riskUnitId(), unit.id())).toList();
        }

        public String unitName(RiskPoints.Event e) {
            return units.stream().filter(u -> java.util.Objects.equals(u.id(), e.riskUnitId())).map(RiskPoints.Unit::name)
                    .findFirst().orElse("");
        }

        public String stepName(RiskPoints.Event e) {
            return steps.stream().filter(st -> java.util.Objects.equals(st.id(), e.stepId())).map(RiskPoints.Step::name)
                    .findFirst().orElse("");
        }

        /** The GB 6441 edition an event was classified with, as stored with it. */
        public String editionOf(RiskPoints.Event e) {
            return e.accidentDict() == null ? HazardDictionaries.ACCIDENT_EDITION : e.accidentDict();
        }

        /** The measure's 管控层级: its own if set, else what the configured rule gives for the point's level. */
        public OrgStructure.Tier tierOf(RiskPoints.Measure m) {
            return m.controlTier() != null ? OrgStructure.Tier.valueOf(m.controlTier()) : methods.defaultTier(point.riskLevel());
        }

        public boolean tierFollowsRule(RiskPoints.Measure m) {
            return m.controlTier() == null;
        }

        public List<RiskPoints.Measure> measuresOf(RiskPoints.Event e) {
            return measures.stream().filter(m -> m.eventIds().contains(e.id())).toList();
        }

        /** 应急处置 measures: what to do when the event happens anyway. */
        public List<RiskPoints.Measure> emergencyMeasures() {
            return measures.stream().filter(m -> m.type().equals(RiskTerms.MeasureType.EMERGENCY.name())).toList();
        }

        public List<RiskPoints.Measure> preventiveMeasures() {
            return measures.stream().filter(m -> !m.type().equals(RiskTerms.MeasureType.EMERGENCY.name())).toList();
        }

        public List<RiskPoints.Assessment> assessmentsOf(RiskPoints.Event e) {
            return assessments.stream().filter(a -> a.riskEventId() == e.id()).toList();
        }

        public String accidentTypeNames(RiskPoints.Event e) {
            return e.accidentTypes().stream().map(dictionaries::accidentTypeName).collect(Collectors.joining("、"));
        }

        /** The accident types of all events of the point, each once (for 一企一册 and the notice card). */
        public String accidentTypeNames() {
            return events.stream().flatMap(e -> e.accidentTypes().stream()).distinct().map(dictionaries::accidentTypeName)
                    .collect(Collectors.joining("、"));
        }

        /** The people responsible for the point's measures, each once: unit, name and phone. */
        public List<RiskPoints.Measure> responsibles() {
            var seen = new java.util.HashSet<Long>();
            return measures.stream().filter(m -> seen.add(m.responsibleEmployeeId())).toList();
        }

        public String factorName(RiskPoints.Event e) {
            return e.factorCode() + " " + dictionaries.factorName(e.factorCode());
        }

        public RiskPoints.Event event(long id) {
            return events.stream().filter(e -> e.id() == id).findFirst().orElseThrow();
        }
    }

    /**
     * What the 风险公告栏 shows: the enterprise, its colour (null if nothing is assessed), its points per grade
     * ({@link RiskPoints#levelCounts}), and the sheets of its major and high risks, the most serious first.
     */
    public record Board(Enterprise enterprise, RiskLevel enterpriseLevel, long[] counts, List<Sheet> sheets) { }

    private final RiskPoints points;
    private final AssessmentMethods methods;
    private final HazardDictionaries dictionaries;
    private final Enterprises enterprises;

    RiskSheets(RiskPoints points, AssessmentMethods methods, HazardDictionaries dictionaries, Enterprises enterprises) {
        this.points = points;
        this.methods = methods;
        this.dictionaries = dictionaries;
        this.enterprises = enterprises;
    }

    /** The 风险公告栏 of an enterprise in the caller's scope, else a 404. */
    public Board board(Jurisdiction scope, long enterpriseId) {
        var enterprise = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        // The board shows what needs attention: major and high risks, each with its measures and emergency actions.
        var serious = ofEnterprise(enterpriseId).stream()
                .filter(s -> s.point().level() != null && s.point().level() <= RiskLevel.HIGH.grade)
                .sorted(java.util.Comparator.comparing(s -> s.point().level())).toList();
        return new Board(enterprise, points.enterpriseLevel(enterpriseId).orElse(null), points.levelCounts(enterpriseId), serious);
    }

    public Sheet of(Jurisdiction scope, long pointId) {
        return of(points.find(scope, pointId).orElseThrow(() -> DomainException.notFound("风险点")));
    }

    /** Sheets of an enterprise's whole register; the caller has checked that the enterprise is in scope. */
    public List<Sheet> ofEnterprise(long enterpriseId) {
        // five queries for the whole register, not five per point: the 数据质量 checks read every register in turn
        List<RiskPoints.Point> register = points.ofEnterprise(enterpriseId);
        if (register.isEmpty()) return List.of();
        Long[] ids = register.stream().map(RiskPoints.Point::id).toArray(Long[]::new);
        List<RiskPoints.Event> allEvents = points.events(ids);
        Map<Long, Long> pointOfEvent = new HashMap<>();
        allEvents.forEach(e -> pointOfEvent.put(e.id(), e.riskPointId()));
        var events = byPoint(allEvents, RiskPoints.Event::riskPointId);
        var measures = byPoint(points.measures(ids), RiskPoints.Measure::riskPointId);
        var assessments = byPoint(points.assessments(ids), a -> pointOfEvent.get(a.riskEventId()));
        var units = byPoint(points.units(ids), RiskPoints.Unit::riskPointId);
        var steps = byPoint(points.steps(ids), RiskPoints.Step::riskPointId);
        return register.stream().map(p -> new Sheet(p, events.getOrDefault(p.id(), List.of()),
                measures.getOrDefault(p.id(), List.of()), assessments.getOrDefault(p.id(), List.of()), methods, dictionaries,
                units.getOrDefault(p.id(), List.of()), steps.getOrDefault(p.id(), List.of()))).toList();
    }

    /** Splits rows of many points by point, keeping their order (the queries sort by point first, then as for one). */
    private static <T> Map<Long, List<T>> byPoint(List<T> rows, Function<T, Long> pointId) {
        Map<Long, List<T>> out = new HashMap<>();
        rows.forEach(r -> out.computeIfAbsent(pointId.apply(r), k -> new ArrayList<>()).add(r));
        return out;
    }

    /** Sheets of the risk points an employee works with (我的岗位风险). */
    public List<Sheet> ofEmployee(long enterpriseId, long employeeId) {
        return points.ofEmployee(enterpriseId, employeeId).stream().map(this::of).toList();
    }

    private Sheet of(RiskPoints.Point p) {
        return new Sheet(p, points.events(p.id()), points.measures(p.id()), points.assessments(p.id()), methods, dictionaries,
                points.units(p.id()), points.steps(p.id()));
    }
}
