-- 排查: tasks generated from control measures, once per period; immutable inspection records; 停用检维修 outages.

create table inspection_task (
    id            bigint generated always as identity primary key,
    enterprise_id bigint      not null references enterprise(id) on delete cascade,
    risk_point_id bigint      not null references risk_point(id) on delete cascade,
    measure_id    bigint      not null references control_measure(id) on delete cascade,
    period_start  timestamptz not null,
    due_at        timestamptz not null,
    status        varchar(10) not null default 'PENDING' check (status in ('PENDING','DONE','OVERDUE','SUSPENDED')),
    done_at       timestamptz,
    record_id     bigint,
    -- The once-per-period guarantee: however many instances generate, a period has one task.
    unique (measure_id, period_start)
);
create index inspection_task_enterprise_due_idx on inspection_task(enterprise_id, due_at);
create index inspection_task_pending_idx on inspection_task(due_at) where status = 'PENDING';
create index inspection_task_point_idx on inspection_task(risk_point_id, status);

create table risk_point_outage (
    id            bigint generated always as identity primary key,
    risk_point_id bigint      not null references risk_point(id) on delete cascade,
    starts_on     date        not null,
    ends_on       date        not null,
    reason        varchar(200) not null,
    created_by    varchar(40) not null,
    created_at    timestamptz not null,
    check (ends_on >= starts_on)
);
create index risk_point_outage_point_idx on risk_point_outage(risk_point_id, starts_on);

create table inspection_checkin (
    id            bigint generated always as identity primary key,
    risk_point_id bigint      not null references risk_point(id) on delete cascade,
    username      varchar(40) not null,
    at            timestamptz not null,
    via           varchar(8)  not null check (via in ('QR','LIST'))
);

create table inspection_record (
    id             bigint generated always as identity primary key,
    enterprise_id  bigint      not null references enterprise(id) on delete cascade,
    risk_point_id  bigint      not null references risk_point(id) on delete cascade,
    checkin_id     bigint      references inspection_checkin(id),
    inspector      varchar(40) not null,
    inspector_name varchar(40) not null,
    checked_in_at  timestamptz,
    submitted_at   timestamptz not null,
    latitude       numeric(9,6),
    longitude      numeric(9,6),
    client_key     varchar(80),
    unique (enterprise_id, client_key)
);
create index inspection_record_point_idx on inspection_record(risk_point_id, submitted_at desc);

create table inspection_answer (
    id           bigint generated always as identity primary key,
    record_id    bigint      not null references inspection_record(id) on delete cascade,
    task_id      bigint      not null references inspection_task(id),
    result       varchar(14) not null check (result in ('NORMAL','ABNORMAL','NOT_APPLICABLE')),
    note         varchar(1000),
    photo_id     bigint      references stored_file(id),
    photo_reused boolean     not null default false,  -- the same picture was already evidence elsewhere
    hazard_id    bigint,
    unique (task_id)
);

-- Records cannot be edited after submission: the database refuses it.
create function inspection_is_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'inspection records cannot be changed after submission';
end $$;
create trigger inspection_record_immutable before update or delete on inspection_record
    for each row execute function inspection_is_immutable();
create trigger inspection_answer_immutable before update on inspection_answer
    for each row execute function inspection_is_immutable();

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('inspection:task:do')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'WORKER');
insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('inspection:task:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR', 'ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'SERVICE_ORG');
insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('inspection:outage:write')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');
