-- Webhooks (issue 13 §4, ADR 0027): another system subscribes to events of its scope; each event is written into
-- webhook_delivery in the transaction of the change (the outbox) and a scheduled sender posts it, signed, with retries.

create table webhook_subscription (
    id                   bigserial    primary key,
    owner_username       text         not null,
    name                 text         not null,
    url                  text         not null,
    -- The platform signs with it, so it is kept (not hashed); shown to the owner once, when the subscription is made.
    secret               text         not null,
    event_types          text[]       not null,
    -- The owner's data scope when the subscription was made (a Jurisdiction): what it may be told about.
    scope_kind           text         not null,
    scope_enterprise_id  bigint,
    scope_region_prefix  text,
    scope_industries     text[]       not null default '{}',
    scope_service_org_id bigint,
    scope_label          text         not null,
    state                text         not null default 'ACTIVE' check (state in ('ACTIVE', 'SUSPENDED', 'DELETED')),
    consecutive_failures int          not null default 0,
    suspended_at         timestamptz,
    created_at           timestamptz  not null,
    updated_at           timestamptz  not null
);
create index webhook_subscription_owner on webhook_subscription (owner_username);
create index webhook_subscription_active on webhook_subscription using gin (event_types) where state = 'ACTIVE';

create table webhook_delivery (
    id              bigserial    primary key,
    subscription_id bigint       not null references webhook_subscription (id),
    -- One event, one id, whichever subscriber and however often it is sent: the receiver de-duplicates by it.
    event_id        uuid         not null,
    event_type      text         not null,
    payload         text         not null,
    enterprise_id   bigint,
    state           text         not null default 'PENDING' check (state in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        int          not null default 0,
    next_attempt_at timestamptz  not null,
    last_status     int,
    last_error      text,
    delivered_at    timestamptz,
    created_at      timestamptz  not null
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where state = 'PENDING';
create index webhook_delivery_subscription on webhook_delivery (subscription_id, id desc);

create table webhook_attempt (
    id           bigserial    primary key,
    delivery_id  bigint       not null references webhook_delivery (id),
    attempted_at timestamptz  not null,
    status       int,
    latency_ms   int          not null,
    error        text
);
create index webhook_attempt_delivery on webhook_attempt (delivery_id, id);
