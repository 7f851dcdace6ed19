-- The 驾驶舱's per-enterprise list, "riskiest first", in index order (ADR 0049). The order is the overall level (the
-- rating, else the register's highest level: enterprise_level_facts, V226), then open major hazards, then open hazards,
-- then id; level and hazards are kept by two owners, so no index of theirs holds it. This read model keeps the sort key
-- of every enterprise in one row, so a province's page walks the index for its rows instead of ranking 50 000.
--
-- Each source writes only its own columns, from the rows it has just written and holds locked until commit: a rating
-- change and a hazard change of one enterprise at once each leave their own columns right, whichever commits first.
-- What lower platforms report (ADR 0032) is not in it: the reader ranks those few enterprises from their facts.
create table enterprise_rank_facts (
    enterprise_id bigint primary key,
    rank_level    smallint not null default 5,  -- the overall level 1 red … 4 blue; 5: none yet (listed last)
    major_open    integer  not null default 0,  -- hazard_facts.major_open
    open          integer  not null default 0   -- hazard_facts.open
);
create index enterprise_rank_facts_order on enterprise_rank_facts (rank_level, major_open desc, open desc, enterprise_id);

create function enterprise_rank_enterprise_trigger() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into enterprise_rank_facts (enterprise_id) select n.id from new_rows n order by 1 on conflict do nothing;
    else
        delete from enterprise_rank_facts r using old_rows o where r.enterprise_id = o.id;
    end if;
    return null;
end $$;

create trigger enterprise_rank_ins after insert on enterprise referencing new table as new_rows
    for each statement execute function enterprise_rank_enterprise_trigger();
create trigger enterprise_rank_del after delete on enterprise referencing old table as old_rows
    for each statement execute function enterprise_rank_enterprise_trigger();

create function enterprise_rank_level_trigger() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        update enterprise_rank_facts r set rank_level = 5
          from old_rows o where r.enterprise_id = o.enterprise_id and r.rank_level <> 5;
    else
        update enterprise_rank_facts r set rank_level = coalesce(n.level, 5)
          from new_rows n where r.enterprise_id = n.enterprise_id and r.rank_level <> coalesce(n.level, 5);
    end if;
    return null;
end $$;

create trigger enterprise_rank_level_ins after insert on enterprise_level_facts referencing new table as new_rows
    for each statement execute function enterprise_rank_level_trigger();
create trigger enterprise_rank_level_upd after update on enterprise_level_facts referencing new table as new_rows
    for each statement execute function enterprise_rank_level_trigger();
create trigger enterprise_rank_level_del after delete on enterprise_level_facts referencing old table as old_rows
    for each statement execute function enterprise_rank_level_trigger();

create function enterprise_rank_hazard_trigger() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        update enterprise_rank_facts r set major_open = 0, open = 0
          from old_rows o where r.enterprise_id = o.enterprise_id and (r.major_open, r.open) <> (0, 0);
    else
        -- Only when an open count moved: most hazard steps (rectifying, accepting) change neither.
        update enterprise_rank_facts r set major_open = n.major_open, open = n.open
          from new_rows n where r.enterprise_id = n.enterprise_id and (r.major_open, r.open) <> (n.major_open, n.open);
    end if;
    return null;
end $$;

create trigger enterprise_rank_hazard_ins after insert on hazard_facts referencing new table as new_rows
    for each statement execute function enterprise_rank_hazard_trigger();
create trigger enterprise_rank_hazard_upd after update on hazard_facts referencing new table as new_rows
    for each statement execute function enterprise_rank_hazard_trigger();
create trigger enterprise_rank_hazard_del after delete on hazard_facts referencing old table as old_rows
    for each statement execute function enterprise_rank_hazard_trigger();

-- After a bulk load with the triggers off (the benchmark), as the other read models' rebuilds.
create function enterprise_rank_facts_rebuild() returns void language sql as $$
    delete from enterprise_rank_facts;
    insert into enterprise_rank_facts (enterprise_id, rank_level, major_open, open)
    select e.id, coalesce(l.level, 5), coalesce(h.major_open, 0), coalesce(h.open, 0)
      from enterprise e left join enterprise_level_facts l on l.enterprise_id = e.id
      left join hazard_facts h on h.enterprise_id = e.id
     order by e.id;
$$;

select enterprise_rank_facts_rebuild();
