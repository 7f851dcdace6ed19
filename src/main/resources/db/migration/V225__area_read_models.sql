-- Area roll-ups of the per-enterprise read models (ADR 0035): the same figures summed per (region_code, industry_code)
-- of the enterprise, so that a province's 驾驶舱 reads a few thousand rows instead of one per enterprise (and per day
-- and month). The scope of a regulator is a region prefix and industry prefixes, so it applies to these keys as it
-- does to enterprises.
--
-- Kept from the per-enterprise facts (V165) by statement-level triggers on them: the enterprise's delta is added under
-- its current region and industry, in the same transaction as the change. Many enterprises share one key (a town's
-- chemical works), so a delta is appended as a *pending* row rather than added to the one row of the key: writers of
-- different enterprises never wait for each other, as with the per-enterprise facts. A reader sums every row of a key
-- (base and pending alike); a compaction (area_facts_compact(), run every minute) folds the pending rows into the base
-- row in one statement, which changes no sum. An enterprise that changes region or industry carries its facts along
-- (enterprise_area_move). The tables belong to the modules that own the per-enterprise facts.

-- ---------------------------------------------------------------- hazard
create table hazard_area_facts (
    region_code   varchar(12) not null,
    industry_code varchar(8)  not null,
    pending       boolean     not null default true,
    open          integer     not null default 0,
    closed        integer     not null default 0,
    major_open    integer     not null default 0,
    major_overdue integer     not null default 0,
    overdue       integer     not null default 0,
    awaiting      integer     not null default 0
);
create unique index hazard_area_facts_key on hazard_area_facts (region_code, industry_code) where not pending;
create index hazard_area_facts_pending on hazard_area_facts (region_code) where pending;

create table hazard_area_month_facts (
    region_code   varchar(12) not null,
    industry_code varchar(8)  not null,
    month         date        not null,
    pending       boolean     not null default true,
    found         integer     not null default 0,
    major_found   integer     not null default 0,
    closed        integer     not null default 0
);
create unique index hazard_area_month_facts_key on hazard_area_month_facts (region_code, industry_code, month) where not pending;
create index hazard_area_month_facts_month on hazard_area_month_facts (month);

create function hazard_facts_area_trigger() returns trigger language plpgsql as $$
declare
    olds hazard_facts[] := '{}';
    news hazard_facts[] := '{}';
begin
    if tg_op <> 'INSERT' then olds := array(select o from old_rows o); end if;
    if tg_op <> 'DELETE' then news := array(select n from new_rows n); end if;
    insert into hazard_area_facts (region_code, industry_code, open, closed, major_open, major_overdue, overdue, awaiting)
    select e.region_code, e.industry_code, sum(s * d.open), sum(s * d.closed), sum(s * d.major_open),
           sum(s * d.major_overdue), sum(s * d.overdue), sum(s * d.awaiting)
      from (select -1 as s, o.* from unnest(olds) o union all select 1, n.* from unnest(news) n) d
      join enterprise e on e.id = d.enterprise_id
     group by 1, 2
    having sum(s * d.open) <> 0 or sum(s * d.closed) <> 0 or sum(s * d.major_open) <> 0 or sum(s * d.major_overdue) <> 0
        or sum(s * d.overdue) <> 0 or sum(s * d.awaiting) <> 0;
    return null;
end $$;

create function hazard_month_facts_area_trigger() returns trigger language plpgsql as $$
declare
    olds hazard_month_facts[] := '{}';
    news hazard_month_facts[] := '{}';
begin
    if tg_op <> 'INSERT' then olds := array(select o from old_rows o); end if;
    if tg_op <> 'DELETE' then news := array(select n from new_rows n); end if;
    insert into hazard_area_month_facts (region_code, industry_code, month, found, major_found, closed)
    select e.region_code, e.industry_code, d.month, sum(s * d.found), sum(s * d.major_found), sum(s * d.closed)
      from (select -1 as s, o.* from unnest(olds) o union all select 1, n.* from unnest(news) n) d
      join enterprise e on e.id = d.enterprise_id
     group by 1, 2, 3
    having sum(s * d.found) <> 0 or sum(s * d.major_found) <> 0 or sum(s * d.closed) <> 0;
    return null;
