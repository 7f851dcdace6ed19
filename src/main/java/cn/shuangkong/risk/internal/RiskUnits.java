package cn.shuangkong.risk.internal;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.internal.RiskDrafts.UnitDraft;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * 风险分析单元, the layer of the national model between 风险分析对象 (our 风险点) and 风险事件. Every risk point has at
 * least one unit (created with the point, named after it); a point split into parts — a tank farm into its tank
 * groups and its loading station — gets more, each with its own responsible department and person.
 */
@Service
public class RiskUnits {

    private final JdbcClient jdbc;
    private final OrgStructure structure;
    private final ApplicationEventPublisher events;

    RiskUnits(JdbcClient jdbc, OrgStructure structure, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.structure = structure;
        this.events = events;
    }

    /** Adds a unit to a point of an enterprise the caller may write to ({@link RiskRegistry#addUnit} checked it). */
    long add(Enterprise e, long pointId, UnitDraft d) {
        check(e.id(), pointId, d, null, true);
        return insert(e, pointId, d.name().trim(), d.responsibleUnitId(), d.responsibleEmployeeId());
    }

    /** The risk point a unit belongs to; not-found if there is no such unit. */
    long pointOf(long unitId) {
        return jdbc.sql("select risk_point_id from risk_unit where id = :id").param("id", unitId).query(Long.class)
                .optional().orElseThrow(() -> DomainException.notFound("风险分析单元"));
    }

    void change(Enterprise e, RiskPoints.Point p, long unitId, UnitDraft d) {
        change(e, p, unitId, d, true);
    }

    /** Changes a unit; only an import re-reading a point's default unit may leave its person open. */
    void change(Enterprise e, RiskPoints.Point p, long unitId, UnitDraft d, boolean personRequired) {
        long pointId = p.id();
        check(e.id(), pointId, d, unitId, personRequired);
        jdbc.sql("update risk_unit set name = :n, responsible_unit_id = :u, responsible_employee_id = :w where id = :id")
                .param("n", d.name().trim()).param("u", d.responsibleUnitId()).param("w", d.responsibleEmployeeId())
                .param("id", unitId).update();
        jdbc.sql("update risk_point set updated_at = :now where id = :p").param("now", PlatformTime.now()).param("p", pointId).update();
        events.publishEvent(new StateChanged("修改风险分析单元", "risk_unit", String.valueOf(unitId),
                p.name() + " / " + d.name().trim(), e.id(), e.regionCode()));
    }

    /** Checks a unit draft; {@code personRequired} is false only for the default unit a new point gets. */
    void check(long enterpriseId, long pointId, UnitDraft d, Long self, boolean personRequired) {
        RiskRegistry.Errors errors = new RiskRegistry.Errors();
        errors.require("name", d.name(), "单元名称", 200);
        takeTurn(pointId);
        if (d.name() != null && !d.name().isBlank() && jdbc.sql(
                        "select count(*) from risk_unit where risk_point_id = :p and name = :n and id <> :self")
                .param("p", pointId).param("n", d.name().trim()).param("self", self == null ? -1 : self)
                .query(Long.class).single() > 0) {
            errors.put("name", "该风险点下已有名为“" + d.name().trim() + "”的分析单元");
        }
        if (d.responsibleUnitId() == null || structure.units(enterpriseId).stream().noneMatch(u -> u.id() == d.responsibleUnitId())) {
            errors.put("responsibleUnitId", "请选择本企业的责任部门");
        }
        if (d.responsibleEmployeeId() == null) {
            if (personRequired) errors.put("responsibleEmployeeId", "请选择分析单元的责任人");
        } else if (structure.employees(enterpriseId).stream().noneMatch(m -> m.id() == d.responsibleEmployeeId())) {
            errors.put("responsibleEmployeeId", "责任人须是本企业员工");
        }
        errors.throwIfAny();
    }

    long insert(Enterprise e, long pointId, String name, long responsibleUnitId, Long responsibleEmployeeId) {
        long id = jdbc.sql("""
                insert into risk_unit (risk_point_id, name, responsible_unit_id, responsible_employee_id)
                values (:p, :n, :u, :w) returning id
                """).param("p", pointId).param("n", name).param("u", responsibleUnitId).param("w", responsibleEmployeeId)
                .query(Long.class).single();
        jdbc.sql("update risk_point set updated_at = :now where id = :p").param("now", PlatformTime.now()).param("p", pointId).update();
        events.publishEvent(new StateChanged("新增风险分析单元", "risk_unit", String.valueOf(id), name, e.id(), e.regionCode()));
        return id;
    }

    /** The unit named so under the point, if any. */
    Optional<Long> named(long pointId, String name) {
        return jdbc.sql("select id from risk_unit where risk_point_id = :p and name = :n").param("p", pointId)
                .param("n", name.trim()).query(Long.class).optional();
    }

    /** The unit a new event goes to when none is chosen: the point's first. */
    long defaultUnit(long pointId) {
        return jdbc.sql("select id from risk_unit where risk_point_id = :p order by id limit 1").param("p", pointId)
                .query(Long.class).single();
    }

    /**
     * Units of one point are named in turns until the namer commits (ADR 0084): two units added at once under one name
     * (a double click), or two events each making a unit-less point's first unit, both found the name free and the
     * second broke the point's unique unit name. The second now finds the first's unit.
     */
    private void takeTurn(long pointId) {
        TransactionLocks.waitFor(jdbc, "risk-unit-name:" + pointId);
    }

    /** The point's first unit, made now (named after the point) if the point was written without one. */
    long defaultUnit(Enterprise e, long pointId) {
        java.util.function.Supplier<Optional<Long>> first = () -> jdbc.sql("select id from risk_unit where risk_point_id = :p order by id limit 1")
                .param("p", pointId).query(Long.class).optional();
        return first.get().orElseGet(() -> {
                    takeTurn(pointId); // only when one is to be made: the usual event of a point with units costs nothing
                    var made = first.get();
                    if (made.isPresent()) return made.get();
                    record Row(String name, long orgUnitId) { }
                    Row p = jdbc.sql("select name, org_unit_id from risk_point where id = :p").param("p", pointId)
                            .query(Row.class).single();
                    return insert(e, pointId, p.name(), p.orgUnitId(), null);
                });
    }

    boolean belongsTo(long unitId, long pointId) {
        return jdbc.sql("select count(*) from risk_unit where id = :u and risk_point_id = :p").param("u", unitId)
                .param("p", pointId).query(Long.class).single() > 0;
    }

    /** A unit is as high as its highest event (grade 1 is highest); called whenever levels or placements change. */
    void refreshLevels(long pointId) {
        jdbc.sql("""
                update risk_unit u set level = (select min(coalesce(v.residual_level, v.inherent_level)) from risk_event v
                                                 where v.risk_unit_id = u.id)
                 where u.risk_point_id = :p
                """).param("p", pointId).update();
    }
}
