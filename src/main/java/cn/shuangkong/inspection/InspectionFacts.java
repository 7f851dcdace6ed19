package cn.shuangkong.inspection;

import cn.shuangkong.shared.Jurisdiction;
import java.time.ZoneId;

/**
 * The inspection calendar's published read model (ADR 0024): tasks counted by the Beijing day and month they fall due,
 * kept by triggers in the same transaction as every change of a task (V165). "Due in a window ending now" moves with
 * the clock, so the days before today come from the day buckets and today's tasks, due up to {@code :now}, from the
 * tasks themselves (one day's worth, by the due-time index). Each relation takes {@code enterprises}, the name of a
 * relation of enterprises in the caller's query with a column {@code id}.
 */
public final class InspectionFacts {

    public static final ZoneId BUCKET_ZONE = ZoneId.of("Asia/Shanghai");

    private InspectionFacts() { }

    /**
     * Tasks due from {@code :since} (the start of a day in the platform zone) up to {@code :now}, per enterprise:
     * {@code enterprise_id, done, missed} (overdue){@code , due} (not suspended). Also binds {@code :since_day},
     * {@code :today} (dates) and {@code :today_start} (a timestamp): see {@link #windowParams}.
     */
    public static String window(String enterprises, ZoneId zone) {
        if (BUCKET_ZONE.equals(zone)) {
            return """
                    select x.enterprise_id, sum(x.done) as done, sum(x.missed) as missed, sum(x.due) as due from (
                      select f.enterprise_id, f.done, f.missed, f.due
                        from inspection_task_day_facts f join %1$s on %1$s.id = f.enterprise_id
                       where f.day >= :since_day and f.day < :today
                      union all
                      select t.enterprise_id, (t.status = 'DONE')::int, (t.status = 'OVERDUE')::int, (t.status <> 'SUSPENDED')::int
                        from inspection_task t join %1$s on %1$s.id = t.enterprise_id
                       where t.due_at >= :today_start and t.due_at <= :now) x
                     group by x.enterprise_id""".formatted(enterprises);
        }
        return """
                select t.enterprise_id, count(*) filter (where t.status = 'DONE') as done,
                       count(*) filter (where t.status = 'OVERDUE') as missed, count(*) filter (where t.status <> 'SUSPENDED') as due
                  from inspection_task t join %1$s on %1$s.id = t.enterprise_id
                 where t.due_at >= :since and t.due_at <= :now group by t.enterprise_id""".formatted(enterprises);
    }

    /**
     * {@link #window} per area of a regulator's scope (ADR 0035): {@code region_code, done, missed}, from the roll-up by
     * region and industry ({@link Jurisdiction#areaFilter} with alias {@code a}) for every day of the window, today's
     * included, less today's tasks that are done or missed but fall due only after {@code :now} (done ahead of time: a
     * handful, found by the due-time index among {@code enterprises}, the scope as a relation with {@code id,
     * region_code}). A window of {@link #WINDOW_DAYS} days (from {@code :since_day}, {@code days} before today) is one
     * row per key, today's row of the window roll-up (V237); another length sums the day roll-up. In another platform
     * zone all from the tasks.
     */
    public static String areaWindow(Jurisdiction.SqlFilter area, String enterprises, ZoneId zone, int days) {
        if (!BUCKET_ZONE.equals(zone)) {
            return """
                    select %1$s.region_code, sum(w.done) as done, sum(w.missed) as missed
                      from (%2$s) w join %1$s on %1$s.id = w.enterprise_id group by %1$s.region_code""".formatted(enterprises,
                    window(enterprises, zone));
        }
        return """
                select x.region_code, sum(x.done) as done, sum(x.missed) as missed from (
                  %3$s
                  union all
                  select %1$s.region_code, -(t.status = 'DONE')::int, -(t.status = 'OVERDUE')::int
                    from inspection_task t join %1$s on %1$s.id = t.enterprise_id
                   where t.due_at > :now and t.due_at < :tomorrow_start and t.status in ('DONE', 'OVERDUE')) x
                 group by x.region_code""".formatted(enterprises, area.sql(), days == WINDOW_DAYS
                ? "select a.region_code, a.done, a.missed from inspection_task_area_window_facts a where a.day = :today and " + area.sql()
                : "select a.region_code, a.done, a.missed from inspection_task_area_day_facts a where a.day >= :since_day and a.day <= :today and "
                        + area.sql());
    }

    /**
     * The enterprises among {@code enterprises} that had a task due (not suspended) from {@code :since} up to
     * {@code :now}, as {@code enterprise_id}: the first half of 零报告. Binds what {@link #window} binds.
     */
    public static String dueInWindow(String enterprises, ZoneId zone) {
        return "select %1$s.id as enterprise_id from %1$s where %2$s".formatted(enterprises, dueInWindowOf(enterprises + ".id", zone));
    }

