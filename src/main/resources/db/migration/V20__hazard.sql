-- 隐患排查治理: the hazard register, its photos and the in-app inbox.
create table hazard (
    id                      bigint generated always as identity primary key,
    enterprise_id           bigint not null references enterprise(id),
    source                  varchar(20) not null,
    level                   varchar(10) not null check (level in ('GENERAL','MAJOR')),
    criterion_code          varchar(40),          -- 判定标准 item that made it 重大, cited with its text
    criterion_text          varchar(400),
    major_reason            varchar(500),         -- 重大 by judgement: the written reason
    type                    varchar(20) not null,
    risk_point_id           bigint,               -- the risk module's risk point; no FK while that module is built
    title                   varchar(100) not null,
    description             varchar(2000) not null,
    location                varchar(200) not null,
    found_by                varchar(40) not null,
    found_at                timestamptz not null,
    client_key              varchar(80),
    state                   varchar(24) not null,
    reject_reason           varchar(500),
    responsible             varchar(40),
    measures                varchar(2000),
    funds                   numeric(14,2),
    deadline                date,
    contingency_plan        varchar(2000),
    fixed_on_spot           boolean not null default false,
    rectified_by            varchar(40),
    rectified_at            timestamptz,
    rectification_note      varchar(2000),
    accepted_by             varchar(40),
    accepted_at             timestamptz,
    acceptance_opinion      varchar(1000),
    extension_deadline      date,
    extension_reason        varchar(500),
    extension_requested_by  varchar(40),
    overdue                 boolean not null default false,
    reminded                boolean not null default false,
    escalated_at            timestamptz,
    supervised              boolean not null default false,
    supervision_doc_no      varchar(60),
    supervision_level       varchar(20),
    supervision_deadline    date,
    supervised_by           varchar(40),
    closed_at               timestamptz,
    created_at              timestamptz not null,
    updated_at              timestamptz not null,
    check (level = 'GENERAL' or criterion_code is not null or major_reason is not null)
);
create unique index hazard_client_key_uq on hazard(enterprise_id, client_key) where client_key is not null;
create index hazard_enterprise_idx on hazard(enterprise_id, state);
create index hazard_deadline_idx on hazard(deadline) where state = 'RECTIFYING';

-- Photos stay here until the platform's file store lands. One content hash per hazard: the same picture cannot be
-- both the "before" and the "after" of one hazard.
create table hazard_photo (
    id            bigint generated always as identity primary key,
    hazard_id     bigint not null references hazard(id),
    stage         varchar(10) not null check (stage in ('BEFORE','AFTER')),
    sha256        char(64) not null,
    content_type  varchar(20) not null,
    size_bytes    integer not null,
    content       bytea not null,
    uploaded_by   varchar(40) not null,
    uploaded_at   timestamptz not null,
    unique (hazard_id, sha256)
);

-- The in-app inbox: assignments, approaching deadlines, overdue notices and escalations.
create table notice (
    id          bigint generated always as identity primary key,
    username    varchar(40) not null,
    kind        varchar(20) not null,
    hazard_id   bigint references hazard(id),
    message     varchar(500) not null,
    created_at  timestamptz not null,
    read_at     timestamptz
);
create index notice_user_idx on notice(username, read_at);

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('hazard:register:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR', 'ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'WORKER', 'SERVICE_ORG', 'GRID_WORKER');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values
 ('hazard:register:write'), ('hazard:report'), ('hazard:rectify'), ('hazard:accept')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('hazard:report'), ('hazard:rectify')) as p(permission)
where r.code = 'WORKER';

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('hazard:register:write')) as p(permission)
where r.code = 'SERVICE_ORG';

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('hazard:supervise')) as p(permission)
where r.code = 'REGULATOR';
