-- 政府监管: the enterprise's overall risk rating (current and history), alarms as the rating counts them, yearly
-- enforcement plans, 双随机 draws, enforcement inspections with findings and numbered documents, grid patrols,
-- the 黑名单 and the 约谈 / 通报 records.

-- The current rating of each enterprise; other modules (the dashboard) may read it by SQL.
create table enterprise_rating (
    enterprise_id bigint primary key references enterprise(id) on delete cascade,
    score         integer     not null,
    level         varchar(8)  not null check (level in ('RED','ORANGE','YELLOW','BLUE')),
    factors       jsonb       not null,               -- [{code, label, value, points}] as computed
    computed_at   timestamptz not null,
    reason        varchar(100) not null               -- what triggered the computation
);
create index enterprise_rating_level_idx on enterprise_rating(level);

-- A row each time an enterprise's score or level changes.
create table enterprise_rating_history (
    id            bigint generated always as identity primary key,
    enterprise_id bigint      not null references enterprise(id) on delete cascade,
    score         integer     not null,
    level         varchar(8)  not null,
    factors       jsonb       not null,
    computed_at   timestamptz not null,
    reason        varchar(100) not null
);
create index enterprise_rating_history_idx on enterprise_rating_history(enterprise_id, computed_at desc);

-- Sensor alarms as received from monitoring's AlarmRaised event (the rating counts recent ones).
create table supervision_alarm (
    alarm_id      bigint primary key,
    enterprise_id bigint      not null references enterprise(id) on delete cascade,
    level         varchar(20) not null,
    title         varchar(300) not null,
    raised_at     timestamptz not null
);
create index supervision_alarm_enterprise_idx on supervision_alarm(enterprise_id, raised_at);

-- 执法人员: a department's law-enforcement staff, optionally tied to an account.
create table law_enforcer (
    id            bigint generated always as identity primary key,
    department_id bigint      not null references department(id),
    name          varchar(40) not null,
    badge_no      varchar(30) not null unique,         -- 执法证号
    username      varchar(40),
    active        boolean     not null default true
);
create index law_enforcer_department_idx on law_enforcer(department_id) where active;

-- A declared relation (亲属、曾任职 ...) that makes an enforcer avoid an enterprise (回避).
create table enforcer_relation (
    enforcer_id   bigint       not null references law_enforcer(id) on delete cascade,
    enterprise_id bigint       not null references enterprise(id) on delete cascade,
    relation      varchar(100) not null,
    primary key (enforcer_id, enterprise_id)
);

create table enforcement_plan (
    id            bigint generated always as identity primary key,
    department_id bigint      not null references department(id),
    year          integer     not null,
    generated_at  timestamptz not null,
    generated_by  varchar(40) not null,
    unique (department_id, year)
);

create table enforcement_plan_item (
    plan_id       bigint     not null references enforcement_plan(id) on delete cascade,
    enterprise_id bigint     not null references enterprise(id) on delete cascade,
    level         varchar(8) not null,
    score         integer    not null,
    planned       integer    not null,                -- planned inspections this year; 0 = by random draw only
    primary key (plan_id, enterprise_id)
);

create table random_draw (
    id            bigint generated always as identity primary key,
    department_id bigint      not null references department(id),
    seed          bigint      not null,
    requested     integer     not null,
    per_team      integer     not null,
    candidates    jsonb       not null,               -- the enterprise pool as drawn from: [{id, name, level, weight}]
    inspectors    jsonb       not null,               -- the department's enforcers: [{id, name}]
    conflicts     jsonb       not null,               -- [{inspectorId, enterpriseId, reason}]
    note          varchar(200),
    drawn_at      timestamptz not null,
    drawn_by      varchar(40) not null
);
create index random_draw_department_idx on random_draw(department_id, drawn_at desc);

create table random_draw_pick (
    draw_id         bigint      not null references random_draw(id) on delete cascade,
    seq             integer     not null,
    enterprise_id   bigint      not null references enterprise(id),
    enterprise_name varchar(120) not null,
    level           varchar(8)  not null,
    weight          integer     not null,
    inspector_ids   bigint[]    not null,
    inspector_names varchar(200) not null,
    avoided         varchar(500),                     -- enforcers left out for this enterprise and why
    primary key (draw_id, seq)
);

