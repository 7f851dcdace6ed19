-- 预警: rules (configuration an admin edits), the alerts they raise (one open alert per rule and subject), each
-- alert's timeline of acknowledgement, handling and closing, and who was told.

create table alert_rule (
    code          varchar(30)  primary key,
    name          varchar(60)  not null,
    category      varchar(10)  not null check (category in ('DAILY','FORMALITY','SENSOR')),  -- 常规 / 走过场 / 在线监测
    severity      varchar(6)   not null check (severity in ('HIGH','MEDIUM','LOW')),
    enabled       boolean      not null default true,
    threshold     numeric(12,3),                  -- the rule's number; its meaning is in threshold_label
    threshold_label varchar(60),
    window_value  integer,                        -- how far back the rule looks; its unit is in window_label
    window_label  varchar(30),
    description   varchar(400) not null,
    updated_by    varchar(40),
    updated_at    timestamptz
);

insert into alert_rule (code, name, category, severity, threshold, threshold_label, window_value, window_label, description) values
 ('MAJOR_HAZARD_OVERDUE', '重大隐患逾期', 'DAILY', 'HIGH', null, null, null, null,
  '重大事故隐患超过整改期限仍未销号'),
 ('HAZARD_OVERDUE', '隐患整改逾期', 'DAILY', 'MEDIUM', null, null, null, null,
  '一般隐患超过整改期限仍未验收'),
 ('ZERO_REPORT', '零报告', 'DAILY', 'MEDIUM', 1, '期间内应排查任务至少（项）', 30, '天',
  '期间内有应完成的排查任务，却没有登记任何隐患（隐患零报告）'),
 ('RED_RISK_UNCONTROLLED', '重大风险管控措施缺失或失效', 'DAILY', 'HIGH', null, null, null, null,
  '红色（重大）风险点没有管控措施，或其管控措施在排查中被发现失效、待重新评价'),
 ('TASK_COMPLETION_LOW', '排查任务完成率偏低', 'DAILY', 'MEDIUM', 80, '完成率低于（%）', 30, '天',
  '期间内到期的排查任务完成率低于阈值'),
 ('REGISTER_NOT_FILED', '风险清单未备案', 'DAILY', 'LOW', null, null, null, null,
  '企业已建风险清单但从未备案、备案被退回，或备案后清单有变更未重新备案'),
 ('COMMITMENT_MISSING', '承诺公告未发布', 'DAILY', 'LOW', 10, '每日截止时刻（时）', null, null,
  '当日截止时刻后仍未签署发布安全风险研判与承诺公告'),
 ('SENSOR_ALARM', '在线监测报警', 'SENSOR', 'HIGH', null, null, null, null,
  '重大危险源在线监测报警（来自监测预警模块）'),
 ('FORMALITY_TOO_FAST', '排查用时过短', 'FORMALITY', 'MEDIUM', 10, '每项排查内容少于（秒）', 7, '天',
  '签到到提交的用时除以排查项数，低于合理用时'),
 ('FORMALITY_BULK_TICK', '集中勾选', 'FORMALITY', 'MEDIUM', 10, '同一人短时内完成任务达（项）', 5, '分钟',
  '同一人在几分钟内于多个风险点"完成"大量任务'),
 ('FORMALITY_FAR_CHECKIN', '签到位置偏离', 'FORMALITY', 'MEDIUM', 500, '距风险点超过（米）', 7, '天',
  '提交排查记录时的位置与风险点位置（未标注时取该点首次定位签到）相距过远'),
 ('FORMALITY_PHOTO_REUSED', '照片重复使用', 'FORMALITY', 'MEDIUM', 2, '同一照片出现在排查记录达（条）', 30, '天',
  '内容完全相同（SHA-256 相同）的照片出现在不同的排查记录中');

create table alert (
    id              bigint generated always as identity primary key,
    rule_code       varchar(30)  not null references alert_rule(code),
    subject_key     varchar(120) not null,        -- what the alert is about, e.g. hazard:12, enterprise:3:2026-11-23
    enterprise_id   bigint       not null references enterprise(id),
    region_code     varchar(12)  not null,
    severity        varchar(6)   not null,
    title           varchar(200) not null,
    evidence        text         not null,        -- one line per fact: records, times, distances, photos
    link            varchar(200),
    status          varchar(12)  not null default 'OPEN' check (status in ('OPEN','ACKNOWLEDGED','HANDLING','CLOSED')),
    raised_at       timestamptz  not null,
    last_seen_at    timestamptz  not null,
    acknowledged_by varchar(40),
    acknowledged_at timestamptz,
    closed_by       varchar(40),
    closed_at       timestamptz,
    closing_note    varchar(1000)
);
-- The rule engine may run any number of times, on any number of instances: one alert per rule and subject stays open.
create unique index alert_open_uq on alert(rule_code, subject_key) where status <> 'CLOSED';
create index alert_enterprise_idx on alert(enterprise_id, status);
create index alert_status_idx on alert(status, raised_at desc);

create table alert_action (
    id        bigint generated always as identity primary key,
    alert_id  bigint       not null references alert(id) on delete cascade,
    action    varchar(20)  not null,
    note      varchar(1000),
    actor     varchar(40)  not null,
    actor_name varchar(60) not null,
    at        timestamptz  not null
);
create index alert_action_alert_idx on alert_action(alert_id, at);

-- The people an alert was sent to; their unread count shows beside 预警中心 in the menu.
create table alert_notice (
    id        bigint generated always as identity primary key,
    alert_id  bigint       not null references alert(id) on delete cascade,
    username  varchar(40)  not null,
    created_at timestamptz not null,
    read_at   timestamptz,
    unique (alert_id, username)
);
create index alert_notice_user_idx on alert_notice(username, read_at);

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('alerting:alert:read'), ('alerting:alert:handle')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR', 'ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('alerting:alert:close'), ('alerting:rule:run'), ('alerting:evaluation:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR');

insert into role_permission (role_id, permission)
select r.id, 'alerting:rule:manage' from role r where r.code = 'PLATFORM_ADMIN';
