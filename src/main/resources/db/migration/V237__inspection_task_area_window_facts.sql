-- The 30-day task window per area, kept as one row per key and day (ADR 0037, "The task window"). Issue 12, item 7.
-- A snapshot summed 31 day rows per key (≈ 111 000 rows at province); it now reads one per key: the row of today,
-- holding the sum of the day roll-up over [day - 30, day]. Kept exact from the day roll-up itself: every change of
-- it is a pending row appended to inspection_task_area_day_facts (by the day facts' trigger, an enterprise's move,
-- or anything else), and each such row is added here to the 31 days whose window it falls in. Compaction only folds
-- pending rows into settled ones and the rebuild writes settled rows, so neither changes a sum and neither is copied.
create table inspection_task_area_window_facts (
    region_code   varchar(12) not null,
    industry_code varchar(8)  not null,
    day           date        not null,
    pending       boolean     not null default true,
    done          integer     not null default 0,
    missed        integer     not null default 0
);
create unique index inspection_task_area_window_facts_key on inspection_task_area_window_facts (region_code, industry_code, day)
    where not pending;
-- The reader asks for one day and a region prefix: a city reads its own keys only, from the index alone.
create index inspection_task_area_window_facts_day on inspection_task_area_window_facts (day, region_code varchar_pattern_ops)
    include (industry_code, done, missed);

create function inspection_task_area_window_trigger() returns trigger language plpgsql as $$
begin
    insert into inspection_task_area_window_facts (region_code, industry_code, day, done, missed)
    select n.region_code, n.industry_code, n.day + k, sum(n.done), sum(n.missed)
      from new_rows n, generate_series(0, 30) k
     where n.pending and (n.done <> 0 or n.missed <> 0)
     group by 1, 2, 3
    having sum(n.done) <> 0 or sum(n.missed) <> 0;
    return null;
end $$;

create trigger inspection_task_area_window_ins after insert on inspection_task_area_day_facts referencing new table as new_rows
    for each statement execute function inspection_task_area_window_trigger();

create function inspection_task_area_window_rebuild() returns void language sql as $$
    delete from inspection_task_area_window_facts;
    -- a dense run of days per key, so that 31 rows of the frame are 31 days
    with d as (select region_code, industry_code, day, sum(done) as done, sum(missed) as missed
                 from inspection_task_area_day_facts group by 1, 2, 3),
         k as (select region_code, industry_code, min(day) as lo, max(day) + 30 as hi from d group by 1, 2),
         w as (select k.region_code, k.industry_code, g.day::date as day,
                      sum(coalesce(d.done, 0)) over f as done, sum(coalesce(d.missed, 0)) over f as missed
                 from k cross join generate_series(k.lo, k.hi, interval '1 day') g (day)
                 left join d on d.region_code = k.region_code and d.industry_code = k.industry_code and d.day = g.day::date
               window f as (partition by k.region_code, k.industry_code order by g.day rows between 30 preceding and current row))
    insert into inspection_task_area_window_facts (region_code, industry_code, day, pending, done, missed)
    select region_code, industry_code, day, false, done, missed from w where done <> 0 or missed <> 0;
$$;

-- The day and month roll-ups' own compaction and rebuild keep their names' bodies; the window is added after them.
alter function inspection_task_area_facts_compact() rename to inspection_task_area_day_month_facts_compact;
alter function inspection_task_area_facts_rebuild() rename to inspection_task_area_day_month_facts_rebuild;

create function inspection_task_area_facts_compact() returns void language sql as $$
    select inspection_task_area_day_month_facts_compact();
    with moved as (delete from inspection_task_area_window_facts where pending returning *)
    insert into inspection_task_area_window_facts as f (region_code, industry_code, day, pending, done, missed)
    select region_code, industry_code, day, false, sum(done), sum(missed)
      from moved group by 1, 2, 3 order by 1, 2, 3
    on conflict (region_code, industry_code, day) where not pending do update
       set done = f.done + excluded.done, missed = f.missed + excluded.missed;
$$;

create function inspection_task_area_facts_rebuild() returns void language sql as $$
    select inspection_task_area_day_month_facts_rebuild();
    select inspection_task_area_window_rebuild();
$$;

select inspection_task_area_window_rebuild();
