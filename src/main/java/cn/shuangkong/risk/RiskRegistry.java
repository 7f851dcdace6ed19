package cn.shuangkong.risk;

import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.RiskDrafts.EventDraft;
import cn.shuangkong.risk.RiskDrafts.MeasureDraft;
import cn.shuangkong.risk.RiskDrafts.PointDraft;
import cn.shuangkong.risk.RiskDrafts.TemplateCopy;
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
    private final RiskTemplates templates;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    RiskRegistry(JdbcClient jdbc, Enterprises enterprises, OrgStructure structure, RiskPoints points,
                 HazardDictionaries dictionaries, RiskTemplates templates, JsonMapper json, Clock clock,
                 ApplicationEventPublisher events) {
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
                       updated_at = now()
                 where id = :id
                """).param("code", code).param("name", d.name().trim()).param("kind", d.kind()).param("unit", d.orgUnitId())
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

    /** Copies an industry template into a new risk point: its events, and one measure per event for the person named. */
    @Transactional
    public RiskPoints.Point copyTemplate(Jurisdiction scope, long enterpriseId, TemplateCopy copy) {
        Enterprise e = writable(scope, enterpriseId);
        RiskTemplates.Template t = templates.find(copy.template())
                .orElseThrow(() -> DomainException.invalid("template", "请选择行业模板"));
        String name = copy.name() == null || copy.name().isBlank() ? t.pointName() : copy.name().trim();
        long pointId = insertPoint(e, new PointDraft(null, name, t.pointKind(), copy.orgUnitId(), null, null,
                t.majorHazardSource(), LocalDate.now(clock).plusYears(1)), "（复制自模板：" + t.name() + "）");
        for (RiskTemplates.Item item : templates.items(t.code())) {
            long eventId = insertEvent(e, pointId, new EventDraft(item.eventName(), item.hazard(), item.factorCode(),
                    item.accidentTypes(), item.consequence()));
            insertMeasure(e, pointId, new MeasureDraft(item.measureType(), item.measure(), null, copy.orgUnitId(),
                    copy.responsibleEmployeeId(), item.checkContent(), item.checkCycle(), item.checkCycleUnit(), List.of(eventId)));
        }
        return points.find(scope, pointId).orElseThrow();
    }

    private long insertPoint(Enterprise e, PointDraft d, String note) {
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
        return id;
    }

    private long insertEvent(Enterprise e, long pointId, EventDraft d) {
        Errors errors = new Errors();
        errors.require("name", d.name(), "风险事件名称", 500);
        errors.require("hazard", d.hazard(), "危险源描述", 1000);
        errors.require("consequence", d.consequence(), "可能导致的后果", 500);
        if (d.factorCode() == null || !dictionaries.isFactor(d.factorCode().trim())) {
            errors.put("factorCode", "请选择 GB/T 13861 危险和有害因素分类");
        }
        List<String> types = d.accidentTypes() == null ? List.of()
                : d.accidentTypes().stream().filter(s -> s != null && !s.isBlank()).map(String::trim).distinct().toList();
        if (types.isEmpty()) errors.put("accidentTypes", "请至少选择一种 GB 6441 事故类别");
        else types.stream().filter(t -> !dictionaries.isAccidentType(t)).findFirst()
                .ifPresent(t -> errors.put("accidentTypes", "未知的事故类别代码：" + t));
        errors.throwIfAny();
        long id = jdbc.sql("""
                insert into risk_event (risk_point_id, name, hazard, factor_code, factor_dict, accident_types, accident_dict, consequence)
                values (:p, :name, :hazard, :factor, :fdict, :types, :adict, :cons) returning id
                """).param("p", pointId).param("name", d.name().trim()).param("hazard", d.hazard().trim())
                .param("factor", d.factorCode().trim()).param("fdict", HazardDictionaries.FACTOR_EDITION)
                .param("types", types.toArray(String[]::new)).param("adict", HazardDictionaries.ACCIDENT_EDITION)
                .param("cons", d.consequence().trim()).query(Long.class).single();
        touch(pointId);
        events.publishEvent(new StateChanged("新增风险事件", "risk_event", String.valueOf(id),
                d.name().trim() + "（" + types.stream().map(dictionaries::accidentTypeName).collect(Collectors.joining("、")) + "）",
                e.id(), e.regionCode()));
        return id;
    }

    private long insertMeasure(Enterprise e, long pointId, MeasureDraft d) {
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
        jdbc.sql("update risk_point set updated_at = now() where id = :id").param("id", pointId).update();
    }

    private RiskPoints.Point point(Jurisdiction scope, long pointId) {
        return points.find(scope, pointId).orElseThrow(() -> DomainException.notFound("风险点"));
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
