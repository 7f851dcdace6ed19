package cn.shuangkong.exchange;

import cn.shuangkong.risk.RiskFacts;

/**
 * What the platform received from lower platforms and enterprise systems, published in the shape of the owning modules'
 * read models (ADR 0024, ADR 0032) so that the 驾驶舱 and the 重大风险清单 count it alongside the platform's own records.
 * The per-enterprise rows are kept by triggers in the transaction of each received batch (V210). Each relation takes
 * {@code enterprises}, the name of a relation of enterprises in the caller's query with a column {@code id}.
 *
 * <p>Each enterprise is counted once (ADR 0044): every relation here leaves out the enterprises that keep their own
 * register on this platform ({@link #counted}), so that no reader can add a city's copy to the province's own records.
 */
public final class ExchangeFacts {

    private ExchangeFacts() { }

    /**
     * Like {@code RiskFacts.perEnterprise} and {@code HazardFacts.perEnterprise} together: {@code enterprise_id, points,
     * major_risks, orange, yellow, blue, unassessed, top_level, open, closed, major_open, major_overdue, overdue,
     * last_found_at}. Open is 隐患状态 0 or 1 (not 销号); overdue is open with its 整改期限 before {@code :now}.
     */
    public static String perEnterprise(String enterprises) {
        return """
                select f.enterprise_id, f.points, f.major_risks, f.orange, f.yellow, f.blue, f.unassessed, f.top_level,
                       f.open, f.closed, f.major_open, coalesce(o.major_overdue, 0) as major_overdue,
                       coalesce(o.overdue, 0) as overdue, f.last_found_at
                  from exchange_received_facts f join %1$s on %1$s.id = f.enterprise_id
                  left join (select h.enterprise_id, count(*) as overdue,
                                    count(*) filter (where h.payload->>'dangerLevel' = '1') as major_overdue
                               from exchange_received h join %1$s on %1$s.id = h.enterprise_id
                              where h.entity = 'hazard' and not h.deleted and h.payload->>'dangerState' <> '9'
                                and %2$s < :now
                              group by h.enterprise_id) o on o.enterprise_id = f.enterprise_id
                 where %3$s""".formatted(enterprises, deadline("h"), counted("f.enterprise_id"));
    }

    /**
     * Who reported what {@link #perEnterprise} counts: {@code enterprise_id, sources} (the senders' names, joined by 、),
     * one row per enterprise that {@code perEnterprise} has. The received rows are read only for those enterprises (a
     * province's few report-only ones), not for every enterprise among them.
     */
    public static String senders(String enterprises) {
        return """
                select f.enterprise_id,
                       (select string_agg(distinct s.name, '、' order by s.name) from exchange_received h
                          join exchange_sender s on s.id = h.sender_id
                         where h.enterprise_id = f.enterprise_id and not h.deleted
                           and h.entity in ('object', 'unit', 'event', 'hazard')) as sources
                  from exchange_received_facts f join %1$s on %1$s.id = f.enterprise_id
                 where %2$s""".formatted(enterprises, counted("f.enterprise_id"));
    }

    /** Like {@code HazardFacts.perMonth}: {@code month, found, major_found, closed} per month since {@code :first}. */
    public static String perMonth(String enterprises) {
        return """
                select f.month, sum(f.found) as found, sum(f.major_found) as major_found, sum(f.closed) as closed
                  from exchange_received_month_facts f join %s on %1$s.id = f.enterprise_id
                 where f.month >= :first and %2$s group by f.month""".formatted(enterprises, counted("f.enterprise_id"));
    }

