-- Foundation schema: regions, regulators, enterprises and their structure, service organisations,
-- accounts and roles, API tokens, files, the audit chain and the HTTP session store.
-- Ids are bigint identities (one PostgreSQL, many app instances); all times are timestamptz.

create table region (
    code        varchar(12) primary key,           -- GB/T 2260 (6 digits) / town 9 / village 12
    name        varchar(60) not null,
    level       smallint    not null check (level between 1 and 5), -- 1 省 2 市 3 县 4 乡镇街道 5 村社区
    parent_code varchar(12) references region(code),
    schematic   boolean     not null default false, -- code or boundary not from an official source
    boundary    text                                 -- GeoJSON geometry, schematic for the demo city
);
create index region_parent_idx on region(parent_code);
create index region_code_prefix_idx on region(code varchar_pattern_ops);

create table grid (
    id          bigint generated always as identity primary key,
    region_code varchar(12) not null references region(code),
    code        varchar(30) not null unique,
    name        varchar(60) not null
);

create table grid_worker (
    id      bigint generated always as identity primary key,
    grid_id bigint not null references grid(id),
    name    varchar(40) not null,
    phone   varchar(20)
);

create table department (
    id          bigint generated always as identity primary key,
    name        varchar(80) not null,
    kind        varchar(30) not null,               -- 应急管理 / 住建 / 交通运输 / 消防救援 / 市场监管 ...
    region_code varchar(12) not null references region(code), -- the jurisdiction's root region
    industries  varchar(8)[] not null default '{}', -- GB/T 4754 prefixes supervised; empty = all (综合监管)
    phone       varchar(20),
    unique (name, region_code)
);

create table enterprise (
    id                   bigint generated always as identity primary key,
    name                 varchar(120) not null,
    credit_code          char(18)     not null unique,
    industry_code        varchar(8)   not null,     -- GB/T 4754-2017 e.g. C2614
    scale                varchar(10)  not null default 'SMALL',
    headcount            integer      not null default 0 check (headcount >= 0),
    address              varchar(200),
    longitude            numeric(9,6),
    latitude             numeric(8,6),
    region_code          varchar(12)  not null references region(code),
    grid_id              bigint references grid(id),
    principal_name       varchar(40),
    principal_phone      varchar(20),
    safety_manager_name  varchar(40),
    safety_manager_phone varchar(20),
    status               varchar(12)  not null default 'OPERATING',
    major_hazard         boolean not null default false,
    dust_explosion       boolean not null default false,
    confined_space       boolean not null default false,
    ammonia_refrigeration boolean not null default false,
    hazardous_chemicals  boolean not null default false,
    crowded_place        boolean not null default false,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);
create index enterprise_region_idx on enterprise(region_code varchar_pattern_ops);
create index enterprise_industry_idx on enterprise(industry_code varchar_pattern_ops);
create index enterprise_name_idx on enterprise(name varchar_pattern_ops);

create table enterprise_department (
    enterprise_id bigint not null references enterprise(id) on delete cascade,
    department_id bigint not null references department(id),
    primary key (enterprise_id, department_id)
);
create index enterprise_department_dept_idx on enterprise_department(department_id);

create table org_unit (
    id            bigint generated always as identity primary key,
    enterprise_id bigint not null references enterprise(id) on delete cascade,
    parent_id     bigint references org_unit(id),
    name          varchar(80) not null,
    tier          varchar(10) not null check (tier in ('COMPANY','WORKSHOP','TEAM','POST')),
    sort_order    integer not null default 0
);
create index org_unit_enterprise_idx on org_unit(enterprise_id);

create table employee (
    id            bigint generated always as identity primary key,
    enterprise_id bigint not null references enterprise(id) on delete cascade,
    post_id       bigint references org_unit(id),
    name          varchar(40) not null,
    phone         varchar(20),
    job_title     varchar(40),
    created_at    timestamptz not null default now()
);
create index employee_enterprise_idx on employee(enterprise_id);
create unique index employee_phone_uq on employee(enterprise_id, phone) where phone is not null;

create table service_org (
    id            bigint generated always as identity primary key,
    name          varchar(120) not null,
    credit_code   char(18) not null unique,
    qualification varchar(120),
    contact_name  varchar(40),
    contact_phone varchar(20)
);

