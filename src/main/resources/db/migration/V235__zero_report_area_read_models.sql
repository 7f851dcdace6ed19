-- 零报告 rolled up by region and industry (ADR 0037, continuing ADR 0035). An enterprise is 零报告 on day T when a
-- task (not suspended) fell due from the start of day T-30 up to now and no hazard was found since that start. It is a
-- per-enterprise conjunction of the inspection calendar's and the hazard register's facts that changes with the clock,
-- so it is not a sum per key of anything stored so far; but the days on which it holds are a set of intervals:
--   * each due day d makes the days d+1 … d+30 eligible (a whole day after d, every task of day d is before "now");
--   * the latest find L makes every day up to L+30 ineligible (a later find only moves that bound forward).
-- So, counting whole days, enterprise e is 零报告 on the days
--     Z(e) = (⋃ over due days d of [d+1, d+30]) ∩ [L+31, ∞)
-- a date multirange kept per enterprise (inspection_zero_report_facts), and the number of enterprises of a key that
-- are 零报告 on day T is the prefix sum up to T of a difference array per key: +1 where a range of Z(e) starts, -1 where
-- it ends (inspection_zero_report_area_day_facts). The one case whole days miss, an enterprise whose only due task of
-- the window is today's and already past, is found by the reader among the enterprises whose Z(e) begins tomorrow
-- (the `starts` index): a handful, not a province.
--
-- Kept in the writer's transaction by statement triggers on the two per-enterprise fact tables it derives from, like
-- the overall level (V226): the enterprise's row is locked first and Z(e) read again in a new statement, so a task
-- and a hazard change of one enterprise at once are counted one after the other. The tables belong to inspection
-- (零报告 is a statement about the enterprise's own inspection reports); the function reads hazard_facts, the hazard
-- module's published read model, and enterprise for the key, in SQL beside the schema as V225 does.
-- The window (30 days) is the dashboard's default `shuangkong.dashboard.zero-report-days`; with another window the
-- dashboard decides per enterprise as before.

create table inspection_zero_report_facts (
    enterprise_id bigint primary key,
    days          datemultirange not null default '{}',  -- whole days on which the enterprise is 零报告
    starts        date[]         not null default '{}'   -- the first day of each range of days (for the reader's today)
);
create index inspection_zero_report_facts_starts on inspection_zero_report_facts using gin (starts);

create table inspection_zero_report_area_day_facts (
    region_code   varchar(12) not null,
    industry_code varchar(8)  not null,
    day           date        not null,
    pending       boolean     not null default true,
    delta         integer     not null default 0   -- enterprises that become 零报告 on this day, less those that stop
);
create unique index inspection_zero_report_area_day_facts_key
    on inspection_zero_report_area_day_facts (region_code, industry_code, day) where not pending;
-- A reader sums every row of its keys up to today: covering, by key.
create index inspection_zero_report_area_day_facts_read
    on inspection_zero_report_area_day_facts (region_code, industry_code, day) include (delta);

-- Z(e) as the facts say now. Due days on or before the latest find's day cannot reach past its cut, so they are not read.
create function inspection_zero_report_days(enterprise bigint) returns datemultirange language sql stable as $$
    with cut as (select (h.last_found_at at time zone 'Asia/Shanghai')::date as found
                   from hazard_facts h where h.enterprise_id = enterprise)
    select coalesce(range_agg(daterange(d.day + 1, d.day + 31)), '{}'::datemultirange)
           * coalesce((select datemultirange(daterange(found + 31, null)) from cut where found is not null), '{(,)}'::datemultirange)
      from inspection_task_day_facts d
     where d.enterprise_id = enterprise and d.due > 0
       and d.day > coalesce((select found from cut), '-infinity'::date)
$$;

-- The difference array of one multirange, signed: (day, delta) rows.
create function inspection_zero_report_edges(days datemultirange, s integer) returns table (day date, delta integer)
    language sql immutable as $$
    select lower(r), s from unnest(days) r
    union all
    select upper(r), -s from unnest(days) r where not upper_inf(r)
$$;

create function inspection_zero_report_refresh(enterprises bigint[]) returns void language plpgsql as $$
begin
    insert into inspection_zero_report_facts (enterprise_id)
    select distinct x from unnest(enterprises) x order by 1 on conflict do nothing;
    perform 1 from inspection_zero_report_facts where enterprise_id in (select unnest(enterprises))
      order by enterprise_id for update;
    -- A new statement: it sees what another transaction committed while this one waited for the rows above.
    with cur as (select e.id, e.region_code, e.industry_code, inspection_zero_report_days(e.id) as days
                   from enterprise e where e.id in (select unnest(enterprises))),
    changed as (select f.enterprise_id, f.days as old_days, cur.days as new_days, cur.region_code, cur.industry_code
                  from inspection_zero_report_facts f join cur on cur.id = f.enterprise_id
                 where f.days <> cur.days),
    saved as (update inspection_zero_report_facts f
                 set days = c.new_days, starts = array(select lower(r) from unnest(c.new_days) r)
                from changed c where f.enterprise_id = c.enterprise_id)
    insert into inspection_zero_report_area_day_facts (region_code, industry_code, day, delta)
    select c.region_code, c.industry_code, x.day, sum(x.delta)
      from changed c, lateral (select * from inspection_zero_report_edges(c.old_days, -1)
                               union all select * from inspection_zero_report_edges(c.new_days, 1)) x
     group by 1, 2, 3 having sum(x.delta) <> 0;
end $$;

-- A day of the calendar changes Z(e) only when it starts or stops having a task due; the register only by its latest find.
create function inspection_zero_report_task_trigger() returns trigger language plpgsql as $$
declare
    touched bigint[];
begin
    if tg_op = 'INSERT' then
        touched := array(select distinct n.enterprise_id from new_rows n where n.due > 0);
    elsif tg_op = 'DELETE' then
        touched := array(select distinct o.enterprise_id from old_rows o where o.due > 0);
    else
        touched := array(select distinct n.enterprise_id from old_rows o join new_rows n
                                   on n.enterprise_id = o.enterprise_id and n.day = o.day
                          where (o.due > 0) <> (n.due > 0));
    end if;
    if cardinality(touched) > 0 then perform inspection_zero_report_refresh(touched); end if;
    return null;
end $$;

create function inspection_zero_report_hazard_trigger() returns trigger language plpgsql as $$
declare
    touched bigint[];
begin
    if tg_op = 'INSERT' then
        touched := array(select distinct n.enterprise_id from new_rows n where n.last_found_at is not null);
    elsif tg_op = 'DELETE' then
        touched := array(select distinct o.enterprise_id from old_rows o where o.last_found_at is not null);
    else
        touched := array(select distinct n.enterprise_id from old_rows o join new_rows n on n.enterprise_id = o.enterprise_id
                          where o.last_found_at is distinct from n.last_found_at);
    end if;
    if cardinality(touched) > 0 then perform inspection_zero_report_refresh(touched); end if;
    return null;
end $$;

create trigger inspection_zero_report_days_ins after insert on inspection_task_day_facts referencing new table as new_rows
    for each statement execute function inspection_zero_report_task_trigger();
create trigger inspection_zero_report_days_upd after update on inspection_task_day_facts
    referencing old table as old_rows new table as new_rows for each statement execute function inspection_zero_report_task_trigger();
create trigger inspection_zero_report_days_del after delete on inspection_task_day_facts referencing old table as old_rows
    for each statement execute function inspection_zero_report_task_trigger();
create trigger inspection_zero_report_finds_ins after insert on hazard_facts referencing new table as new_rows
    for each statement execute function inspection_zero_report_hazard_trigger();
create trigger inspection_zero_report_finds_upd after update on hazard_facts
    referencing old table as old_rows new table as new_rows for each statement execute function inspection_zero_report_hazard_trigger();
create trigger inspection_zero_report_finds_del after delete on hazard_facts referencing old table as old_rows
    for each statement execute function inspection_zero_report_hazard_trigger();

create function inspection_zero_report_area_facts_move(enterprise bigint, old_region varchar, old_industry varchar,
                                                       new_region varchar, new_industry varchar) returns void language sql as $$
    select 1 from inspection_zero_report_facts where enterprise_id = enterprise for update;
    insert into inspection_zero_report_area_day_facts (region_code, industry_code, day, delta)
    select k.region, k.industry, x.day, x.delta
      from inspection_zero_report_facts f, (values (old_region, old_industry, -1), (new_region, new_industry, 1)) k (region, industry, s),
           lateral inspection_zero_report_edges(f.days, k.s) x
     where f.enterprise_id = enterprise;
$$;

-- Folds each key's pending rows into its row of the day, and drops the days whose edges cancelled out (a range that
-- moved): the rows a reader sums are the distinct days on which some enterprise of the key starts or stops.
create function inspection_zero_report_area_facts_compact() returns void language sql as $$
    with moved as (delete from inspection_zero_report_area_day_facts where pending returning *)
    insert into inspection_zero_report_area_day_facts as f (region_code, industry_code, day, pending, delta)
    select region_code, industry_code, day, false, sum(delta) from moved group by 1, 2, 3 order by 1, 2, 3
    on conflict (region_code, industry_code, day) where not pending do update set delta = f.delta + excluded.delta;
    delete from inspection_zero_report_area_day_facts where not pending and delta = 0;
$$;

create function inspection_zero_report_area_facts_rebuild() returns void language sql as $$
    delete from inspection_zero_report_facts;
    delete from inspection_zero_report_area_day_facts;
    insert into inspection_zero_report_facts (enterprise_id, days)
    select x.enterprise_id, x.days from (
        select d.enterprise_id,
               range_agg(daterange(d.day + 1, d.day + 31))
               * coalesce(datemultirange(daterange((h.last_found_at at time zone 'Asia/Shanghai')::date + 31, null)),
                          '{(,)}'::datemultirange) as days
          from inspection_task_day_facts d left join hazard_facts h on h.enterprise_id = d.enterprise_id
         where d.due > 0 and (h.last_found_at is null or d.day > (h.last_found_at at time zone 'Asia/Shanghai')::date)
         group by d.enterprise_id, h.last_found_at) x
     where not isempty(x.days);
    update inspection_zero_report_facts set starts = array(select lower(r) from unnest(days) r);
    insert into inspection_zero_report_area_day_facts (region_code, industry_code, day, pending, delta)
    select e.region_code, e.industry_code, x.day, false, sum(x.delta)
      from inspection_zero_report_facts f join enterprise e on e.id = f.enterprise_id,
           lateral inspection_zero_report_edges(f.days, 1) x
     group by 1, 2, 3 having sum(x.delta) <> 0;
$$;

create or replace function enterprise_area_move() returns trigger language plpgsql as $$
begin
    perform enterprise_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    perform enterprise_level_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    perform hazard_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    perform inspection_task_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    perform inspection_zero_report_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code,
                                                   new.industry_code);
    perform risk_point_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    return null;
end $$;

create or replace function area_facts_compact() returns void language sql as $$
    select enterprise_area_facts_compact();
    select enterprise_level_area_facts_compact();
    select hazard_area_facts_compact();
    select inspection_task_area_facts_compact();
    select inspection_zero_report_area_facts_compact();
    select risk_point_area_facts_compact();
$$;

create or replace function area_facts_rebuild() returns void language sql as $$
    select enterprise_area_facts_rebuild();
    select enterprise_level_area_facts_rebuild();
    select hazard_area_facts_rebuild();
    select inspection_task_area_facts_rebuild();
    select inspection_zero_report_area_facts_rebuild();
    select risk_point_area_facts_rebuild();
$$;

select inspection_zero_report_area_facts_rebuild();
