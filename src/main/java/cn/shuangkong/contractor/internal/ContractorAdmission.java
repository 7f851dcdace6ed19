package cn.shuangkong.contractor.internal;

import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.training.TrainingRecords;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Why a contractor, or one of its people, may not work on an enterprise's site on a day: the reasons that
 * {@code Contractors.requireAdmissible} refuses new work with and that the register's pages list. The enterprise id is
 * the caller's, already resolved in its own scope; a contractor or person of another enterprise is unknown (404).
 */
@Repository
public class ContractorAdmission {

    private final JdbcClient jdbc;
    private final TrainingRecords trainings;

    ContractorAdmission(JdbcClient jdbc, TrainingRecords trainings) {
        this.jdbc = jdbc;
        this.trainings = trainings;
    }

    private record Contractor(String name, String state) { }

    /** A current 黑名单 listing of a contractor. */
    private record Listing(String reason, LocalDate listedOn) { }

    private record Person(long contractorId, String name) { }

    private static final RowMapper<Contractor> CONTRACTORS = Rows.of(Contractor.class);

    private static final RowMapper<Listing> LISTINGS = Rows.of(Listing.class);

    private static final RowMapper<Person> PEOPLE = Rows.of(Person.class);

    /**
     * Why the contractor may not be given new work on {@code day} (empty: it may), in Chinese, most serious first;
     * a contractor unknown at the enterprise → 404.
     */
    public List<String> refusals(long enterpriseId, long contractorId, LocalDate day) {
        var c = jdbc.sql("select name, state from contractor where id = :id and enterprise_id = :e")
                .param("id", contractorId).param("e", enterpriseId)
                .query(CONTRACTORS).optional()
                .orElseThrow(() -> DomainException.notFound("承包商"));
        List<String> reasons = new ArrayList<>();
        jdbc.sql("select reason, listed_on from contractor_blacklist where contractor_id = :id and lifted_on is null")
                .param("id", contractorId)
                .query(LISTINGS).optional()
                .map(l -> "承包商「" + c.name() + "」已于 " + l.listedOn() + " 列入承包商黑名单（" + l.reason() + "），不得承揽新的作业")
                .ifPresent(reasons::add);
        if ("ENDED".equals(c.state())) reasons.add("与承包商「" + c.name() + "」的合作已终止");
        List<String> lapsed = jdbc.sql("""
                select q.kind || '（编号 ' || q.number || '）已于 ' || q.valid_until || ' 过期'
                  from contractor_qualification q
                 where q.contractor_id = :id
                   and q.valid_until = (select max(o.valid_until) from contractor_qualification o where o.contractor_id = q.contractor_id and o.kind = q.kind)
                   and q.valid_until < :d
                 order by q.valid_until, q.kind
                """).param("id", contractorId).param("d", day).query(String.class).list();
        lapsed.forEach(l -> reasons.add("承包商「" + c.name() + "」的资质 " + l));
        boolean anyQualification = jdbc.sql("select count(*) from contractor_qualification where contractor_id = :id")
                .param("id", contractorId).query(Long.class).single() > 0;
        if (!anyQualification) reasons.add("承包商「" + c.name() + "」未登记任何资质");
        return reasons;
    }

    /** Why the person may not work on the site on {@code day} (empty: they may). */
    public List<String> personRefusals(long enterpriseId, long personId, LocalDate day) {
        var p = jdbc.sql("select contractor_id, name from contractor_person where id = :id and enterprise_id = :e")
                .param("id", personId).param("e", enterpriseId)
                .query(PEOPLE).optional()
                .orElseThrow(() -> DomainException.notFound("承包商人员"));
        List<String> reasons = new ArrayList<>(refusals(enterpriseId, p.contractorId(), day));
        List<String> missing = new ArrayList<>();
        if (!trainings.contractorPeopleWithEntryTraining(enterpriseId, day).contains(personId)) missing.add("未通过入厂安全教育");
        boolean briefed = jdbc.sql("select count(*) from contractor_briefing where person_id = :p and briefed_on <= :d")
                .param("p", personId).param("d", day).query(Long.class).single() > 0;
        if (!briefed) missing.add("未接受入厂安全交底");
        if (!missing.isEmpty()) reasons.add(p.name() + String.join("、", missing) + "，不得入厂作业");
        return reasons;
    }
}
