-- 重大危险源与在线监测: GB 18218 declarations with their calculation snapshots, 包保 checks, monitoring points,
-- readings partitioned by time, and alarms.

-- One 重大危险源 (or a unit found not to be one) per risk point: the unit is the risk point, so its 包保 persons are the
-- risk point's guarantor columns (V13), read, never copied.
create table major_hazard_source (
    id              bigint generated always as identity primary key,
    enterprise_id   bigint       not null references enterprise(id) on delete cascade,
    risk_point_id   bigint       not null unique references risk_point(id) on delete cascade,
    name            varchar(120) not null,
    unit_type       varchar(12)  not null check (unit_type in ('PRODUCTION','STORAGE')),
    population      integer      not null check (population >= 0),
    s               numeric(20,4) not null,
    major           boolean      not null,
    alpha           numeric(4,2),
    r               numeric(20,4),
    level           smallint check (level between 1 and 4),
    formula_version varchar(40)  not null,
    version         integer      not null,
    declared_at     timestamptz  not null,
    declared_by     varchar(40)  not null
);
create index major_hazard_source_enterprise_idx on major_hazard_source(enterprise_id);

-- Every declaration is kept: what was declared and every term of the calculation, under the formula version used.
create table major_hazard_evaluation (
    id              bigint generated always as identity primary key,
    source_id       bigint       not null references major_hazard_source(id) on delete cascade,
    version         integer      not null,
    declaration     jsonb        not null,
    result          jsonb        not null,
    formula_version varchar(40)  not null,
    declared_at     timestamptz  not null,
    declared_by     varchar(40)  not null,
    unique (source_id, version)
);

-- 包保责任人 periodic checks, once per role and period (same once-per-period key as inspection tasks, ADR 0007).
create table guarantor_check (
    id            bigint generated always as identity primary key,
    source_id     bigint       not null references major_hazard_source(id) on delete cascade,
    role          varchar(10)  not null check (role in ('PRINCIPAL','TECHNICAL','OPERATOR')),
    employee_id   bigint       not null references employee(id),
    period_start  timestamptz  not null,
    due_at        timestamptz  not null,
    done_at       timestamptz,
    done_by       varchar(40),
    result        varchar(10) check (result in ('NORMAL','ABNORMAL')),
    note          varchar(1000),
    unique (source_id, role, period_start)
);
create index guarantor_check_employee_idx on guarantor_check(employee_id, done_at);

-- 监测点: bound to a major hazard source or a risk point; thresholds low-low / low / high / high-high.
create table monitoring_point (
    id               bigint generated always as identity primary key,
    enterprise_id    bigint        not null references enterprise(id) on delete cascade,
    source_id        bigint references major_hazard_source(id) on delete set null,
    risk_point_id    bigint references risk_point(id) on delete set null,
    code             varchar(40)   not null,
    name             varchar(120)  not null,
    kind             varchar(12)   not null check (kind in ('GAS','LEVEL','TEMPERATURE','PRESSURE','FLOW','OTHER')),
    unit             varchar(20)   not null,
    low_low          numeric(14,4),
    low              numeric(14,4),
    high             numeric(14,4),
    high_high        numeric(14,4),
    deadband         numeric(14,4) not null default 0 check (deadband >= 0), -- hysteresis: back below high − deadband
    debounce_seconds integer       not null default 0 check (debounce_seconds >= 0),
    interval_seconds integer       not null default 10 check (interval_seconds > 0), -- expected reporting interval
    created_at       timestamptz   not null,
    -- live state, written by the ingestion worker
    last_value       numeric(14,4),
    last_at          timestamptz,
    online           boolean       not null default true,
    pending_level    varchar(10),  -- an excursion waiting out the debounce window
    pending_since    timestamptz,
    unique (enterprise_id, code),
    check (source_id is not null or risk_point_id is not null)
);

-- Readings, partitioned by day; the application creates partitions ahead (MonitoringPartitions). The default
-- partition catches a reading far outside the prepared days rather than losing it.
create table reading (
    point_id  bigint        not null,
    ts        timestamptz   not null,
    value     numeric(14,4) not null
) partition by range (ts);
create table reading_default partition of reading default;
create index reading_point_ts_idx on reading(point_id, ts);

create table alarm (
    id              bigint generated always as identity primary key,
    enterprise_id   bigint        not null references enterprise(id) on delete cascade,
    point_id        bigint        not null references monitoring_point(id) on delete cascade,
    risk_point_id   bigint,
    level           varchar(10)   not null check (level in ('HIGH_HIGH','HIGH','LOW','LOW_LOW','OFFLINE')),
    state           varchar(12)   not null check (state in ('ACTIVE','ACKNOWLEDGED','CLEARED')),
    value           numeric(14,4),
    threshold       numeric(14,4),
    peak            numeric(14,4),
    raised_at       timestamptz   not null,
    returned_at     timestamptz,  -- the reading came back inside the limits (with the deadband)
    acknowledged_at timestamptz,
    acknowledged_by varchar(40),
    cleared_at      timestamptz,
    cleared_by      varchar(40),
    escalated_at    timestamptz,
    hazard_id       bigint,
    note            varchar(500)
);
create index alarm_enterprise_idx on alarm(enterprise_id, state);
-- At most one open threshold alarm and one open offline alarm per point: a returning excursion reopens, not floods.
create unique index alarm_one_open_per_point on alarm(point_id, (level = 'OFFLINE')) where state <> 'CLEARED';

-- 风险点动态状态: a risk point is 失控 while a threshold alarm of one of its monitoring points is not cleared (a silent
-- sensor says nothing about the process). A view, not a
-- flag, so no write path can forget to reset it; risk and analytics may read it.
create view risk_point_dynamic_state as
select risk_point_id, '失控'::varchar(4) as state, count(*) as open_alarms, min(raised_at) as since
  from alarm where state <> 'CLEARED' and level <> 'OFFLINE' and risk_point_id is not null
 group by risk_point_id;

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('monitoring:source:read'), ('monitoring:alarm:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR', 'ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'SERVICE_ORG');
insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values
 ('monitoring:source:declare'), ('monitoring:point:write'), ('monitoring:alarm:handle'), ('monitoring:reading:write')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');
insert into role_permission (role_id, permission)
select r.id, 'monitoring:check:do' from role r where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'WORKER');
