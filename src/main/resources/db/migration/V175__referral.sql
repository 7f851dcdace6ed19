-- 隐患抄告 / 治理反馈 (issue 13 part 3): a regulator refers a hazard, an enforcement finding or a public report that
-- belongs to another department's remit to that department, with a deadline; the department answers (治理反馈).
-- The referral keeps what it referred as it was sent (item_title, item_summary): the receiving department may read
-- that item through the referral even outside its own industries, and only that.
create table referral (
    id                 bigint generated always as identity primary key,
    item_kind          varchar(16)   not null check (item_kind in ('HAZARD','FINDING','PUBLIC_REPORT')),
    item_id            bigint        not null,
    item_title         varchar(200)  not null,
    item_summary       varchar(2000) not null,
    enterprise_id      bigint        not null references enterprise(id),
    region_code        varchar(12)   not null references region(code),
    from_department_id bigint        not null references department(id),
    to_department_id   bigint        not null references department(id),
    referred_by        varchar(40)   not null,
    referred_at        timestamptz   not null,
    deadline           date          not null,
    note               varchar(1000) not null,
    status             varchar(10)   not null default 'SENT' check (status in ('SENT','ACCEPTED','HANDLED','RETURNED')),
    accepted_by        varchar(40),
    accepted_at        timestamptz,
    answered_by        varchar(40),
    answered_at        timestamptz,
    answer             varchar(2000),              -- 处理结果 (HANDLED) or 退回理由 (RETURNED)
    check (from_department_id <> to_department_id),
    check ((status in ('HANDLED','RETURNED')) = (answered_at is not null and answer is not null))
);
create index referral_to_idx on referral(to_department_id, status, deadline);
create index referral_from_idx on referral(from_department_id, referred_at desc);
create index referral_item_idx on referral(item_kind, item_id);
-- One open referral of one item to one department: referring it again while the first waits would only double the work.
create unique index referral_open_uq on referral(item_kind, item_id, to_department_id) where status in ('SENT','ACCEPTED');

-- Each step as it happened: 抄告, 签收, 办结反馈, 退回.
create table referral_step (
    id          bigint generated always as identity primary key,
    referral_id bigint        not null references referral(id) on delete cascade,
    action      varchar(10)   not null check (action in ('REFERRED','ACCEPTED','HANDLED','RETURNED')),
    note        varchar(2000),
    actor       varchar(40)   not null,
    actor_name  varchar(60)   not null,
    at          timestamptz   not null
);
create index referral_step_referral_idx on referral_step(referral_id, at);

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('referral:referral:read'), ('referral:referral:write')) as p(permission)
where r.code = 'REGULATOR';

insert into role_permission (role_id, permission)
select r.id, 'referral:referral:read' from role r where r.code = 'PLATFORM_ADMIN';

-- 抄告逾期未反馈 is a regulators' alert: the enterprise never learns of a referral between departments.
alter table alert_rule drop constraint alert_rule_category_check;
alter table alert_rule add constraint alert_rule_category_check check (category in ('DAILY','FORMALITY','SENSOR','REFERRAL'));
insert into alert_rule (code, name, category, severity, description) values
 ('REFERRAL_OVERDUE', '抄告逾期未反馈', 'REFERRAL', 'MEDIUM', '抄告给其他部门的隐患、执法发现问题或群众举报，超过反馈期限仍未办结或退回');
