package cn.shuangkong.hazard;

import cn.shuangkong.shared.Jurisdiction;
import java.time.ZoneId;

/**
 * The hazard register's published read model (ADR 0024): relations another module composes into its own query instead
 * of naming the register's tables. The rows behind them are kept by triggers in the same transaction as every change
 * (V165), so they agree with the register at every moment. Each relation takes {@code enterprises}, the name of a
 * relation of enterprises in the caller's query with a column {@code id}, and reads only those enterprises' rows.
 */
public final class HazardFacts {

    /** Month buckets are Beijing months, like the reading partitions; another platform zone reads the register. */
    public static final ZoneId BUCKET_ZONE = ZoneId.of("Asia/Shanghai");

    private HazardFacts() { }

    /**
     * Whether the hazard under {@code alias} counts as a hazard found: it entered the loop — neither rejected nor a
     * 随手拍 still awaiting confirmation. The one definition (V300's SQL function, which the month facts' triggers use
     * too) behind every "发现" the platform shows: the 驾驶舱's and 大屏's monthly trend, 隐患统计, the bulletin.
     */
    public static String countsAsFound(String alias) {
        return "hazard_counts_as_found(" + alias + ".state)";
    }

    /**
     * One row per enterprise that has hazards: {@code enterprise_id, open, closed, major_open, major_overdue, overdue,
     * awaiting, last_found_at}. Open is neither closed, rejected nor awaiting confirmation; overdue is the hazard's own
     * flag (kept by the deadline sweep) on one not closed or rejected; awaiting is reported, not yet confirmed.
     */
    public static String perEnterprise(String enterprises) {
        return """
                select f.enterprise_id, f.open, f.closed, f.major_open, f.major_overdue, f.overdue, f.awaiting, f.last_found_at
                  from hazard_facts f join %s on %1$s.id = f.enterprise_id""".formatted(enterprises);
    }

    /**
     * Whether a hazard was found for the enterprise from {@code :since} on (the other half of 零报告): an SQL condition on
     * {@code enterpriseId}, an expression of the caller's query, probed by key.
     */
    public static String foundSince(String enterpriseId) {
        return "exists (select 1 from hazard_facts fs where fs.enterprise_id = %s and fs.last_found_at >= :since)".formatted(enterpriseId);
    }

    /**
     * The same figures per area of a regulator's scope (ADR 0035): one row per region code among the enterprises the
     * filter keeps ({@link Jurisdiction#areaFilter} with alias {@code a}, parameters bound by the caller):
     * {@code region_code, open, closed, major_open, major_overdue, overdue, awaiting}. Read from the roll-up by region
     * and industry, a few rows per town, whatever the number of enterprises.
     */
    public static String perArea(Jurisdiction.SqlFilter area) {
        return """
                select a.region_code, sum(a.open) as open, sum(a.closed) as closed, sum(a.major_open) as major_open,
                       sum(a.major_overdue) as major_overdue, sum(a.overdue) as overdue, sum(a.awaiting) as awaiting
                  from hazard_area_facts a where\s""" + area.sql() + " group by a.region_code";
    }

    /**
     * {@link #perMonth} over an area of a regulator's scope ({@link Jurisdiction#areaFilter} with alias {@code a}): from
     * the roll-up by region and industry; in another platform zone from the register, over {@code enterprises} (the
     * same scope as a relation of enterprises).
     */
    public static String perMonth(String enterprises, Jurisdiction.SqlFilter area, ZoneId zone) {
        if (!BUCKET_ZONE.equals(zone)) return perMonth(enterprises, zone);
        return """
                select a.month, sum(a.found) as found, sum(a.major_found) as major_found, sum(a.closed) as closed
                  from hazard_area_month_facts a where a.month >= :first and\s""" + area.sql() + " group by a.month";
    }

