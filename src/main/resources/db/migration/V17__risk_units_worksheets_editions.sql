-- The missing layer of the national model 风险分析对象 → 风险分析单元 → 风险事件 → 管控措施 (t_aqfxfxdy), the JHA / SCL
-- worksheets that identification is recorded in, and the edition of the GB 6441 dictionary chosen for new entries.
-- Additive only: risk_event keeps risk_point_id and every column other modules read.

-- 风险分析单元: a part of a 风险分析对象 with its own responsible department and person (hazardDep, hazardLiablePerson).
create table risk_unit (
    id                      bigint generated always as identity primary key,
    risk_point_id           bigint       not null references risk_point(id) on delete cascade,
    name                    varchar(200) not null,                    -- riskUnitName
    responsible_unit_id     bigint       not null references org_unit(id),   -- hazardDep
    responsible_employee_id bigint       references employee(id),          -- hazardLiablePerson; null: to be named
    level                   smallint     check (level between 1 and 4),    -- riskClass: highest of its events
    created_at              timestamptz  not null default now(),
    unique (risk_point_id, name)
);
create index risk_unit_point_idx on risk_unit(risk_point_id);

-- JHA 作业步骤 (作业活动) or SCL 检查项目 (设备设施, 场所区域, 工艺), in order; risk events hang under them.
create table risk_step (
    id            bigint generated always as identity primary key,
    risk_point_id bigint        not null references risk_point(id) on delete cascade,
    method        varchar(3)    not null check (method in ('JHA','SCL')),
    seq           integer       not null check (seq > 0),
    name          varchar(200)  not null,     -- 作业步骤 / 检查项目
    standard      varchar(1000),              -- JHA 作业内容 / SCL 检查标准
    created_at    timestamptz   not null default now()
);
create index risk_step_point_idx on risk_step(risk_point_id, seq);

alter table risk_event add column risk_unit_id bigint references risk_unit(id);
alter table risk_event add column step_id bigint references risk_step(id) on delete set null;
create index risk_event_unit_idx on risk_event(risk_unit_id);

-- Backfill: one default unit per existing risk point, named after it, answering through the point's own unit and the
-- person who answers for it today (the 操作负责人 of a major hazard source, else the first measure's responsible).
insert into risk_unit (risk_point_id, name, responsible_unit_id, responsible_employee_id, level)
select p.id, p.name, p.org_unit_id,
       coalesce(p.guarantor_operator_id,
                (select m.responsible_employee_id from control_measure m where m.risk_point_id = p.id order by m.id limit 1)),
       p.level
  from risk_point p;
update risk_event v set risk_unit_id = u.id from risk_unit u where u.risk_point_id = v.risk_point_id and v.risk_unit_id is null;

-- Settings of the register that change at run time, each change audited (e.g. the GB 6441 edition for new entries).
create table risk_setting (
    key        varchar(40)  primary key,
    value      varchar(100) not null,
    changed_by varchar(60),
    changed_at timestamptz
);
insert into risk_setting (key, value) values ('accident-edition', 'GB 6441-1986');

-- Templates carry their JHA step / SCL check item and their accident types in both editions.
alter table risk_template_item add column step_seq integer;
alter table risk_template_item add column step varchar(200);
alter table risk_template_item add column accident_types_2025 varchar(3)[];

update risk_template_item i set step_seq = s.step_seq, step = s.step, accident_types_2025 = s.types::varchar(3)[]
  from (values
   ('HAZCHEM_TANK_FARM', 1, 1, '液位计量与高液位联锁', '{L09,L17}'),
   ('HAZCHEM_TANK_FARM', 2, 2, '罐体、管线、阀门及密封', '{L09,L17,L23}'),
   ('HAZCHEM_TANK_FARM', 3, 3, '防雷防静电设施', '{L09,L17}'),
   ('HAZCHEM_TANK_FARM', 4, 4, '装卸车设施', '{L09,L17,L02}'),
   ('HAZCHEM_TANK_FARM', 5, 5, '消防及应急设施', '{L09,L17}'),
   ('DUST_EXPLOSION', 1, 1, '除尘器泄爆、隔爆及火花探测', '{L18}'),
   ('DUST_EXPLOSION', 2, 2, '作业场所积尘清理', '{L18,L09}'),
   ('DUST_EXPLOSION', 3, 3, '防爆电气设备', '{L06,L18}'),
   ('DUST_EXPLOSION', 4, 4, '动火作业管理', '{L18,L09}'),
   ('CONFINED_SPACE', 1, 2, '作业审批与通风检测', '{L23,L24}'),
   ('CONFINED_SPACE', 2, 3, '进入作业与现场监护', '{L23,L24}'),
   ('CONFINED_SPACE', 3, 4, '应急救援', '{L23,L24}'),
   ('CONFINED_SPACE', 4, 1, '作业前辨识与告知', '{L23,L24}'),
   ('AMMONIA_REFRIGERATION', 1, 1, '氨气检测报警与事故排风', '{L23,L16}'),
   ('AMMONIA_REFRIGERATION', 2, 2, '压力容器及安全附件', '{L14}'),
   ('AMMONIA_REFRIGERATION', 3, 3, '应急防护器材', '{L23}'),
   ('AMMONIA_REFRIGERATION', 4, 4, '人员资质与操作票', '{L23,L14}'),
   ('METALLURGY_GAS', 1, 1, '一氧化碳报警与排水器水封', '{L23}'),
   ('METALLURGY_GAS', 2, 2, '检修吹扫置换与动火', '{L16}'),
   ('METALLURGY_GAS', 3, 3, '煤气区域巡检防护', '{L23}'),
   ('METALLURGY_GAS', 4, 4, '煤气柜柜位与活塞', '{L16,L23}'),
   ('CONSTRUCTION', 1, 4, '高处作业', '{L10}'),
   ('CONSTRUCTION', 2, 3, '塔吊安拆与吊装', '{L05,L01}'),
   ('CONSTRUCTION', 3, 1, '基坑开挖与支护', '{L12}'),
   ('CONSTRUCTION', 4, 2, '临时用电布设', '{L06}')
  ) as s(template_code, seq, step_seq, step, types)
 where i.template_code = s.template_code and i.seq = s.seq;

insert into role_permission (role_id, permission)
select r.id, 'risk:dictionary:manage' from role r where r.code = 'PLATFORM_ADMIN';
