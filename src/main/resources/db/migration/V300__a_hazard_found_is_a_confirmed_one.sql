-- What counts as a hazard found (ADR 0066): one that entered the loop — neither rejected nor a 随手拍 still awaiting
-- confirmation. The 驾驶舱's and the 大屏's monthly 发现 (hazard_month_facts, V165) counted every report not rejected,
-- while 整改率, 未销号 and the rest of the platform count confirmed hazards only; a 随手拍 confirmed later counts in the
-- month it was found, from its confirmation on. One definition, used by the facts' triggers here and by every Java
-- query that counts hazards found (HazardFacts.COUNTS_AS_FOUND): an SQL function PostgreSQL inlines.
create function hazard_counts_as_found(state varchar) returns boolean
    language sql immutable parallel safe
    as $$ select state not in ('REJECTED', 'PENDING_CONFIRMATION') $$;

create or replace function hazard_facts_delta(olds hazard[], news hazard[]) returns void language sql as $$
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
                 s * hazard_counts_as_found(state)::int as found,
                 s * (hazard_counts_as_found(state) and level = 'MAJOR')::int as major_found,
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

create or replace function hazard_facts_rebuild() returns void language sql as $$
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
                   hazard_counts_as_found(state)::int as found, (hazard_counts_as_found(state) and level = 'MAJOR')::int as major_found,
                   0 as closed
              from hazard
            union all
            select enterprise_id, date_trunc('month', closed_at at time zone 'Asia/Shanghai')::date, 0, 0, 1
              from hazard where state = 'CLOSED' and closed_at is not null) b
     group by 1, 2 having sum(found) <> 0 or sum(closed) <> 0;
$$;

-- The months already counted: the 随手拍 still awaiting confirmation leave them, by the same delta the triggers apply
-- (the area roll-ups follow through their own triggers on hazard_month_facts).
with pending as (select enterprise_id, date_trunc('month', found_at at time zone 'Asia/Shanghai')::date as month,
                        count(*) as n, count(*) filter (where level = 'MAJOR') as major
                   from hazard where state = 'PENDING_CONFIRMATION' group by 1, 2)
update hazard_month_facts f set found = f.found - p.n, major_found = f.major_found - p.major
  from pending p where f.enterprise_id = p.enterprise_id and f.month = p.month;