create table enforcement_inspection (
    id              bigint generated always as identity primary key,
    department_id   bigint      not null references department(id),
    enterprise_id   bigint      not null references enterprise(id),
    draw_id         bigint references random_draw(id),
    inspected_on    date        not null,
    inspectors      varchar(200) not null,
    summary         varchar(2000),
    order_no        varchar(60) unique,               -- 责令限期整改指令书 文号
    order_issued_at timestamptz,
    review_no       varchar(60) unique,               -- 整改复查意见书 文号
    reviewed_at     timestamptz,
    review_opinion  varchar(2000),
    created_by      varchar(40) not null,
    created_at      timestamptz not null
);
create index enforcement_inspection_enterprise_idx on enforcement_inspection(enterprise_id, inspected_on desc);
create index enforcement_inspection_department_idx on enforcement_inspection(department_id, inspected_on desc);

create table enforcement_finding (
    id            bigint generated always as identity primary key,
    inspection_id bigint       not null references enforcement_inspection(id) on delete cascade,
    hazard_id     bigint       not null references hazard(id),
    title         varchar(100) not null,
    basis         varchar(300),                       -- 违反的法规条款
    deadline      date         not null,
    state         varchar(10)  not null default 'OPEN' check (state in ('OPEN','CLOSED','ESCALATED')),
    review_note   varchar(500)
);
create index enforcement_finding_inspection_idx on enforcement_finding(inspection_id);

-- Document numbers: one counter per department, year and kind, taken under the row lock of an upsert, so that
-- concurrent issues get consecutive numbers and a rolled-back issue gives its number back.
create table document_counter (
    department_id bigint     not null references department(id),
    year          integer    not null,
    kind          varchar(10) not null,
    last_no       integer    not null,
    primary key (department_id, year, kind)
);

-- The department's short name in document numbers (靖应急); derived from its name when missing.
create table department_doc_prefix (
    department_id bigint primary key references department(id),
    prefix        varchar(20) not null
);

-- 网格巡查
create table grid_patrol (
    id            bigint generated always as identity primary key,
    grid_id       bigint      not null references grid(id),
    enterprise_id bigint      not null references enterprise(id),
    patrolled_by  varchar(40) not null,
    patrolled_at  timestamptz not null,
    follow_up     boolean     not null default false,  -- 回访复查 of an earlier finding
    note          varchar(1000) not null,
    hazard_id     bigint references hazard(id)
);
create index grid_patrol_grid_idx on grid_patrol(grid_id, patrolled_at desc);
create index grid_patrol_enterprise_idx on grid_patrol(enterprise_id);

-- 黑名单: proposed (by a person or by an enforcement outcome), approved by a second person.
create table blacklist_entry (
    id            bigint generated always as identity primary key,
    enterprise_id bigint       not null references enterprise(id),
    department_id bigint references department(id),
    reason        varchar(500) not null,
    basis         varchar(20)  not null check (basis in ('MANUAL','ESCALATION','REPEATED')),
    state         varchar(10)  not null check (state in ('PROPOSED','ACTIVE','REJECTED','REMOVED')),
    proposed_by   varchar(40)  not null,
    proposed_at   timestamptz  not null,
    decided_by    varchar(40),
    decided_at    timestamptz,
    decision_note varchar(500),
    start_date    date,
    end_date      date
);
create index blacklist_entry_enterprise_idx on blacklist_entry(enterprise_id, state);
-- At most one open proposal or active listing per enterprise.
create unique index blacklist_entry_open_uq on blacklist_entry(enterprise_id) where state in ('PROPOSED','ACTIVE');

-- 约谈 and 通报
create table supervision_record (
    id            bigint generated always as identity primary key,
    enterprise_id bigint       not null references enterprise(id),
    department_id bigint references department(id),
    kind          varchar(10)  not null check (kind in ('TALK','NOTICE')),
    held_on       date         not null,
    subject       varchar(100) not null,
    content       varchar(2000) not null,
    created_by    varchar(40)  not null,
    created_at    timestamptz  not null
);
create index supervision_record_enterprise_idx on supervision_record(enterprise_id, held_on desc);

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values
 ('supervision:rating:read'), ('supervision:enforcement:read'), ('supervision:plan:manage'),
 ('supervision:enforcement:write'), ('supervision:credit:write'), ('supervision:credit:approve')) as p(permission)
where r.code = 'REGULATOR';

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values
 ('supervision:rating:read'), ('supervision:enforcement:read')) as p(permission)
where r.code = 'PLATFORM_ADMIN';

-- An enterprise sees its own rating and why (not the regulators' plans or draws).
insert into role_permission (role_id, permission)
select r.id, 'supervision:rating:read' from role r where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');

insert into role_permission (role_id, permission)
select r.id, 'supervision:patrol:record' from role r where r.code = 'GRID_WORKER';
