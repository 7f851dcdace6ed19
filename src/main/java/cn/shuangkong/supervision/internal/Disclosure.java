package cn.shuangkong.supervision.internal;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.PageResult;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * 执法信息公示: what the law makes public about enforcement, for anyone without signing in — enforcement decisions (the
 * 指令书 issued: enterprise, credit code, department, number, what was wrong and under which rule), the 黑名单 (listings
 * in force and removals, with dates and reasons) and the year's 双随机 results. Deliberately no people: no inspectors,
 * no principals, no phones, no proposers or approvers — an enterprise's name and credit code are public by law, a
 * person's name is not.
 */
@Component
public class Disclosure {

    /** An enforcement decision: a 责令限期整改指令书 and, once reviewed, its outcome. */
    public record Decision(long id, String enterpriseName, String creditCode, String regionName, String departmentName,
                           LocalDate inspectedOn, String orderNo, String findings, String reviewNo, int closed, int escalated) {
        public String outcome() {
            if (reviewNo == null) return "整改期限内";
            return escalated == 0 ? "复查合格（" + reviewNo + "）" : closed + " 项合格，" + escalated + " 项逾期未整改已依法处理（" + reviewNo + "）";
        }
    }

    /** A 黑名单 listing, in force or removed. */
    public record Listing(long id, String enterpriseName, String creditCode, String regionName, String departmentName,
                          String reason, LocalDate startDate, LocalDate endDate, String state, LocalDate removedOn,
                          String removalReason) {
        public String stateLabel(LocalDate today) {
            if ("REMOVED".equals(state)) return "已移出";
            return endDate != null && endDate.isBefore(today) ? "已期满" : "列入中";
        }
    }

    /** One enterprise drawn in a 双随机 draw, and what its inspection found. */
    public record DrawResult(long drawId, LocalDate drawnOn, String departmentName, String note, String enterpriseName,
                             String creditCode, String regionName, String orderNo, Integer findings, LocalDate inspectedOn) {
        public String result() {
            if (inspectedOn == null) return "尚未检查";
            if (findings == null || findings == 0) return "未发现问题";
            return "发现问题 " + findings + " 项，已责令限期整改" + (orderNo == null ? "" : "（" + orderNo + "）");
        }
    }

    /** Organization's published relations, composed into each statement: the names and codes it prints (ADR 0041). */
    private static final String ENTERPRISES = "(" + OrganizationFacts.enterprises() + ")",
            REGIONS = "(" + OrganizationFacts.regions() + ")", DEPARTMENTS = "(" + OrganizationFacts.departments() + ")";

    private final JdbcClient jdbc;
    private final Clock clock;