    /**
     * Whether the enterprise had a task due (not suspended) from {@code :since} up to {@code :now}: {@link #dueInWindow}
     * as an SQL condition on {@code enterpriseId}, an expression of the caller's query, probed by key. One {@code exists}
     * over a {@code union all}: two {@code exists} joined by {@code or} let the planner hash the second over every task
     * of today (27 000 on a province) before the first candidate, where a walk in index order needs a few probes.
     */
    public static String dueInWindowOf(String enterpriseId, ZoneId zone) {
        if (!BUCKET_ZONE.equals(zone)) {
            return """
                    exists (select 1 from inspection_task t where t.enterprise_id = %s and t.due_at >= :since and t.due_at <= :now
                               and t.status <> 'SUSPENDED')""".formatted(enterpriseId);
        }
        return """
                exists (select 1 from inspection_task_day_facts f where f.enterprise_id = %1$s and f.day >= :since_day
                           and f.day < :today and f.due > 0
                        union all
                        select 1 from inspection_task t where t.enterprise_id = %1$s and t.due_at >= :today_start
                           and t.due_at <= :now and t.status <> 'SUSPENDED')""".formatted(enterpriseId);
    }

    /** The 零报告 window the roll-up is kept for (V235); a dashboard configured with another decides per enterprise. */
    public static final int ZERO_REPORT_DAYS = 30;

    /** The days before today the task window roll-up (V237) sums, besides today: the dashboard's default window. */
    public static final int WINDOW_DAYS = 30;

    /**
     * Whether {@link #zeroReportPerArea} and its companions answer for a platform in {@code zone} counting 零报告 over
     * {@code days} days: the roll-up is kept in Beijing days for the default window only.
     */
    public static boolean zeroReportRolledUp(ZoneId zone, int days) {
        return BUCKET_ZONE.equals(zone) && days == ZERO_REPORT_DAYS;
    }

    /**
     * 零报告 per area of a regulator's scope (ADR 0037), counted by whole days: {@code region_code, zero_report}, the
     * enterprises that had a task due (not suspended) on a day from {@code :since_day} to yesterday and no hazard found
     * since {@code :since_day} began, summed from the roll-up's difference array up to {@code :today}
     * ({@link Jurisdiction#areaFilter} with alias {@code a}). What whole days miss — an enterprise whose only task of
     * the window fell due today — is {@link #zeroReportFromToday}. Only when {@link #zeroReportRolledUp}.
     */
    public static String zeroReportPerArea(Jurisdiction.SqlFilter area) {
        return """
                select a.region_code, sum(a.delta) as zero_report from inspection_zero_report_area_day_facts a
                 where a.day <= :today and\s""" + area.sql() + " group by a.region_code having sum(a.delta) <> 0";
    }

    /**
     * The enterprises among {@code enterprises} that {@link #zeroReportPerArea} does not count today only because their
     * first task of the window fell due today, already up to {@code :now}: {@code enterprise_id}. Not yet checked
     * against finds: the caller keeps those with no hazard found since {@code :since} (as {@link #dueInWindow}'s
     * callers do). Found among the enterprises whose 零报告 days begin tomorrow, by index: a handful.
     */
    public static String zeroReportFromToday(String enterprises) {
        return """
                select z.enterprise_id from inspection_zero_report_facts z join %1$s on %1$s.id = z.enterprise_id
                 where z.starts @> array[cast(:tomorrow as date)]
                   and exists (select 1 from inspection_task t where t.enterprise_id = z.enterprise_id
                                  and t.due_at >= :today_start and t.due_at <= :now and t.status <> 'SUSPENDED')""".formatted(enterprises);
    }

    /** The enterprises among {@code enterprises} that {@link #zeroReportPerArea} counts today: {@code enterprise_id}. */
    public static String zeroReportCounted(String enterprises) {
        return """
                select z.enterprise_id from inspection_zero_report_facts z join %1$s on %1$s.id = z.enterprise_id
                 where z.days @> cast(:today as date)""".formatted(enterprises);
    }

    /**
     * {@link #perMonth} over an area of a regulator's scope: past months from the month roll-up, this month from the day
     * roll-up up to today's bucket less today's tasks that fall due after {@code :now}, as {@link #areaWindow} does;
     * in another platform zone all from the tasks.
     */
    public static String perMonth(String enterprises, Jurisdiction.SqlFilter area, ZoneId zone) {
        if (!BUCKET_ZONE.equals(zone)) return perMonth(enterprises, zone);
        return """
                select month, sum(done) as done, sum(missed) as missed from (
                  select a.month, a.done, a.missed from inspection_task_area_month_facts a
                   where a.month >= :first and a.month < :month_start and %2$s
                  union all
                  select cast(:month_start as date), a.done, a.missed from inspection_task_area_day_facts a
                   where a.day >= :month_start and a.day <= :today and %2$s
                  union all
                  select cast(:month_start as date), -(t.status = 'DONE')::int, -(t.status = 'OVERDUE')::int
                    from inspection_task t join %1$s on %1$s.id = t.enterprise_id
                   where t.due_at > :now and t.due_at < :tomorrow_start and t.status in ('DONE', 'OVERDUE')) m
                 group by month""".formatted(enterprises, area.sql());
    }

