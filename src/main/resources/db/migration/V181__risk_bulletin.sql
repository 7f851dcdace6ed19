-- 风险动态信息通报 (seed 004: 启动季度风险动态信息通报和部门协商机制): one per area, quarter and version. The figures are
-- kept as drafted (jsonb, labels included); once signed the PDF itself is kept with its SHA-256, and nothing of the row
-- changes but its publication. A correction is a new version naming the one it replaces.
create table risk_bulletin (
    id            bigint generated always as identity primary key,
    region_code   varchar(12)  not null references region(code),
    region_name   varchar(60)  not null,
    issuer        varchar(100) not null,                 -- the issuing department, as it was named when drafted
    year          smallint     not null,
    quarter       smallint     not null check (quarter between 1 and 4),
    version       integer      not null default 1 check (version >= 1),
    replaces_id   bigint       references risk_bulletin(id),
    state         varchar(10)  not null check (state in ('DRAFT','SIGNED','PUBLISHED')),
    figures       jsonb        not null,                 -- {"current": …, "previous": …}
    opinion       varchar(4000),                         -- 研判意见
    advice        varchar(4000),                         -- 工作建议
    drafted_by    varchar(40)  not null,                 -- an account, or 'system' for the quarter-start job
    drafted_at    timestamptz  not null,
    updated_at    timestamptz  not null,
    signed_by     varchar(40),
    signed_name   varchar(60),
    signed_at     timestamptz,
    pdf           bytea,
    pdf_sha256    char(64),
    published_by  varchar(40),
    published_at  timestamptz,
    unique (region_code, year, quarter, version),
    check (state = 'DRAFT' or (signed_by is not null and pdf is not null and pdf_sha256 is not null)),
    check (state <> 'PUBLISHED' or published_at is not null),
    check ((version = 1) = (replaces_id is null))
);
create index risk_bulletin_region_idx on risk_bulletin(region_code, year desc, quarter desc);

-- The departments a published 通报 went to, as they were named then.
create table risk_bulletin_recipient (
    bulletin_id     bigint       not null references risk_bulletin(id),
    department_id   bigint       not null references department(id),
    department_name varchar(100) not null,
    primary key (bulletin_id, department_id)
);

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('bulletin:read'), ('bulletin:write')) as p(permission)
where r.code = 'REGULATOR';

insert into role_permission (role_id, permission)
select r.id, p.permission from role r cross join (values ('bulletin:read')) as p(permission)
where r.code = 'PLATFORM_ADMIN';
