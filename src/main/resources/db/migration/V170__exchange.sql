-- 互联互通, 数据上报 (issue 13, ADR 0025). The sending side keeps three things: change markers written in the
-- transaction of each change (exchange_outbox), one row per platform record ever mapped to the national model with
-- its stable UUID, the record as last built and the receiver's last answer (exchange_record), and the batches sent.
-- The receiving side keeps its registered senders, the batches it answered (so a replay changes nothing) and the
-- records received, by UUID.

create table exchange_outbox (
    id            bigint generated always as identity primary key,
    enterprise_id bigint not null,
    entity_type   text not null,
    entity_id     text not null,
    action        text not null,
    created_at    timestamptz not null default now()
);
create index exchange_outbox_by_enterprise on exchange_outbox (enterprise_id, id);

create table exchange_record (
    entity          text not null check (entity in ('object', 'unit', 'event', 'measure', 'task', 'record', 'hazard')),
    platform_id     bigint not null,
    uuid            char(36) not null unique,
    enterprise_id   bigint not null,
    parent_entity   text,
    parent_uuid     char(36),
    payload         jsonb not null,
    payload_hash    text not null,
    deleted         boolean not null default false,
    -- PENDING to send; HELD fails the model's checks (error says which field); WAITING for its parent to be accepted;
    -- SENT awaiting an answer; ACCEPTED / REJECTED as the receiver answered (error holds its reason)
    status          text not null check (status in ('PENDING', 'HELD', 'WAITING', 'SENT', 'ACCEPTED', 'REJECTED')),
    error           text,
    attempts        int not null default 0,
    next_attempt_at timestamptz,
    sent_hash       text,
    accepted_hash   text,
    sent_at         timestamptz,
    answered_at     timestamptz,
    updated_at      timestamptz not null,
    primary key (entity, platform_id)
);
create index exchange_record_by_enterprise on exchange_record (enterprise_id, status);
create index exchange_record_due on exchange_record (status, next_attempt_at);

create table exchange_batch_sent (
    id          uuid primary key,
    sent_at     timestamptz not null,
    records     int not null,
    http_status int,
    outcome     text not null
);

create table exchange_sender (
    id           bigint generated always as identity primary key,
    name         text not null,
    key_hash     text not null unique,
    region_code  text not null,
    created_by   text not null,
    created_at   timestamptz not null,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

create table exchange_batch_received (
    sender_id   bigint not null references exchange_sender (id),
    batch_id    text not null,
    received_at timestamptz not null,
    answer      jsonb not null,
    primary key (sender_id, batch_id)
);

create table exchange_received (
    uuid          char(36) primary key,
    sender_id     bigint not null references exchange_sender (id),
    entity        text not null,
    tyshxydm      text not null,
    enterprise_id bigint,
    parent_uuid   char(36),
    payload       jsonb not null,
    payload_hash  text not null,
    deleted       boolean not null default false,
    received_at   timestamptz not null,
    updated_at    timestamptz not null
);
create index exchange_received_by_sender on exchange_received (sender_id, entity);
create index exchange_received_by_enterprise on exchange_received (tyshxydm, entity);
