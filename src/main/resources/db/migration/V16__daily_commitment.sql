-- 安全风险研判与承诺公告: each day the principal records the state of every risk point, the special operations and
-- contractors on site and the overall judgement, and signs a public commitment. One per enterprise and day.
create table daily_commitment (
    id            bigint generated always as identity primary key,
    enterprise_id bigint       not null references enterprise(id) on delete cascade,
    day           date         not null,
    unit_states   jsonb        not null,          -- [{"riskPointId":1,"name":"…","state":"RUNNING"}]
    special_ops   varchar(20)[] not null default '{}',
    contractors   integer      not null check (contractors >= 0),
    judgement     varchar(1000) not null,
    signed_by     varchar(40)  not null,
    signer_name   varchar(40)  not null,
    signed_at     timestamptz  not null,
    unique (enterprise_id, day)
);
