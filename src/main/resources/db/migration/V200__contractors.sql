-- 承包商管理: the contractor companies an enterprise lets onto its site, their 资质 with expiry, their people (entry
-- training and the 入厂 safety briefing), violations, the yearly evaluation and the enterprise's contractor blacklist.
-- Other modules (the permit module first) ask contractor.Contractors whether a contractor may be given new work.
create table contractor (
    id              bigint generated always as identity primary key,
    enterprise_id   bigint       not null references enterprise(id),
    name            varchar(120) not null,
    credit_code     char(18)     not null,
    contact_name    varchar(40)  not null,
    contact_phone   varchar(20)  not null,
    work_scope      varchar(200) not null,          -- 承包范围, e.g. 储罐防腐保温、检维修
    on_site_from    date,                            -- 进场 / 离场: the period its people work on the site
    on_site_until   date,
    state           varchar(10)  not null default 'ACTIVE' check (state in ('ACTIVE', 'ENDED')),
    created_by      varchar(40)  not null,
    created_at      timestamptz  not null,
    check (on_site_until is null or on_site_from is null or on_site_until >= on_site_from)
);
create unique index contractor_credit_code_uq on contractor(enterprise_id, credit_code);

create table contractor_qualification (
    id              bigint generated always as identity primary key,
    contractor_id   bigint       not null references contractor(id),
    enterprise_id   bigint       not null references enterprise(id),
    kind            varchar(60)  not null,           -- 安全生产许可证, 建筑业企业资质证书 …; a renewal is a new row of the same kind
    number          varchar(60)  not null,
    issued_by       varchar(80)  not null,
    valid_until     date         not null,
    reminded_for    date,                            -- the expiry date last reminded of: one reminder per date
    created_by      varchar(40)  not null,
    created_at      timestamptz  not null
);
create index contractor_qualification_idx on contractor_qualification(contractor_id, kind, valid_until);

create table contractor_person (
    id              bigint generated always as identity primary key,
    contractor_id   bigint       not null references contractor(id),
    enterprise_id   bigint       not null references enterprise(id),
    name            varchar(40)  not null,
    id_number       char(18)     not null,           -- 居民身份证号码, shown masked in every list
    job             varchar(40)  not null,
    created_by      varchar(40)  not null,
    created_at      timestamptz  not null
);
create unique index contractor_person_id_number_uq on contractor_person(enterprise_id, id_number);
create index contractor_person_contractor_idx on contractor_person(contractor_id);

-- 入厂安全交底 / briefing: by whom, when, what was covered. The entry training itself is a training_record.
create table contractor_briefing (
    id              bigint generated always as identity primary key,
    person_id       bigint       not null references contractor_person(id),
    enterprise_id   bigint       not null references enterprise(id),
    briefed_on      date         not null,
    briefed_by      varchar(40)  not null,
    content         varchar(500) not null,
    created_by      varchar(40)  not null,
    created_at      timestamptz  not null
);
create index contractor_briefing_person_idx on contractor_briefing(person_id, briefed_on);

create table contractor_violation (
    id              bigint generated always as identity primary key,
    contractor_id   bigint       not null references contractor(id),
    enterprise_id   bigint       not null references enterprise(id),
    occurred_on     date         not null,
    description     varchar(300) not null,
    job_reference   varchar(60),                     -- the permit or job as text (a 作业票 number)
    found_by        varchar(40)  not null,
    points          int          not null check (points between 1 and 100),
    created_by      varchar(40)  not null,
    created_at      timestamptz  not null
);
create index contractor_violation_idx on contractor_violation(contractor_id, occurred_on);

create table contractor_evaluation (
    id              bigint generated always as identity primary key,
    contractor_id   bigint       not null references contractor(id),
    enterprise_id   bigint       not null references enterprise(id),
    year            int          not null,
    checklist       varchar(200) not null,           -- the checklist's marks as "ITEM=n;…", the score's evidence
    checklist_score int          not null,
    deducted        int          not null,           -- the year's violation points, taken off the checklist score
    score           int          not null,
    result          varchar(12)  not null check (result in ('QUALIFIED', 'BASIC', 'UNQUALIFIED')),
    evaluated_by    varchar(40)  not null,
    evaluated_at    timestamptz  not null,
    unique (contractor_id, year)
);

create table contractor_blacklist (
    id              bigint generated always as identity primary key,
    contractor_id   bigint       not null references contractor(id),
    enterprise_id   bigint       not null references enterprise(id),
    reason          varchar(300) not null,
    listed_on       date         not null,
    listed_by       varchar(40)  not null,
    listed_at       timestamptz  not null,
    lifted_on       date,
    lifted_by       varchar(40),
    lift_reason     varchar(300),
    check ((lifted_on is null) = (lifted_by is null) and (lifted_on is null) = (lift_reason is null))
);
create unique index contractor_blacklist_open_uq on contractor_blacklist(contractor_id) where lifted_on is null;
create index contractor_blacklist_enterprise_idx on contractor_blacklist(enterprise_id);

-- A contractor's people hold certificates and take training like employees do: the training module's rows name either
-- an employee or a contractor person, never both.
alter table certificate alter column employee_id drop not null,
    add column contractor_person_id bigint references contractor_person(id),
    add constraint certificate_one_holder check (num_nonnulls(employee_id, contractor_person_id) = 1);
alter table training_record alter column employee_id drop not null,
    add column contractor_person_id bigint references contractor_person(id),
    add constraint training_record_one_person check (num_nonnulls(employee_id, contractor_person_id) = 1);
create index certificate_contractor_person_idx on certificate(contractor_person_id) where contractor_person_id is not null;
create index training_record_contractor_person_idx on training_record(contractor_person_id) where contractor_person_id is not null;

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('contractor:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR', 'ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'SERVICE_ORG');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('contractor:write')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');
