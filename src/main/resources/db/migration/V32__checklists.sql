-- 排查清单 beside the measure-generated tasks: standalone checklists for 综合 / 专业 / 季节性 / 节假日 / 事故类比
-- inspections. An item may cite a 重大事故隐患判定标准 item, so that an 异常 on it is graded 重大 with the item cited.
create table checklist (
    id            bigint generated always as identity primary key,
    enterprise_id bigint references enterprise(id) on delete cascade,   -- null: built in, every enterprise may use it
    kind          varchar(16) not null check (kind in ('COMPREHENSIVE','SPECIALIZED','SEASONAL','HOLIDAY','ACCIDENT_ANALOGY')),
    name          varchar(100) not null,
    description   varchar(500),
    created_by    varchar(40) not null,
    created_at    timestamptz not null
);
create index checklist_enterprise_idx on checklist(enterprise_id);

create table checklist_item (
    id             bigint generated always as identity primary key,
    checklist_id   bigint not null references checklist(id) on delete cascade,
    seq            integer not null,
    content        varchar(500) not null,
    criterion_code varchar(40),
    unique (checklist_id, seq)
);

-- An inspection launched from a checklist: where, by when, and who does it.
create table checklist_inspection (
    id            bigint generated always as identity primary key,
    enterprise_id bigint not null references enterprise(id) on delete cascade,
    checklist_id  bigint not null references checklist(id),
    title         varchar(120) not null,
    area          varchar(200) not null,
    due_on        date not null,
    launched_by   varchar(40) not null,
    launched_at   timestamptz not null,
    status        varchar(8) not null default 'OPEN' check (status in ('OPEN','DONE')),
    done_at       timestamptz,
    reminded      boolean not null default false
);
create index checklist_inspection_enterprise_idx on checklist_inspection(enterprise_id, status, due_on);

create table checklist_assignee (
    inspection_id bigint not null references checklist_inspection(id) on delete cascade,
    username      varchar(40) not null,
    primary key (inspection_id, username)
);
create index checklist_assignee_user_idx on checklist_assignee(username);

create table checklist_record (
    id             bigint generated always as identity primary key,
    inspection_id  bigint not null unique references checklist_inspection(id),
    enterprise_id  bigint not null references enterprise(id),
    inspector      varchar(40) not null,
    inspector_name varchar(40) not null,
    submitted_at   timestamptz not null,
    client_key     varchar(80),
    unique (enterprise_id, client_key)
);

create table checklist_answer (
    id        bigint generated always as identity primary key,
    record_id bigint not null references checklist_record(id),
    item_id   bigint not null references checklist_item(id),
    result    varchar(14) not null check (result in ('NORMAL','ABNORMAL','NOT_APPLICABLE')),
    note      varchar(1000),
    location  varchar(200),
    photo_id  bigint references stored_file(id),
    hazard_id bigint,
    unique (record_id, item_id)
);

-- Records cannot be edited after submission (the function of V30).
create trigger checklist_record_immutable before update or delete on checklist_record
    for each row execute function inspection_is_immutable();
create trigger checklist_answer_immutable before update or delete on checklist_answer
    for each row execute function inspection_is_immutable();

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('inspection:checklist:write')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');

-- The built-in checklists.
with c as (
    insert into checklist (enterprise_id, kind, name, description, created_by, created_at) values
    (null, 'HOLIDAY', '节假日前综合检查', '春节、国庆等节假日前的全厂综合检查：值班、停复产、特殊作业、消防与应急。', 'system', now()),
    (null, 'SEASONAL', '冬季“四防”检查', '防火、防爆、防冻凝、防中毒（含防滑）的季节性检查，入冬前和寒潮来临前进行。', 'system', now()),
    (null, 'SPECIALIZED', '有限空间作业专项检查', '污水池、储罐、地下室等有限空间的辨识、审批、检测、监护和救援准备。', 'system', now()),
    (null, 'ACCIDENT_ANALOGY', '事故类比：储罐区火灾爆炸', '以近期同类储罐区火灾爆炸事故为鉴，逐项对照本企业罐区。', 'system', now()),
    (null, 'COMPREHENSIVE', '季度综合检查', '安全管理制度、人员资质、设备设施、作业现场和应急管理的全面检查。', 'system', now())
    returning id, name)
