-- The 驾驶舱's counts of enterprises per area, and of enterprises per 企业整体风险等级, as roll-ups by (region_code,
-- industry_code) like V225 (ADR 0035): pending rows appended by triggers, summed by readers, folded by the compaction.

-- ---------------------------------------------------------------- organization: enterprises per key
create table enterprise_area_facts (
    region_code   varchar(12) not null,
    industry_code varchar(8)  not null,
    pending       boolean     not null default true,
    enterprises   integer     not null default 0
);
create unique index enterprise_area_facts_key on enterprise_area_facts (region_code, industry_code) where not pending;

create function enterprise_area_count_trigger() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into enterprise_area_facts (region_code, industry_code, enterprises)
        select region_code, industry_code, count(*) from new_rows group by 1, 2;
    elsif tg_op = 'DELETE' then
        insert into enterprise_area_facts (region_code, industry_code, enterprises)
        select region_code, industry_code, -count(*) from old_rows group by 1, 2;
    end if;
    return null;
end $$;

create trigger enterprise_area_count_ins after insert on enterprise referencing new table as new_rows
    for each statement execute function enterprise_area_count_trigger();
create trigger enterprise_area_count_del after delete on enterprise referencing old table as old_rows
    for each statement execute function enterprise_area_count_trigger();

create function enterprise_area_facts_move(enterprise bigint, old_region varchar, old_industry varchar, new_region varchar,
                                           new_industry varchar) returns void language sql as $$
    insert into enterprise_area_facts (region_code, industry_code, enterprises)
    values (old_region, old_industry, -1), (new_region, new_industry, 1);
$$;

create function enterprise_area_facts_compact() returns void language sql as $$
    with moved as (delete from enterprise_area_facts where pending returning *)
    insert into enterprise_area_facts as f (region_code, industry_code, pending, enterprises)
    select region_code, industry_code, false, sum(enterprises) from moved group by 1, 2 order by 1, 2
    on conflict (region_code, industry_code) where not pending do update set enterprises = f.enterprises + excluded.enterprises;
$$;

create function enterprise_area_facts_rebuild() returns void language sql as $$
    delete from enterprise_area_facts;
    insert into enterprise_area_facts (region_code, industry_code, pending, enterprises)
    select region_code, industry_code, false, count(*) from enterprise group by 1, 2;
$$;

-- ---------------------------------------------------------------- supervision: enterprises per overall level
-- The overall level is the rating, or for an enterprise not rated yet the highest level of its risk register (as the
-- 驾驶舱 has always shown it). It changes with either, so both tables' changes refresh it; the level last counted is
-- kept per enterprise, and that row is locked before the level is read again, so that two transactions changing the
-- rating and the register of one enterprise at once are counted one after the other.
create table enterprise_level_facts (
    enterprise_id bigint primary key,
    level         smallint                     -- 1 red … 4 blue; null: neither rated nor any point assessed
);

create table enterprise_level_area_facts (
    region_code   varchar(12) not null,
    industry_code varchar(8)  not null,
    pending       boolean     not null default true,
    red           integer     not null default 0,
    orange        integer     not null default 0,
    yellow        integer     not null default 0,
    blue          integer     not null default 0
);
create unique index enterprise_level_area_facts_key on enterprise_level_area_facts (region_code, industry_code) where not pending;

create function enterprise_level_refresh(enterprises bigint[]) returns void language plpgsql as $$
begin
    insert into enterprise_level_facts (enterprise_id)
    select distinct x from unnest(enterprises) x order by 1 on conflict do nothing;
    -- (in (select unnest ..)) rather than = any: a hash join when a bulk statement touches every enterprise
    perform 1 from enterprise_level_facts where enterprise_id in (select unnest(enterprises)) order by enterprise_id for update;
    -- A new statement: it sees what another transaction committed while this one waited for the rows above.
    with cur as (select e.id, e.region_code, e.industry_code,
                        coalesce(case r.level when 'RED' then 1 when 'ORANGE' then 2 when 'YELLOW' then 3 when 'BLUE' then 4 end,
                                 rp.top_level) as level
                   from enterprise e left join enterprise_rating r on r.enterprise_id = e.id
                   left join risk_point_facts rp on rp.enterprise_id = e.id
                  where e.id in (select unnest(enterprises))),
    changed as (select f.enterprise_id, f.level as old_level, cur.level as new_level, cur.region_code, cur.industry_code
                  from enterprise_level_facts f join cur on cur.id = f.enterprise_id
                 where f.level is distinct from cur.level),
    saved as (update enterprise_level_facts f set level = c.new_level from changed c where f.enterprise_id = c.enterprise_id)
    insert into enterprise_level_area_facts (region_code, industry_code, red, orange, yellow, blue)
    select region_code, industry_code,
           sum(coalesce((new_level = 1)::int, 0) - coalesce((old_level = 1)::int, 0)),
           sum(coalesce((new_level = 2)::int, 0) - coalesce((old_level = 2)::int, 0)),
           sum(coalesce((new_level = 3)::int, 0) - coalesce((old_level = 3)::int, 0)),
           sum(coalesce((new_level = 4)::int, 0) - coalesce((old_level = 4)::int, 0))
      from changed group by 1, 2;
