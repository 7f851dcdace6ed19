-- Per-enterprise read models (ADR 0024). Each module keeps small fact tables over its own records, maintained in the
-- same transaction as the change by statement-level triggers over transition tables: one set-based delta per
-- statement, whatever code path (service, sweep, import, bulk SQL) made the change, so the facts never disagree with
-- the rows. The dashboard reads one row per enterprise (or per enterprise and day/month) instead of every record.
-- Buckets by day or month are Beijing days, like the reading partitions (storage, not presentation); a platform run
-- in another zone reads the source rows instead (see the modules' *Facts classes).
-- Each table has a rebuild function (used here to fill it, and by the benchmark after bulk loads with triggers off).

-- ---------------------------------------------------------------- hazard
create table hazard_facts (
    enterprise_id bigint primary key,
    open          integer not null default 0,  -- not CLOSED / REJECTED / PENDING_CONFIRMATION
    closed        integer not null default 0,
    major_open    integer not null default 0,
    major_overdue integer not null default 0,  -- overdue and not CLOSED / REJECTED (as the hazard's own flag says)
    overdue       integer not null default 0,
    awaiting      integer not null default 0,  -- PENDING_CONFIRMATION: reported, not yet confirmed as a hazard
    last_found_at timestamptz                   -- for 零报告: the latest hazard found, whatever became of it
);

create table hazard_month_facts (
    enterprise_id bigint  not null,
    month         date    not null,            -- first day of the Beijing month
    found         integer not null default 0,  -- found that month, not REJECTED
    major_found   integer not null default 0,
    closed        integer not null default 0,  -- CLOSED, by the month it was closed
    primary key (enterprise_id, month)
);

create function hazard_facts_delta(olds hazard[], news hazard[]) returns void language sql as $$
    with d as (select o.enterprise_id, -1 as s, o.state, o.level, o.overdue from unnest(olds) o
               union all
               select n.enterprise_id, 1, n.state, n.level, n.overdue from unnest(news) n),
    agg as (select enterprise_id,
                   sum(s) filter (where state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION')) as open,
                   sum(s) filter (where state = 'CLOSED') as closed,
                   sum(s) filter (where level = 'MAJOR' and state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION')) as major_open,
                   sum(s) filter (where level = 'MAJOR' and overdue and state not in ('CLOSED','REJECTED')) as major_overdue,
                   sum(s) filter (where overdue and state not in ('CLOSED','REJECTED')) as overdue,
                   sum(s) filter (where state = 'PENDING_CONFIRMATION') as awaiting
              from d group by enterprise_id)
    insert into hazard_facts as f (enterprise_id, open, closed, major_open, major_overdue, overdue, awaiting)
    select enterprise_id, coalesce(open, 0), coalesce(closed, 0), coalesce(major_open, 0), coalesce(major_overdue, 0),
           coalesce(overdue, 0), coalesce(awaiting, 0)
      from agg
     where coalesce(open, 0) <> 0 or coalesce(closed, 0) <> 0 or coalesce(major_open, 0) <> 0
        or coalesce(major_overdue, 0) <> 0 or coalesce(overdue, 0) <> 0 or coalesce(awaiting, 0) <> 0
        or enterprise_id not in (select enterprise_id from hazard_facts)
     order by enterprise_id
    on conflict (enterprise_id) do update
       set open = f.open + excluded.open, closed = f.closed + excluded.closed, major_open = f.major_open + excluded.major_open,
           major_overdue = f.major_overdue + excluded.major_overdue, overdue = f.overdue + excluded.overdue,
           awaiting = f.awaiting + excluded.awaiting;

    -- The latest find only grows, except when a row leaves or its time is corrected: then it is read again.
    update hazard_facts f set last_found_at = m.at
      from (select n.enterprise_id, max(n.found_at) as at from unnest(news) n group by 1) m
     where f.enterprise_id = m.enterprise_id and (f.last_found_at is null or f.last_found_at < m.at);
    update hazard_facts f set last_found_at = (select max(h.found_at) from hazard h where h.enterprise_id = f.enterprise_id)
     where f.enterprise_id in (select o.enterprise_id from unnest(olds) o
                                where not exists (select 1 from unnest(news) n where n.id = o.id and n.found_at = o.found_at
                                                     and n.enterprise_id = o.enterprise_id));

    with d as (select o.enterprise_id, -1 as s, o.state, o.level, o.found_at, o.closed_at from unnest(olds) o
               union all
               select n.enterprise_id, 1, n.state, n.level, n.found_at, n.closed_at from unnest(news) n),
    b as (select enterprise_id, date_trunc('month', found_at at time zone 'Asia/Shanghai')::date as month,
                 s * (state <> 'REJECTED')::int as found, s * (state <> 'REJECTED' and level = 'MAJOR')::int as major_found,
                 0 as closed from d
          union all
          select enterprise_id, date_trunc('month', closed_at at time zone 'Asia/Shanghai')::date, 0, 0, s from d
           where state = 'CLOSED' and closed_at is not null),
    agg as (select enterprise_id, month, sum(found) as found, sum(major_found) as major_found, sum(closed) as closed
              from b group by 1, 2 having sum(found) <> 0 or sum(major_found) <> 0 or sum(closed) <> 0)
    insert into hazard_month_facts as f (enterprise_id, month, found, major_found, closed)
    select enterprise_id, month, found, major_found, closed from agg order by 1, 2
    on conflict (enterprise_id, month) do update
       set found = f.found + excluded.found, major_found = f.major_found + excluded.major_found, closed = f.closed + excluded.closed;
$$;

create function hazard_facts_trigger() returns trigger language plpgsql as $$
declare
    olds hazard[] := '{}';
    news hazard[] := '{}';
begin
    if tg_op <> 'INSERT' then olds := array(select o from old_rows o); end if;
    if tg_op <> 'DELETE' then news := array(select n from new_rows n); end if;
    perform hazard_facts_delta(olds, news);
    return null;
end $$;

create trigger hazard_facts_ins after insert on hazard referencing new table as new_rows
    for each statement execute function hazard_facts_trigger();
create trigger hazard_facts_upd after update on hazard referencing old table as old_rows new table as new_rows
    for each statement execute function hazard_facts_trigger();
create trigger hazard_facts_del after delete on hazard referencing old table as old_rows
    for each statement execute function hazard_facts_trigger();

create function hazard_facts_rebuild() returns void language sql as $$
    delete from hazard_facts;
    delete from hazard_month_facts;
    insert into hazard_facts (enterprise_id, open, closed, major_open, major_overdue, overdue, awaiting, last_found_at)
    select enterprise_id,
           count(*) filter (where state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION')),
           count(*) filter (where state = 'CLOSED'),
           count(*) filter (where level = 'MAJOR' and state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION')),
           count(*) filter (where level = 'MAJOR' and overdue and state not in ('CLOSED','REJECTED')),
           count(*) filter (where overdue and state not in ('CLOSED','REJECTED')),
           count(*) filter (where state = 'PENDING_CONFIRMATION'),
           max(found_at)
      from hazard group by enterprise_id;
    insert into hazard_month_facts (enterprise_id, month, found, major_found, closed)
    select enterprise_id, month, sum(found), sum(major_found), sum(closed)
      from (select enterprise_id, date_trunc('month', found_at at time zone 'Asia/Shanghai')::date as month,
                   (state <> 'REJECTED')::int as found, (state <> 'REJECTED' and level = 'MAJOR')::int as major_found, 0 as closed
              from hazard
            union all
            select enterprise_id, date_trunc('month', closed_at at time zone 'Asia/Shanghai')::date, 0, 0, 1
              from hazard where state = 'CLOSED' and closed_at is not null) b
     group by 1, 2 having sum(found) <> 0 or sum(closed) <> 0;
$$;

-- ---------------------------------------------------------------- inspection
create table inspection_task_day_facts (
    enterprise_id bigint  not null,
    day           date    not null,            -- Beijing day of due_at
    done          integer not null default 0,
    missed        integer not null default 0,  -- OVERDUE
    due           integer not null default 0,  -- not SUSPENDED
    primary key (enterprise_id, day)
);

create table inspection_task_month_facts (
    enterprise_id bigint  not null,
    month         date    not null,            -- first day of the Beijing month of due_at
    done          integer not null default 0,
    missed        integer not null default 0,
    primary key (enterprise_id, month)
);

create function inspection_task_facts_delta(olds inspection_task[], news inspection_task[]) returns void language sql as $$
    with d as (select o.enterprise_id, -1 as s, o.status, (o.due_at at time zone 'Asia/Shanghai')::date as day
                 from unnest(olds) o
               union all
               select n.enterprise_id, 1, n.status, (n.due_at at time zone 'Asia/Shanghai')::date from unnest(news) n),
    agg as (select enterprise_id, day, sum(s * (status = 'DONE')::int) as done, sum(s * (status = 'OVERDUE')::int) as missed,
                   sum(s * (status <> 'SUSPENDED')::int) as due
              from d group by 1, 2 having sum(s * (status = 'DONE')::int) <> 0 or sum(s * (status = 'OVERDUE')::int) <> 0
                                       or sum(s * (status <> 'SUSPENDED')::int) <> 0),
    days as (insert into inspection_task_day_facts as f (enterprise_id, day, done, missed, due)
             select enterprise_id, day, done, missed, due from agg order by 1, 2
             on conflict (enterprise_id, day) do update
                set done = f.done + excluded.done, missed = f.missed + excluded.missed, due = f.due + excluded.due
             returning 1)
    insert into inspection_task_month_facts as f (enterprise_id, month, done, missed)
    select enterprise_id, date_trunc('month', day)::date, sum(done), sum(missed) from agg
     group by 1, 2 having sum(done) <> 0 or sum(missed) <> 0 order by 1, 2
    on conflict (enterprise_id, month) do update set done = f.done + excluded.done, missed = f.missed + excluded.missed;
$$;

create function inspection_task_facts_trigger() returns trigger language plpgsql as $$
declare
    olds inspection_task[] := '{}';
    news inspection_task[] := '{}';
begin
    if tg_op <> 'INSERT' then olds := array(select o from old_rows o); end if;
    if tg_op <> 'DELETE' then news := array(select n from new_rows n); end if;
    perform inspection_task_facts_delta(olds, news);
    return null;
end $$;

create trigger inspection_task_facts_ins after insert on inspection_task referencing new table as new_rows
    for each statement execute function inspection_task_facts_trigger();
create trigger inspection_task_facts_upd after update on inspection_task referencing old table as old_rows new table as new_rows
    for each statement execute function inspection_task_facts_trigger();
create trigger inspection_task_facts_del after delete on inspection_task referencing old table as old_rows
    for each statement execute function inspection_task_facts_trigger();

create function inspection_task_facts_rebuild() returns void language sql as $$
    delete from inspection_task_day_facts;
    delete from inspection_task_month_facts;
    insert into inspection_task_day_facts (enterprise_id, day, done, missed, due)
    select enterprise_id, (due_at at time zone 'Asia/Shanghai')::date, count(*) filter (where status = 'DONE'),
           count(*) filter (where status = 'OVERDUE'), count(*) filter (where status <> 'SUSPENDED')
      from inspection_task group by 1, 2
    having count(*) filter (where status <> 'SUSPENDED') > 0;
    insert into inspection_task_month_facts (enterprise_id, month, done, missed)
    select enterprise_id, date_trunc('month', day)::date, sum(done), sum(missed) from inspection_task_day_facts
     group by 1, 2 having sum(done) <> 0 or sum(missed) <> 0;
$$;

-- ---------------------------------------------------------------- risk
-- A register is tens of points: the enterprise's row is simply counted again for every enterprise a statement touched.
create table risk_point_facts (
    enterprise_id bigint primary key,
    points        integer  not null default 0,
    major_risks   integer  not null default 0,  -- level 1 (重大风险)
    orange        integer  not null default 0,
    yellow        integer  not null default 0,
    blue          integer  not null default 0,
    unassessed    integer  not null default 0,
    top_level     smallint                       -- the highest level of its points (1 = red), null when none assessed
);

create function risk_point_facts_refresh(enterprises bigint[]) returns void language sql as $$
    delete from risk_point_facts f where f.enterprise_id = any(enterprises)
       and not exists (select 1 from risk_point p where p.enterprise_id = f.enterprise_id);
    insert into risk_point_facts as f (enterprise_id, points, major_risks, orange, yellow, blue, unassessed, top_level)
    select p.enterprise_id, count(*), count(*) filter (where p.level = 1), count(*) filter (where p.level = 2),
           count(*) filter (where p.level = 3), count(*) filter (where p.level = 4), count(*) filter (where p.level is null),
           min(p.level)
      from risk_point p where p.enterprise_id = any(enterprises) group by 1 order by 1
    on conflict (enterprise_id) do update
       set points = excluded.points, major_risks = excluded.major_risks, orange = excluded.orange, yellow = excluded.yellow,
           blue = excluded.blue, unassessed = excluded.unassessed, top_level = excluded.top_level
     where (f.points, f.major_risks, f.orange, f.yellow, f.blue, f.unassessed, f.top_level)
           is distinct from (excluded.points, excluded.major_risks, excluded.orange, excluded.yellow, excluded.blue,
                             excluded.unassessed, excluded.top_level);
$$;

create function risk_point_facts_trigger() returns trigger language plpgsql as $$
declare
    touched bigint[] := '{}';
begin
    if tg_op = 'UPDATE' then
        touched := array(select distinct x from (select o.enterprise_id as x from old_rows o join new_rows n on n.id = o.id
                                                   where (o.level, o.enterprise_id) is distinct from (n.level, n.enterprise_id)
                                                  union all
                                                  select n.enterprise_id from old_rows o join new_rows n on n.id = o.id
                                                   where o.enterprise_id <> n.enterprise_id) y order by 1);
    elsif tg_op = 'INSERT' then
        touched := array(select distinct n.enterprise_id from new_rows n order by 1);
    else
        touched := array(select distinct o.enterprise_id from old_rows o order by 1);
    end if;
    if cardinality(touched) > 0 then perform risk_point_facts_refresh(touched); end if;
    return null;
end $$;

create trigger risk_point_facts_ins after insert on risk_point referencing new table as new_rows
    for each statement execute function risk_point_facts_trigger();
create trigger risk_point_facts_upd after update on risk_point referencing old table as old_rows new table as new_rows
    for each statement execute function risk_point_facts_trigger();
create trigger risk_point_facts_del after delete on risk_point referencing old table as old_rows
    for each statement execute function risk_point_facts_trigger();

create function risk_point_facts_rebuild() returns void language sql as $$
    delete from risk_point_facts;
    insert into risk_point_facts (enterprise_id, points, major_risks, orange, yellow, blue, unassessed, top_level)
    select enterprise_id, count(*), count(*) filter (where level = 1), count(*) filter (where level = 2),
           count(*) filter (where level = 3), count(*) filter (where level = 4), count(*) filter (where level is null), min(level)
      from risk_point group by 1;
$$;

-- A province reads a window of days (or months) for all its enterprises: by day first, covering, so that the scan
-- touches only the window. Today's tasks are read from inspection_task itself by due time.
create index hazard_month_facts_month_idx on hazard_month_facts (month, enterprise_id) include (found, major_found, closed);
create index inspection_task_day_facts_day_idx on inspection_task_day_facts (day, enterprise_id) include (done, missed, due);
create index inspection_task_month_facts_month_idx on inspection_task_month_facts (month, enterprise_id) include (done, missed);
create index inspection_task_due_idx on inspection_task (due_at);

select hazard_facts_rebuild();
select inspection_task_facts_rebuild();
select risk_point_facts_rebuild();
