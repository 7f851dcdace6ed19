-- 应急管理: plans with versions, drills with follow-up actions, teams, experts, equipment and materials with expiry
-- reminders, and 相邻单位告知 of an enterprise's level 1-2 risks to its neighbours.

create table emergency_plan (
    id              bigint generated always as identity primary key,
    enterprise_id   bigint       not null references enterprise(id) on delete cascade,
    kind            varchar(14)  not null check (kind in ('COMPREHENSIVE','SPECIAL','ONSITE')),
    title           varchar(120) not null,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index emergency_plan_enterprise_idx on emergency_plan(enterprise_id);

-- Every revision is a version; the newest supersedes the earlier ones, which stay as history with their files.
create table emergency_plan_version (
    id              bigint generated always as identity primary key,
    plan_id         bigint       not null references emergency_plan(id) on delete cascade,
    version         integer      not null,
    file_id         bigint       references stored_file(id),
    summary         varchar(2000) not null,
    compiled_on     date         not null,   -- 编制日期
    reviewed_on     date,                    -- 评审日期
    published_on    date,                    -- 发布日期
    filed_on        date,                    -- 备案日期
    filed_with      varchar(120),            -- 备案部门
    created_by      varchar(40)  not null,
    created_at      timestamptz  not null,
    superseded_at   timestamptz,
    unique (plan_id, version)
);

create table emergency_plan_risk (
    plan_id         bigint not null references emergency_plan(id) on delete cascade,
    risk_point_id   bigint not null references risk_point(id) on delete cascade,
    primary key (plan_id, risk_point_id)
);
create index emergency_plan_risk_point_idx on emergency_plan_risk(risk_point_id);

create table emergency_drill (
    id              bigint generated always as identity primary key,
    enterprise_id   bigint       not null references enterprise(id) on delete cascade,
    plan_id         bigint       references emergency_plan(id),
    title           varchar(120) not null,
    kind            varchar(10)  not null check (kind in ('TABLETOP','FIELD')),
    planned_on      date         not null,
    participants    varchar(500) not null,
    held_on         date,
    record          varchar(4000),           -- 演练经过
    evaluation      varchar(2000),           -- 演练评估
    problems        varchar(2000),           -- 发现的问题
    recorded_by     varchar(40),
    created_at      timestamptz  not null
);
create index emergency_drill_enterprise_idx on emergency_drill(enterprise_id, planned_on);

create table emergency_drill_action (
    id              bigint generated always as identity primary key,
    drill_id        bigint       not null references emergency_drill(id) on delete cascade,
    description     varchar(500) not null,
    responsible     varchar(60)  not null,
    due_on          date         not null,
    done_at         timestamptz,
    done_by         varchar(40),
    done_note       varchar(500)
);
create index emergency_drill_action_drill_idx on emergency_drill_action(drill_id);

create table emergency_team (
    id              bigint generated always as identity primary key,
    enterprise_id   bigint       not null references enterprise(id) on delete cascade,
    name            varchar(120) not null,
    kind            varchar(60)  not null,   -- 专职消防队 / 兼职救援队 / 气防站 ...
    leader          varchar(40)  not null,
    phone           varchar(30)  not null,
    location        varchar(200),
    plan_x          numeric(7,1),
    plan_y          numeric(7,1),
    longitude       numeric(9,6),
    latitude        numeric(8,6),
    created_at      timestamptz  not null
);
create index emergency_team_enterprise_idx on emergency_team(enterprise_id);

create table emergency_team_member (
    id              bigint generated always as identity primary key,
    team_id         bigint       not null references emergency_team(id) on delete cascade,
    name            varchar(40)  not null,
    role            varchar(60),
    phone           varchar(30)  not null
);

create table emergency_expert (
    id              bigint generated always as identity primary key,
    enterprise_id   bigint       not null references enterprise(id) on delete cascade,
    name            varchar(40)  not null,
    specialties     varchar(200) not null,
    title           varchar(60),
    organisation    varchar(120),
    phone           varchar(30)  not null,
    created_at      timestamptz  not null
);
create index emergency_expert_enterprise_idx on emergency_expert(enterprise_id);

-- 应急装备和物资: a position on the site plan (the 1000 × 600 frame the risk points use) or coordinates.
create table emergency_resource (
    id              bigint generated always as identity primary key,
    enterprise_id   bigint       not null references enterprise(id) on delete cascade,
    category        varchar(10)  not null check (category in ('EQUIPMENT','MATERIAL')),
    name            varchar(120) not null,
    quantity        numeric(12,2) not null check (quantity >= 0),
    unit            varchar(10)  not null,
    location        varchar(200) not null,
    plan_x          numeric(7,1),
    plan_y          numeric(7,1),
    longitude       numeric(9,6),
    latitude        numeric(8,6),
    expires_on      date,
    keeper          varchar(40),
    phone           varchar(30),
    reminded_for    date,                    -- the expiry date a reminder was sent for, so each expiry reminds once
    created_at      timestamptz  not null
);
create index emergency_resource_enterprise_idx on emergency_resource(enterprise_id);
create index emergency_resource_expiry_idx on emergency_resource(expires_on) where expires_on is not null;

-- The emergency module's in-app reminders (the hazard inbox's pattern: one row per person and reminder).
create table emergency_reminder (
    id              bigint generated always as identity primary key,
    username        varchar(40)  not null,
    kind            varchar(20)  not null check (kind in ('EXPIRY','NEIGHBOUR_NOTICE')),
    message         varchar(500) not null,
    link            varchar(200) not null,
    created_at      timestamptz  not null,
    read_at         timestamptz
);
create index emergency_reminder_user_idx on emergency_reminder(username, read_at);

-- Declared neighbours (相邻单位) beyond those within the configured distance.
create table enterprise_neighbour (
    enterprise_id   bigint not null references enterprise(id) on delete cascade,
    neighbour_id    bigint not null references enterprise(id) on delete cascade,
    primary key (enterprise_id, neighbour_id),
    check (enterprise_id <> neighbour_id)
);

-- 相邻单位告知: what was notified to whom and when, and the neighbour's acknowledgement.
create table neighbour_notice (
    id              bigint generated always as identity primary key,
    enterprise_id   bigint       not null references enterprise(id) on delete cascade,
    neighbour_id    bigint       not null references enterprise(id) on delete cascade,
    risk_point_id   bigint       not null references risk_point(id) on delete cascade,
    risk_level      smallint     not null check (risk_level in (1, 2)),
    distance_m      integer,
    content         varchar(2000) not null,
    notified_at     timestamptz  not null,
    notified_by     varchar(40)  not null,
    acknowledged_at timestamptz,
    acknowledged_by varchar(40),
    ack_note        varchar(500)
);
create index neighbour_notice_enterprise_idx on neighbour_notice(enterprise_id);
create index neighbour_notice_neighbour_idx on neighbour_notice(neighbour_id);

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('emergency:register:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR', 'ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'WORKER', 'SERVICE_ORG', 'GRID_WORKER');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('emergency:register:write')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');