    /**
     * Tasks due per month from {@code :first} (a date, the first of a month; {@code :from} the same moment) up to
     * {@code :now}: {@code month} (date){@code , done, missed}. Past months from the month buckets, this month from the
     * day buckets before today and today's tasks.
     */
    public static String perMonth(String enterprises, ZoneId zone) {
        if (BUCKET_ZONE.equals(zone)) {
            return """
                    select month, sum(done) as done, sum(missed) as missed from (
                      select f.month, f.done, f.missed from inspection_task_month_facts f join %1$s on %1$s.id = f.enterprise_id
                       where f.month >= :first and f.month < :month_start
                      union all
                      select cast(:month_start as date), f.done, f.missed from inspection_task_day_facts f join %1$s on %1$s.id = f.enterprise_id
                       where f.day >= :month_start and f.day < :today
                      union all
                      select cast(:month_start as date), (t.status = 'DONE')::int, (t.status = 'OVERDUE')::int
                        from inspection_task t join %1$s on %1$s.id = t.enterprise_id
                       where t.due_at >= :today_start and t.due_at <= :now) m
                     group by month""".formatted(enterprises);
        }
        return """
                select date_trunc('month', t.due_at at time zone '%2$s')::date as month,
                       count(*) filter (where t.status = 'DONE') as done, count(*) filter (where t.status = 'OVERDUE') as missed
                  from inspection_task t join %1$s on %1$s.id = t.enterprise_id
                 where t.due_at >= :from and t.due_at <= :now group by 1""".formatted(enterprises, zone.getId());
    }

    /** The day boundaries {@link #window} and {@link #perMonth} bind besides the caller's own. */
    public static java.util.Map<String, Object> windowParams(java.time.Clock clock) {
        var today = java.time.LocalDate.now(clock);
        return java.util.Map.of("today", today, "tomorrow", today.plusDays(1), "month_start", today.withDayOfMonth(1),
                "today_start", java.sql.Timestamp.from(today.atStartOfDay(clock.getZone()).toInstant()),
                "tomorrow_start", java.sql.Timestamp.from(today.plusDays(1).atStartOfDay(clock.getZone()).toInstant()));
    }

    /**
     * Tasks due from {@code :from} (inclusive) to {@code :to} (exclusive), exact instants, per enterprise among
     * {@code enterprises}: {@code enterprise_id, due} (not suspended){@code , done}. From the tasks themselves (by the
     * due-time index), for windows that do not start at a day boundary (the alert rules', ADR 0041).
     */
    public static String dueBetween(String enterprises) {
        return """
                select t.enterprise_id, count(*) as due, count(*) filter (where t.status = 'DONE') as done
                  from inspection_task t join %1$s on %1$s.id = t.enterprise_id
                 where t.due_at >= :from and t.due_at < :to and t.status <> 'SUSPENDED'
                 group by t.enterprise_id""".formatted(enterprises);
    }

    /**
     * One row per submitted inspection record (records never change once submitted): {@code id, enterprise_id,
     * risk_point_id, inspector} (the account){@code , inspector_name, checked_in_at, submitted_at, latitude, longitude}
     * and {@code answers}, how many task answers it holds. The caller filters it; PostgreSQL folds it into the caller's
     * query (the answer count is computed only when selected).
     */
    public static String records() {
        return """
                select r.id, r.enterprise_id, r.risk_point_id, r.inspector, r.inspector_name, r.checked_in_at, r.submitted_at,
                       r.latitude, r.longitude, (select count(*) from inspection_answer a where a.record_id = r.id) as answers
                  from inspection_record r""";
    }

    /** The answers given with a photo as evidence: {@code record_id, photo_id} (a stored file's id). */
    public static String answerPhotos() {
        return "select a.record_id, a.photo_id from inspection_answer a where a.photo_id is not null";
    }

    /**
     * One row per task of the inspection calendar: {@code id, enterprise_id, risk_point_id, due_at, status} (one of
     * {@code PENDING, DONE, OVERDUE, SUSPENDED}). The caller filters it; PostgreSQL folds it into the caller's query,
     * so a filter on {@code enterprise_id} and {@code due_at} uses the due-time index.
     */
    public static String tasks() {
        return "select t.id, t.enterprise_id, t.risk_point_id, t.due_at, t.status from inspection_task t";
    }
}
