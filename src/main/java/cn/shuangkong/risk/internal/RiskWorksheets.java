package cn.shuangkong.risk.internal;

import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.risk.internal.RiskDrafts.StepDraft;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The identification worksheets: JHA (工作危害分析) lists the ordered 作业步骤 of a 作业活动, SCL (安全检查表分析) the
 * 检查项目 and their 标准 of a piece of equipment, an area or a process. Each step or item holds the risk events
 * found there. Scope and write access are checked by {@link RiskRegistry}, which calls in here.
 */
@Component
public class RiskWorksheets {

    /** JHA for 作业活动, SCL for every other kind of risk point. */
    public static String methodFor(String pointKind) {
        return RiskTerms.PointKind.ACTIVITY.name().equals(pointKind) ? "JHA" : "SCL";
    }

    public static String methodLabel(String method) {
        return method.equals("JHA") ? "工作危害分析（JHA）" : "安全检查表分析（SCL）";
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    RiskWorksheets(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    long add(Enterprise e, RiskPoints.Point p, StepDraft d) {
        check(d);
        String method = methodFor(p.kind());
        List<Long> order = order(p.id());
        int at = position(d.seq(), order.size());
        long id = jdbc.sql("""
                insert into risk_step (risk_point_id, method, seq, name, standard) values (:p, :m, :s, :n, :std) returning id
                """).param("p", p.id()).param("m", method).param("s", order.size() + 1).param("n", d.name().trim())
                .param("std", blank(d.standard())).query(Long.class).single();
        order.add(at, id);
        renumber(order);
        touch(p.id());
        events.publishEvent(new StateChanged("新增" + (method.equals("JHA") ? "作业步骤" : "检查项目"), "risk_step",
                String.valueOf(id), p.name() + " 第" + (at + 1) + "项：" + d.name().trim(), e.id(), e.regionCode()));
        return id;
    }

    /** Renames, re-describes or moves a step; the others shift so that steps stay numbered 1…n. */
    void change(Enterprise e, RiskPoints.Point p, long stepId, StepDraft d) {
        check(d);
        List<Long> order = order(p.id());
        order.remove(stepId);
        int at = position(d.seq(), order.size());
        order.add(at, stepId);
        jdbc.sql("update risk_step set name = :n, standard = :std where id = :id").param("n", d.name().trim())
                .param("std", blank(d.standard())).param("id", stepId).update();
        renumber(order);
        touch(p.id());
        events.publishEvent(new StateChanged("修改" + stepWord(stepId), "risk_step", String.valueOf(stepId),
                p.name() + " 第" + (at + 1) + "项：" + d.name().trim(), e.id(), e.regionCode()));
    }

    /** Removes a step; its events stay in the register, outside the worksheet, until placed again. */
    void remove(Enterprise e, RiskPoints.Point p, long stepId) {
        String word = stepWord(stepId);
        String name = jdbc.sql("select name from risk_step where id = :id").param("id", stepId).query(String.class).single();
        jdbc.sql("delete from risk_step where id = :id").param("id", stepId).update();
        renumber(order(p.id()));
        touch(p.id());
        events.publishEvent(new StateChanged("删除" + word, "risk_step", String.valueOf(stepId), p.name() + "：" + name,
                e.id(), e.regionCode()));
    }

    /** The risk point a step belongs to; not-found if there is no such step. */
    long pointOf(long stepId) {
        return jdbc.sql("select risk_point_id from risk_step where id = :id").param("id", stepId).query(Long.class)
                .optional().orElseThrow(() -> DomainException.notFound("作业步骤或检查项目"));
    }

    boolean belongsTo(long stepId, long pointId) {
        return jdbc.sql("select count(*) from risk_step where id = :s and risk_point_id = :p").param("s", stepId)
                .param("p", pointId).query(Long.class).single() > 0;
    }

    /** The step named so under the point, creating it at the end when missing (templates and imports name steps). */
    long named(Enterprise e, RiskPoints.Point p, String name, String standard) {
        return jdbc.sql("select id from risk_step where risk_point_id = :p and name = :n order by seq limit 1")
                .param("p", p.id()).param("n", name.trim()).query(Long.class).optional()
                .orElseGet(() -> add(e, p, new StepDraft(null, name, standard)));
    }

    private static void check(StepDraft d) {
        RiskRegistry.Errors errors = new RiskRegistry.Errors();
        errors.require("name", d.name(), "步骤或检查项目名称", 200);
        if (d.standard() != null && d.standard().trim().length() > 1000) errors.put("standard", "内容或标准不能超过1000字");
        if (d.seq() != null && d.seq() < 1) errors.put("seq", "序号应从 1 开始");
        errors.throwIfAny();
    }

    private String stepWord(long stepId) {
        return jdbc.sql("select method from risk_step where id = :id").param("id", stepId).query(String.class).single()
                .equals("JHA") ? "作业步骤" : "检查项目";
    }

    private List<Long> order(long pointId) {
        return new ArrayList<>(jdbc.sql("select id from risk_step where risk_point_id = :p order by seq, id")
                .param("p", pointId).query(Long.class).list());
    }

    /** Numbers the point's steps 1, 2, … in this order, in one statement (a step added to n others was n updates). */
    private void renumber(List<Long> order) {
        if (order.isEmpty()) return;
        jdbc.sql("""
                update risk_step s set seq = o.seq
                  from unnest(cast(:ids as bigint[])) with ordinality as o (id, seq)
                 where s.id = o.id
                """).param("ids", order.toArray(Long[]::new)).update();
    }

    /** Where a 1-based wished position lands in a list of {@code size}: at the end when absent or beyond. */
    private static int position(Integer seq, int size) {
        return seq == null || seq > size ? size : seq - 1;
    }

    private void touch(long pointId) {
        jdbc.sql("update risk_point set updated_at = :now where id = :p").param("now", PlatformTime.now()).param("p", pointId).update();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
