-- 职业病危害项目申报 and 职业病危害因素定期检测 (ADR 0083).
-- A declaration is the enterprise's factors by post with the number of people exposed, its principal and its
-- 职业卫生管理人员, frozen as filed: the exact JSON text and its SHA-256, never changed afterwards (the database refuses
-- it). Whether it must be filed again (须变更申报, 未申报) is derived from it and today's factors and people, never stored.
create table occupational_declaration (
    id             bigint generated always as identity primary key,
    enterprise_id  bigint       not null references enterprise(id),
    version        int          not null,
    kind           varchar(10)  not null check (kind in ('FIRST', 'CHANGE', 'ANNUAL')),
    reason         varchar(200),                      -- 变更申报: what changed, in the enterprise's words
    snapshot       text         not null,             -- the exact JSON text that was hashed
    content_hash   char(64)     not null,             -- SHA-256 of the snapshot as filed
    principal      varchar(40)  not null,
    health_manager varchar(40)  not null,             -- 职业卫生管理人员
    factor_count   int          not null,
    exposed_count  int          not null,
    filed_by       varchar(40)  not null,
    filer_name     varchar(60)  not null,
    filed_at       timestamptz  not null,
    updated_at     timestamptz  not null default clock_timestamp(),
    unique (enterprise_id, version),
    check ((kind = 'FIRST') = (version = 1))
);
create index occupational_declaration_updated_idx on occupational_declaration(updated_at, id);

create function occupational_declaration_is_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'occupational_declaration is filed and cannot be changed';
end $$;
create trigger occupational_declaration_immutable before update or delete on occupational_declaration
    for each row execute function occupational_declaration_is_immutable();

-- One result of a 检测 of one factor at one post: what was measured against which limit. Whether it exceeds is
-- derived (measured > limit), so that a result and its judgement cannot disagree.
create table occupational_detection (
    id             bigint generated always as identity primary key,
    enterprise_id  bigint        not null references enterprise(id),
    post_id        bigint        not null references org_unit(id),
    factor_name    varchar(40)   not null,
    detected_on    date          not null,
    organisation   varchar(80)   not null,            -- the 职业卫生技术服务机构 that tested
    report_no      varchar(60)   not null,
    limit_kind     varchar(10)   not null check (limit_kind in ('TWA', 'STEL', 'MAC', 'PE', 'LEX', 'OTHER')),
    measured       numeric(14,4) not null check (measured >= 0),
    limit_value    numeric(14,4) not null check (limit_value > 0),
    unit           varchar(20)   not null,            -- mg/m³, dB(A), ℃(WBGT) …
    created_by     varchar(40)   not null,
    created_at     timestamptz   not null,
    updated_at     timestamptz   not null default clock_timestamp()
);
create index occupational_detection_post_idx on occupational_detection(enterprise_id, post_id, factor_name, detected_on);
create index occupational_detection_updated_idx on occupational_detection(updated_at, id);
create trigger occupational_detection_touch before insert or update on occupational_detection for each row execute function touch_updated_at();

insert into alert_rule (code, name, category, severity, description) values
 ('OCCUPATIONAL_UNDECLARED', '职业病危害项目未申报', 'DAILY', 'MEDIUM',
  '登记了职业病危害因素的企业，尚未进行职业病危害项目申报'),
 ('OCCUPATIONAL_REDECLARE', '职业病危害项目须变更申报', 'DAILY', 'MEDIUM',
  '岗位的职业病危害因素或接害人数与最近一次申报相比发生重大变化，应自变化之日起 30 日内变更申报'),
 ('OCCUPATIONAL_DETECT_EXCEEDED', '职业病危害因素检测超标', 'DAILY', 'HIGH',
  '岗位某一危害因素最近一次检测结果超过职业接触限值，此后尚无符合限值的检测结果'),
 ('OCCUPATIONAL_DETECT_OVERDUE', '职业病危害因素检测逾期', 'DAILY', 'LOW',
  '岗位某一危害因素 12 个月内没有检测结果（每年至少检测一次）');