    Disclosure(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Regions are filtered by GB/T 2260 prefix of a town or the whole city; a blank region means everywhere. */
    private static String prefix(String regionCode) {
        return regionCode == null || regionCode.isBlank() ? "" : cn.shuangkong.shared.Jurisdiction.regionPrefix(regionCode.strip());
    }

    public PageResult<Decision> decisions(String regionCode, int year, PageResult.Request page) {
        String where = """
                 from enforcement_inspection x join %1$s e on e.id = x.enterprise_id join %2$s rg on rg.code = e.region_code
                 join %3$s d on d.id = x.department_id
                where x.order_no is not null and e.region_code like :p and x.inspected_on >= :from and x.inspected_on < :to
                """.formatted(ENTERPRISES, REGIONS, DEPARTMENTS);
        long total = jdbc.sql("select count(*)" + where).param("p", prefix(regionCode) + "%")
                .param("from", LocalDate.of(year, 1, 1)).param("to", LocalDate.of(year + 1, 1, 1)).query(Long.class).single();
        var items = jdbc.sql("""
                select x.id, e.name as enterprise_name, e.credit_code, rg.name as region_name, d.name as department_name,
                       x.inspected_on, x.order_no,
                       (select string_agg(f.title || coalesce('（违反' || f.basis || '）', ''), '；' order by f.id)
                          from enforcement_finding f where f.inspection_id = x.id) as findings,
                       x.review_no,
                       (select count(*) from enforcement_finding f where f.inspection_id = x.id and f.state = 'CLOSED')::int as closed,
                       (select count(*) from enforcement_finding f where f.inspection_id = x.id and f.state = 'ESCALATED')::int as escalated
                """ + where + " order by x.inspected_on desc, x.id desc limit :lim offset :off")
                .param("p", prefix(regionCode) + "%").param("from", LocalDate.of(year, 1, 1)).param("to", LocalDate.of(year + 1, 1, 1))
                .param("lim", page.size()).param("off", page.offset()).query(Decision.class).list();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    /** Listings that started or ended (were removed) in the year; proposals and refusals are not decisions and stay internal. */
    public PageResult<Listing> blacklist(String regionCode, int year, PageResult.Request page) {
        ZoneId zone = clock.getZone();
        Instant from = LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant(), to = LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toInstant();
        String where = """
                 from blacklist_entry b join %1$s e on e.id = b.enterprise_id join %2$s rg on rg.code = e.region_code
                 left join %3$s d on d.id = b.department_id
                where b.state in ('ACTIVE','REMOVED') and b.start_date is not null and e.region_code like :p
                  and ((b.start_date >= :fromDay and b.start_date < :toDay) or (b.removed_at >= :from and b.removed_at < :to)
                       or (b.state = 'ACTIVE' and b.start_date < :toDay and b.end_date >= :fromDay))
                """.formatted(ENTERPRISES, REGIONS, DEPARTMENTS);
        var params = new java.util.HashMap<String, Object>();
        params.put("p", prefix(regionCode) + "%");
        params.put("fromDay", LocalDate.of(year, 1, 1));
        params.put("toDay", LocalDate.of(year + 1, 1, 1));
        params.put("from", java.sql.Timestamp.from(from));
        params.put("to", java.sql.Timestamp.from(to));
        long total = jdbc.sql("select count(*)" + where).params(params).query(Long.class).single();
        var items = jdbc.sql("""
                select b.id, e.name as enterprise_name, e.credit_code, rg.name as region_name, d.name as department_name, b.reason,
                       b.start_date, b.end_date, b.state, (b.removed_at at time zone :zone)::date as removed_on, b.removal_reason
                """ + where + " order by coalesce(b.removed_at, b.decided_at) desc, b.id desc limit :lim offset :off")
                .params(params).param("zone", zone.getId()).param("lim", page.size()).param("off", page.offset())
                .query(Listing.class).list();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    public PageResult<DrawResult> draws(String regionCode, int year, PageResult.Request page) {
        ZoneId zone = clock.getZone();
        String where = """
                 from random_draw r join random_draw_pick p on p.draw_id = r.id join %3$s d on d.id = r.department_id
                 join %1$s e on e.id = p.enterprise_id join %2$s rg on rg.code = e.region_code
                 left join lateral (select x.order_no, x.inspected_on,
                                           (select count(*) from enforcement_finding f where f.inspection_id = x.id)::int as findings
                                      from enforcement_inspection x where x.draw_id = r.id and x.enterprise_id = p.enterprise_id
                                     order by x.id limit 1) x on true
                where e.region_code like :p and r.drawn_at >= :from and r.drawn_at < :to
                """.formatted(ENTERPRISES, REGIONS, DEPARTMENTS);
        var from = java.sql.Timestamp.from(LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant());
        var to = java.sql.Timestamp.from(LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toInstant());
        long total = jdbc.sql("select count(*)" + where).param("p", prefix(regionCode) + "%").param("from", from).param("to", to)
                .query(Long.class).single();
        var items = jdbc.sql("""
                select r.id as draw_id, (r.drawn_at at time zone :zone)::date as drawn_on, d.name as department_name, r.note,
                       e.name as enterprise_name, e.credit_code, rg.name as region_name, x.order_no, x.findings, x.inspected_on
                """ + where + " order by r.drawn_at desc, p.seq limit :lim offset :off")
                .param("p", prefix(regionCode) + "%").param("from", from).param("to", to).param("zone", zone.getId())
                .param("lim", page.size()).param("off", page.offset()).query(DrawResult.class).list();
        return new PageResult<>(items, total, page.page(), page.size());
    }
}
