-- 培训与持证: the certificates people hold (特种作业操作证, 特种设备作业人员证, 主要负责人 / 安全管理人员 考核合格证) and the
-- training they received (三级安全教育 and others, with hours). A permit role that needs a certificate asks
-- training.Certificates whether the person holds a valid one on the day.
create table certificate (
    id             bigint generated always as identity primary key,
    enterprise_id  bigint       not null references enterprise(id),
    employee_id    bigint       not null references employee(id),
    kind           varchar(20)  not null check (kind in ('SPECIAL_OPERATION', 'SPECIAL_EQUIPMENT', 'PRINCIPAL', 'SAFETY_MANAGER')),
    category       varchar(40)  not null,           -- 作业类别 / 作业项目, e.g. 焊接与热切割作业, 电工作业, 起重机指挥
    number         varchar(40)  not null,
    issued_by      varchar(80)  not null,
    issued_on      date         not null,
    expires_on     date         not null,
    reminded_for   date,                            -- the expiry date last reminded of: one reminder per date, again after renewal
    revoked_at     timestamptz,
    revoked_by     varchar(40),
    revoke_reason  varchar(200),
    created_by     varchar(40)  not null,
    created_at     timestamptz  not null,
    check (expires_on > issued_on),
    check ((revoked_at is null) = (revoked_by is null))
);
create unique index certificate_number_uq on certificate(kind, number) where revoked_at is null;
create index certificate_enterprise_idx on certificate(enterprise_id, employee_id);
create index certificate_expiry_idx on certificate(expires_on) where revoked_at is null;

create table training_record (
    id             bigint generated always as identity primary key,
    enterprise_id  bigint       not null references enterprise(id),
    employee_id    bigint       not null references employee(id),
    kind           varchar(20)  not null check (kind in ('LEVEL_COMPANY', 'LEVEL_WORKSHOP', 'LEVEL_TEAM', 'ANNUAL', 'SPECIAL', 'ENTRY')),
    title          varchar(100) not null,
    hours          numeric(5,1) not null check (hours > 0 and hours <= 200),
    trained_on     date         not null,
    trainer        varchar(40)  not null,
    passed         boolean      not null,
    created_by     varchar(40)  not null,
    created_at     timestamptz  not null
);
create index training_record_enterprise_idx on training_record(enterprise_id, employee_id, trained_on);

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('training:read')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR', 'ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY', 'SERVICE_ORG');

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('training:write')) as p(permission)
where r.code in ('ENTERPRISE_PRINCIPAL', 'ENTERPRISE_SAFETY');