    /**
     * Received 重大隐患 in every state: {@code record_id} (the sender's UUID){@code , title, enterprise_id, found_at}
     * (登记时间){@code , registrant, liable_person} (names as the sender wrote them){@code , deadline} (date){@code ,
     * overdue} (open and past its deadline at {@code :now}){@code , state} (0 整改中, 1 待验收, 9 已销号){@code , source}
     * (the sender's name).
     */
    public static String majorHazards(String enterprises) {
        return """
                select h.uuid::text as record_id, h.payload->>'dangerName' as title, h.enterprise_id,
                       (h.payload->>'registTime')::timestamp at time zone 'Asia/Shanghai' as found_at,
                       h.payload->>'registrant' as registrant, h.payload->>'liablePerson' as liable_person,
                       (h.payload->>'dangerManageDeadline')::timestamp::date as deadline,
                       coalesce(h.payload->>'dangerState' <> '9' and %2$s < :now, false) as overdue, -- no 整改期限 sent: not overdue
                       h.payload->>'dangerState' as state,
                       s.name as source
                  from exchange_received h join %1$s on %1$s.id = h.enterprise_id join exchange_sender s on s.id = h.sender_id
                 where h.entity = 'hazard' and not h.deleted and h.payload->>'dangerLevel' = '1' and %3$s""".formatted(
                enterprises, deadline("h"), counted("h.enterprise_id"));
    }

    /**
     * Open received 重大隐患, overdue first, at most {@code :limit}: {@code record_id, title, enterprise_id, deadline,
     * overdue, state} (0 整改中, 1 待验收){@code , source}, as in {@link #majorHazards}.
     */
    public static String openMajor(String enterprises) {
        return """
                select h.record_id, h.title, h.enterprise_id, h.deadline, h.overdue, h.state, h.source
                  from (%s) h where h.state <> '9'
                 order by h.overdue desc, h.deadline nulls last, h.record_id
                 limit :limit""".formatted(majorHazards(enterprises));
    }

    /**
     * Received 风险分析对象 at 重大风险 (their own 风险等级, else their events' highest), ordered by enterprise and code:
     * {@code record_id, code, name, kind_label, enterprise_id, org_unit_name} (the units' 责任部门){@code , event_count,
     * measure_count, source}. Reads the rows, not the counts: it lists the red points the counts count.
     */
    public static String majorObjects(String enterprises) {
        return """
                select o.record_id, o.code, o.name, o.kind_label, o.enterprise_id, o.org_unit_name, o.event_count,
                       o.measure_count, o.source
                  from (select o.uuid::text as record_id, o.payload->>'hazardCode' as code,
                               o.payload->>'riskAnalysisObjectName' as name, o.payload->>'riskAnalysisObjectType' as kind_label,
                               o.enterprise_id, s.name as source,
                               coalesce(nullif(o.payload->>'riskClass', '')::int, min(nullif(ev.payload->>'riskClass', '')::int)) as level,
                               string_agg(distinct u.payload->>'hazardDep', '、') as org_unit_name,
                               count(distinct ev.uuid) as event_count, count(distinct m.uuid) as measure_count
                          from exchange_received o join %1$s on %1$s.id = o.enterprise_id
                          join exchange_sender s on s.id = o.sender_id
                          left join exchange_received u on u.enterprise_id = o.enterprise_id and u.entity = 'unit' and not u.deleted
                                and u.payload->>'hazardCode' = o.payload->>'hazardCode'
                          left join exchange_received ev on ev.enterprise_id = o.enterprise_id and ev.entity = 'event' and not ev.deleted
                                and ev.payload->>'riskUnitId' = u.uuid::text
                          left join exchange_received m on m.enterprise_id = o.enterprise_id and m.entity = 'measure' and not m.deleted
                                and m.payload->>'riskEventId' = ev.uuid::text
                         where o.entity = 'object' and not o.deleted and %2$s
                           and coalesce(nullif(o.payload->>'riskClass', ''), '1') = '1' -- another level of its own: not red
                         group by o.uuid, o.payload, o.enterprise_id, s.name) o
                 where o.level = 1""".formatted(enterprises, counted("o.enterprise_id"));
    }

    /**
     * Whether what was received for an enterprise counts in this platform's figures and lists: an SQL condition on
     * {@code enterpriseId}. Not when the enterprise keeps its own register here — its records here are the first-hand
     * ones, and a lower platform's copy of the same enterprise would count it twice (ADR 0044).
     */
    public static String counted(String enterpriseId) {
        return "not " + RiskFacts.registerKept(enterpriseId);
    }

    /** A received 整改期限 as an instant: the model's local time is Beijing's. */
    private static String deadline(String alias) {
        return "((%s.payload->>'dangerManageDeadline')::timestamp at time zone 'Asia/Shanghai')".formatted(alias);
    }
}
