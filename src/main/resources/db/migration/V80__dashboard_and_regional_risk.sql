-- 政府监管 dashboards and regional risk: public-area risks registered by regulators, the alarms the duty-room
-- screen shows, and the indexes the jurisdiction dashboard's set-based queries need on a province-sized dataset.

-- 区域风险: a public-area risk (人员密集场所, 城市运行, 燃气管网, ...) assessed with the enterprises' methods.
create table regional_risk (
    id             bigint generated always as identity primary key,
    region_code    varchar(12)   not null references region(code),  -- a town (9 digits) or a village under it
    category       varchar(20)   not null,
    name           varchar(120)  not null,
    location       varchar(200)  not null,
    hazard         varchar(1000) not null,                          -- 主要危险因素
    accident_types varchar(3)[]  not null default '{}',            -- GB 6441 codes
    method         varchar(10)   not null,
    inputs         jsonb         not null,
    score          numeric(10,3) not null,
    level          smallint      not null check (level between 1 and 4),
    measures       varchar(2000) not null,
    department     varchar(80)   not null,                          -- 监管责任部门
    responsible    varchar(40)   not null,
    phone          varchar(20),
    longitude      numeric(9,6),
    latitude       numeric(8,6),
    created_by     varchar(40)   not null,
    created_at     timestamptz   not null,
    updated_at     timestamptz   not null
);
create index regional_risk_region_idx on regional_risk(region_code varchar_pattern_ops, level);

-- Sensor alarms as monitoring announces them (shared.AlarmRaised): the screen lists the latest within a jurisdiction.
create table dashboard_alarm (
    alarm_id      bigint primary key,
    enterprise_id bigint       not null references enterprise(id) on delete cascade,
    risk_point_id bigint,
    level         varchar(10)  not null,
    title         varchar(200) not null,
    link          varchar(200),
    raised_at     timestamptz  not null
);
create index dashboard_alarm_time_idx on dashboard_alarm(raised_at desc);

-- Trends and 零报告 read hazards by when they were found, per enterprise; open major hazards are read on their own.
create index hazard_enterprise_found_idx on hazard(enterprise_id, found_at);
create index hazard_found_idx on hazard(found_at);
create index hazard_major_open_idx on hazard(enterprise_id) where level = 'MAJOR' and state not in ('CLOSED','REJECTED');
create index risk_point_level_idx on risk_point(level, enterprise_id) where level is not null;

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('analytics:dashboard:read'), ('regional:risk:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('regional:risk:write')) as p(permission)
where r.code = 'REGULATOR';
