-- Federation (issue 13 §2, ADR 0032): what a province received from its cities counts on its 驾驶舱 and 重大风险清单.
-- The exchange module keeps a per-enterprise read model of the records it received, in the shape of the owning
-- modules' facts (risk_point_facts, hazard_facts, hazard_month_facts), and publishes it through ExchangeFacts.
-- Received dates are the national model's local time (yyyy-MM-dd HH:mm:ss, Beijing), checked on arrival.

create table exchange_received_facts (
    enterprise_id bigint primary key,
    points        int not null default 0,
    major_risks   int not null default 0,
    orange        int not null default 0,
    yellow        int not null default 0,
    blue          int not null default 0,
    unassessed    int not null default 0,
    top_level     int,
    open          int not null default 0,
    closed        int not null default 0,
    major_open    int not null default 0,
    last_found_at timestamptz
);

create table exchange_received_month_facts (
    enterprise_id bigint not null,
    month         date not null,
    found         int not null default 0,
    major_found   int not null default 0,
    closed        int not null default 0,
    primary key (enterprise_id, month)
);

create index exchange_received_live on exchange_received (enterprise_id, entity) where not deleted;
-- The overdue figures depend on the clock, so they are read from the open hazards themselves (ADR 0024 "Time").
create index exchange_received_open_hazards on exchange_received (enterprise_id)
    where entity = 'hazard' and not deleted and payload->>'dangerState' <> '9';

-- Recounts the given enterprises from their received rows. A recount rather than a delta: a record may move between
-- levels through its children (an object without its own level takes its events' highest), which a delta cannot see.
create function exchange_received_facts_refresh(ids bigint[]) returns void language sql as $$
    delete from exchange_received_facts where enterprise_id = any(ids);
    delete from exchange_received_month_facts where enterprise_id = any(ids);
    with r as (select uuid, entity, enterprise_id, payload from exchange_received
                where enterprise_id = any(ids) and not deleted and entity in ('object', 'unit', 'event', 'hazard')),
    unit_level as (select u.enterprise_id, u.payload->>'hazardCode' as code,
                          min(nullif(ev.payload->>'riskClass', '')::int) as level
                     from r u join r ev on ev.entity = 'event' and ev.payload->>'riskUnitId' = u.uuid::text
                    where u.entity = 'unit' group by 1, 2),
    obj as (select o.enterprise_id, coalesce(nullif(o.payload->>'riskClass', '')::int, ul.level) as level
              from r o left join unit_level ul on ul.enterprise_id = o.enterprise_id and ul.code = o.payload->>'hazardCode'
             where o.entity = 'object'),
    pt as (select enterprise_id, count(*) as points, count(*) filter (where level = 1) as major_risks,
                  count(*) filter (where level = 2) as orange, count(*) filter (where level = 3) as yellow,
                  count(*) filter (where level = 4) as blue, count(*) filter (where level is null) as unassessed,
                  min(level) as top_level
             from obj group by 1),
    hz as (select enterprise_id, count(*) filter (where payload->>'dangerState' <> '9') as open,
                  count(*) filter (where payload->>'dangerState' = '9') as closed,
                  count(*) filter (where payload->>'dangerState' <> '9' and payload->>'dangerLevel' = '1') as major_open,
                  max((payload->>'registTime')::timestamp at time zone 'Asia/Shanghai') as last_found_at
             from r where entity = 'hazard' group by 1)
    insert into exchange_received_facts (enterprise_id, points, major_risks, orange, yellow, blue, unassessed, top_level,
                                         open, closed, major_open, last_found_at)
    select coalesce(pt.enterprise_id, hz.enterprise_id), coalesce(pt.points, 0), coalesce(pt.major_risks, 0),
           coalesce(pt.orange, 0), coalesce(pt.yellow, 0), coalesce(pt.blue, 0), coalesce(pt.unassessed, 0), pt.top_level,
           coalesce(hz.open, 0), coalesce(hz.closed, 0), coalesce(hz.major_open, 0), hz.last_found_at
      from pt full join hz on hz.enterprise_id = pt.enterprise_id;
    insert into exchange_received_month_facts (enterprise_id, month, found, major_found, closed)
    select enterprise_id, month, sum(found), sum(major_found), sum(closed)
      from (select enterprise_id, date_trunc('month', (payload->>'registTime')::timestamp)::date as month, 1 as found,
                   (payload->>'dangerLevel' = '1')::int as major_found, 0 as closed
              from exchange_received where enterprise_id = any(ids) and entity = 'hazard' and not deleted
            union all
            select enterprise_id, date_trunc('month', coalesce(payload->>'checkAcceptTime', payload->>'updateDate')::timestamp)::date,
                   0, 0, 1
              from exchange_received where enterprise_id = any(ids) and entity = 'hazard' and not deleted
                   and payload->>'dangerState' = '9') m
     group by enterprise_id, month;
$$;

-- Statement-level, like the owners' facts (V165): one recount per statement for the enterprises it touched; a
-- statement over measures, tasks or records alone changes no figure and recounts nothing.
create function exchange_received_facts_trigger() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform exchange_received_facts_refresh(array(select distinct enterprise_id from new_rows
                                                       where entity in ('object', 'unit', 'event', 'hazard')));
    elsif tg_op = 'UPDATE' then
        perform exchange_received_facts_refresh(array(select enterprise_id from new_rows where entity in ('object', 'unit', 'event', 'hazard')
                                                       union select enterprise_id from old_rows where entity in ('object', 'unit', 'event', 'hazard')));
    else
        perform exchange_received_facts_refresh(array(select distinct enterprise_id from old_rows
                                                       where entity in ('object', 'unit', 'event', 'hazard')));
    end if;
    return null;
end $$;

create trigger exchange_received_facts_ins after insert on exchange_received referencing new table as new_rows
    for each statement execute function exchange_received_facts_trigger();
create trigger exchange_received_facts_upd after update on exchange_received referencing old table as old_rows new table as new_rows
    for each statement execute function exchange_received_facts_trigger();
create trigger exchange_received_facts_del after delete on exchange_received referencing old table as old_rows
    for each statement execute function exchange_received_facts_trigger();

select exchange_received_facts_refresh(array(select distinct enterprise_id from exchange_received where enterprise_id is not null));
