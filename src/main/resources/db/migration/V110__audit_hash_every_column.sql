-- Hash version 2 covers every column of the record (its id and the scope columns enterprise_id / region_code
-- included); records written before keep version 1, which the verifier still checks by its own rule. The column
-- has no default: every append states the rule it used, and a version may never go down along the chain.
alter table audit_record add column hash_version smallint not null default 1;
alter table audit_record alter column hash_version drop default;

-- TRUNCATE fires no row trigger: refuse it with a statement trigger, like UPDATE and DELETE.
create trigger audit_record_no_truncate before truncate on audit_record
    for each statement execute function audit_record_is_append_only();
