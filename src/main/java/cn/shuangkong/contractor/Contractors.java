package cn.shuangkong.contractor;

import cn.shuangkong.contractor.internal.ContractorAdmission;
import cn.shuangkong.shared.DomainException;
import java.time.LocalDate;
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
 * The reasons themselves are {@link ContractorAdmission}'s, which the register's pages list too.
 */
@Service
public class Contractors {

    /** A contractor working on the site on a day, with the number of its people registered there. */
    public record OnSite(long contractorId, String name, int people) { }

    private final JdbcClient jdbc;
    private final ContractorAdmission admission;

    Contractors(JdbcClient jdbc, ContractorAdmission admission) {
        this.jdbc = jdbc;
        this.admission = admission;
    }

    /** Refuses, with the reason in Chinese, a contractor that may not be given new work on {@code day}; unknown → 404. */
    public void requireAdmissible(long enterpriseId, long contractorId, LocalDate day) {
        List<String> reasons = admission.refusals(enterpriseId, contractorId, day);
        if (!reasons.isEmpty()) throw new DomainException(HttpStatus.CONFLICT, String.join("；", reasons), null);
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

}
