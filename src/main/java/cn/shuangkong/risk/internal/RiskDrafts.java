package cn.shuangkong.risk.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What a form or an API call submits for each object of the register; {@link RiskRegistry} checks them. */
public final class RiskDrafts {

    private RiskDrafts() { }

    /** A 风险点; a blank code is numbered automatically; the three 包保责任人 apply to major hazard sources. */
    public record PointDraft(String code, String name, String kind, Long orgUnitId, String location, String sitePosition,
                             Boolean majorHazardSource, LocalDate reviewDue, Long guarantorPrincipalId,
                             Long guarantorTechnicalId, Long guarantorOperatorId) {
        public PointDraft(String code, String name, String kind, Long orgUnitId, String location, String sitePosition,
                          Boolean majorHazardSource, LocalDate reviewDue) {
            this(code, name, kind, orgUnitId, location, sitePosition, majorHazardSource, reviewDue, null, null, null);
        }
    }

    /**
     * A 风险事件 classified by GB/T 13861 factor and GB 6441 accident types (codes of the edition in force for new
     * entries, see {@link RiskSettings}); it belongs to a 风险分析单元 (the point's first unit when null) and may hang
     * under a JHA step / SCL check item.
     */
    public record EventDraft(String name, String hazard, String factorCode, List<String> accidentTypes, String consequence,
                             Long riskUnitId, Long stepId) {
        public EventDraft(String name, String hazard, String factorCode, List<String> accidentTypes, String consequence) {
            this(name, hazard, factorCode, accidentTypes, consequence, null, null);
        }
    }

    /** A 风险分析单元: name, responsible department (hazardDep) and person (hazardLiablePerson). */
    public record UnitDraft(String name, Long responsibleUnitId, Long responsibleEmployeeId) { }

    /** A JHA 作业步骤 or SCL 检查项目; a null seq appends it at the end. */
    public record StepDraft(Integer seq, String name, String standard) { }

    /** Where an event sits: its 风险分析单元 and its step (null: not in the worksheet). */
    public record Placement(Long riskUnitId, Long stepId) { }

    /** A 管控措施 serving one or more events of the same risk point; a null tier follows the level rule. */
    public record MeasureDraft(String type, String description, String controlTier, Long responsibleUnitId,
                               Long responsibleEmployeeId, String checkContent, BigDecimal checkCycle,
                               String checkCycleUnit, List<Long> eventIds) { }

    /** An assessment version as the analyst submits it. */
    public record AssessmentDraft(String basis, String method, Map<String, BigDecimal> inputs, String reason) { }

    /** Copy an industry template into a new risk point. */
    public record TemplateCopy(String template, String name, Long orgUnitId, Long responsibleEmployeeId) { }
}
