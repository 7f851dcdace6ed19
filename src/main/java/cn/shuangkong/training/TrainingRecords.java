package cn.shuangkong.training;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Ref;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Training records with hours: 三级安全教育 (公司级 / 车间级 / 班组级) for new people, yearly re-training, special training
 * and the 入厂 briefing. The page sums each person's hours per year and says whose 三级安全教育 is incomplete.
 */
@Service
public class TrainingRecords {

    public enum Kind {
        LEVEL_COMPANY("三级安全教育·公司级"), LEVEL_WORKSHOP("三级安全教育·车间级"), LEVEL_TEAM("三级安全教育·班组级"),
        ANNUAL("年度再培训"), SPECIAL("专项培训"), ENTRY("入厂安全教育");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }

        boolean threeLevel() {
            return this == LEVEL_COMPANY || this == LEVEL_WORKSHOP || this == LEVEL_TEAM;
        }
    }

    /** {@code employeeId} or {@code contractorPersonId} names the person; a contractor person's name is the contractor module's. */
    public record Training(long id, long enterpriseId, Long employeeId, Long contractorPersonId, String personName, String kind, String title,
                           BigDecimal hours, LocalDate trainedOn, String trainer, boolean passed) {
        public String kindLabel() {
            return Kind.valueOf(kind).label;
        }
    }

    /** One person's training in a year: hours passed, and which of the three levels of 三级安全教育 they have passed. */
    public record PersonYear(long employeeId, String name, BigDecimal hours, boolean company, boolean workshop, boolean team) {
        public boolean threeLevelComplete() {
            return company && workshop && team;
        }
    }

    public record Draft(Long employeeId, Kind kind, String title, BigDecimal hours, LocalDate trainedOn, String trainer, Boolean passed) { }

    private final JdbcClient jdbc;
    private final OrgStructure org;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TrainingRecords(JdbcClient jdbc, OrgStructure org, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.org = org;
        this.events = events;
        this.clock = clock;
    }

    /** Training in scope, newest first. */
    public List<Training> list(Jurisdiction scope, Long enterpriseId) {
        var f = scope.enterpriseFilter("e").narrowedTo("t.enterprise_id", enterpriseId);
        Map<String, Object> params = f.params();
        String where = " where " + f.sql();
        return jdbc.sql("""
                select t.id, t.enterprise_id, t.employee_id, t.contractor_person_id, m.name as person_name, t.kind, t.title, t.hours, t.trained_on,
                       t.trainer, t.passed
                  from training_record t join (%s) m on m.id = t.employee_id join (%s) e on e.id = t.enterprise_id
                """.formatted(OrganizationFacts.employees(), OrganizationFacts.enterprises()) + where + " order by t.trained_on desc, t.id desc").params(params).query(Training.class).list();
    }

    /**
     * Every current employee of the enterprise with the hours they passed in {@code year} and their 三级安全教育 (which
     * counts whenever it was passed: it is taken once, on joining).
     */
    public List<PersonYear> byPerson(long enterpriseId, int year) {
        var left = org.leavers(enterpriseId).keySet();
        Map<Long, PersonYear> rows = new LinkedHashMap<>();
        for (var e : org.employees(enterpriseId)) {
            if (!left.contains(e.id())) rows.put(e.id(), new PersonYear(e.id(), e.name(), BigDecimal.ZERO, false, false, false));
        }
        jdbc.sql("""
                select employee_id, cast(null as text) as name,
                       coalesce(sum(hours) filter (where passed and extract(year from trained_on) = :y), 0) as hours,
                       bool_or(passed and kind = 'LEVEL_COMPANY') as company, bool_or(passed and kind = 'LEVEL_WORKSHOP') as workshop,
                       bool_or(passed and kind = 'LEVEL_TEAM') as team
                  from training_record where enterprise_id = :e and employee_id is not null group by employee_id
                """).param("e", enterpriseId).param("y", year).query(Rows.of(PersonYear.class)).list()
                .forEach(p -> rows.computeIfPresent(p.employeeId(), (id, r) ->
                        new PersonYear(id, r.name(), p.hours(), p.company(), p.workshop(), p.team())));
        return List.copyOf(rows.values());
    }

    /** The training of the enterprise's contractor people, newest first; their names are the contractor module's. */
    public List<Training> ofContractorPeople(long enterpriseId) {
        return jdbc.sql("""
                select t.id, t.enterprise_id, t.employee_id, t.contractor_person_id, null as person_name, t.kind, t.title, t.hours,
                       t.trained_on, t.trainer, t.passed
                  from training_record t where t.enterprise_id = :e and t.contractor_person_id is not null
                 order by t.trained_on desc, t.id desc
                """).param("e", enterpriseId).query(Training.class).list();
    }

    /** The contractor people of the enterprise who had passed their 入厂安全教育 by {@code day}. */
    public Set<Long> contractorPeopleWithEntryTraining(long enterpriseId, LocalDate day) {
        return Set.copyOf(jdbc.sql("""
                select distinct contractor_person_id from training_record
                 where enterprise_id = :e and contractor_person_id is not null and kind = 'ENTRY' and passed and trained_on <= :d
                """).param("e", enterpriseId).param("d", day).query(Long.class).list());
    }

    @Transactional
    public long record(Actor me, Draft d) {
        long enterpriseId = Certificates.own(me);
        Map<String, String> errors = new LinkedHashMap<>();
        if (d.employeeId() == null) errors.put("employeeId", "请选择受训人员");
        else if (org.employees(enterpriseId).stream().noneMatch(e -> e.id() == d.employeeId())) throw DomainException.notFound("员工");
        return insert(me, enterpriseId, d.employeeId(), null, d, errors);
    }

    /**
     * Records training of a contractor's person (入厂安全教育 first), whom the contractor module has resolved in the
     * actor's scope ({@code person} is that reference); {@code d.employeeId} is ignored.
     */
    @Transactional
    public long recordForContractorPerson(Actor me, Ref person, Draft d) {
        long enterpriseId = Certificates.own(me);
        if (person.enterpriseId() != enterpriseId) throw DomainException.notFound(person.kind().label());
        return insert(me, enterpriseId, null, person.id(), d, new LinkedHashMap<>());
    }

    private long insert(Actor me, long enterpriseId, Long employeeId, Long contractorPersonId, Draft d, Map<String, String> errors) {
        if (d.kind() == null) errors.put("kind", "请选择培训类别");
        Certificates.text(errors, "title", d.title(), "培训内容", 100);
        if (d.hours() == null) errors.put("hours", "请填写学时");
        else if (d.hours().signum() <= 0 || d.hours().compareTo(BigDecimal.valueOf(200)) > 0) errors.put("hours", "学时须大于 0 且不超过 200");
        else if (d.hours().scale() > 1) errors.put("hours", "学时最多保留一位小数");
        if (d.trainedOn() == null) errors.put("trainedOn", "请填写培训日期");
        else if (d.trainedOn().isAfter(LocalDate.now(clock))) errors.put("trainedOn", "培训日期不能晚于今天");
        Certificates.text(errors, "trainer", d.trainer(), "授课人 / 培训机构", 40);
        if (d.passed() == null) errors.put("passed", "请选择考核结果");
        if (!errors.isEmpty()) throw new DomainException(HttpStatus.BAD_REQUEST, errors.values().iterator().next(), errors);
        long id = jdbc.sql("""
                insert into training_record (enterprise_id, employee_id, contractor_person_id, kind, title, hours, trained_on,
                                             trainer, passed, created_by, created_at)
                values (:e, :m, :cp, :k, :ti, :h, :d, :tr, :p, :u, :t) returning id
                """).param("e", enterpriseId).param("m", employeeId).param("cp", contractorPersonId).param("k", d.kind().name()).param("ti", d.title().strip())
                .param("h", d.hours()).param("d", d.trainedOn()).param("tr", d.trainer().strip()).param("p", d.passed())
                .param("u", me.username()).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("登记培训", "training_record", String.valueOf(id),
                d.kind().label + "「" + d.title().strip() + "」" + d.hours().toPlainString() + " 学时，" + (d.passed() ? "合格" : "不合格"),
                enterpriseId, null));
        return id;
    }
}
