-- 安全风险分级管控: the register follows the national dual-prevention model 风险分析对象 → 风险事件 → 管控措施
-- (risk_point is the 风险分析对象 that enterprises know as 风险点; its code is the hazardCode of the upload format).

create table risk_point (
    id              bigint generated always as identity primary key,
    enterprise_id   bigint       not null references enterprise(id) on delete cascade,
    code            varchar(40)  not null,
    name            varchar(120) not null,
    kind            varchar(12)  not null check (kind in ('EQUIPMENT','ACTIVITY','AREA','PROCESS')),
    org_unit_id     bigint       not null references org_unit(id),
    location        varchar(200),
    site_position   text,                          -- GeoJSON geometry on the enterprise's site plan
    major_hazard_source boolean  not null default false,
    review_due      date,                          -- 定期评审日期
    level           smallint check (level between 1 and 4), -- highest level of its events; null until assessed
    created_at      timestamptz  not null default now(),
    updated_at      timestamptz  not null default now(),
    unique (enterprise_id, code)
);
create index risk_point_enterprise_idx on risk_point(enterprise_id, level);

create table risk_event (
    id                 bigint generated always as identity primary key,
    risk_point_id      bigint       not null references risk_point(id) on delete cascade,
    name               varchar(500) not null,      -- 风险事件 / JHA 作业步骤 / SCL 检查项目
    hazard             varchar(1000) not null,     -- 危险源（危害因素）描述
    factor_code        varchar(8)   not null,      -- GB/T 13861 code
    factor_dict        varchar(20)  not null default 'GB/T 13861-2009',
    accident_types     varchar(3)[] not null,      -- GB 6441 codes
    accident_dict      varchar(20)  not null default 'GB 6441-1986',
    consequence        varchar(500) not null,
    inherent_level     smallint check (inherent_level between 1 and 4),
    residual_level     smallint check (residual_level between 1 and 4),
    created_at         timestamptz  not null default now()
);
create index risk_event_point_idx on risk_event(risk_point_id);

-- Every assessment is a version; it counts only once analyst, reviewer and approver (three people) signed it.
create table risk_assessment (
    id             bigint generated always as identity primary key,
    risk_event_id  bigint       not null references risk_event(id) on delete cascade,
    version        integer      not null,
    basis          varchar(10)  not null check (basis in ('INHERENT','RESIDUAL')),
    method         varchar(10)  not null,
    inputs         jsonb        not null,
    score          numeric(10,3) not null,
    grade          smallint     not null check (grade between 1 and 4),
    reason         varchar(500) not null,
    status         varchar(10)  not null default 'ANALYSED' check (status in ('ANALYSED','REVIEWED','APPROVED')),
    analyst        varchar(60)  not null,
    analyst_name   varchar(60)  not null,
    analysed_at    timestamptz  not null,
    reviewer       varchar(60),
    reviewer_name  varchar(60),
    reviewed_at    timestamptz,
    approver       varchar(60),
    approver_name  varchar(60),
    approved_at    timestamptz,
    unique (risk_event_id, version)
);

create table control_measure (
    id                      bigint generated always as identity primary key,
    risk_point_id           bigint        not null references risk_point(id) on delete cascade,
    type                    varchar(12)   not null check (type in ('ENGINEERING','MANAGEMENT','TRAINING','PPE','EMERGENCY')),
    description             varchar(2000) not null,
    control_tier            varchar(10) check (control_tier in ('COMPANY','WORKSHOP','TEAM','POST')), -- null: follow the rule
    responsible_unit_id     bigint        not null references org_unit(id),
    responsible_employee_id bigint        not null references employee(id),
    check_content           varchar(1000) not null,
    check_cycle             numeric(6,2)  not null check (check_cycle > 0),
    check_cycle_unit        varchar(8)    not null check (check_cycle_unit in ('HOUR','SHIFT','DAY','WEEK','MONTH','QUARTER','YEAR')),
    created_at              timestamptz   not null default now()
);
create index control_measure_point_idx on control_measure(risk_point_id);

create table control_measure_event (
    measure_id bigint not null references control_measure(id) on delete cascade,
    event_id   bigint not null references risk_event(id) on delete cascade,
    primary key (measure_id, event_id)
);

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('risk:register:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR', 'ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'WORKER', 'SERVICE_ORG', 'GRID_WORKER');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('risk:register:write')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'SERVICE_ORG');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('risk:assessment:approve')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('risk:major:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR');
