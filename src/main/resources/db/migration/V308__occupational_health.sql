-- 职业健康 (ADR 0081): the 职业病危害因素 at an enterprise's posts, with the warning each post must show
-- (健康危害, 防护措施, 应急救治), the enterprise's 在岗期间 examination interval per factor, and its workers'
-- 职业健康检查 (GBZ 188). Who is exposed, who lacks an exam, who is overdue or must be moved is derived from these
-- rows and the organization module's posts and employees, never stored.
create table occupational_factor (
    id             bigint generated always as identity primary key,
    enterprise_id  bigint       not null references enterprise(id),
    post_id        bigint       not null references org_unit(id),
    category       varchar(20)  not null check (category in ('DUST', 'CHEMICAL', 'PHYSICAL', 'RADIOACTIVE', 'BIOLOGICAL', 'OTHER')),
    name           varchar(40)  not null,            -- the factor as the 分类目录 names it: 矽尘, 苯, 噪声 …
    health_effects varchar(500) not null,            -- 健康危害 / 后果
    protection     varchar(500) not null,            -- 防护措施
    first_aid      varchar(500) not null,            -- 应急救治措施
    created_by     varchar(40)  not null,
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null default clock_timestamp()
);
create unique index occupational_factor_uq on occupational_factor(post_id, name);
create index occupational_factor_enterprise_idx on occupational_factor(enterprise_id, post_id);
create index occupational_factor_updated_idx on occupational_factor(updated_at, id);
create trigger occupational_factor_touch before insert or update on occupational_factor for each row execute function touch_updated_at();

-- 在岗期间 interval per factor name, the enterprise's setting; a factor without a row takes the default (12 months).
create table occupational_exam_interval (
    enterprise_id  bigint       not null references enterprise(id),
    factor_name    varchar(40)  not null,
    months         int          not null check (months between 1 and 60),
    updated_by     varchar(40)  not null,
    updated_at     timestamptz  not null,
    primary key (enterprise_id, factor_name)
);

create table health_exam (
    id             bigint generated always as identity primary key,
    enterprise_id  bigint       not null references enterprise(id),
    employee_id    bigint       not null references employee(id),
    kind           varchar(20)  not null check (kind in ('PRE_PLACEMENT', 'PERIODIC', 'DEPARTURE', 'EMERGENCY')),
    examined_on    date         not null,
    institution    varchar(80)  not null,
    conclusion     varchar(20)  not null check (conclusion in ('NORMAL', 'RECHECK', 'SUSPECTED', 'CONTRAINDICATION', 'OTHER')),
    note           varchar(500),
    -- the factors of the person's post on the day it was recorded: a 职业禁忌证 concerns those, wherever they move
    factors        varchar(40)[] not null default '{}',
    diagnosed_on   date,                              -- 疑似职业病: the day the 职业病诊断 concluded, with its outcome
    diagnosis      varchar(200),
    created_by     varchar(40)  not null,
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null default clock_timestamp(),
    check ((diagnosed_on is null) = (diagnosis is null)),
    check (diagnosed_on is null or conclusion = 'SUSPECTED')
);
create index health_exam_employee_idx on health_exam(enterprise_id, employee_id, examined_on);
create index health_exam_updated_idx on health_exam(updated_at, id);
create trigger health_exam_touch before insert or update on health_exam for each row execute function touch_updated_at();

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('occupational:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR', 'ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'SERVICE_ORG');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('occupational:write')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');
