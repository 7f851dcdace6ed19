package cn.shuangkong.inspection;

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
        return java.util.Map.of("today", today, "month_start", today.withDayOfMonth(1),
                "today_start", java.sql.Timestamp.from(today.atStartOfDay(clock.getZone()).toInstant()));
    }
}
