-- 包保责任人任务 (issue 14 part 2, ADR 0031): the numbered 任务清单 items of each 重大危险源's 主要负责人, 技术负责人
-- and 操作负责人, one task per item and period, of the national model's task type for that role (隐患排查任务 with
-- isDefend). Owned by inspection; the 包保 lists that issue them live in monitoring and go through its API.
create table duty_task (
    id            bigint generated always as identity primary key,
    enterprise_id bigint        not null references enterprise(id) on delete cascade,
    risk_point_id bigint        not null references risk_point(id) on delete cascade,  -- the 重大危险源's risk point
    employee_id   bigint        not null references employee(id),
    task_type     varchar(10)   not null check (task_type in ('PRINCIPAL', 'TECHNICAL', 'OPERATOR')),
    item_no       smallint      not null check (item_no > 0),
    content       varchar(500)  not null,
    cycle_unit    varchar(8)    not null check (cycle_unit in ('WEEK', 'MONTH', 'QUARTER', 'YEAR')),
    period_start  timestamptz   not null,
    due_at        timestamptz   not null,
    status        varchar(10)   not null default 'PENDING' check (status in ('PENDING', 'DONE', 'OVERDUE')),
    done_at       timestamptz,
    done_by       varchar(40),
    result        varchar(10)   check (result in ('NORMAL', 'ABNORMAL')),
    note          varchar(1000),
    hazard_id     bigint,       -- the hazard an ABNORMAL result registered (hazard module's id)
    -- once per item and period, however many instances issue them
    unique (risk_point_id, task_type, item_no, period_start),
    check ((status = 'DONE') = (done_at is not null))
);
create index duty_task_employee_idx on duty_task(employee_id, status, due_at);
create index duty_task_enterprise_due_idx on duty_task(enterprise_id, due_at);
create index duty_task_pending_idx on duty_task(due_at) where status = 'PENDING';