end $$;

create trigger hazard_facts_area_ins after insert on hazard_facts referencing new table as new_rows
    for each statement execute function hazard_facts_area_trigger();
create trigger hazard_facts_area_upd after update on hazard_facts referencing old table as old_rows new table as new_rows
    for each statement execute function hazard_facts_area_trigger();
create trigger hazard_facts_area_del after delete on hazard_facts referencing old table as old_rows
    for each statement execute function hazard_facts_area_trigger();
create trigger hazard_month_facts_area_ins after insert on hazard_month_facts referencing new table as new_rows
    for each statement execute function hazard_month_facts_area_trigger();
create trigger hazard_month_facts_area_upd after update on hazard_month_facts referencing old table as old_rows new table as new_rows
    for each statement execute function hazard_month_facts_area_trigger();
create trigger hazard_month_facts_area_del after delete on hazard_month_facts referencing old table as old_rows
    for each statement execute function hazard_month_facts_area_trigger();

-- An enterprise's facts leave its old key and join its new one. Its per-enterprise rows are locked first, so that a
-- hazard change of the same enterprise in flight (which holds them) is counted before the move, and one after it
-- waits for the move and then reads the new key.
create function hazard_area_facts_move(enterprise bigint, old_region varchar, old_industry varchar, new_region varchar,
                                       new_industry varchar) returns void language sql as $$
    select 1 from hazard_facts where enterprise_id = enterprise for update;
    select 1 from hazard_month_facts where enterprise_id = enterprise for update;
    insert into hazard_area_facts (region_code, industry_code, open, closed, major_open, major_overdue, overdue, awaiting)
    select k.region, k.industry, k.s * f.open, k.s * f.closed, k.s * f.major_open, k.s * f.major_overdue, k.s * f.overdue,
           k.s * f.awaiting
      from hazard_facts f, (values (old_region, old_industry, -1), (new_region, new_industry, 1)) k (region, industry, s)
     where f.enterprise_id = enterprise;
    insert into hazard_area_month_facts (region_code, industry_code, month, found, major_found, closed)
    select k.region, k.industry, f.month, k.s * f.found, k.s * f.major_found, k.s * f.closed
      from hazard_month_facts f, (values (old_region, old_industry, -1), (new_region, new_industry, 1)) k (region, industry, s)
     where f.enterprise_id = enterprise;
$$;

create function hazard_area_facts_compact() returns void language sql as $$
    with moved as (delete from hazard_area_facts where pending returning *)
    insert into hazard_area_facts as f (region_code, industry_code, pending, open, closed, major_open, major_overdue, overdue, awaiting)
    select region_code, industry_code, false, sum(open), sum(closed), sum(major_open), sum(major_overdue), sum(overdue),
           sum(awaiting)
      from moved group by 1, 2 order by 1, 2
    on conflict (region_code, industry_code) where not pending do update
       set open = f.open + excluded.open, closed = f.closed + excluded.closed, major_open = f.major_open + excluded.major_open,
           major_overdue = f.major_overdue + excluded.major_overdue, overdue = f.overdue + excluded.overdue,
           awaiting = f.awaiting + excluded.awaiting;
    with moved as (delete from hazard_area_month_facts where pending returning *)
    insert into hazard_area_month_facts as f (region_code, industry_code, month, pending, found, major_found, closed)
    select region_code, industry_code, month, false, sum(found), sum(major_found), sum(closed)
      from moved group by 1, 2, 3 order by 1, 2, 3
    on conflict (region_code, industry_code, month) where not pending do update
       set found = f.found + excluded.found, major_found = f.major_found + excluded.major_found, closed = f.closed + excluded.closed;
$$;

