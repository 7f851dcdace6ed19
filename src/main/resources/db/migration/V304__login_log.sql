-- 登录日志 (GB/T 22239-2019 安全审计: who signed in, from where, when, and whether it worked): every sign-in attempt on
-- the page and the API, its outcome, and every sign-out. Not in the audit chain: a guesser's attempts are not changes
-- of state, and a botnet's would flood the chain; the per-client locks bound what one client writes here.
create table login_event (
    id       bigserial primary key,
    at       timestamptz not null,
    username text        not null, -- as typed (an unknown name too), at most 64 characters
    user_id  bigint references user_account (id) on delete set null,
    client   text        not null,
    channel  text        not null check (channel in ('PAGE', 'API')),
    outcome  text        not null
);
create index login_event_at on login_event (at desc);
create index login_event_username_at on login_event (username, at desc);
