package cn.shuangkong.contractor;

import cn.shuangkong.shared.DomainException;
import cn.shuangkong.training.TrainingRecords;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The contractor rules other modules rely on. A contractor may be given new work (a permit names it) only while it is
 * not on the enterprise's contractor blacklist, its cooperation has not ended, and it holds a current 资质 of every
 * kind it registered (the latest of a kind counts, so a renewal replaces the lapsed one); one of its people may work
 * on the site only when, besides, they passed the 入厂安全教育 and received the 入厂 safety briefing.
 * The enterprise id is the caller's, already resolved in its own scope; a contractor of another enterprise is unknown.
 */
@Service
public class Contractors {

    /** A contractor working on the site on a day, with the number of its people registered there. */
    public record OnSite(long contractorId, String name, int people) { }

    private final JdbcClient jdbc;
    private final TrainingRecords trainings;

    Contractors(JdbcClient jdbc, TrainingRecords trainings) {
        this.jdbc = jdbc;
        this.trainings = trainings;
    }

    /** Refuses, with the reason in Chinese, a contractor that may not be given new work on {@code day}; unknown → 404. */
    public void requireAdmissible(long enterpriseId, long contractorId, LocalDate day) {
        List<String> reasons = refusals(enterpriseId, contractorId, day);
        if (!reasons.isEmpty()) throw new DomainException(HttpStatus.CONFLICT, String.join("；", reasons), null);
    }

    /**
     * Why the contractor may not be given new work on {@code day} (empty: it may), in Chinese, most serious first;
     * a contractor unknown at the enterprise → 404.
     */
    public List<String> refusals(long enterpriseId, long contractorId, LocalDate day) {
        var c = jdbc.sql("select name, state from contractor where id = :id and enterprise_id = :e")
                .param("id", contractorId).param("e", enterpriseId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional()
                .orElseThrow(() -> DomainException.notFound("承包商"));
        List<String> reasons = new ArrayList<>();
        jdbc.sql("select reason, listed_on from contractor_blacklist where contractor_id = :id and lifted_on is null")
                .param("id", contractorId)
                .query((rs, n) -> "承包商「" + c[0] + "」已于 " + rs.getDate(2).toLocalDate() + " 列入承包商黑名单（" + rs.getString(1) + "），不得承揽新的作业")
                .optional().ifPresent(reasons::add);
        if ("ENDED".equals(c[1])) reasons.add("与承包商「" + c[0] + "」的合作已终止");
        List<String> lapsed = jdbc.sql("""
                select q.kind || '（编号 ' || q.number || '）已于 ' || q.valid_until || ' 过期'
                  from contractor_qualification q
                 where q.contractor_id = :id
                   and q.valid_until = (select max(o.valid_until) from contractor_qualification o where o.contractor_id = q.contractor_id and o.kind = q.kind)
                   and q.valid_until < :d
                 order by q.valid_until, q.kind
                """).param("id", contractorId).param("d", day).query(String.class).list();
        lapsed.forEach(l -> reasons.add("承包商「" + c[0] + "」的资质 " + l));
        boolean anyQualification = jdbc.sql("select count(*) from contractor_qualification where contractor_id = :id")
                .param("id", contractorId).query(Long.class).single() > 0;
        if (!anyQualification) reasons.add("承包商「" + c[0] + "」未登记任何资质");
        return reasons;
    }

    /**
     * Refuses one of a contractor's people who may not work on the site on {@code day}: their contractor's refusals,
     * then a missing 入厂安全教育 or 入厂 safety briefing; a person unknown at the enterprise → 404.
     */
    public void requirePersonAdmissible(long enterpriseId, long personId, LocalDate day) {
        List<String> reasons = personRefusals(enterpriseId, personId, day);
        if (!reasons.isEmpty()) throw new DomainException(HttpStatus.CONFLICT, String.join("；", reasons), null);
    }

    /** Why the person may not work on the site on {@code day} (empty: they may). */
    public List<String> personRefusals(long enterpriseId, long personId, LocalDate day) {
        var p = jdbc.sql("select contractor_id, name from contractor_person where id = :id and enterprise_id = :e")
                .param("id", personId).param("e", enterpriseId)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).optional()
                .orElseThrow(() -> DomainException.notFound("承包商人员"));
        List<String> reasons = new ArrayList<>(refusals(enterpriseId, (Long) p[0], day));
        List<String> missing = new ArrayList<>();
        if (!trainings.contractorPeopleWithEntryTraining(enterpriseId, day).contains(personId)) missing.add("未通过入厂安全教育");
        boolean briefed = jdbc.sql("select count(*) from contractor_briefing where person_id = :p and briefed_on <= :d")
                .param("p", personId).param("d", day).query(Long.class).single() > 0;
        if (!briefed) missing.add("未接受入厂安全交底");
        if (!missing.isEmpty()) reasons.add(p[1] + String.join("、", missing) + "，不得入厂作业");
        return reasons;
    }

    /** The contractor's name, if it is one of the enterprise's. */
    public Optional<String> nameOf(long enterpriseId, long contractorId) {
        return jdbc.sql("select name from contractor where id = :id and enterprise_id = :e")
                .param("id", contractorId).param("e", enterpriseId).query(String.class).optional();
    }

    /**
     * The contractors on the enterprise's site on {@code day} (the 承诺公告's 承包商在场): cooperating, not blacklisted,
     * and within their registered 进场–离场 period.
     */
    public List<OnSite> onSite(long enterpriseId, LocalDate day) {
        return jdbc.sql("""
                select c.id as contractor_id, c.name, (select count(*) from contractor_person p where p.contractor_id = c.id) as people
                  from contractor c
                 where c.enterprise_id = :e and c.state = 'ACTIVE'
                   and c.on_site_from is not null and c.on_site_from <= :d and (c.on_site_until is null or c.on_site_until >= :d)
                   and not exists (select 1 from contractor_blacklist b where b.contractor_id = c.id and b.lifted_on is null)
                 order by c.name, c.id
                """).param("e", enterpriseId).param("d", day).query(OnSite.class).list();
    }

    /** How many contractor people are on the site on {@code day}: the figure the 承诺公告 asks for. */
    public int peopleOnSite(long enterpriseId, LocalDate day) {
        return onSite(enterpriseId, day).stream().mapToInt(OnSite::people).sum();
    }
}