-- Refills the roll-ups from the per-enterprise facts (the migration; the benchmark after a bulk load with triggers off).
create function hazard_area_facts_rebuild() returns void language sql as $$
    delete from hazard_area_facts;
    delete from hazard_area_month_facts;
    insert into hazard_area_facts (region_code, industry_code, pending, open, closed, major_open, major_overdue, overdue, awaiting)
    select e.region_code, e.industry_code, false, sum(f.open), sum(f.closed), sum(f.major_open), sum(f.major_overdue),
           sum(f.overdue), sum(f.awaiting)
      from hazard_facts f join enterprise e on e.id = f.enterprise_id group by 1, 2;
    insert into hazard_area_month_facts (region_code, industry_code, month, pending, found, major_found, closed)
    select e.region_code, e.industry_code, f.month, false, sum(f.found), sum(f.major_found), sum(f.closed)
      from hazard_month_facts f join enterprise e on e.id = f.enterprise_id group by 1, 2, 3;
$$;

-- ---------------------------------------------------------------- inspection
create table inspection_task_area_day_facts (
    region_code   varchar(12) not null,
    industry_code varchar(8)  not null,
    day           date        not null,
    pending       boolean     not null default true,
    done          integer     not null default 0,
    missed        integer     not null default 0,
    due           integer     not null default 0
);
create unique index inspection_task_area_day_facts_key on inspection_task_area_day_facts (region_code, industry_code, day)
    where not pending;
create index inspection_task_area_day_facts_day on inspection_task_area_day_facts (day);

create table inspection_task_area_month_facts (
    region_code   varchar(12) not null,
    industry_code varchar(8)  not null,
    month         date        not null,
    pending       boolean     not null default true,
    done          integer     not null default 0,
    missed        integer     not null default 0
);
create unique index inspection_task_area_month_facts_key on inspection_task_area_month_facts (region_code, industry_code, month)
    where not pending;
create index inspection_task_area_month_facts_month on inspection_task_area_month_facts (month);

create function inspection_task_day_facts_area_trigger() returns trigger language plpgsql as $$
declare
    olds inspection_task_day_facts[] := '{}';
    news inspection_task_day_facts[] := '{}';
begin
    if tg_op <> 'INSERT' then olds := array(select o from old_rows o); end if;
    if tg_op <> 'DELETE' then news := array(select n from new_rows n); end if;
    insert into inspection_task_area_day_facts (region_code, industry_code, day, done, missed, due)
    select e.region_code, e.industry_code, d.day, sum(s * d.done), sum(s * d.missed), sum(s * d.due)
      from (select -1 as s, o.* from unnest(olds) o union all select 1, n.* from unnest(news) n) d
      join enterprise e on e.id = d.enterprise_id
     group by 1, 2, 3
    having sum(s * d.done) <> 0 or sum(s * d.missed) <> 0 or sum(s * d.due) <> 0;
    return null;
end $$;

create function inspection_task_month_facts_area_trigger() returns trigger language plpgsql as $$
declare
    olds inspection_task_month_facts[] := '{}';
    news inspection_task_month_facts[] := '{}';
begin
    if tg_op <> 'INSERT' then olds := array(select o from old_rows o); end if;
    if tg_op <> 'DELETE' then news := array(select n from new_rows n); end if;
    insert into inspection_task_area_month_facts (region_code, industry_code, month, done, missed)
    select e.region_code, e.industry_code, d.month, sum(s * d.done), sum(s * d.missed)
      from (select -1 as s, o.* from unnest(olds) o union all select 1, n.* from unnest(news) n) d
      join enterprise e on e.id = d.enterprise_id
     group by 1, 2, 3
    having sum(s * d.done) <> 0 or sum(s * d.missed) <> 0;
    return null;
end $$;

create trigger inspection_task_day_facts_area_ins after insert on inspection_task_day_facts referencing new table as new_rows
    for each statement execute function inspection_task_day_facts_area_trigger();
create trigger inspection_task_day_facts_area_upd after update on inspection_task_day_facts
    referencing old table as old_rows new table as new_rows for each statement execute function inspection_task_day_facts_area_trigger();
create trigger inspection_task_day_facts_area_del after delete on inspection_task_day_facts referencing old table as old_rows
    for each statement execute function inspection_task_day_facts_area_trigger();
create trigger inspection_task_month_facts_area_ins after insert on inspection_task_month_facts referencing new table as new_rows
    for each statement execute function inspection_task_month_facts_area_trigger();
