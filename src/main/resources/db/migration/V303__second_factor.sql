-- 双因素认证 (GB/T 22239-2019 等保三级 身份鉴别: two kinds of proof for whoever may administer or supervise): an
-- account's TOTP secret (RFC 6238) and its one-time recovery codes. The secret must be read to check a code, so it is
-- kept as the authenticator app has it, like a password hash only the access module reads (least-privilege role, V120).
create table account_second_factor (
    user_id      bigint primary key references user_account (id) on delete cascade,
    secret       text        not null,
    begun_at     timestamptz not null,
    confirmed_at timestamptz,             -- null: enrolment begun, the app's first code not yet typed
    last_step    bigint      not null default 0 -- the last 30-second step whose code was accepted: a code is good once
);

create table account_recovery_code (
    user_id   bigint not null references user_account (id) on delete cascade,
    code_hash text   not null,            -- SHA-256 of the code: ten random Base32 letters, so no slow hash is needed
    used_at   timestamptz,
    primary key (user_id, code_hash)
);
