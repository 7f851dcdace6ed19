-- 数据质量: the platform checks its own data. The rules are rows (name, description, how to fix, weight, cap, enabled,
-- one numeric parameter where the rule has a threshold); their logic lives in code keyed by code. Findings are kept per
-- enterprise and record; a finding that no longer holds is resolved (resolved_at), never deleted, so that the history of
-- a register's quality stays visible.

create table quality_rule (
    code          varchar(40)  primary key,
    name          varchar(100) not null,
    description   varchar(500) not null,
    fix           varchar(500) not null,
    weight        integer      not null check (weight between 0 and 100),  -- points off the score per finding
    max_deduction integer      not null check (max_deduction between 0 and 100), -- cap of the rule's points off
    parameter     integer,                                                  -- the rule's threshold, where it has one
    enabled       boolean      not null default true,
    sort_order    integer      not null default 0,
    updated_at    timestamptz  not null default now()
);

create table quality_finding (
    id            bigint generated always as identity primary key,
    enterprise_id bigint       not null references enterprise(id) on delete cascade,
    rule_code     varchar(40)  not null references quality_rule(code),
    record_type   varchar(20)  not null,
    record_id     bigint       not null,
    record_name   varchar(300) not null,
    link          varchar(200) not null,                -- where a person opens the record
    message       varchar(600) not null,
    found_at      timestamptz  not null,
    checked_at    timestamptz  not null,
    resolved_at   timestamptz
);
create unique index quality_finding_open_uq on quality_finding(enterprise_id, rule_code, record_type, record_id)
    where resolved_at is null;
create index quality_finding_enterprise_idx on quality_finding(enterprise_id, resolved_at);

-- The score as last computed (100 minus the weighted open findings), so that lists and the rating read one number.
create table quality_score (
    enterprise_id bigint      primary key references enterprise(id) on delete cascade,
    score         integer     not null check (score between 0 and 100),
    open_findings integer     not null,
    checked_at    timestamptz not null
);

insert into quality_rule (code, name, description, fix, weight, max_deduction, parameter, sort_order) values
('POINT_WITHOUT_CONTENT', '已定级风险点缺少风险事件或管控措施',
 '风险点已有风险等级，但没有辨识出的风险事件，或没有任何管控措施：等级没有依据，也无从排查（辨识不全）。',
 '在风险点下补充辨识风险事件（JHA 作业步骤或 SCL 检查项目），为每个风险事件制定管控措施，并重新评价定级。', 10, 30, null, 10),
('HIGH_RISK_LOW_TIER', '重大/较大风险缺少公司级或车间级管控',
 '重大风险应由公司（厂）级管控，较大风险至少由车间（部门）级管控；该风险点的管控措施全部落在班组或岗位。',
 '为该风险点增加公司级（重大风险）或车间级（较大风险）的管控措施，或把现有措施的管控层级调整为公司级/车间级并明确责任人。', 8, 24, null, 20),
('MEASURE_VAGUE', '管控措施缺少排查内容或排查频次',
 '管控措施的排查内容为空、过短或是“无”“/”“同上”之类的占位，或排查周期长于一年：无法据此生成排查任务（措施不具体）。',
 '写明排查时看什么、怎样算合格（如“安全阀校验日期在有效期内、铅封完好”），并按风险等级设定不长于一年的排查周期。', 3, 15, 4, 30),
('RESIDUAL_ABOVE_INHERENT', '残余风险高于固有风险',
 '风险事件的残余风险等级高于固有风险等级：管控措施不会让风险变大，评价数据自相矛盾。',
 '复核该风险事件的固有风险和残余风险评价（LEC/LS/MES 取值），按实际情况重新评价并三人签字。', 5, 15, null, 40),
('MAJOR_NOT_LISTED', '重大风险未列入重大风险清单',
 '风险事件的评价结果为重大风险，但风险点的等级不是重大风险（不在重大风险清单上），或风险点在最近一次备案后才成为重大风险、备案的清单上没有它。',
 '重新审定该风险点的风险事件评价，使风险点等级与其风险事件一致；由主要负责人重新签署风险清单备案。', 10, 30, null, 50),
('FAILED_MEASURE_NOT_REASSESSED', '措施失效形成隐患后风险点未重新评价',
 '排查发现管控措施失效并形成隐患，但隐患发现后该风险点没有任何经审定的新评价：风险等级可能已不反映实际。',
 '对该风险点重新开展风险辨识评价（分析、审核、审定），必要时调整管控措施。', 5, 20, null, 60),
('ZERO_HAZARD_FULL_COMPLETION', '长期零隐患且排查任务全部完成（排查不精准）',
 '近若干天（参数，默认 90 天）排查任务全部按时完成，却没有发现任何隐患：排查可能流于形式、走过场。',
 '抽查排查记录和现场，核对排查内容是否具体；组织专业人员或第三方开展一次综合检查，如实登记发现的问题。', 10, 10, 90, 70),
('RESPONSIBLE_HAS_LEFT', '责任人已离职',
 '管控措施、风险分析单元或重大危险源包保责任中登记的责任人已离职：责任落空。',
 '在风险点中把该措施、单元或包保责任改由在岗人员负责。', 4, 20, null, 80);

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('quality:finding:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR', 'ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'SERVICE_ORG');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('quality:rule:manage')) as p(permission)
where r.code = 'PLATFORM_ADMIN';