    /**
     * Per month since {@code :first} (a date, the first of a month; {@code :from} is the same moment as a timestamp):
     * {@code month} (date), {@code found} ({@link #countsAsFound}), {@code major_found}, {@code closed} (by the month closed).
     */
    public static String perMonth(String enterprises, ZoneId zone) {
        if (BUCKET_ZONE.equals(zone)) {
            return """
                    select f.month, sum(f.found) as found, sum(f.major_found) as major_found, sum(f.closed) as closed
                      from hazard_month_facts f join %s on %1$s.id = f.enterprise_id
                     where f.month >= :first group by f.month""".formatted(enterprises);
        }
        // A zone id is letters, digits and / _ + - : only, so it can stand in the text.
        return """
                select month, sum(found) as found, sum(major_found) as major_found, sum(closed) as closed from (
                  select date_trunc('month', h.found_at at time zone '%2$s')::date as month, 1 as found,
                         (h.level = 'MAJOR')::int as major_found, 0 as closed
                    from hazard h join %1$s on %1$s.id = h.enterprise_id where h.found_at >= :from and %3$s
                  union all
                  select date_trunc('month', h.closed_at at time zone '%2$s')::date, 0, 0, 1
                    from hazard h join %1$s on %1$s.id = h.enterprise_id where h.closed_at >= :from and h.state = 'CLOSED') m
                 group by month""".formatted(enterprises, zone.getId(), countsAsFound("h"));
    }

    /**
     * Open 重大隐患 (not closed, rejected or awaiting confirmation), overdue first, then by deadline, at most
     * {@code :limit}: {@code id, title, enterprise_id, deadline} (the 整改期限 in force: a granted extension has already
     * moved it, a requested one has not — {@code extension_deadline} is only the date asked for){@code , overdue,
     * supervised, state}.
     */
    public static String openMajor(String enterprises) {
        return """
                select h.id, h.title, h.enterprise_id, h.deadline, h.overdue, h.supervised, h.state
                  from hazard h join %s on %1$s.id = h.enterprise_id
                 where h.level = 'MAJOR' and h.state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION')
                 order by h.overdue desc, h.deadline nulls last, h.id
                 limit :limit""".formatted(enterprises);
    }

    /**
     * One row per hazard, the register's published columns (ADR 0041): {@code id, enterprise_id, risk_point_id, title,
     * description, location, level} ({@code GENERAL} / {@code MAJOR}){@code , state} (a {@link HazardState} name)
     * {@code , overdue} (past its 整改期限, the hazard's own flag kept by the deadline sweep){@code , deadline} (the
     * original 整改期限){@code , responsible, supervision_doc_no, found_at, rectified_at, accepted_at, closed_at},
     * {@code confirmed} (neither rejected nor awaiting confirmation: a hazard that counts) and {@code rectified} (closed,
     * or rectified and awaiting the regulator's 销号). The caller filters it; PostgreSQL folds it into the caller's
     * query, so a filter on {@code id}, {@code enterprise_id} or {@code found_at} uses the register's indexes (and one
     * on {@code enterprise_id} with {@code state not in ('CLOSED', 'REJECTED', 'PENDING_CONFIRMATION')} the open
     * hazards' partial index).
     */
    public static String hazards() {
        return """
                select h.id, h.enterprise_id, h.risk_point_id, h.title, h.description, h.location, h.level, h.state, h.overdue,
                       h.deadline, h.responsible, h.supervision_doc_no, h.found_at, h.rectified_at, h.accepted_at, h.closed_at,
                       %s as confirmed,
                       h.state in ('CLOSED', 'AWAITING_REGULATOR') as rectified
                  from hazard h""".formatted(countsAsFound("h"));
    }

    /**
     * 存在隐患情况 per risk point: {@code risk_point_id, enterprise_id, titles}, the titles of the point's open hazards
     * (confirmed, not yet closed) in the order they were registered, joined by "；", a 重大隐患's marked "（重大隐患）".
     * What the risk register's documents and a town's 风险清单 print beside each point. The caller filters it by
     * {@code risk_point_id} or {@code enterprise_id}; PostgreSQL pushes that filter under the grouping.
     */
    public static String openPerPoint() {
        return """
                select h.risk_point_id, h.enterprise_id,
                       string_agg(h.title || case when h.level = 'MAJOR' then '（重大隐患）' else '' end, '；' order by h.id) as titles
                  from hazard h where h.risk_point_id is not null and h.state not in ('CLOSED', 'REJECTED', 'PENDING_CONFIRMATION')
                 group by h.risk_point_id, h.enterprise_id""";
    }
}