create trigger inspection_task_month_facts_area_upd after update on inspection_task_month_facts
    referencing old table as old_rows new table as new_rows for each statement execute function inspection_task_month_facts_area_trigger();
create trigger inspection_task_month_facts_area_del after delete on inspection_task_month_facts referencing old table as old_rows
    for each statement execute function inspection_task_month_facts_area_trigger();

create function inspection_task_area_facts_move(enterprise bigint, old_region varchar, old_industry varchar, new_region varchar,
                                                new_industry varchar) returns void language sql as $$
    select 1 from inspection_task_day_facts where enterprise_id = enterprise for update;
    select 1 from inspection_task_month_facts where enterprise_id = enterprise for update;
    insert into inspection_task_area_day_facts (region_code, industry_code, day, done, missed, due)
    select k.region, k.industry, f.day, k.s * f.done, k.s * f.missed, k.s * f.due
      from inspection_task_day_facts f, (values (old_region, old_industry, -1), (new_region, new_industry, 1)) k (region, industry, s)
     where f.enterprise_id = enterprise;
    insert into inspection_task_area_month_facts (region_code, industry_code, month, done, missed)
    select k.region, k.industry, f.month, k.s * f.done, k.s * f.missed
      from inspection_task_month_facts f, (values (old_region, old_industry, -1), (new_region, new_industry, 1)) k (region, industry, s)
     where f.enterprise_id = enterprise;
$$;

create function inspection_task_area_facts_compact() returns void language sql as $$
    with moved as (delete from inspection_task_area_day_facts where pending returning *)
    insert into inspection_task_area_day_facts as f (region_code, industry_code, day, pending, done, missed, due)
    select region_code, industry_code, day, false, sum(done), sum(missed), sum(due)
      from moved group by 1, 2, 3 order by 1, 2, 3
    on conflict (region_code, industry_code, day) where not pending do update
       set done = f.done + excluded.done, missed = f.missed + excluded.missed, due = f.due + excluded.due;
    with moved as (delete from inspection_task_area_month_facts where pending returning *)
    insert into inspection_task_area_month_facts as f (region_code, industry_code, month, pending, done, missed)
    select region_code, industry_code, month, false, sum(done), sum(missed)
      from moved group by 1, 2, 3 order by 1, 2, 3
    on conflict (region_code, industry_code, month) where not pending do update
       set done = f.done + excluded.done, missed = f.missed + excluded.missed;
$$;

create function inspection_task_area_facts_rebuild() returns void language sql as $$
    delete from inspection_task_area_day_facts;
    delete from inspection_task_area_month_facts;
    insert into inspection_task_area_day_facts (region_code, industry_code, day, pending, done, missed, due)
    select e.region_code, e.industry_code, f.day, false, sum(f.done), sum(f.missed), sum(f.due)
      from inspection_task_day_facts f join enterprise e on e.id = f.enterprise_id group by 1, 2, 3;
    insert into inspection_task_area_month_facts (region_code, industry_code, month, pending, done, missed)
    select e.region_code, e.industry_code, f.month, false, sum(f.done), sum(f.missed)
      from inspection_task_month_facts f join enterprise e on e.id = f.enterprise_id group by 1, 2, 3;
$$;

-- ---------------------------------------------------------------- risk
create table risk_point_area_facts (
    region_code   varchar(12) not null,
    industry_code varchar(8)  not null,
    pending       boolean     not null default true,
    points        integer     not null default 0,
    major_risks   integer     not null default 0,
    orange        integer     not null default 0,
    yellow        integer     not null default 0,
    blue          integer     not null default 0,
    unassessed    integer     not null default 0
);
create unique index risk_point_area_facts_key on risk_point_area_facts (region_code, industry_code) where not pending;

create function risk_point_facts_area_trigger() returns trigger language plpgsql as $$
declare
    olds risk_point_facts[] := '{}';
    news risk_point_facts[] := '{}';
