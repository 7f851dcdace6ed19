-- Least privilege (ADR 0015). Migrations run as the owner of the schema; the application connects as ${approle}
-- (spring.flyway.placeholders.approle, by default the datasource's user name), which may read and write rows and
-- nothing else: no DDL, no ownership, no superuser. Everything the application used to create at run time as a
-- superuser is created here, or by a function that runs with the owner's rights.

-- Spring Modulith's event publication registry (its v2 layout). The application used to create it at start
-- (spring.modulith.events.jdbc.schema-initialization), which the application role may no longer do.
create table if not exists event_publication (
    id                     uuid not null primary key,
    listener_id            text not null,
    event_type             text not null,
    serialized_event       text not null,
    publication_date       timestamptz not null,
    completion_date        timestamptz,
    status                 text,
    completion_attempts    int,
    last_resubmission_date timestamptz
);
alter table event_publication add column if not exists status text,
                              add column if not exists completion_attempts int,
                              add column if not exists last_resubmission_date timestamptz;
create index if not exists event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index if not exists event_publication_by_completion_date_idx on event_publication (completion_date);

-- A day's partition of reading, created with the owner's rights: the application calls it hours ahead, and nothing
-- else it could pass becomes DDL (the name is checked, the bounds are values).
create or replace function create_reading_partition(partition_name text, lower_bound timestamptz, upper_bound timestamptz)
    returns void language plpgsql security definer set search_path = public, pg_temp as $$
begin
    if partition_name !~ '^reading_[0-9]{8}$' or upper_bound <= lower_bound then
        raise exception 'bad reading partition % [%, %)', partition_name, lower_bound, upper_bound;
    end if;
    execute format('create table if not exists %I partition of reading for values from (%L) to (%L)',
                   partition_name, lower_bound, upper_bound);
end $$;
revoke all on function create_reading_partition(text, timestamptz, timestamptz) from public;

do $$
declare
    app constant text := '${approle}';
begin
    if app = current_user then
        raise warning 'application role % is the migrating role: least privilege is not in force', app;
        return;
    end if;
    if not exists (select from pg_roles where rolname = app) then
        raise warning 'application role % does not exist: create it and grant as in docs/security-privilege.md', app;
        return;
    end if;
    execute format('grant usage on schema public to %I', app);
    execute format('grant select, insert, update, delete on all tables in schema public to %I', app);
    execute format('grant usage, select on all sequences in schema public to %I', app);
    execute format('grant execute on function create_reading_partition(text, timestamptz, timestamptz) to %I', app);
    -- Whatever later migrations create (as this owner) is granted the same way.
    execute format('alter default privileges in schema public grant select, insert, update, delete on tables to %I', app);
    execute format('alter default privileges in schema public grant usage, select on sequences to %I', app);
    execute format('alter default privileges in schema public grant execute on functions to %I', app);
    -- The audit trail is append-only for the application: a record once written is never changed or removed.
    execute format('revoke update, delete, truncate on audit_record from %I', app);
    -- The migrations' own history is none of the application's business.
    execute format('revoke all on flyway_schema_history from %I', app);
end $$;
