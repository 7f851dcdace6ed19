package cn.shuangkong.monitoring.internal;

import cn.shuangkong.access.AccessFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.inspection.Cycle;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 包保责任人履职检查: each 重大危险源's 主要负责人, 技术负责人 and 操作负责人 check it once per period (frequencies per
 * role in {@code shuangkong.monitoring.guarantor-checks}, by default quarterly / monthly / weekly as the 包保责任制办法
 * asks). Generated once per period by a unique key like inspection tasks (ADR 0007); the person records the check.
 */
@Service
public class GuarantorChecks {

    /** The three 包保 roles. */
    public enum Role {
        PRINCIPAL("主要负责人"), TECHNICAL("技术负责人"), OPERATOR("操作负责人");
        public final String label;
        Role(String label) { this.label = label; }
        public String label() { return label; }
    }

    /** One periodic check. */
    public record Check(long id, long sourceId, String role, long employeeId, Instant periodStart, Instant dueAt, Instant doneAt,
                        String doneBy, String result, String note, String sourceName, String employeeName, String enterpriseName,
                        String doneByName) {
        public String roleLabel() {
            return Role.valueOf(role).label;
        }

        public String statusLabel(Instant now) {
            if (doneAt != null) return "ABNORMAL".equals(result) ? "已检查（发现异常）" : "已检查";
            return now.isAfter(dueAt) ? "逾期未检查" : "待检查";
        }
    }

    private static final String SELECT = """
            select c.*, s.name as source_name, emp.name as employee_name, e.name as enterprise_name,
                   (select u.display_name from (%s) u where u.username = c.done_by) as done_by_name
              from guarantor_check c join major_hazard_source s on s.id = c.source_id join (%s) emp on emp.id = c.employee_id
              join (%s) e on e.id = s.enterprise_id
            """.formatted(AccessFacts.accounts(), OrganizationFacts.employees(), OrganizationFacts.enterprises());

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Map<Role, Cycle> cycles = new LinkedHashMap<>();

    private final GuarantorTaskLists taskLists;

    GuarantorChecks(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events, MonitoringProperties properties,
                    GuarantorTaskLists taskLists) {
        this.taskLists = taskLists;
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        properties.guarantorChecks().forEach((role, every) -> {
            String[] parts = every.trim().split("\\s+");
            cycles.put(Role.valueOf(role), new Cycle(new BigDecimal(parts[0]), Cycle.Unit.valueOf(parts[1])));
        });
    }

    public Map<Role, Cycle> cycles() {
        return cycles;
    }

    /**
     * This period's check of every role of the source that has a guarantor, and the tasks of their 任务清单;
     * existing periods are left alone.
     */
    void generate(MajorHazardSources.Source s, Instant now) {
        taskLists.issue(new GuarantorTaskLists.Guarantee(s.enterpriseId(), s.riskPointId(), s.principalId(), s.technicalId(),
                s.operatorId()), now);
        Map<Role, Long> who = new LinkedHashMap<>();
        if (s.principalId() != null) who.put(Role.PRINCIPAL, s.principalId());
        if (s.technicalId() != null) who.put(Role.TECHNICAL, s.technicalId());
        if (s.operatorId() != null) who.put(Role.OPERATOR, s.operatorId());
        who.forEach((role, employee) -> {
            Cycle c = cycles.get(role);
            if (c == null) return;
            Instant start = c.periodStart(now);
            jdbc.sql("""
                    insert into guarantor_check (source_id, role, employee_id, period_start, due_at) values (:s, :r, :e, :p, :d)
                    on conflict (source_id, role, period_start) do nothing
                    """).param("s", s.id()).param("r", role.name()).param("e", employee).param("p", Timestamp.from(start))
                    .param("d", Timestamp.from(c.next(start))).update();
        });
    }

    @Transactional
    public void generateAll() {
        Instant now = clock.instant();
        jdbc.sql(MajorHazardSources.SELECT + " where s.major").query(MajorHazardSources.Source.class).list()
                .forEach(s -> generate(s, now));
        taskLists.issueAll(now);
    }

    /** The signed-in person's own checks, open ones first. */
    public List<Check> mine(Actor me) {
        if (me.employeeId() == null) return List.of();
        return jdbc.sql(SELECT + " where c.employee_id = :emp order by (c.done_at is not null), c.due_at limit 50")
                .param("emp", me.employeeId()).query(Check.class).list();
    }

    public List<Check> ofSource(long sourceId) {
        return jdbc.sql(SELECT + " where c.source_id = :s order by c.period_start desc, c.role limit 30").param("s", sourceId)
                .query(Check.class).list();
    }

    /** The guarantor records the check of their own task; ABNORMAL needs a note. */
    @Transactional
    public Check record(Actor me, long checkId, String result, String note) {
        Check c = jdbc.sql(SELECT + " where c.id = :id for update of c").param("id", checkId).query(Check.class).optional()
                .orElseThrow(() -> DomainException.notFound("包保检查"));
        if (me.employeeId() == null || me.employeeId() != c.employeeId()) {
            throw new DomainException(HttpStatus.FORBIDDEN, "这是" + c.employeeName() + "（" + c.roleLabel() + "）的包保检查，只能由本人记录", null);
        }
        if (c.doneAt() != null) throw DomainException.conflict("本期包保检查已记录");
        if (!"NORMAL".equals(result) && !"ABNORMAL".equals(result)) throw DomainException.invalid("result", "请选择检查结果：正常或发现异常");
        if ("ABNORMAL".equals(result) && (note == null || note.isBlank())) throw DomainException.invalid("note", "发现异常时请写明情况");
        if (note != null && note.length() > 1000) throw DomainException.invalid("note", "说明不能超过 1000 字");
        Instant now = clock.instant();
        jdbc.sql("update guarantor_check set done_at = :t, done_by = :u, result = :r, note = :n where id = :id")
                .param("t", Timestamp.from(now)).param("u", me.username()).param("r", result)
                .param("n", note == null || note.isBlank() ? null : note.strip()).param("id", checkId).update();
        long enterprise = jdbc.sql("select enterprise_id from major_hazard_source where id = :s").param("s", c.sourceId()).query(Long.class).single();
        String region = jdbc.sql("select e.region_code from (%s) e where e.id = :e".formatted(OrganizationFacts.enterprises())).param("e", enterprise).query(String.class).single();
        events.publishEvent(new StateChanged("包保责任人检查", "guarantor_check", String.valueOf(checkId),
                c.sourceName() + " " + c.roleLabel() + " " + c.employeeName() + "：" + ("NORMAL".equals(result) ? "正常" : "发现异常：" + note.strip()),
                enterprise, region));
        return jdbc.sql(SELECT + " where c.id = :id").param("id", checkId).query(Check.class).single();
    }
}
