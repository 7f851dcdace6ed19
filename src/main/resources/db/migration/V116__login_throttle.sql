-- Failed logins are counted per (name as typed, client address), so that guessing from one place locks only that pair
-- and no one outside can lock an admin out; unknown names are counted like real ones, so a lock reveals nothing.
create table login_failure (
    username      varchar(64)  not null,
    client        varchar(60)  not null,
    failures      int          not null,
    first_at      timestamptz  not null,   -- start of the counting window
    locked_until  timestamptz,
    primary key (username, client)
);
create index login_failure_locked_idx on login_failure(username) where locked_until is not null;

-- ...and per client across names: one address trying many accounts is refused for all of them for a while.
create table login_client_failure (
    client        varchar(60)  primary key,
    failures      int          not null,
    first_at      timestamptz  not null,
    locked_until  timestamptz
);

-- The change-password form locks after repeated wrong current passwords (a borrowed session guessing the password).
alter table user_account add column password_change_failures int not null default 0,
                         add column password_change_locked_until timestamptz;

-- The account-wide counter these tables replace: a lock that anyone could set on anyone's account.
alter table user_account drop column failed_attempts, drop column locked_until;
