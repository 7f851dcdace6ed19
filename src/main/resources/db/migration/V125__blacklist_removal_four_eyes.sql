-- 移出黑名单 follows the four-eyes rule of listing: one person proposes the removal, a different person approves it.
alter table blacklist_entry
    add column removal_proposed_by varchar(40),
    add column removal_proposed_at timestamptz,
    add column removal_reason      varchar(500),
    add column removed_by          varchar(40),
    add column removed_at          timestamptz,
    add column removal_note        varchar(500);

-- The database holds the line too: whoever approved a removal did not propose it.
alter table blacklist_entry add constraint blacklist_entry_removal_four_eyes
    check (removed_by is null or (removal_proposed_by is not null and removed_by <> removal_proposed_by));
