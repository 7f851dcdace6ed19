-- The audit chain sealed after commit (ADR 0038). A writer inserts its records with prev_hash and hash empty, under
-- the chain lock taken *shared* (writers no longer wait for each other's commit and WAL flush); the sealer takes the
-- lock exclusively, which waits for every writer between its insert and its commit, and fills in prev_hash and hash
-- in id order. So the unsealed records are always the newest ones, and the chain's order is still the id order.

alter table audit_record alter column prev_hash drop not null,
                         alter column hash drop not null,
                         add constraint audit_record_sealed_whole check ((prev_hash is null) = (hash is null));

-- The sealer finds what it has to seal without walking the table.
create index audit_record_unsealed_idx on audit_record (id) where hash is null;

-- Still append-only: the only change the database lets through is the seal — prev_hash and hash set once, on a
-- record that had neither, every other column unchanged. Deletion and truncation are refused as before. The row
-- trigger keeps its name: the verifier checks that it is there and switched on.
create function audit_record_seal_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and old.hash is null and old.prev_hash is null
       and new.hash is not null and new.prev_hash is not null
       and to_jsonb(old) - 'hash' - 'prev_hash' = to_jsonb(new) - 'hash' - 'prev_hash' then
        return new;
    end if;
    raise exception 'audit_record is append-only';
end $$;

drop trigger audit_record_no_update on audit_record;
create trigger audit_record_no_update before update or delete on audit_record
    for each row execute function audit_record_seal_only();

do $$
declare
    app constant text := '${approle}';
begin
    if app = current_user or not exists (select from pg_roles where rolname = app) then
        return;
    end if;
    -- The two columns of the seal only; the table itself stays without update, delete and truncate for the app.
    execute format('grant update (prev_hash, hash) on audit_record to %I', app);
end $$;
