-- 口令 (GB/T 22239-2019 身份鉴别: 鉴别信息…定期更换; an initial password chosen by an admin is changed by its owner
-- before first use): a password an admin set (a new account, a reset) must be changed at the next sign-in, and the
-- time of the last change is kept so that a maximum age can be enforced where the operator sets one.
alter table user_account
    add column password_must_change boolean not null default false,
    add column password_changed_at  timestamptz;
