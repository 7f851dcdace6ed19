-- 联合执法: several departments inspect one enterprise together; each records its own inspection (its own findings,
-- its own 指令书 under its own number), and the joint record lists them all in one document.
create table joint_inspection (
    id                 bigint generated always as identity primary key,
    enterprise_id      bigint        not null references enterprise(id),
    inspected_on       date          not null,
    title              varchar(100)  not null,
    lead_department_id bigint        not null references department(id),
    created_by         varchar(40)   not null,
    created_at         timestamptz   not null
);
create index joint_inspection_enterprise_idx on joint_inspection(enterprise_id, inspected_on desc);

create table joint_inspection_department (
    joint_inspection_id bigint not null references joint_inspection(id) on delete cascade,
    department_id       bigint not null references department(id),
    primary key (joint_inspection_id, department_id)
);

alter table enforcement_inspection add column joint_inspection_id bigint references joint_inspection(id);
-- one inspection per department in a joint inspection
create unique index enforcement_inspection_joint_uq on enforcement_inspection(joint_inspection_id, department_id)
    where joint_inspection_id is not null;
