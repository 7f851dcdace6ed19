-- 群众举报: reports from the public, without login, followed by a tracking code; triaged by the regulators of the
-- place, assigned to a handling department, verified on site, converted into a hazard (source 举报核查), rewarded.
create table public_report (
    id               bigint generated always as identity primary key,
    code             varchar(12)   not null unique,       -- the tracking code the reporter keeps
    content          varchar(2000) not null,
    location         varchar(200)  not null,
    region_code      varchar(12)   not null references region(code),
    content_key      char(64)      not null,              -- SHA-256 of normalised content + location, for de-duplication
    client_key       char(64)      not null,              -- SHA-256 of the client address: rate limits without keeping the IP
    contact_name     varchar(40),                         -- the reporter's identity: shown to the handling department only
    contact_phone    varchar(20),
    status           varchar(12)   not null default 'SUBMITTED'
                     check (status in ('SUBMITTED','ASSIGNED','VERIFIED','UNFOUNDED','CONVERTED','REJECTED')),
    department_id    bigint references department(id),
    enterprise_id    bigint references enterprise(id),
    verification_note varchar(1000),
    hazard_id        bigint,
    reward_amount    numeric(10,2),
    reward_note      varchar(300),
    public_reply     varchar(500),                        -- what the reporter may read on the status page
    created_at       timestamptz   not null,
    updated_at       timestamptz   not null
);
create index public_report_region_idx on public_report(region_code varchar_pattern_ops, status);
create index public_report_client_idx on public_report(client_key, created_at);
create index public_report_content_idx on public_report(content_key, created_at);

create table public_report_photo (
    report_id bigint not null references public_report(id) on delete cascade,
    file_id   bigint not null references stored_file(id),
    primary key (report_id, file_id)
);

create table public_report_action (
    id         bigint generated always as identity primary key,
    report_id  bigint       not null references public_report(id) on delete cascade,
    action     varchar(20)  not null,
    note       varchar(1000),
    actor      varchar(40)  not null,
    actor_name varchar(60)  not null,
    at         timestamptz  not null
);
create index public_report_action_idx on public_report_action(report_id, at);

insert into role_permission (role_id, permission)
select r.id, 'publicreport:report:handle' from role r where r.code in ('PLATFORM_ADMIN', 'REGULATOR');