begin
    if tg_op <> 'INSERT' then olds := array(select o from old_rows o); end if;
    if tg_op <> 'DELETE' then news := array(select n from new_rows n); end if;
    insert into risk_point_area_facts (region_code, industry_code, points, major_risks, orange, yellow, blue, unassessed)
    select e.region_code, e.industry_code, sum(s * d.points), sum(s * d.major_risks), sum(s * d.orange), sum(s * d.yellow),
           sum(s * d.blue), sum(s * d.unassessed)
      from (select -1 as s, o.* from unnest(olds) o union all select 1, n.* from unnest(news) n) d
      join enterprise e on e.id = d.enterprise_id
     group by 1, 2
    having sum(s * d.points) <> 0 or sum(s * d.major_risks) <> 0 or sum(s * d.orange) <> 0 or sum(s * d.yellow) <> 0
        or sum(s * d.blue) <> 0 or sum(s * d.unassessed) <> 0;
    return null;
end $$;

create trigger risk_point_facts_area_ins after insert on risk_point_facts referencing new table as new_rows
    for each statement execute function risk_point_facts_area_trigger();
create trigger risk_point_facts_area_upd after update on risk_point_facts referencing old table as old_rows new table as new_rows
    for each statement execute function risk_point_facts_area_trigger();
create trigger risk_point_facts_area_del after delete on risk_point_facts referencing old table as old_rows
    for each statement execute function risk_point_facts_area_trigger();

create function risk_point_area_facts_move(enterprise bigint, old_region varchar, old_industry varchar, new_region varchar,
                                           new_industry varchar) returns void language sql as $$
    select 1 from risk_point_facts where enterprise_id = enterprise for update;
    insert into risk_point_area_facts (region_code, industry_code, points, major_risks, orange, yellow, blue, unassessed)
    select k.region, k.industry, k.s * f.points, k.s * f.major_risks, k.s * f.orange, k.s * f.yellow, k.s * f.blue,
           k.s * f.unassessed
      from risk_point_facts f, (values (old_region, old_industry, -1), (new_region, new_industry, 1)) k (region, industry, s)
     where f.enterprise_id = enterprise;
$$;

create function risk_point_area_facts_compact() returns void language sql as $$
    with moved as (delete from risk_point_area_facts where pending returning *)
    insert into risk_point_area_facts as f (region_code, industry_code, pending, points, major_risks, orange, yellow, blue, unassessed)
    select region_code, industry_code, false, sum(points), sum(major_risks), sum(orange), sum(yellow), sum(blue), sum(unassessed)
      from moved group by 1, 2 order by 1, 2
    on conflict (region_code, industry_code) where not pending do update
       set points = f.points + excluded.points, major_risks = f.major_risks + excluded.major_risks,
           orange = f.orange + excluded.orange, yellow = f.yellow + excluded.yellow, blue = f.blue + excluded.blue,
           unassessed = f.unassessed + excluded.unassessed;
$$;

create function risk_point_area_facts_rebuild() returns void language sql as $$
    delete from risk_point_area_facts;
    insert into risk_point_area_facts (region_code, industry_code, pending, points, major_risks, orange, yellow, blue, unassessed)
    select e.region_code, e.industry_code, false, sum(f.points), sum(f.major_risks), sum(f.orange), sum(f.yellow), sum(f.blue),
           sum(f.unassessed)
      from risk_point_facts f join enterprise e on e.id = f.enterprise_id group by 1, 2;
$$;

-- ---------------------------------------------------------------- the enterprise's key, and the whole
create function enterprise_area_move() returns trigger language plpgsql as $$
begin
    perform hazard_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    perform inspection_task_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    perform risk_point_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    return null;
end $$;

create trigger enterprise_area_move after update of region_code, industry_code on enterprise for each row
    when ((old.region_code, old.industry_code) is distinct from (new.region_code, new.industry_code))
    execute function enterprise_area_move();

create function area_facts_compact() returns void language sql as $$
    select hazard_area_facts_compact();
    select inspection_task_area_facts_compact();
    select risk_point_area_facts_compact();
$$;

select hazard_area_facts_rebuild();
select inspection_task_area_facts_rebuild();
select risk_point_area_facts_rebuild();
