-- 特殊作业票 (GB 30871-2022): one row per permit with the signatures of its life as columns (who, when), the
-- JSA lines, the workers, the gas analyses with their samples, the safety measures confirmed item by item, the
-- extensions and the links between permits of one job. permit_step is the permit's own timeline (the PDF and the
-- page show it); the audit trail records every step as well.
create table permit (
    id                  bigint generated always as identity primary key,
    enterprise_id       bigint        not null references enterprise(id),
    number              varchar(40)   not null,
    kind                varchar(20)   not null check (kind in ('HOT_WORK', 'CONFINED_SPACE', 'BLIND_PLATE', 'HEIGHT', 'LIFTING',
                                                               'TEMPORARY_POWER', 'EARTHWORK', 'ROAD_BREAKING')),
    requested_level     varchar(10),                    -- as applied for (动火) or derived from height / load
    level               varchar(10),                    -- after 升级管理 and the 重大危险源 rule
    level_reason        varchar(400),                   -- why the level was raised, shown beside it
    place               varchar(200)  not null,
    plan_x              numeric(7,4),                   -- position on the enterprise's site plan, 0..1 of its width / height
    plan_y              numeric(7,4),
    risk_point_id       bigint        not null references risk_point(id),
    risk_unit_id        bigint        references risk_unit(id),
    risk_point_label    varchar(200)  not null,         -- the point's code and name as they were when applied for
    job                 varchar(1000) not null,
    inside_dike         boolean,                        -- 动火 in a 重大危险源 tank farm's fire dike
    hazardous_medium    boolean,                        -- 盲板抽堵 on a flammable or toxic medium
    height_m            numeric(6,2),
    load_t              numeric(8,2),
    planned_start       timestamptz   not null,
    valid_until         timestamptz   not null,
    applicant_username  varchar(40)   not null,
    applicant_name      varchar(60)   not null,
    guardian_id         bigint        not null references employee(id),
    guardian_name       varchar(60)   not null,
    contractor_id       bigint,                         -- the contractor module's record; checked there once it is wired
    contractor_name     varchar(120),
    video_ref           varchar(300),
    status              varchar(12)   not null check (status in ('APPLIED', 'APPROVED', 'IN_PROGRESS', 'SUSPENDED', 'COMPLETED',
                                                                 'CLOSED', 'CANCELLED')),
    approved_by         varchar(40),
    approver_name       varchar(60),
    approved_at         timestamptz,
    approval_opinion    varchar(500),
    started_at          timestamptz,
    suspended_at        timestamptz,
    completed_at        timestamptz,
    completed_by        varchar(40),
    completion_note     varchar(500),
    closed_at           timestamptz,
    closed_by           varchar(40),
    cancelled_at        timestamptz,
    cancelled_by        varchar(40),
    cancel_reason       varchar(500),
    created_at          timestamptz   not null,
    unique (enterprise_id, number),
    check (valid_until > planned_start),
    check ((approved_at is null) = (approved_by is null)),
    check (approved_by is null or approved_by <> applicant_username)
);
create index permit_enterprise_idx on permit(enterprise_id, status);
create index permit_window_idx on permit(enterprise_id, approved_at, valid_until);

create table permit_hazard (
    permit_id  bigint        not null references permit(id) on delete cascade,
    seq        integer       not null,
    hazard     varchar(300)  not null,
    measure    varchar(500)  not null,
    primary key (permit_id, seq)
);

create table permit_worker (
    permit_id    bigint       not null references permit(id) on delete cascade,
    seq          integer      not null,
    employee_id  bigint       references employee(id),
    name         varchar(60)  not null,
    role         varchar(20)  not null check (role in ('WELDER', 'ELECTRICIAN', 'HEIGHT_WORKER', 'CRANE_OPERATOR', 'WORKER')),
    primary key (permit_id, seq)
);

create table permit_analysis (
    id           bigint generated always as identity primary key,
    permit_id    bigint        not null references permit(id) on delete cascade,
    sampled_at   timestamptz   not null,
    place        varchar(200)  not null,
    analyser     varchar(60)   not null,
    passed       boolean       not null,
    recorded_by  varchar(40)   not null,
    recorded_at  timestamptz   not null
);
create index permit_analysis_permit_idx on permit_analysis(permit_id, sampled_at);

create table permit_sample (
    analysis_id  bigint        not null references permit_analysis(id) on delete cascade,
    seq          integer       not null,
    gas          varchar(40)   not null,
    kind         varchar(12)   not null check (kind in ('COMBUSTIBLE', 'OXYGEN', 'TOXIC')),
    lel_class    varchar(6)    check (lel_class in ('HIGH', 'LOW')),   -- the gas's LEL ≥ 4 % (HIGH) or < 4 % (LOW)
    value        numeric(10,4) not null,
    limit_value  numeric(10,4) not null,                               -- the limit applied, as the rule had it then
    passed       boolean       not null,
    primary key (analysis_id, seq),
    check ((kind = 'COMBUSTIBLE') = (lel_class is not null))
);

create table permit_measure (
    permit_id     bigint       not null references permit(id) on delete cascade,
    item          varchar(10)  not null,            -- the item's code in resources/permit/safety-measures.tsv
    applicable    boolean      not null,            -- false: 不涉及
    confirmed_by  varchar(40)  not null,
    confirmer     varchar(60)  not null,
    confirmed_at  timestamptz  not null,
    primary key (permit_id, item)
);

create table permit_extension (
    id          bigint generated always as identity primary key,
    permit_id   bigint        not null references permit(id) on delete cascade,
    from_until  timestamptz   not null,
    to_until    timestamptz   not null,
    reason      varchar(500)  not null,
    extended_by varchar(40)   not null,
    extended_at timestamptz   not null,
    check (to_until > from_until)
);

-- One job needing several permits (动火 inside a 受限空间): each pair once, the smaller id first.
create table permit_link (
    permit_id  bigint not null references permit(id) on delete cascade,
    linked_id  bigint not null references permit(id) on delete cascade,
    primary key (permit_id, linked_id),
    check (permit_id < linked_id)
);

create table permit_step (
    id          bigint generated always as identity primary key,
    permit_id   bigint        not null references permit(id) on delete cascade,
    action      varchar(20)   not null,
    actor       varchar(40)   not null,
    actor_name  varchar(60)   not null,
    at          timestamptz   not null,
    note        varchar(500)
);
create index permit_step_permit_idx on permit_step(permit_id, at);

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('permit:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR', 'ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'WORKER', 'SERVICE_ORG');

-- 监护人 and workers record analyses and confirm measures on a phone: WORKER writes too.
insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('permit:write')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'WORKER');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('permit:approve')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');

-- 特级动火 and 一级吊装: the 主要负责人, or whoever an admin gives this permission to as the principal's delegate.
insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('permit:approve:top')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL');
