-- The hazard loop's speed (ADR 0023).

-- A hazard's timeline (its audit records) without reading the whole trail. The application's role may read it as it
-- reads the table; the trail stays append-only (its triggers and grants are untouched).
create index audit_record_entity_idx on audit_record (entity_type, entity_id, id);

-- The rating counts an enterprise's open hazards from this index alone: as many entries as hazards still open, not
-- every hazard the enterprise ever had.
create index hazard_open_idx on hazard (enterprise_id, level, overdue)
    where state not in ('CLOSED', 'REJECTED', 'PENDING_CONFIRMATION');

-- An enterprise whose rating no longer follows its data: written (or touched, with a new stamp) just before the
-- change that made it stale commits; deleted, if its stamp is still the one read, by the worker that recomputed the
-- rating, in the transaction that saves it. Any instance's worker drains it (one at a time: an advisory lock); a crash
-- leaves the row, and so the recompute, owed. Several changes before the worker's next run leave one row: one
-- recompute. The application role uses table and sequence through V120's default privileges.
create sequence rating_owed_stamp;
create table rating_owed (
    enterprise_id bigint       not null primary key,
    reason        varchar(100) not null,
    owed_since    timestamptz  not null,
    stamp         bigint       not null default nextval('rating_owed_stamp')
);