end $$;

-- Any change of a rating or of a register's facts refreshes its enterprise: the refresh itself finds whether the
-- overall level moved (a new score or one more point usually leaves it), so one trigger serves both tables.
create function enterprise_level_trigger() returns trigger language plpgsql as $$
declare
    touched bigint[];
begin
    if tg_op = 'DELETE' then
        touched := array(select o.enterprise_id from old_rows o);
    else
        touched := array(select n.enterprise_id from new_rows n);
    end if;
    if cardinality(touched) > 0 then perform enterprise_level_refresh(touched); end if;
    return null;
end $$;

create trigger enterprise_level_rating_ins after insert on enterprise_rating referencing new table as new_rows
    for each statement execute function enterprise_level_trigger();
create trigger enterprise_level_rating_upd after update on enterprise_rating referencing new table as new_rows
    for each statement execute function enterprise_level_trigger();
create trigger enterprise_level_rating_del after delete on enterprise_rating referencing old table as old_rows
    for each statement execute function enterprise_level_trigger();
create trigger enterprise_level_register_ins after insert on risk_point_facts referencing new table as new_rows
    for each statement execute function enterprise_level_trigger();
create trigger enterprise_level_register_upd after update on risk_point_facts referencing new table as new_rows
    for each statement execute function enterprise_level_trigger();
create trigger enterprise_level_register_del after delete on risk_point_facts referencing old table as old_rows
    for each statement execute function enterprise_level_trigger();

create function enterprise_level_area_facts_move(enterprise bigint, old_region varchar, old_industry varchar, new_region varchar,
                                                 new_industry varchar) returns void language sql as $$
    select 1 from enterprise_level_facts where enterprise_id = enterprise for update;
    insert into enterprise_level_area_facts (region_code, industry_code, red, orange, yellow, blue)
    select k.region, k.industry, k.s * (f.level = 1)::int, k.s * (f.level = 2)::int, k.s * (f.level = 3)::int, k.s * (f.level = 4)::int
      from enterprise_level_facts f, (values (old_region, old_industry, -1), (new_region, new_industry, 1)) k (region, industry, s)
     where f.enterprise_id = enterprise and f.level is not null;
$$;

create function enterprise_level_area_facts_compact() returns void language sql as $$
    with moved as (delete from enterprise_level_area_facts where pending returning *)
    insert into enterprise_level_area_facts as f (region_code, industry_code, pending, red, orange, yellow, blue)
    select region_code, industry_code, false, sum(red), sum(orange), sum(yellow), sum(blue) from moved group by 1, 2 order by 1, 2
    on conflict (region_code, industry_code) where not pending do update
       set red = f.red + excluded.red, orange = f.orange + excluded.orange, yellow = f.yellow + excluded.yellow,
           blue = f.blue + excluded.blue;
$$;

create function enterprise_level_area_facts_rebuild() returns void language sql as $$
    delete from enterprise_level_facts;
    delete from enterprise_level_area_facts;
    insert into enterprise_level_facts (enterprise_id, level)
    select e.id, coalesce(case r.level when 'RED' then 1 when 'ORANGE' then 2 when 'YELLOW' then 3 when 'BLUE' then 4 end, rp.top_level)
      from enterprise e left join enterprise_rating r on r.enterprise_id = e.id left join risk_point_facts rp on rp.enterprise_id = e.id;
    insert into enterprise_level_area_facts (region_code, industry_code, pending, red, orange, yellow, blue)
    select e.region_code, e.industry_code, false, count(*) filter (where f.level = 1), count(*) filter (where f.level = 2),
           count(*) filter (where f.level = 3), count(*) filter (where f.level = 4)
      from enterprise_level_facts f join enterprise e on e.id = f.enterprise_id group by 1, 2;
$$;

-- ---------------------------------------------------------------- moving, compacting, rebuilding all
create or replace function enterprise_area_move() returns trigger language plpgsql as $$
begin
    perform enterprise_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    perform enterprise_level_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    perform hazard_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    perform inspection_task_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    perform risk_point_area_facts_move(new.id, old.region_code, old.industry_code, new.region_code, new.industry_code);
    return null;
end $$;

create or replace function area_facts_compact() returns void language sql as $$
    select enterprise_area_facts_compact();
    select enterprise_level_area_facts_compact();
    select hazard_area_facts_compact();
    select inspection_task_area_facts_compact();
    select risk_point_area_facts_compact();
$$;

create function area_facts_rebuild() returns void language sql as $$
    select enterprise_area_facts_rebuild();
    select enterprise_level_area_facts_rebuild();
    select hazard_area_facts_rebuild();
    select inspection_task_area_facts_rebuild();
    select risk_point_area_facts_rebuild();
$$;

select enterprise_area_facts_rebuild();
select enterprise_level_area_facts_rebuild();
