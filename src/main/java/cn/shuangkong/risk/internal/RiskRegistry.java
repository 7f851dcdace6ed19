package cn.shuangkong.risk.internal;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.risk.HazardDictionaries;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.internal.RiskDrafts.EventDraft;
import cn.shuangkong.risk.internal.RiskDrafts.MeasureDraft;
import cn.shuangkong.risk.internal.RiskDrafts.PointDraft;
import cn.shuangkong.risk.internal.RiskDrafts.TemplateCopy;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Builds an enterprise's register: checks each risk point, event and measure, writes it and audits the change. */
@Service
public class RiskRegistry {

    private final JdbcClient jdbc;
    private final Enterprises enterprises;
    private final OrgStructure structure;
    private final RiskPoints points;
    private final HazardDictionaries dictionaries;
    private final ClassificationCodes codes;
    private final RiskTemplates templates;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final RiskUnits units;
    private final RiskWorksheets worksheets;
    private final RiskSettings settings;

    RiskRegistry(JdbcClient jdbc, Enterprises enterprises, OrgStructure structure, RiskPoints points,
                 HazardDictionaries dictionaries, ClassificationCodes codes, RiskTemplates templates, JsonMapper json, Clock clock,
                 ApplicationEventPublisher events, RiskUnits units, RiskWorksheets worksheets, RiskSettings settings) {
        this.codes = codes;
        this.units = units;
        this.worksheets = worksheets;
        this.settings = settings;
        this.jdbc = jdbc;
        this.enterprises = enterprises;
        this.structure = structure;
        this.points = points;
        this.dictionaries = dictionaries;
        this.templates = templates;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public RiskPoints.Point createPoint(Jurisdiction scope, long enterpriseId, PointDraft d) {
        Enterprise e = writable(scope, enterpriseId);
        long id = insertPoint(e, d, "");
        return points.find(scope, id).orElseThrow();
    }

    @Transactional
    public RiskPoints.Point changePoint(Jurisdiction scope, long pointId, PointDraft d) {
        RiskPoints.Point before = point(scope, pointId);
        Enterprise e = writable(scope, before.enterpriseId());
        String code = checkPoint(e.id(), d, pointId);
        jdbc.sql("""
                update risk_point set code = :code, name = :name, kind = :kind, org_unit_id = :unit, location = :loc,
                       site_position = :pos, major_hazard_source = :major, review_due = :due,
                       guarantor_principal_id = :g1, guarantor_technical_id = :g2, guarantor_operator_id = :g3,
                       updated_at = :now
                 where id = :id
                """).param("now", PlatformTime.now(clock)).param("code", code).param("name", d.name().trim()).param("kind", d.kind()).param("unit", d.orgUnitId())
                .param("loc", blankToNull(d.location())).param("pos", blankToNull(d.sitePosition()))
                .param("major", Boolean.TRUE.equals(d.majorHazardSource())).param("due", d.reviewDue()).param("id", pointId)
                .param("g1", guarantor(d, d.guarantorPrincipalId())).param("g2", guarantor(d, d.guarantorTechnicalId()))
                .param("g3", guarantor(d, d.guarantorOperatorId())).update();
        events.publishEvent(new StateChanged("修改风险点", "risk_point", String.valueOf(pointId),
                before.name() + " → " + d.name().trim(), e.id(), e.regionCode()));
        return points.find(scope, pointId).orElseThrow();
    }

    @Transactional
    public long addEvent(Jurisdiction scope, long pointId, EventDraft d) {
        RiskPoints.Point p = point(scope, pointId);
        Enterprise e = writable(scope, p.enterpriseId());
        return insertEvent(e, p.id(), d);
    }

    @Transactional
    public long addMeasure(Jurisdiction scope, long pointId, MeasureDraft d) {
        RiskPoints.Point p = point(scope, pointId);
        Enterprise e = writable(scope, p.enterpriseId());
        return insertMeasure(e, p.id(), d);
    }

    /** Splits off another 风险分析单元 of a risk point. */
    @Transactional
    public long addUnit(Jurisdiction scope, long pointId, RiskDrafts.UnitDraft d) {
        RiskPoints.Point p = point(scope, pointId);
        return units.add(writable(scope, p.enterpriseId()), p.id(), d);
    }

    @Transactional
    public void changeUnit(Jurisdiction scope, long unitId, RiskDrafts.UnitDraft d) {
        RiskPoints.Point p = points.find(scope, units.pointOf(unitId)).orElseThrow(() -> DomainException.notFound("风险分析单元"));
        units.change(writable(scope, p.enterpriseId()), p, unitId, d);
    }

    /** Adds a JHA 作业步骤 / SCL 检查项目 (which one follows the point's kind). */
    @Transactional
    public long addStep(Jurisdiction scope, long pointId, RiskDrafts.StepDraft d) {
        RiskPoints.Point p = point(scope, pointId);
        return worksheets.add(writable(scope, p.enterpriseId()), p, d);
    }

    @Transactional
    public void changeStep(Jurisdiction scope, long stepId, RiskDrafts.StepDraft d) {
        RiskPoints.Point p = points.find(scope, worksheets.pointOf(stepId)).orElseThrow(() -> DomainException.notFound("作业步骤或检查项目"));
        worksheets.change(writable(scope, p.enterpriseId()), p, stepId, d);
    }

    @Transactional
    public void removeStep(Jurisdiction scope, long stepId) {
        RiskPoints.Point p = points.find(scope, worksheets.pointOf(stepId)).orElseThrow(() -> DomainException.notFound("作业步骤或检查项目"));
        worksheets.remove(writable(scope, p.enterpriseId()), p, stepId);
    }

    /** Moves a risk event to another 风险分析单元 and/or JHA step / SCL item of the same risk point. */
    @Transactional
    public void placeEvent(Jurisdiction scope, long eventId, RiskDrafts.Placement where) {
        record Row(long riskPointId, String name) { }
        Row ev = jdbc.sql("select risk_point_id, name from risk_event where id = :v").param("v", eventId).query(Row.class)
                .optional().orElseThrow(() -> DomainException.notFound("风险事件"));
        RiskPoints.Point p = points.find(scope, ev.riskPointId()).orElseThrow(() -> DomainException.notFound("风险事件"));
        Enterprise e = writable(scope, p.enterpriseId());
        Errors errors = new Errors();
        if (where.riskUnitId() == null || !units.belongsTo(where.riskUnitId(), p.id())) {
            errors.put("riskUnitId", "请选择该风险点的风险分析单元");
        }
        if (where.stepId() != null && !worksheets.belongsTo(where.stepId(), p.id())) {
            errors.put("stepId", "所选作业步骤或检查项目不属于该风险点");
        }
        errors.throwIfAny();
        jdbc.sql("update risk_event set risk_unit_id = :u, step_id = :s where id = :v").param("u", where.riskUnitId())
                .param("s", where.stepId()).param("v", eventId).update();
        units.refreshLevels(p.id());
        touch(p.id());
        events.publishEvent(new StateChanged("调整风险事件归属", "risk_event", String.valueOf(eventId), ev.name(), e.id(), e.regionCode()));
    }

    /** Copies an industry template into a new risk point: its events, and one measure per event for the person named. */
    @Transactional
    public RiskPoints.Point copyTemplate(Jurisdiction scope, long enterpriseId, TemplateCopy copy) {
        Enterprise e = writable(scope, enterpriseId);
        RiskTemplates.Template t = templates.find(copy.template())
                .orElseThrow(() -> DomainException.invalid("template", "请选择行业模板"));
        String name = copy.name() == null || copy.name().isBlank() ? t.pointName() : copy.name().trim();
        // Never a 重大危险源 by copying: that is a fact of the site, identified by GB 18218 and declared (monitoring), not a
        // property of the template's kind of plant; the template's flag only says such points often are one.
        long pointId = insertPoint(e, new PointDraft(null, name, t.pointKind(), copy.orgUnitId(), null, null,
                false, LocalDate.now(clock).plusYears(1)), "（复制自模板：" + t.name() + "）");
        List<RiskTemplates.Item> items = templates.items(t.code());
        // The template's JHA steps / SCL check items first, in their order, each with what is checked there as its
        // 作业内容 / 检查标准; then each event under its step.
        RiskPoints.Point created = points.find(Jurisdiction.platform(), pointId).orElseThrow();
        Map<String, Long> steps = new LinkedHashMap<>();
        items.stream().filter(i -> i.step() != null)
                .sorted(java.util.Comparator.comparing(RiskTemplates.Item::stepSeq))
                .forEach(i -> steps.computeIfAbsent(i.step(), n -> worksheets.named(e, created, n, i.checkContent())));
        String edition = settings.accidentEdition();
        for (RiskTemplates.Item item : items) {
            long eventId = insertEvent(e, pointId, new EventDraft(item.eventName(), item.hazard(), item.factorCode(),
                    item.accidentTypes(edition), item.consequence(), null, item.step() == null ? null : steps.get(item.step())));
            insertMeasure(e, pointId, new MeasureDraft(item.measureType(), item.measure(), null, copy.orgUnitId(),
                    copy.responsibleEmployeeId(), item.checkContent(), item.checkCycle(), item.checkCycleUnit(), List.of(eventId)));
        }
        return points.find(scope, pointId).orElseThrow();
    }

    /** Inserts a checked point (the caller has checked write access); also used by {@link RiskImport}. */
    long insertPoint(Enterprise e, PointDraft d, String note) {
        String code = checkPoint(e.id(), d, null);
        long id = jdbc.sql("""
                insert into risk_point (enterprise_id, code, name, kind, org_unit_id, location, site_position,
                                        major_hazard_source, review_due, guarantor_principal_id,
                                        guarantor_technical_id, guarantor_operator_id)
                values (:e, :code, :name, :kind, :unit, :loc, :pos, :major, :due, :g1, :g2, :g3) returning id
                """).param("e", e.id()).param("code", code).param("name", d.name().trim()).param("kind", d.kind())
                .param("unit", d.orgUnitId()).param("loc", blankToNull(d.location())).param("pos", blankToNull(d.sitePosition()))
                .param("major", Boolean.TRUE.equals(d.majorHazardSource())).param("due", d.reviewDue())
                .param("g1", guarantor(d, d.guarantorPrincipalId())).param("g2", guarantor(d, d.guarantorTechnicalId()))
                .param("g3", guarantor(d, d.guarantorOperatorId())).query(Long.class).single();
        events.publishEvent(new StateChanged("新增风险点", "risk_point", String.valueOf(id),
                code + " " + d.name().trim() + note, e.id(), e.regionCode()));
        // Every point starts with one 风险分析单元 of its own name; more can be split off later.
        units.insert(e, id, d.name().trim(), d.orgUnitId(), guarantor(d, d.guarantorOperatorId()));
        return id;
    }

    private long insertEvent(Enterprise e, long pointId, EventDraft d) {
        return insertEvent(e, pointId, d, settings.accidentEdition());
    }

    /**
     * Inserts an event classified in the given GB 6441 edition: the setting's for new entries, or the one an imported
     * row names (an exported register read back keeps the editions its events were stored with).
     */
    long insertEvent(Enterprise e, long pointId, EventDraft d, String edition) {
        Errors errors = new Errors();
        errors.require("name", d.name(), "风险事件名称", 500);
        errors.require("hazard", d.hazard(), "危险源描述", 1000);
        errors.require("consequence", d.consequence(), "可能导致的后果", 500);
        if (d.factorCode() == null || !codes.isFactor(d.factorCode().trim())) {
            errors.put("factorCode", "请选择 GB/T 13861 危险和有害因素分类");
        }
        List<String> types = d.accidentTypes() == null ? List.of()
                : d.accidentTypes().stream().filter(s -> s != null && !s.isBlank()).map(String::trim).distinct().toList();
        if (types.isEmpty()) errors.put("accidentTypes", "请至少选择一种 " + edition + " 事故类别");
        else types.stream().filter(t -> !codes.isAccidentType(edition, t)).findFirst()
                .ifPresent(t -> errors.put("accidentTypes", "未知的事故类别代码：" + t + "（新登记的事件使用 " + edition + "）"));
        if (d.riskUnitId() != null && !units.belongsTo(d.riskUnitId(), pointId)) {
            errors.put("riskUnitId", "所选风险分析单元不属于该风险点");
        }
        if (d.stepId() != null && !worksheets.belongsTo(d.stepId(), pointId)) {
            errors.put("stepId", "所选作业步骤或检查项目不属于该风险点");
        }
        errors.throwIfAny();
        long id = jdbc.sql("""
                insert into risk_event (risk_point_id, name, hazard, factor_code, factor_dict, accident_types, accident_dict,
                                        consequence, risk_unit_id, step_id)
                values (:p, :name, :hazard, :factor, :fdict, :types, :adict, :cons, :unit, :step) returning id
                """).param("p", pointId).param("name", d.name().trim()).param("hazard", d.hazard().trim())
                .param("factor", d.factorCode().trim()).param("fdict", HazardDictionaries.FACTOR_EDITION)
                .param("types", types.toArray(String[]::new)).param("adict", edition)
                .param("cons", d.consequence().trim())
                .param("unit", d.riskUnitId() != null ? d.riskUnitId() : units.defaultUnit(e, pointId))
                .param("step", d.stepId()).query(Long.class).single();
        touch(pointId);
        events.publishEvent(new StateChanged("新增风险事件", "risk_event", String.valueOf(id),
                d.name().trim() + "（" + types.stream().map(dictionaries::accidentTypeName).collect(Collectors.joining("、")) + "）",
                e.id(), e.regionCode()));
        return id;
    }

    long insertMeasure(Enterprise e, long pointId, MeasureDraft d) {
        Errors errors = new Errors();
        errors.oneOf("type", d.type(), RiskTerms.MeasureType.class, "措施类型");
        errors.require("description", d.description(), "措施内容", 2000);
        if (d.controlTier() != null && !d.controlTier().isBlank()) {
            errors.oneOf("controlTier", d.controlTier(), OrgStructure.Tier.class, "管控层级");
        }
        if (d.responsibleUnitId() == null || structure.units(e.id()).stream().noneMatch(u -> u.id() == d.responsibleUnitId())) {
            errors.put("responsibleUnitId", "请选择本企业的责任单位");
        }
        if (d.responsibleEmployeeId() == null
                || structure.employees(e.id()).stream().noneMatch(m -> m.id() == d.responsibleEmployeeId())) {
            errors.put("responsibleEmployeeId", "请选择本企业的责任人");
        }
        errors.require("checkContent", d.checkContent(), "排查内容", 1000);
        if (d.checkCycle() == null || d.checkCycle().signum() <= 0 || d.checkCycle().compareTo(new BigDecimal("9999")) > 0) {
            errors.put("checkCycle", "排查周期应为大于 0 的数");
        }
        errors.oneOf("checkCycleUnit", d.checkCycleUnit(), RiskTerms.CycleUnit.class, "排查周期单位");
        Set<Long> own = points.events(pointId).stream().map(RiskPoints.Event::id).collect(Collectors.toSet());
        List<Long> eventIds = d.eventIds() == null ? List.of() : d.eventIds().stream().distinct().toList();
        if (eventIds.isEmpty()) errors.put("eventIds", "请选择该措施管控的风险事件");
        else if (!own.containsAll(eventIds)) errors.put("eventIds", "所选风险事件不属于该风险点");
        errors.throwIfAny();
        long id = jdbc.sql("""
                insert into control_measure (risk_point_id, type, description, control_tier, responsible_unit_id,
                    responsible_employee_id, check_content, check_cycle, check_cycle_unit)
                values (:p, :type, :desc, :tier, :unit, :emp, :content, :cycle, :cunit) returning id
                """).param("p", pointId).param("type", d.type()).param("desc", d.description().trim())
                .param("tier", blankToNull(d.controlTier())).param("unit", d.responsibleUnitId())
                .param("emp", d.responsibleEmployeeId()).param("content", d.checkContent().trim())
                .param("cycle", d.checkCycle()).param("cunit", d.checkCycleUnit()).query(Long.class).single();
        for (long eventId : eventIds) {
            jdbc.sql("insert into control_measure_event (measure_id, event_id) values (:m, :v)").param("m", id).param("v", eventId).update();
        }
        touch(pointId);
        events.publishEvent(new StateChanged("新增管控措施", "control_measure", String.valueOf(id),
                RiskTerms.MeasureType.valueOf(d.type()).label + "：" + abbreviate(d.description().trim()), e.id(), e.regionCode()));
        return id;
    }

    /** Checks a point draft and returns its code (numbered FXD-001, FXD-002 ... when left blank). */
    private String checkPoint(long enterpriseId, PointDraft d, Long self) {
        Errors errors = new Errors();
        errors.require("name", d.name(), "风险点名称", 120);
        errors.oneOf("kind", d.kind(), RiskTerms.PointKind.class, "风险点类型");
        if (d.orgUnitId() == null || structure.units(enterpriseId).stream().noneMatch(u -> u.id() == d.orgUnitId())) {
            errors.put("orgUnitId", "请选择本企业的所属单位（车间/班组）");
        }
        if (d.sitePosition() != null && !d.sitePosition().isBlank() && !isGeometry(d.sitePosition())) {
            errors.put("sitePosition", "平面图位置应为 GeoJSON 几何对象，如 {\"type\":\"Point\",\"coordinates\":[120,80]}");
        }
        var staff = structure.employees(enterpriseId);
        Map.of("guarantorPrincipalId", java.util.Optional.ofNullable(d.guarantorPrincipalId()),
                "guarantorTechnicalId", java.util.Optional.ofNullable(d.guarantorTechnicalId()),
                "guarantorOperatorId", java.util.Optional.ofNullable(d.guarantorOperatorId())).forEach((field, id) ->
                id.filter(v -> staff.stream().noneMatch(m -> m.id() == v))
                        .ifPresent(v -> errors.put(field, "包保责任人须是本企业员工")));
        // Codes of one enterprise are given in turns until the giver commits (ADR 0084): two points created at once (a
        // double click, two people) both found the code free, or both numbered the next FXD-nnn, and the second broke
        // the register's unique code. The second now finds the first's code taken: the next number, or told in words.
        TransactionLocks.waitFor(jdbc, "risk-point-code:" + enterpriseId);
        String code = d.code() == null || d.code().isBlank() ? nextCode(enterpriseId) : d.code().trim();
        if (code.length() > 40) errors.put("code", "风险点编码不能超过40字");
        else if (jdbc.sql("select count(*) from risk_point where enterprise_id = :e and code = :c and id <> :self")
                .param("e", enterpriseId).param("c", code).param("self", self == null ? -1 : self).query(Long.class).single() > 0) {
            errors.put("code", "风险点编码 " + code + " 已被使用");
        }
        errors.throwIfAny();
        return code;
    }

    private boolean isGeometry(String text) {
        try {
            JsonNode node = json.readTree(text);
            return node.isObject() && node.has("type") && node.has("coordinates");
        } catch (RuntimeException ex) {
            return false;
        }
    }

    private String nextCode(long enterpriseId) {
        long n = jdbc.sql("select count(*) from risk_point where enterprise_id = :e").param("e", enterpriseId).query(Long.class).single();
        String code;
        do {
            code = String.format("FXD-%03d", ++n);
        } while (jdbc.sql("select count(*) from risk_point where enterprise_id = :e and code = :c")
                .param("e", enterpriseId).param("c", code).query(Long.class).single() > 0);
        return code;
    }

    private void touch(long pointId) {
        jdbc.sql("update risk_point set updated_at = :now where id = :id").param("now", PlatformTime.now(clock)).param("id", pointId).update();
    }

    private RiskPoints.Point point(Jurisdiction scope, long pointId) {
        return points.find(scope, pointId).orElseThrow(() -> DomainException.notFound("风险点"));
    }

    /** Refuses (not found / forbidden) unless the caller may change the enterprise's register. */
    public void checkWritable(Jurisdiction scope, long enterpriseId) {
        writable(scope, enterpriseId);
    }

    /** The enterprise, if the caller may change its register: in scope, and not a regulator (they supervise, not edit). */
    Enterprise writable(Jurisdiction scope, long enterpriseId) {
        Enterprise e = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        if (scope.kind() == Jurisdiction.Kind.REGULATOR) {
            throw new DomainException(HttpStatus.FORBIDDEN, "监管部门不能修改企业的风险清单", null);
        }
        return e;
    }

    /** 包保责任 belongs to major hazard sources only; for other points the fields are ignored. */
    private static Long guarantor(PointDraft d, Long id) {
        return Boolean.TRUE.equals(d.majorHazardSource()) ? id : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    /** Collects problems by field so that a form shows all of them at once; the first one becomes the message. */
    static final class Errors {
        private final Map<String, String> byField = new LinkedHashMap<>();

        void put(String field, String message) {
            byField.putIfAbsent(field, message);
        }

        void require(String field, String value, String label, int max) {
            if (value == null || value.isBlank()) put(field, label + "不能为空");
            else if (value.trim().length() > max) put(field, label + "不能超过" + max + "字");
        }

        <E extends Enum<E>> void oneOf(String field, String value, Class<E> type, String label) {
            if (value == null || Arrays.stream(type.getEnumConstants()).noneMatch(c -> c.name().equals(value))) {
                put(field, "请选择" + label);
            }
        }

        void throwIfAny() {
            if (!byField.isEmpty()) {
                throw new DomainException(HttpStatus.BAD_REQUEST, byField.values().iterator().next(), byField);
            }
        }
    }
}