insert into checklist_item (checklist_id, seq, content, criterion_code)
select c.id, i.seq, i.content, i.code from c join (values
    ('节假日前综合检查', 1, '节日值班表已公布，值班领导和值班人员在岗，通讯畅通', null),
    ('节假日前综合检查', 2, '停工停产装置已按规程停车、退料、隔离，复产开车有审批', null),
    ('节假日前综合检查', 3, '节日期间动火、受限空间等特殊作业从严控制并履行审批', 'CHEM-2017-18'),
    ('节假日前综合检查', 4, '可燃/有毒气体检测报警器完好投用，爆炸危险场所使用防爆电气', 'CHEM-2017-12'),
    ('节假日前综合检查', 5, '消防设施器材完好，消防通道畅通无堆放', null),
    ('节假日前综合检查', 6, '危险化学品分区分类储存，无超量、超品种储存', 'CHEM-2017-20'),
    ('节假日前综合检查', 7, '应急预案已针对节日期间安排，应急物资充足', null),
    ('冬季“四防”检查', 1, '露天管线、仪表引压管和消防水系统已保温伴热，无冻堵', null),
    ('冬季“四防”检查', 2, '紧急洗眼器、安全淋浴防冻措施有效，可正常出水', null),
    ('冬季“四防”检查', 3, '安全阀、爆破片等安全附件无冻结，正常投用', 'CHEM-2017-15'),
    ('冬季“四防”检查', 4, '取暖设施符合防火要求，无违规使用电热器具', null),
    ('冬季“四防”检查', 5, '燃煤、燃气取暖场所通风良好并设一氧化碳报警', null),
    ('冬季“四防”检查', 6, '道路、平台、扶梯防滑措施到位，积雪积冰及时清除', null),
    ('有限空间作业专项检查', 1, '有限空间已辨识、建立台账，入口设置明显警示标志', 'GM-2023-第十三条(一)'),
    ('有限空间作业专项检查', 2, '作业经审批，执行“先通风、再检测、后作业”，现场设监护人员', 'GM-2023-第十三条(二)'),
    ('有限空间作业专项检查', 3, '气体检测仪完好并在检定有效期内', null),
    ('有限空间作业专项检查', 4, '配备正压式空气呼吸器、安全绳等救援器材', null),
    ('有限空间作业专项检查', 5, '作业人员和监护人员经专项培训，熟悉应急处置', null),
    ('事故类比：储罐区火灾爆炸', 1, '一、二级重大危险源罐区紧急切断设施完好投用', 'CHEM-2017-5'),
    ('事故类比：储罐区火灾爆炸', 2, '罐区可燃气体检测报警完好，爆炸危险区域电气防爆符合要求', 'CHEM-2017-12'),
    ('事故类比：储罐区火灾爆炸', 3, '储罐呼吸阀、阻火器完好，无堵塞、锈蚀', null),
    ('事故类比：储罐区火灾爆炸', 4, '防火堤完好无破损，雨排阀常闭', null),
    ('事故类比：储罐区火灾爆炸', 5, '液化气体装卸使用万向管道充装系统，静电接地完好', 'CHEM-2017-7'),
    ('事故类比：储罐区火灾爆炸', 6, '岗位人员熟知泄漏、着火的应急处置程序', null),
    ('季度综合检查', 1, '主要负责人和安全管理人员经考核合格', 'CHEM-2017-1'),
    ('季度综合检查', 2, '特种作业人员持证上岗', 'CHEM-2017-2'),
    ('季度综合检查', 3, '全员安全生产责任制和隐患排查治理制度已建立并落实', 'CHEM-2017-16'),
    ('季度综合检查', 4, '操作规程和工艺控制指标齐全并执行', 'CHEM-2017-17'),
    ('季度综合检查', 5, '设备设施定期检验检测，台账完整', null),
    ('季度综合检查', 6, '应急预案定期演练并有评估记录', null)
) as i(checklist, seq, content, code) on i.checklist = c.name;
