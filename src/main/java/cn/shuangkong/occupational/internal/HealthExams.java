package cn.shuangkong.occupational.internal;

import static cn.shuangkong.occupational.internal.OccupationalFactors.own;
import static cn.shuangkong.occupational.internal.OccupationalFactors.refuse;
import static cn.shuangkong.occupational.internal.OccupationalFactors.text;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 职业健康检查 (GBZ 188) of an enterprise's employees: its kind, day, institution and conclusion, and for a 疑似职业病
 * the outcome of the diagnosis that follows. An exam keeps the factors of the person's post on the day it was
 * recorded, because a 职业禁忌证 is found against those factors and follows the person, not the post.
 */
@Service
public class HealthExams {

    /** 上岗前 / 在岗期间 / 离岗时 / 应急 (GBZ 188). */
    public enum Kind {
        PRE_PLACEMENT("上岗前"), PERIODIC("在岗期间"), DEPARTURE("离岗时"), EMERGENCY("应急");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }

        /** The exams a 在岗期间 interval counts from: a full examination for the post's factors. */
        boolean startsInterval() {
            return this == PRE_PLACEMENT || this == PERIODIC;
        }
    }

    /** The conclusions an examination report states (GBZ 188). */
    public enum Conclusion {
        NORMAL("目前未见异常"), RECHECK("需复查"), SUSPECTED("疑似职业病"), CONTRAINDICATION("职业禁忌证"), OTHER("其他疾病或异常");

        public final String label;

        Conclusion(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    public record Exam(long id, long enterpriseId, long employeeId, String employeeName, String kind, LocalDate examinedOn,
                       String institution, String conclusion, String note, List<String> factors, LocalDate diagnosedOn, String diagnosis) {
        public String kindLabel() {
            return Kind.valueOf(kind).label;
        }

        public String conclusionLabel() {
            return Conclusion.valueOf(conclusion).label;
        }

        /** A 疑似职业病 whose diagnosis is not recorded yet. */
        public boolean awaitsDiagnosis() {
            return Conclusion.SUSPECTED.name().equals(conclusion) && diagnosedOn == null;
        }
    }

    public record Draft(Long employeeId, Kind kind, LocalDate examinedOn, String institution, Conclusion conclusion, String note) { }

    private static final String SELECT = """
            select x.id, x.enterprise_id, x.employee_id, m.name as employee_name, x.kind, x.examined_on, x.institution, x.conclusion,
                   x.note, x.factors, x.diagnosed_on, x.diagnosis
              from health_exam x join (%s) m on m.id = x.employee_id join (%s) e on e.id = x.enterprise_id
            """.formatted(OrganizationFacts.employees(), OrganizationFacts.enterprises());

    private final JdbcClient jdbc;
    private final OrgStructure org;
    private final OccupationalFactors factors;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    HealthExams(JdbcClient jdbc, OrgStructure org, OccupationalFactors factors, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.org = org;
        this.factors = factors;
        this.events = events;
        this.clock = clock;
    }

    /** Exams in scope, newest first; {@code enterpriseId} narrows to one enterprise. */
    public List<Exam> list(Jurisdiction scope, Long enterpriseId) {
        var f = scope.enterpriseFilter("e").narrowedTo("x.enterprise_id", enterpriseId);
        Map<String, Object> params = f.params();
        String where = " where " + f.sql();
        return jdbc.sql(SELECT + where + " order by x.examined_on desc, x.id desc").params(params).query(Rows.of(Exam.class)).list();
    }

    /** Several enterprises' exams in one statement, each person's oldest first: the order the rules read them in. */
    List<Exam> of(Collection<Long> enterpriseIds) {
        return jdbc.sql(SELECT + " where x.enterprise_id = any(:ents) order by x.employee_id, x.examined_on, x.id")
                .param("ents", enterpriseIds.toArray(Long[]::new)).query(Rows.of(Exam.class)).list();
    }

    /** Records an exam of one of the actor's own enterprise's employees, with the factors of their post today. */
    @Transactional
    public long record(Actor me, Draft d) {
        long enterpriseId = own(me);
        Map<String, String> errors = new LinkedHashMap<>();
        OrgStructure.Employee who = null;
        if (d.employeeId() == null) errors.put("employeeId", "请选择受检人员");
        else who = org.employees(enterpriseId).stream().filter(e -> e.id() == d.employeeId()).findFirst()
                .orElseThrow(() -> DomainException.notFound("员工"));
        if (d.kind() == null) errors.put("kind", "请选择检查类别");
        if (d.examinedOn() == null) errors.put("examinedOn", "请填写检查日期");
        else if (d.examinedOn().isAfter(LocalDate.now(clock))) errors.put("examinedOn", "职业健康检查日期不能晚于今天");
        text(errors, "institution", d.institution(), "检查机构", 80);
        if (d.conclusion() == null) errors.put("conclusion", "请选择检查结论");
        if (d.note() != null && d.note().strip().length() > 500) errors.put("note", "备注长度不能超过 500 个字");
        refuse(errors);
        Long postId = who.postId();
        String[] exposed = postId == null ? new String[0] : factors.of(enterpriseId).stream()
                .filter(f -> f.postId() == postId).map(OccupationalFactors.Factor::name).distinct().toArray(String[]::new);
        String note = d.note() == null || d.note().isBlank() ? null : d.note().strip();
        long id = jdbc.sql("""
                insert into health_exam (enterprise_id, employee_id, kind, examined_on, institution, conclusion, note, factors, created_by, created_at)
                values (:e, :m, :k, :d, :i, :c, :n, cast(:f as varchar(40)[]), :u, :t) returning id
                """).param("e", enterpriseId).param("m", d.employeeId()).param("k", d.kind().name()).param("d", d.examinedOn())
                .param("i", d.institution().strip()).param("c", d.conclusion().name()).param("n", note).param("f", exposed)
                .param("u", me.username()).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("登记职业健康检查", "health_exam", String.valueOf(id),
                who.name() + " " + d.kind().label + "职业健康检查（" + d.examinedOn() + "，" + d.institution().strip() + "）：" + d.conclusion().label,
                enterpriseId, null));
        return id;
    }

    /** Records the outcome of the 职业病诊断 that a 疑似职业病 calls for; once per exam. */
    @Transactional
    public void recordDiagnosis(Actor me, long examId, LocalDate diagnosedOn, String diagnosis) {
        long enterpriseId = own(me);
        Exam exam = jdbc.sql(SELECT + " where x.id = :id and x.enterprise_id = :ent for update of x").param("id", examId).param("ent", enterpriseId)
                .query(Rows.of(Exam.class)).optional().orElseThrow(() -> DomainException.notFound("职业健康检查"));
        if (!Conclusion.SUSPECTED.name().equals(exam.conclusion())) throw DomainException.conflict("只有结论为疑似职业病的检查需要登记诊断结果");
        if (exam.diagnosedOn() != null) throw DomainException.conflict("该检查的诊断结果已登记");
        Map<String, String> errors = new LinkedHashMap<>();
        if (diagnosedOn == null) errors.put("diagnosedOn", "请填写诊断日期");
        else if (diagnosedOn.isAfter(LocalDate.now(clock))) errors.put("diagnosedOn", "诊断日期不能晚于今天");
        else if (diagnosedOn.isBefore(exam.examinedOn())) errors.put("diagnosedOn", "诊断日期不能早于检查日期");
        text(errors, "diagnosis", diagnosis, "诊断结论", 200);
        refuse(errors);
        jdbc.sql("update health_exam set diagnosed_on = :d, diagnosis = :r where id = :id").param("d", diagnosedOn)
                .param("r", diagnosis.strip()).param("id", examId).update();
        events.publishEvent(new StateChanged("登记职业病诊断结果", "health_exam", String.valueOf(examId),
                exam.employeeName() + "（" + diagnosedOn + "）：" + diagnosis.strip(), enterpriseId, null));
    }
}
