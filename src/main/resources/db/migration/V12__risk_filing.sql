-- 备案: the register frozen as the principal signed it; regulators see it and may return it with comments.
create table risk_filing (
    id             bigint generated always as identity primary key,
    enterprise_id  bigint       not null references enterprise(id) on delete cascade,
    version        integer      not null,
    snapshot       text         not null,          -- the exact JSON text that was hashed and signed
    content_hash   char(64)     not null,          -- SHA-256 of the snapshot as signed
    point_count    integer      not null,
    major_count    integer      not null,
    signed_by      varchar(60)  not null,
    signer_name    varchar(60)  not null,
    signed_at      timestamptz  not null,
    status         varchar(10)  not null default 'SUBMITTED' check (status in ('SUBMITTED','RETURNED')),
    return_comment varchar(500),
    returned_by    varchar(60),
    returned_at    timestamptz,
    unique (enterprise_id, version)
);

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('risk:filing:submit')) as p(permission)
where r.code = 'ENTERPRISE_PRINCIPAL';

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('risk:filing:review')) as p(permission)
where r.code in ('PLATFORM_ADMIN', 'REGULATOR');