create table service_contract (
    id             bigint generated always as identity primary key,
    service_org_id bigint not null references service_org(id),
    enterprise_id  bigint references enterprise(id),
    department_id  bigint references department(id),
    start_date     date not null,
    end_date       date not null,
    scope          varchar(200),
    check (end_date >= start_date),
    check ((enterprise_id is null) <> (department_id is null))
);
create index service_contract_org_idx on service_contract(service_org_id, end_date);

create table user_account (
    id                  bigint generated always as identity primary key,
    username            varchar(40) not null unique,
    password_hash       varchar(100) not null,
    display_name        varchar(40) not null,
    phone               varchar(20),
    email               varchar(100),
    kind                varchar(12) not null check (kind in ('PLATFORM','REGULATOR','ENTERPRISE','SERVICE_ORG','GRID')),
    enterprise_id       bigint references enterprise(id),
    department_id       bigint references department(id),
    service_org_id      bigint references service_org(id),
    employee_id         bigint references employee(id),
    grid_id             bigint references grid(id),
    enabled             boolean not null default true,
    failed_attempts     integer not null default 0,
    locked_until        timestamptz,
    demo                boolean not null default false,
    created_at          timestamptz not null default now(),
    check (kind <> 'ENTERPRISE' or enterprise_id is not null),
    check (kind <> 'REGULATOR' or department_id is not null),
    check (kind <> 'SERVICE_ORG' or service_org_id is not null)
);

create table role (
    id          bigint generated always as identity primary key,
    code        varchar(40) not null unique,
    name        varchar(40) not null,
    description varchar(200),
    builtin     boolean not null default false
);

create table role_permission (
    role_id    bigint not null references role(id) on delete cascade,
    permission varchar(60) not null,
    primary key (role_id, permission)
);

create table user_role (
    user_id bigint not null references user_account(id) on delete cascade,
    role_id bigint not null references role(id),
    primary key (user_id, role_id)
);

create table api_token (
    id           bigint generated always as identity primary key,
    user_id      bigint not null references user_account(id) on delete cascade,
    name         varchar(60) not null,
    token_hash   char(64) not null unique,            -- SHA-256 of the secret; the secret itself is never stored
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    revoked_at   timestamptz,
    last_used_at timestamptz
);
create index api_token_user_idx on api_token(user_id);

create table stored_file (
    id            bigint generated always as identity primary key,
    sha256        char(64) not null,
    content_type  varchar(100) not null,
    size_bytes    bigint not null,
    original_name varchar(200) not null,
    uploaded_by   varchar(40) not null,
    uploaded_at   timestamptz not null,
    storage       varchar(10) not null default 'DB',
    content       bytea
);
create index stored_file_sha_idx on stored_file(sha256);

create table audit_record (
    id             bigint generated always as identity primary key,
    occurred_at    timestamptz not null,
    actor          varchar(40) not null,
    client_address varchar(60),
    action         varchar(60) not null,
    entity_type    varchar(40) not null,
    entity_id      varchar(40),
    summary        text not null,
    enterprise_id  bigint,          -- for scoping the log to a jurisdiction
    region_code    varchar(12),
    prev_hash      char(64) not null,
    hash           char(64) not null
);
create index audit_record_time_idx on audit_record(occurred_at desc);
create index audit_record_enterprise_idx on audit_record(enterprise_id);
create index audit_record_region_idx on audit_record(region_code varchar_pattern_ops);

-- The audit trail is append-only: the database itself refuses edits and deletions.
create function audit_record_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_record is append-only';
end $$;
create trigger audit_record_no_update before update or delete on audit_record
    for each row execute function audit_record_is_append_only();

create table demo_marker (
    name      varchar(40) primary key,
    loaded_at timestamptz not null
);

-- Spring Session's JDBC store, so that several app instances share logins.
create table spring_session (
    primary_id            char(36) not null primary key,
    session_id            char(36) not null,
    creation_time         bigint not null,
    last_access_time      bigint not null,
    max_inactive_interval int not null,
    expiry_time           bigint not null,
    principal_name        varchar(100)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);
create table spring_session_attributes (
    session_primary_id char(36) not null references spring_session(primary_id) on delete cascade,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea not null,
    primary key (session_primary_id, attribute_name)
);
